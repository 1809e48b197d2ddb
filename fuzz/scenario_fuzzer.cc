// Fuzzes the scenario loader and the engine: arbitrary bytes as a scenario
// file, loaded (ParseScenario), checked against a small recording of a
// two-member cluster, and rendered in every format. A ScenarioError is the
// documented answer to a bad scenario; any other exception, a crash, a
// hang or unbounded memory is a finding. Also checks that the JSON report
// parses and that no report carries raw control bytes.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "witness/assertions.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace {

using witness::fuzz::Require;
namespace assertions = witness::assertions;

// A recording that scenarios can match in many ways: a session, two
// members with paths, MACs, a failed create and a close, a name holding a
// terminal escape sequence and a value holding a C1 control and DEL (which
// no report may print raw) and a torn tail.
constexpr std::string_view kRecording =
    R"({"op":"session","pid":7,"ts_ns":1,"schema":1,"argv0":"helper","host":"ci"}
{"op":"reserve","name":"db-1","mac":"4e:d4:2f:98:bb:9e","pid":7,"seq":1,"ts_ns":2}
{"op":"create","name":"db-1","disk_path":"/fuzz/home/vms/db-1/disk.raw","seed_path":"/fuzz/home/vms/db-1/seed.iso","fixture_paths":["/fuzz/home/vms/db-1/fixture-0.img"],"mac":"4e:d4:2f:98:bb:9e","cpus":2,"memory_bytes":1073741824,"pid":7,"seq":2,"ts_ns":3}
{"op":"start","name":"db-1","pid":7,"seq":3,"ts_ns":4}
{"op":"reserve","name":"x<y>&z","mac":"5a:34:9f:72:31:ff","ip_hint":"203.0.113.9","pid":7,"seq":4,"ts_ns":5}
{"op":"create","name":"x<y>&z","disk_path":"/fuzz/home/vms/x<y>&z/disk.raw","mac":"5a:34:9f:72:31:ff","error":"create failed: armed","pid":7,"seq":5,"ts_ns":6}
{"op":"stop","name":"db-1","pid":7,"seq":6,"ts_ns":7}
{"op":"stop","name":"evil\u001b[2J\u0007","note":"\u009b6n\u007f","pid":7,"seq":7,"ts_ns":8}
{"op":"close","pid":7,"seq":8,"ts_ns":9}
{"op":"session_end","pid":7,"ts_ns":10,"records":8,"write_errors":0}
{"op":"stop","name":"torn
)";

const witness::recorder::Recording& SampleRecording() {
  static const witness::recorder::Recording recording =
      witness::recorder::ParseRecords(kRecording, "fuzz.jsonl");
  return recording;
}

// Reports of scenarios near the size limits run to megabytes: the message
// is built only when the rule is broken, not for every byte.
void RequireNoControlBytes(const std::string& text, const char* format) {
  if (witness::recorder::FindTerminalControl(text) == std::string::npos) return;
  Require(false, std::string("the ") + format + " report holds a raw control byte");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const assertions::Variables vars = {{"home", "/fuzz/home"}, {"member_count", "2"}};
  std::optional<assertions::Scenario> scenario;
  try {
    scenario.emplace(assertions::ParseScenario(yaml, "fuzz.yaml", vars));
  } catch (const assertions::ScenarioError& error) {
    Require(!error.message().empty(), "a scenario error without a message");
    Require(error.file() == "fuzz.yaml", "a scenario error naming another file");
    return 0;
  }

  assertions::CheckOptions options;
  options.listing = true;
  const assertions::Report report = assertions::Check(*scenario, SampleRecording(), options);
  Require(report.passed() == (report.outcome == assertions::Outcome::kPass), "verdict mismatch");
  if (report.outcome == assertions::Outcome::kFail) {
    Require(!report.Failures().empty(), "a failed report that names no failure");
  }

  assertions::TextOptions text;
  text.verbose = true;
  // Every renderer escapes what it shows of records and scenarios, so no
  // report may carry a raw control byte, whatever the scenario names.
  RequireNoControlBytes(assertions::RenderText(report, text), "text");
  const std::string json = assertions::RenderJson(report);
  Require(nlohmann::json::accept(json), "the JSON report does not parse");
  RequireNoControlBytes(json, "JSON");
  RequireNoControlBytes(assertions::RenderJunit(report), "JUnit");
  return 0;
}
