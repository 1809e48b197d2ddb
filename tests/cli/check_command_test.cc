// `witness check`: pass, fail, unverifiable and input-error paths with their
// exit codes, the report formats, --output and --annotate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_support.h"
#include "witness/recorder/printable.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class CheckCommandTest : public ::testing::Test {
 protected:
  std::string scenario_ = CliTestData("cluster.yaml");
  std::string record_ = CliTestData("cluster.jsonl");
  ScratchDir dir_;
};

TEST_F(CheckCommandTest, HoldingScenarioPassesWithExitZero) {
  RunResult result = RunWitness({"check", scenario_, record_});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("cluster-of-three"));
  EXPECT_EQ(result.err, "");
}

TEST_F(CheckCommandTest, UnmetExpectationFailsWithExitOneAndAVerdictOnStderr) {
  RunResult result = RunWitness({"check", scenario_, record_, "--var", "home=/elsewhere"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("/elsewhere/vms/web-1/disk.raw"));
  EXPECT_THAT(result.err, StartsWith("witness: scenario 'cluster-of-three' failed: "));
  EXPECT_EQ(LineCount(result.err), 1) << result.err;
}

TEST_F(CheckCommandTest, VerdictOnStderrCountsWhatTheSummaryOnStdoutCounts) {
  RunResult result = RunWitness({"check", scenario_, record_, "--var", "home=/elsewhere"});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  int passed = -1;
  int failed = -1;
  const std::size_t at = result.out.find(" checks passed, ");
  ASSERT_NE(at, std::string::npos) << result.out;
  const std::size_t line = result.out.rfind('\n', at) + 1;
  ASSERT_EQ(std::sscanf(result.out.c_str() + line, " %d checks passed, %d failed", &passed, &failed),
            2)
      << result.out;
  ASSERT_GT(failed, 0);
  EXPECT_THAT(result.err, HasSubstr(" failed: " + std::to_string(failed) + " of " +
                                    std::to_string(passed + failed) + " checks failed"));
}

TEST_F(CheckCommandTest, NeverOnAnEmptyRecordingIsUnverifiableNotPassed) {
  std::string empty = dir_.File("empty.jsonl");
  WriteTextFile(empty, "");
  RunResult result = RunWitness({"check", CliTestData("never-stop-boom.yaml"), empty});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("is unverifiable"));
}

