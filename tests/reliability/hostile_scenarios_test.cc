// Hostile scenario files: what a scenario from an untrusted source (a pull
// request, a fuzzer) can make the loader and the engine do.
//
// What green proves: deep nesting, alias bombs, huge scalars and files,
// self-referential and exponentially growing variables are each refused
// with a ScenarioError that names the limit and the position; a regex that
// backtracks catastrophically in other engines runs in linear time (RE2)
// and one RE2 cannot run in linear time is refused; scenario and record
// values are data, never commands: a {file: ...} matcher only looks at the
// file (a FIFO does not block it) and nothing that looks like a shell
// command runs. What it does not prove: that every hostile input is caught
// (the fuzzer looks for more: fuzz/scenario_fuzzer.cc).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "harness/temp_dir.h"
#include "witness/assertions.h"
#include "witness/recorder/reader.h"

namespace witness::reliability {
namespace {

using assertions::Check;
using assertions::LoadScenario;
using assertions::ParseScenario;
using assertions::Report;
using assertions::Scenario;
using assertions::ScenarioError;
using ::testing::HasSubstr;

std::string Repeat(const std::string& unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// The error ParseScenario throws for `yaml`; fails the test when it loads.
ScenarioError LoadError(const std::string& yaml) {
  try {
    ParseScenario(yaml, "hostile.yaml");
  } catch (const ScenarioError& error) {
    EXPECT_EQ(error.file(), "hostile.yaml");
    return error;
  }
  ADD_FAILURE() << "the hostile scenario loaded";
  return ScenarioError("hostile.yaml", 0, 0, "loaded");
}

bool Exists(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0;
}

TEST(HostileScenarioTest, DeepFlowNestingIsRefusedBeforeTheYamlParserRecurses) {
  ScenarioError error = LoadError("scenario: deep\nexpect: " + Repeat("[", 100000) + "\n");
  EXPECT_THAT(error.message(),
              HasSubstr("deeper than " + std::to_string(assertions::kMaxScenarioDepth)));
  EXPECT_EQ(error.line(), 2u);
  EXPECT_GT(error.column(), 0u);
}

TEST(HostileScenarioTest, DeepBlockNestingIsRefused) {
  std::string yaml = "scenario: deep\nexpect:\n";
  for (int level = 0; level < 300; ++level) yaml += std::string(level, ' ') + "- \n";
  ScenarioError error = LoadError(yaml);
  EXPECT_THAT(error.message(), HasSubstr("deeper than"));
  EXPECT_GT(error.line(), 2u);
}

TEST(HostileScenarioTest, DeeplyNestedMatchersAreRefused) {
  ScenarioError error =
      LoadError("scenario: deep\nexpect:\n  - op: create\n    name: " + Repeat("{not: ", 5000) +
                "x" + Repeat("}", 5000) + "\n");
  EXPECT_THAT(error.message(), HasSubstr("deeper than"));
}

TEST(HostileScenarioTest, AliasBombIsRefusedWithoutExpandingIt) {
  // Nine levels of nine aliases: 9^9 (387 million) nodes once expanded.
  std::string yaml = "scenario: lol\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    yaml += "x" + std::to_string(level) + ": &a" + std::to_string(level) + " [" +
            Repeat(previous + ", ", 8) + previous + "]\n";
  }
  yaml += "expect:\n  - op: create\n    fixture_paths: *a9\n";
  ScenarioError error = LoadError(yaml);
  EXPECT_THAT(error.message(),
              HasSubstr("more than " + std::to_string(assertions::kMaxScenarioNodes)));
}

TEST(HostileScenarioTest, StrayCommaIsAnErrorNotAnEndlessLoop) {
  // yaml-cpp 0.7's LoadAll allocated without end on these (found by the
  // scenario fuzzer: an 11-byte file exhausted the machine's memory).
  for (const char* yaml : {",\n", ", j{glo st\n", "scenario: a\n---\n,\n"}) {
    ScenarioError error = LoadError(yaml);
    EXPECT_THAT(error.message(), HasSubstr("invalid YAML")) << yaml;
    EXPECT_GT(error.line(), 0u) << yaml;
  }
}

TEST(HostileScenarioTest, HugeScalarIsRefused) {
  ScenarioError error = LoadError("scenario: big\nexpect:\n  - op: create\n    name: " +
                                  std::string(assertions::kMaxScalarBytes + 1, 'x') + "\n");
  EXPECT_THAT(error.message(),
              HasSubstr("longer than " + std::to_string(assertions::kMaxScalarBytes)));
  EXPECT_EQ(error.line(), 4u);
}

TEST(HostileScenarioTest, HugeFileIsRefusedBeforeParsing) {
  TempDir dir;
  const std::string path = dir.File("huge.yaml");
  {
    std::ofstream out(path);
    out << "scenario: huge\n";
    const std::string comment = "# " + std::string(1000, 'x') + "\n";
    for (std::size_t i = 0; i < 8 * 1024; ++i) out << comment;  // 8 MB
  }
  try {
    LoadScenario(path);
    FAIL() << "an 8 MB scenario file loaded";
  } catch (const ScenarioError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path));
    EXPECT_THAT(error.message(), HasSubstr(std::to_string(assertions::kMaxScenarioBytes)));
  }
}

TEST(HostileScenarioTest, VariableThatExpandsToItselfIsRefused) {
  ScenarioError error =
      LoadError("scenario: loop\nvars:\n  a: x${a}\nexpect:\n  - op: create\n    name: ${a}\n");
  EXPECT_THAT(error.message(), HasSubstr("expands to itself"));
  EXPECT_EQ(error.line(), 3u);
}

TEST(HostileScenarioTest, VariablesThatExpandToEachOtherAreRefused) {
  ScenarioError error = LoadError(
      "scenario: loop\nvars:\n  a: ${b}\n  b: ${c}\n  c: ${a}\nexpect:\n  - op: create\n"
      "    name: ${a}\n");
  EXPECT_THAT(error.message(), HasSubstr("expands to itself"));
}

TEST(HostileScenarioTest, ExponentiallyGrowingVariableIsRefused) {
  // Each level quadruples: 16 * 4^12 bytes (268 MB) at the top.
  std::string yaml = "scenario: grow\nvars:\n  a0: xxxxxxxxxxxxxxxx\n";
  for (int level = 1; level <= 12; ++level) {
    const std::string previous = "${a" + std::to_string(level - 1) + "}";
    yaml += "  a" + std::to_string(level) + ": " + Repeat(previous, 4) + "\n";
  }
  yaml += "expect:\n  - op: create\n    name: ${a12}\n";
  ScenarioError error = LoadError(yaml);
  EXPECT_THAT(error.message(),
              HasSubstr("longer than " + std::to_string(assertions::kMaxExpandedBytes)));
}

TEST(HostileScenarioTest, CatastrophicBacktrackingRegexRunsInLinearTime) {
  // (a+)+$ against "aaa...ab" takes exponential time in a backtracking
  // engine; RE2 answers at once, and correctly.
  Scenario scenario = ParseScenario(
      "scenario: redos\nexpect:\n  - op: create\n    name: {regex: \"(a+)+$\"}\n    count: 0\n"
      "  - op: create\n    name: {regex: \"(a|aa)+b\"}\n",
      "redos.yaml");
  const std::string name = std::string(100000, 'a') + "b";
  recorder::Recording recording = recorder::ParseRecords(R"({"op":"session","pid":1,"ts_ns":1})"
                                                         "\n"
                                                         R"({"op":"create","name":")" +
                                                         name +
                                                         R"(","pid":1,"seq":1,"ts_ns":2})"
                                                         "\n");
  Report report = Check(scenario, recording);
  EXPECT_TRUE(report.passed()) << assertions::RenderText(report);
}

