// `witness check|run --update` through the built binary, on recordings of
// the minifleet example: a changed client flag, a changed value, an added
// op, a changed count and a removed op each give a pending scenario that
// passes on the new recording, fails on the old one, and differs from
// minifleet's own cluster.yaml only in the lines that had to change (the
// whole text is compared, comments included). Under CI nothing is written
// beside the scenario unless asked; `witness review --accept` closes the
// loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The files of a folder, names and contents.
std::vector<std::pair<std::string, std::string>> Snapshot(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    out.emplace_back(entry.path().filename().string(), ReadTextFile(entry.path().string()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

class UpdateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
#if !defined(MINIFLEET_CLIENT) || !defined(MINIFLEET_HELPER_FAKE)
    GTEST_SKIP() << "the minifleet example is not built (WITNESS_BUILD_EXAMPLES=OFF)";
#else
    ASSERT_EQ(mkdir(dir_.File("scenarios").c_str(), 0755), 0);
    original_ = ReadTextFile(std::string(WITNESS_SOURCE_DIR) +
                             "/examples/minifleet/scenarios/cluster.yaml");
    WriteTextFile(Scenario(), original_);
    root_ = dir_.File("root");
    ASSERT_EQ(mkdir(root_.c_str(), 0755), 0);
    old_ = Record("old.jsonl", "--fixtures 1");
    RunResult green = Check(Scenario(), old_);
    ASSERT_EQ(green.exit_code, 0) << green.out << green.err;
#endif
  }

  std::string Scenario() const { return dir_.File("scenarios/cluster.yaml"); }
  std::string Pending() const { return Scenario() + ".new"; }

  // minifleet's cluster of three with the fake helper, under root_.
  std::string Record(const std::string& name, const std::string& flags) {
    const std::string record = dir_.File(name);
#if defined(MINIFLEET_CLIENT) && defined(MINIFLEET_HELPER_FAKE)
    std::system(("rm -rf '" + root_ + "' && mkdir '" + root_ + "'").c_str());
    const std::string command = "FLEETBOX_FAKE_RECORD='" + record +
                                "' '" MINIFLEET_CLIENT "' cluster --helper '" MINIFLEET_HELPER_FAKE
                                "' --root '" + root_ +
                                "' --members web-1,web-2,web-3 " + flags + " > /dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
#endif
    return record;
  }

  // old_ with its records changed by `edit` (which may drop or add
  // records), numbered again as one run, its session_end count fixed.
  std::string Variant(const std::string& name,
                      const std::function<void(const json&, std::vector<json>&)>& edit) {
    std::vector<json> records;
    std::istringstream in(ReadTextFile(old_));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) edit(json::parse(line), records);
    }
    std::size_t calls = 0;
    for (json& record : records) {
      const std::string op = record["op"];
      if (op != "session" && op != "session_end") record["seq"] = ++calls;
    }
    std::string text;
    for (json& record : records) {
      if (record["op"] == "session_end") record["records"] = calls;
      text += record.dump() + "\n";
    }
    WriteTextFile(dir_.File(name), text);
    return dir_.File(name);
  }

  RunResult Check(const std::string& scenario, const std::string& record,
                  std::vector<std::string> extra = {}, const Environment& env = {{"CI", ""}}) {
    std::vector<std::string> args = {"check", scenario, record, "--var", "root=" + root_};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunWitness(args, env);
  }

  // --update on `record`: it must write a pending scenario that passes on
  // it and fails on old_, leaving the scenario as it was.
  std::string Update(const std::string& record) {
    RunResult result = Check(Scenario(), record, {"--update"});
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_THAT(result.err, HasSubstr("witness: update: wrote " + Pending()));
    EXPECT_EQ(ReadTextFile(Scenario()), original_);
    if (!FileExists(Pending())) return "";
    RunResult on_new = Check(Pending(), record);
    EXPECT_EQ(on_new.exit_code, 0) << on_new.out << on_new.err;
    RunResult on_old = Check(Pending(), old_);
    EXPECT_EQ(on_old.exit_code, 1) << on_old.out << on_old.err;
    return ReadTextFile(Pending());
  }

  ScratchDir dir_;
  std::string original_;
  std::string root_;
  std::string old_;
};