TEST_F(CheckCommandTest, NeverWithALiveWriterPasses) {
  RunResult result = RunWitness({"check", CliTestData("never-stop-boom.yaml"), record_});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CheckCommandTest, GoReferenceRecordingIsChecked) {
  RunResult result = RunWitness(
      {"check", CliTestData("go-reference-solo.yaml"), CliTestData("go-reference-solo.jsonl")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CheckCommandTest, BadScenarioIsAnInputErrorWithItsPosition) {
  RunResult result = RunWitness({"check", CliTestData("bad-key.yaml"), record_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: " + CliTestData("bad-key.yaml") + ":3:"));
  EXPECT_THAT(result.err, HasSubstr("expcet"));
  EXPECT_EQ(LineCount(result.err), 1) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(CheckCommandTest, ScenarioThatIsNotYamlIsAnInputError) {
  std::string broken = dir_.File("broken.yaml");
  WriteTextFile(broken, "scenario: [unclosed\n");
  RunResult result = RunWitness({"check", broken, record_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: " + broken));
  EXPECT_EQ(LineCount(result.err), 1) << result.err;
}

TEST_F(CheckCommandTest, MissingRecordFileIsAnInputError) {
  std::string missing = dir_.File("missing.jsonl");
  RunResult result = RunWitness({"check", scenario_, missing});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "witness: cannot open record file '" + missing + "': no such file or directory\n");
}

TEST_F(CheckCommandTest, DashReadsTheRecordsFromStandardInput) {
  // The FileCheck habit: helper | witness check scenario.yaml -
  const std::string out = dir_.File("out.txt");
  const std::string command = WitnessBinary() + " check '" + scenario_ + "' - < '" + record_ +
                              "' > '" + out + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(WIFEXITED(status)) << text;
  EXPECT_EQ(WEXITSTATUS(status), 0) << text;
  EXPECT_THAT(text, HasSubstr("PASS cluster-of-three"));
}

TEST_F(CheckCommandTest, WaitingOnStandardInputIsAUsageError) {
  RunResult result = RunWitness({"check", scenario_, "-", "--wait", "1s"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--wait cannot follow standard input ('-')"));
}

TEST_F(CheckCommandTest, FifoAndDeviceAsRecordFileAreRefusedAtOnce) {
  // A FIFO without a writer would block the check for ever, /dev/zero never ends.
  const std::string fifo = dir_.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  RunResult from_fifo = RunWitness({"check", scenario_, fifo});
  EXPECT_EQ(from_fifo.exit_code, 2);
  EXPECT_EQ(from_fifo.err,
            "witness: cannot read record file '" + fifo + "': it is a FIFO (named pipe)\n");
  RunResult from_device = RunWitness({"check", scenario_, "/dev/zero"});
  EXPECT_EQ(from_device.exit_code, 2);
  EXPECT_THAT(from_device.err, HasSubstr("it is a character device"));
}

TEST_F(CheckCommandTest, DirectoryAsRecordFileIsAnInputError) {
  RunResult result = RunWitness({"check", scenario_, dir_.path()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("it is a directory"));
}

TEST_F(CheckCommandTest, JsonReportCarriesTheOutcome) {
  RunResult pass = RunWitness({"check", scenario_, record_, "--format", "json"});
  EXPECT_EQ(pass.exit_code, 0);
  nlohmann::json doc = nlohmann::json::parse(pass.out);
  EXPECT_EQ(doc["outcome"], "pass") << pass.out;
  RunResult fail =
      RunWitness({"check", scenario_, record_, "--format", "json", "--var", "home=/x"});
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(fail.out)["outcome"], "fail");
}

TEST_F(CheckCommandTest, JunitOutputIsWellFormedWithOneFailurePerFailedCase) {
  std::string xml = dir_.File("reports/report.xml");
  RunResult result = RunWitness({"check", scenario_, record_, "--var", "home=/elsewhere",
                                 "--format", "junit", "--output", xml});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  // With --output, stdout still gets the readable report.
  EXPECT_THAT(result.out, Not(StartsWith("<?xml")));
  EXPECT_THAT(result.out, HasSubstr("cluster-of-three"));

  JunitStructure junit = ReadJunitStructure(xml);
  ASSERT_TRUE(junit.parsed) << junit.error;
  ASSERT_EQ(junit.suites.size(), 1u);
  const JunitSuite& suite = junit.suites[0];
  EXPECT_EQ(suite.name, "cluster-of-three");
  EXPECT_EQ(suite.tests_attr, suite.testcases);
  EXPECT_EQ(suite.failures_attr, suite.failure_elements);
  EXPECT_EQ(suite.unnamed_testcases, 0);
  // Three members' creates point elsewhere; everything else holds.
  EXPECT_EQ(suite.failure_elements, 3) << ReadTextFile(xml);
  ASSERT_EQ(suite.failed_cases.size(), 3u);
  for (const std::string& name : suite.failed_cases) EXPECT_THAT(name, HasSubstr("create"));
  EXPECT_GT(suite.testcases, 3);
}

TEST_F(CheckCommandTest, JunitOfAPassHasNoFailures) {
  std::string xml = dir_.File("pass.xml");
  RunResult result = RunWitness({"check", scenario_, record_, "--junit", xml});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  JunitStructure junit = ReadJunitStructure(xml);
  ASSERT_TRUE(junit.parsed) << junit.error;
  ASSERT_EQ(junit.suites.size(), 1u);
  EXPECT_EQ(junit.suites[0].failure_elements, 0);
  EXPECT_EQ(junit.suites[0].failures_attr, 0);
  EXPECT_EQ(junit.suites[0].tests_attr, junit.suites[0].testcases);
}

TEST_F(CheckCommandTest, JunitEscapesHostileRecordContent) {
  // The Go sample names a member x<y>&z; a failure that quotes it must
  // still be well-formed XML.
  std::string scenario = dir_.File("hostile.yaml");
  WriteTextFile(scenario,
                "scenario: hostile\n"
                "expect:\n"
                "  - op: create\n"
                "    name: \"x<y>&z\"\n"
                "    mac: \"00:00:00:00:00:00\"\n");
  std::string xml = dir_.File("hostile.xml");
  RunResult result =
      RunWitness({"check", scenario, CliTestData("go-reference-cluster-failcreate.jsonl"),
                  "--format", "junit", "--output", xml});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  JunitStructure junit = ReadJunitStructure(xml);
  ASSERT_TRUE(junit.parsed) << junit.error;
  EXPECT_EQ(junit.suites[0].failure_elements, 1);
}

// The first byte of `text` a terminal would act on, described, or "" when
// there is none (the rule is recorder::FindTerminalControl's).
std::string RawControlByte(const std::string& text) {
  const std::size_t at = recorder::FindTerminalControl(text);
  if (at == std::string::npos) return "";
  char what[64];
  std::snprintf(what, sizeof what, "raw byte 0x%02x at offset %zu in:\n",
                static_cast<unsigned char>(text[at]), at);
  return what + text;
}

class HostileRecordTest : public CheckCommandTest {
 protected:
  void SetUp() override {
    WriteTextFile(hostile_scenario_,
                  "scenario: hostile\nlifecycle: [reserve, create, start, stop]\n");
    // A name that clears the screen and rings the bell, and one holding a
    // C1 CSI (which asks some terminals to type a reply) and DEL.
    WriteTextFile(hostile_records_,
                  "{\"op\":\"stop\",\"name\":\"evil\\u001b[2J\\u0007\",\"pid\":7,\"seq\":7,"
                  "\"ts_ns\":8}\n"
                  "{\"op\":\"stop\",\"name\":\"c1\\u009b6n\\u007f\",\"pid\":7,\"seq\":8,"
                  "\"ts_ns\":9}\n");
  }

  RunResult Check(std::vector<std::string> extra) {
    std::vector<std::string> args = {"check", "--color", "never", hostile_scenario_,
                                     hostile_records_};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult result = RunWitness(args);
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_EQ(RawControlByte(result.err), "");
    return result;
  }

  std::string hostile_scenario_ = dir_.File("hostile.yaml");
  std::string hostile_records_ = dir_.File("hostile.jsonl");
};

TEST_F(HostileRecordTest, TextReportEscapesControlBytesInNames) {
  for (const char* verbose : {"", "-v"}) {
    RunResult result =
        Check(verbose[0] == '\0' ? std::vector<std::string>{} : std::vector<std::string>{verbose});
    EXPECT_EQ(RawControlByte(result.out), "") << verbose;
    EXPECT_THAT(result.out,
                HasSubstr("FAIL lifecycle reserve -> create -> start -> stop [evil\\x1b[2J\\x07]"));
    EXPECT_THAT(result.out, HasSubstr("'evil\\x1b[2J\\x07' has stop at " + hostile_records_ +
                                      ":1 but never reserve"));
    EXPECT_THAT(result.out, HasSubstr("'c1\\u009b6n\\x7f' has stop at " + hostile_records_ +
                                      ":2 but never reserve"));
  }
}

TEST_F(HostileRecordTest, AnnotatedListingEscapesControlBytes) {
  RunResult result = Check({"--annotate"});
  EXPECT_EQ(RawControlByte(result.out), "");
  EXPECT_THAT(result.out, HasSubstr(hostile_records_ + ":1  (unclaimed)"));
  // The record as JSON, with JSON's escapes.
  EXPECT_THAT(result.out, HasSubstr("\"name\":\"evil\\u001b[2J\\u0007\""));
  EXPECT_THAT(result.out, HasSubstr("\"name\":\"c1\\u009b6n\\u007f\""));
}

TEST_F(HostileRecordTest, JsonReportEscapesControlBytesAndKeepsTheNames) {
  RunResult result = Check({"--format", "json"});
  EXPECT_EQ(RawControlByte(result.out), "");
  // JSON's own escapes: a tool reading the report gets the names back as
  // they are in the records.
  EXPECT_THAT(result.out, HasSubstr("evil\\u001b[2J\\u0007"));
  EXPECT_THAT(result.out, HasSubstr("c1\\u009b6n\\u007f"));
  nlohmann::json doc = nlohmann::json::parse(result.out);
  std::vector<std::string> members;
  for (const nlohmann::json& check : doc["checks"]) members.push_back(check["member"]);
  EXPECT_THAT(members, ::testing::UnorderedElementsAre("evil\x1b[2J\x07",
                                                       std::string("c1\xc2\x9b") + "6n\x7f"))
      << result.out;
}

TEST_F(HostileRecordTest, JunitReportEscapesControlBytesAsTheTextReportDoes) {
  RunResult result = Check({"--format", "junit"});
  EXPECT_EQ(RawControlByte(result.out), "");
  EXPECT_THAT(result.out, HasSubstr("[evil\\x1b[2J\\x07]"));
  EXPECT_THAT(result.out, HasSubstr("&apos;evil\\x1b[2J\\x07&apos; has stop"));
  EXPECT_THAT(result.out, HasSubstr("[c1\\u009b6n\\x7f]"));
  std::string xml = dir_.File("hostile.xml");
  WriteTextFile(xml, result.out);
  JunitStructure junit = ReadJunitStructure(xml);
  ASSERT_TRUE(junit.parsed) << junit.error;
  ASSERT_EQ(junit.suites.size(), 1u);
  EXPECT_THAT(
      junit.suites[0].failed_cases,
      ::testing::Contains("lifecycle reserve -> create -> start -> stop [evil\\x1b[2J\\x07]"));
}

TEST_F(CheckCommandTest, OutputFileThatCannotBeWrittenIsAnInputError) {
  WriteTextFile(dir_.File("file"), "");
  RunResult result =
      RunWitness({"check", scenario_, record_, "--output", dir_.File("file/report.txt")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: cannot write '" + dir_.File("file/report.txt")));
}

TEST_F(CheckCommandTest, AnnotateListsEveryRecordLineWithItsClaim) {
  RunResult result = RunWitness({"check", scenario_, record_, "--annotate"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Every record line of the file appears in the listing.
  for (int line = 1; line <= 15; ++line) {
    EXPECT_THAT(result.out, HasSubstr("cluster.jsonl:" + std::to_string(line)))
        << "line " << line << "\n"
        << result.out;
  }
  RunResult plain = RunWitness({"check", scenario_, record_});
  EXPECT_THAT(plain.out, Not(HasSubstr("cluster.jsonl:15")));
}

TEST_F(CheckCommandTest, BadLinesAreReportedButDoNotFailANonStrictScenario) {
  RunResult result = RunWitness({"check", scenario_, CliTestData("cluster-torn.jsonl")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("cluster-torn.jsonl:7"));
}

}  // namespace
}  // namespace witness::cli::testing
