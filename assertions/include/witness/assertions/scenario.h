// Loading scenario files: the YAML language that states what a record file
// must contain (docs/scenarios.md is the reference).
//
//   Variables vars = {{"vms", "/tmp/home/vms"}};         // --var vms=/tmp/home/vms
//   Scenario scenario = LoadScenario("cluster-of-three.yaml", vars);
//   Report report = Check(scenario, ReadRecordFile(path));
//
// Loading validates everything that can be validated without records
// (unknown keys, types, variables, captures, ids named by order and unique,
// regular expressions, CIDRs) and throws ScenarioError with the position.
#ifndef WITNESS_ASSERTIONS_SCENARIO_H_
#define WITNESS_ASSERTIONS_SCENARIO_H_

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "witness/assertions/scenario_error.h"

namespace witness::assertions {

namespace internal {
struct ScenarioSpec;
}  // namespace internal

// The version of the scenario language (docs/scenarios.md) this loader
// reads. Bumped only for a change that makes an older scenario mean
// something else, or no longer load.
inline constexpr int kScenarioLanguageVersion = 1;

// Values for ${NAME}: they override the scenario's own `vars` entries of the
// same name and may define names the file does not (as `--var K=V` does).
using Variables = std::map<std::string, std::string>;

// Limits that keep hostile or broken scenario files from exhausting memory or
// stack; exceeding one is a ScenarioError naming the limit.
inline constexpr std::size_t kMaxScenarioBytes = 1u << 20;      // 1 MiB
inline constexpr int kMaxScenarioDepth = 64;                     // nesting levels
inline constexpr std::size_t kMaxScenarioNodes = 100000;         // aliases count each time
inline constexpr std::size_t kMaxScalarBytes = 64u << 10;        // 64 KiB
inline constexpr std::size_t kMaxExpandedBytes = 1u << 20;       // ${...} text, in all
inline constexpr int kMaxVariableDepth = 32;                     // ${a} -> ${b} -> ...
// Expectations as checked: each per_member one once per member, plus the
// top-level ones. A fleet of 1,000 members with 10 expectations each is
// within it; a 16 KiB file of aliased members and expectations (99,343
// instances) took seconds to report and is refused. Members taken
// `{from: OP}` are counted when the scenario is checked.
inline constexpr std::size_t kMaxExpectationInstances = 10000;

// The environment variable that names the record file, unless the scenario's
// `record_variable` says otherwise.
inline constexpr std::string_view kDefaultRecordVariable = "FLEETBOX_FAKE_RECORD";

// A loaded, validated scenario. Immutable and cheap to copy (copies share
// the compiled form); safe to Check from several threads at once.
class Scenario {
 public:
  // The `scenario:` name.
  const std::string& name() const noexcept;
  // The `description:`, or "".
  const std::string& description() const noexcept;
  // The path it was loaded from, or the name given to ParseScenario.
  const std::string& file() const noexcept;
  // The environment variable `witness run` sets to the record file's path.
  const std::string& record_variable() const noexcept;
  // `strict: true`: unmatched records and bad lines fail the scenario.
  bool strict() const noexcept;
  // `writers: N`: exactly N distinct processes must have recorded.
  std::optional<int> writers() const noexcept;
  // `clean_exit: true`: every session closed with counts equal to the file's.
  bool clean_exit() const noexcept;
  // True when some expectation says "never" or "at most": such a scenario is
  // unverifiable on a recording that shows no live writer.
  bool has_negative_expectations() const noexcept;
  // `faults:`: the fake's fault rules (variables expanded, each checked), in
  // order; `witness run` exports them as FLEETBOX_FAKE_FAULTS.
  const std::vector<std::string>& faults() const noexcept;

  // For the engine; not part of the API.
  const internal::ScenarioSpec& spec() const noexcept { return *spec_; }
  explicit Scenario(std::shared_ptr<const internal::ScenarioSpec> spec);

 private:
  std::shared_ptr<const internal::ScenarioSpec> spec_;
};

// Reads and validates the scenario file at `path`. ${env:NAME} reads the
// process environment (an unset variable is an error naming it). Throws
// ScenarioError.
Scenario LoadScenario(const std::string& path, const Variables& vars = {});

// As LoadScenario, for YAML held in memory; `name` stands for the file name in
// error positions. Throws ScenarioError.
Scenario ParseScenario(std::string_view yaml, const std::string& name = "<scenario>",
                       const Variables& vars = {});

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_SCENARIO_H_