TEST_F(UpdateCommandTest, ChangedClientFlagReplacesTheMatcherThatNoLongerHoldsOnly) {
  const std::string red = Record("two-fixtures.jsonl", "--fixtures 2");
  const std::string pending = Update(red);
  // The regex on each path still holds, the length does not: the matcher
  // gives way to the recorded paths, written with ${vms} and ${member},
  // and stays in a comment. Every other line, comments included, is as
  // written: the glob, the capture, ${mac}.
  EXPECT_EQ(pending,
            Replace(original_,
                    "      fixture_paths: {length: 1, each: {regex: \".*/${member}/fixture-[0-9]+"
                    "\\\\.img\"}}\n",
                    "      # witness --update: fixture_paths was {length: 1, each: {regex: "
                    "\".*/${member}/fixture-[0-9]+\\\\.img\"}}\n"
                    "      fixture_paths: [\"${vms}/${member}/fixture-0.img\", "
                    "\"${vms}/${member}/fixture-1.img\"]\n"));
}

TEST_F(UpdateCommandTest, ChangedValue) {
  const std::string red = Variant("qcow2.jsonl", [](json record, std::vector<json>& out) {
    if (record["op"] == "create") {
      std::string disk = record["disk_path"];
      record["disk_path"] = Replace(disk, "disk.raw", "disk.qcow2");
    }
    out.push_back(record);
  });
  EXPECT_EQ(Update(red), Replace(original_, "      disk_path: ${vms}/${member}/disk.raw\n",
                                 "      disk_path: ${vms}/${member}/disk.qcow2\n"));
}

TEST_F(UpdateCommandTest, AddedOp) {
  const std::string red = Variant("pause.jsonl", [](const json& record, std::vector<json>& out) {
    out.push_back(record);
    if (record["op"] == "start") {
      json pause = record;  // the same writer's, as the fake would write it
      pause["op"] = "pause";
      for (int i = 0; i < 3; ++i) out.push_back(pause);
    }
  });
  EXPECT_EQ(Update(red), Replace(original_, "  order: [reserve, create, start, stop]\n",
                                 "    - id: pause\n"
                                 "      op: pause\n"
                                 "      name: ${member}\n"
                                 "      count: 3\n"
                                 "  order: [reserve, create, start, stop]\n"));
}

TEST_F(UpdateCommandTest, ChangedCount) {
  const std::string red = Variant("restart.jsonl", [](const json& record, std::vector<json>& out) {
    out.push_back(record);
    if (record["op"] == "start") out.push_back(record);
  });
  EXPECT_EQ(Update(red), Replace(original_,
                                 "    - id: start\n      op: start\n      name: ${member}\n",
                                 "    - id: start\n      op: start\n      name: ${member}\n"
                                 "      count: 2\n"));
}

TEST_F(UpdateCommandTest, RemovedOp) {
  const std::string red = Variant("no-stop.jsonl", [](const json& record, std::vector<json>& out) {
    if (record["op"] != "stop") out.push_back(record);
  });
  std::string expected = Replace(original_,
                                 "    - id: stop\n      op: stop\n      name: ${member}\n",
                                 "    # witness --update: removed expectation 'stop': no record "
                                 "has op 'stop'\n");
  expected = Replace(expected, "  order: [reserve, create, start, stop]\n",
                     "  order: [reserve, create, start]\n");
  expected = Replace(expected, "order:\n  - [stop, close]\n", "");
  expected = Replace(expected, "lifecycle: [reserve, create, start, stop]\n",
                     "lifecycle: [reserve, create, start]\n");
  EXPECT_EQ(Update(red), expected);
}