TEST(HostileScenarioTest, RegexThatNeedsBacktrackingIsRefusedAtLoad) {
  ScenarioError error =
      LoadError("scenario: backref\nexpect:\n  - op: create\n    name: {regex: \"(a+)\\\\1\"}\n");
  EXPECT_THAT(error.message(), HasSubstr("bad regex"));
  EXPECT_EQ(error.line(), 4u);
}

TEST(HostileScenarioTest, FileMatcherOnlyLooksAtTheFile) {
  // A FIFO that nobody writes: opening or reading it would block forever.
  TempDir dir;
  const std::string fifo = dir.File("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string marker = dir.File("ran");
  Scenario scenario = ParseScenario(
      "scenario: files\nexpect:\n"
      "  - op: create\n    name: a\n    disk_path: {file: exists}\n"
      "  - op: create\n    name: a\n    disk_path: {file: non_empty}\n    count: 0\n"
      "  - op: create\n    name: b\n    disk_path: {file: exists}\n    count: 0\n",
      "files.yaml");
  recorder::Recording recording =
      recorder::ParseRecords(R"({"op":"session","pid":1,"ts_ns":1})"
                             "\n"
                             R"({"op":"create","name":"a","disk_path":")" +
                             fifo +
                             R"(","pid":1,"seq":1,"ts_ns":2})"
                             "\n"
                             R"({"op":"create","name":"b","disk_path":"$(touch )" +
                             marker + R"(); `touch )" + marker +
                             R"(`","pid":1,"seq":2,"ts_ns":3})"
                             "\n");

  Report report = Check(scenario, recording);

  EXPECT_TRUE(report.passed()) << assertions::RenderText(report);
  EXPECT_FALSE(Exists(marker)) << "a record value ran as a command";
}

TEST(HostileScenarioTest, ScenarioValuesAreNeverRunAsCommands) {
  TempDir dir;
  const std::string marker = dir.File("ran");
  setenv("WITNESS_HOSTILE_ENV", ("$(touch " + marker + ")").c_str(), 1);
  Scenario scenario = ParseScenario(
      "scenario: \"$(touch " + marker + ")\"\nvars:\n  cmd: \"`touch " + marker +
          "`\"\nexpect:\n  - op: create\n    name: ${cmd}\n"
          "    disk_path: ${env:WITNESS_HOSTILE_ENV}\n    seed_path: {glob: \"$(touch " +
          marker + ")*\"}\n    count: 0\n",
      "commands.yaml");
  unsetenv("WITNESS_HOSTILE_ENV");
  recorder::Recording recording =
      recorder::ParseRecords(R"({"op":"session","pid":1,"ts_ns":1})"
                             "\n"
                             R"({"op":"create","name":"x","pid":1,"seq":1,"ts_ns":2})"
                             "\n");

  Report report = Check(scenario, recording);
  assertions::RenderText(report);
  assertions::RenderJson(report);
  assertions::RenderJunit(report);

  EXPECT_TRUE(report.passed()) << assertions::RenderText(report);
  EXPECT_FALSE(Exists(marker)) << "a scenario value ran as a command";
}

}  // namespace
}  // namespace witness::reliability