TEST_F(UpdateCommandTest, ReviewAcceptMakesItGreen) {
  const std::string red = Record("two-fixtures.jsonl", "--fixtures 2");
  const std::string pending = Update(red);
  RunResult accept = RunWitness({"review", "--accept", Pending()});
  EXPECT_EQ(accept.exit_code, 0) << accept.out << accept.err;
  EXPECT_FALSE(FileExists(Pending()));
  EXPECT_EQ(ReadTextFile(Scenario()), pending);
  RunResult green = Check(Scenario(), red);
  EXPECT_EQ(green.exit_code, 0) << green.out << green.err;
}

TEST_F(UpdateCommandTest, UnderCiRunWritesNothingAndPrintsTheChanges) {
  const std::string red = Variant("restart.jsonl", [](const json& record, std::vector<json>& out) {
    out.push_back(record);
    if (record["op"] == "start") out.push_back(record);
  });
  const auto before = Snapshot(dir_.File("scenarios"));
  const std::string report = dir_.File("report.json");
  RunResult result = RunWitness({"run", Scenario(), "--var", "root=" + root_, "--update", "--json",
                                 report, "--", "/bin/sh", "-c",
                                 "cat '" + red + "' > \"$FLEETBOX_FAKE_RECORD\""},
                                {{"CI", "true"}});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(Snapshot(dir_.File("scenarios")), before);
  EXPECT_THAT(result.out, HasSubstr("update not written: CI is set"));
  EXPECT_THAT(result.out, HasSubstr("per_member start: count 1 -> 2"));
  EXPECT_THAT(result.err, HasSubstr("witness: update: nothing written: CI is set"));
  const json update = json::parse(ReadTextFile(report))["update"];
  EXPECT_EQ(update["pending_file"], "");
  EXPECT_EQ(update["passes"], true);
  EXPECT_THAT(update["changes"].dump(), HasSubstr("per_member start: count 1 -> 2"));
}

TEST_F(UpdateCommandTest, UnderCiAlwaysWritesBesideTheScenario) {
  const std::string red = Record("two-fixtures.jsonl", "--fixtures 2");
  RunResult result = Check(Scenario(), red, {"--update=always"}, {{"CI", "true"}});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(FileExists(Pending())) << result.err;
}

TEST_F(UpdateCommandTest, PendingDirMirrorsThePathForReviewFrom) {
  const std::string red = Record("two-fixtures.jsonl", "--fixtures 2");
  const std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir_.File(""));
  RunResult result = Check("scenarios/cluster.yaml", red,
                           {"--update", "--pending-dir", "artifact"}, {{"CI", "true"}});
  std::filesystem::current_path(cwd);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_FALSE(FileExists(Pending()));
  const std::string artifact = dir_.File("artifact/scenarios/cluster.yaml.new");
  ASSERT_TRUE(FileExists(artifact)) << result.err;
  RunResult review = RunWitness(
      {"review", "--from", dir_.File("artifact"), "--root", dir_.File(""), "--accept"});
  EXPECT_EQ(review.exit_code, 0) << review.out << review.err;
  RunResult green = Check(Scenario(), red);
  EXPECT_EQ(green.exit_code, 0) << green.out << green.err;
}

TEST_F(UpdateCommandTest, WhatNoEditCanMendIsSaidAndNothingIsWritten) {
  // web-2's create carries web-1's MAC: a per_member pattern cannot say
  // that for one member only.
  std::string web1_mac;
  const std::string red = Variant("swapped.jsonl", [&](json record, std::vector<json>& out) {
    if (record["op"] == "reserve" && record["name"] == "web-1") web1_mac = record["mac"];
    if (record["op"] == "create" && record["name"] == "web-2") record["mac"] = web1_mac;
    out.push_back(record);
  });
  RunResult result = Check(Scenario(), red, {"--update"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_FALSE(FileExists(Pending()));
  EXPECT_THAT(result.err, HasSubstr("witness: update: nothing written"));
  EXPECT_THAT(result.out, HasSubstr("left to edit by hand"));
  EXPECT_THAT(result.out, HasSubstr("create [web-2]"));
}

TEST_F(UpdateCommandTest, PassingScenarioWritesNothing) {
  RunResult result = Check(Scenario(), old_, {"--update"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_FALSE(FileExists(Pending()));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("update")));
}

}  // namespace
}  // namespace witness::cli::testing
