// Comparing recordings member by member: pairing by op and occurrence, the
// four kinds of difference and their text, what is never compared, and
// that two runs in different temporary directories compare equal.
#include "witness/assertions/recording_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A fleet's recording as a writer with pid `pid` and its files under `tmp`
// would write it.
std::string Fleet(const std::string& tmp, int pid, const std::string& mac_1,
                  const std::string& mac_2) {
  const std::string p = std::to_string(pid);
  return "{\"op\":\"session\",\"pid\":" + p + ",\"ts_ns\":" + p + ",\"schema\":1,\"argv0\":\"" +
         tmp + "/helper\",\"host\":\"ci-" + p + "\"}\n" +
         "{\"op\":\"reserve\",\"name\":\"web-1\",\"mac\":\"" + mac_1 + "\",\"pid\":" + p +
         ",\"seq\":1,\"ts_ns\":10}\n" + "{\"op\":\"reserve\",\"name\":\"web-2\",\"mac\":\"" +
         mac_2 + "\",\"pid\":" + p + ",\"seq\":2,\"ts_ns\":11}\n" +
         "{\"op\":\"create\",\"name\":\"web-1\",\"disk_path\":\"" + tmp +
         "/vms/web-1/disk.raw\",\"mac\":\"" + mac_1 + "\",\"pid\":" + p +
         ",\"seq\":3,\"ts_ns\":12}\n" + "{\"op\":\"create\",\"name\":\"web-2\",\"disk_path\":\"" +
         tmp + "/vms/web-2/disk.raw\",\"mac\":\"" + mac_2 + "\",\"pid\":" + p +
         ",\"seq\":4,\"ts_ns\":13}\n" + "{\"op\":\"start\",\"name\":\"web-1\",\"pid\":" + p +
         ",\"seq\":5,\"ts_ns\":14}\n" + "{\"op\":\"stop\",\"name\":\"web-1\",\"pid\":" + p +
         ",\"seq\":6,\"ts_ns\":15}\n" + "{\"op\":\"close\",\"pid\":" + p +
         ",\"seq\":7,\"ts_ns\":16}\n" + "{\"op\":\"session_end\",\"pid\":" + p +
         ",\"ts_ns\":17,\"records\":7,\"write_errors\":0}\n";
}

std::string Green() {
  return Fleet("/tmp/tmp.Aa11Bb22Cc", 4242, "02:00:00:00:00:01", "02:00:00:00:00:02");
}

// `text` with its first `from` replaced by `to`.
std::string Edit(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class RecordingDiffTest : public ::testing::Test {
 protected:
  RecordingDiff Diff(const std::string& a, const std::string& b,
                     RecordingDiffOptions options = {}) {
    options.temp_roots = std::vector<std::string>{"/tmp", "/var/tmp"};
    a_ = recorder::ParseRecords(a, "a.jsonl");
    b_ = recorder::ParseRecords(b, "b.jsonl");
    EXPECT_THAT(a_.diagnostics, IsEmpty());
    EXPECT_THAT(b_.diagnostics, IsEmpty());
    return DiffRecordings(a_, b_, options);
  }
  std::string Text(const std::string& a, const std::string& b, RecordingDiffOptions options = {}) {
    return RenderRecordingDiffText(Diff(a, b, std::move(options)));
  }
  recorder::Recording a_;
  recorder::Recording b_;
};

TEST_F(RecordingDiffTest, AnotherRunInAnotherTemporaryDirectoryIsTheSame) {
  // Other pid, host, timestamps, temporary directory and MACs: same behaviour.
  const std::string other =
      Fleet("/var/tmp/witness-run-Q3xk9Z", 777, "0a:11:22:33:44:55", "0a:11:22:33:44:66");
  const RecordingDiff diff = Diff(Green(), other);
  EXPECT_TRUE(diff.Same()) << RenderRecordingDiffText(diff);
  EXPECT_EQ(RenderRecordingDiffText(diff), "");
  EXPECT_EQ(diff.DifferenceCount(), 0u);
}

TEST_F(RecordingDiffTest, ChangedFieldIsOneLineWithBothAliasedValues) {
  const std::string red = Edit(Green(), "/vms/web-2/disk.raw", "/vms/web-1/disk.raw");
  EXPECT_EQ(Text(Green(), red),
            "web-2: create: disk_path '<tmp>/vms/web-2/disk.raw' -> '<tmp>/vms/web-1/disk.raw'\n");
  const RecordingDiff diff = Diff(Green(), red);
  ASSERT_EQ(diff.members.size(), 1u);
  const Difference& d = diff.members[0].differences.at(0);
  EXPECT_EQ(d.kind, Difference::Kind::kChanged);
  EXPECT_EQ(d.lines_a, std::vector<std::size_t>{5});
  EXPECT_EQ(d.lines_b, std::vector<std::size_t>{5});
}

TEST_F(RecordingDiffTest, AMacThreadedToTheWrongMemberShowsWhoseItIs) {
  const std::string red = Edit(Green(),
                               "\"web-2\",\"disk_path\":\"/tmp/tmp.Aa11Bb22Cc/vms/web-2/"
                               "disk.raw\",\"mac\":\"02:00:00:00:00:02\"",
                               "\"web-2\",\"disk_path\":\"/tmp/tmp.Aa11Bb22Cc/vms/web-2/"
                               "disk.raw\",\"mac\":\"02:00:00:00:00:01\"");
  EXPECT_EQ(Text(Green(), red), "web-2: create: mac '<mac of web-2>' -> '<mac of web-1>'\n");
}

TEST_F(RecordingDiffTest, FieldsPresentOnOneSideOnlyReadAbsent) {
  const std::string red = Edit(Green(), "{\"op\":\"start\",\"name\":\"web-1\",",
                               "{\"op\":\"start\",\"name\":\"web-1\",\"error\":\"boom\",");
  EXPECT_EQ(Text(Green(), red), "web-1: start: error (absent) -> 'boom'\n");
  EXPECT_EQ(Text(red, Green()), "web-1: start: error 'boom' -> (absent)\n");
}

TEST_F(RecordingDiffTest, AddedAndRemovedOpsAreCountedPerMember) {
  const std::string pause = "{\"op\":\"pause\",\"name\":\"web-2\",\"pid\":4242,\"seq\":9}\n";
  const std::string red = Green() + pause + pause + pause;
  EXPECT_EQ(Text(Green(), red), "web-2: + pause x3\n");
  const RecordingDiff diff = Diff(Green(), red);
  EXPECT_EQ(diff.members.at(0).differences.at(0).lines_b, (std::vector<std::size_t>{10, 11, 12}));

  const std::string no_stop = Edit(
      Green(), "{\"op\":\"stop\",\"name\":\"web-1\",\"pid\":4242,\"seq\":6,\"ts_ns\":15}\n", "");
  EXPECT_EQ(Text(Green(), no_stop), "web-1: - stop\n");
}

TEST_F(RecordingDiffTest, PairsByOccurrenceSoASecondStartIsComparedWithTheSecond) {
  const std::string two_starts =
      Edit(Green(), "{\"op\":\"stop\",\"name\":\"web-1\"",
           "{\"op\":\"start\",\"name\":\"web-1\",\"cpus\":1}\n{\"op\":\"stop\",\"name\":\"web-1\"");
  const std::string other = Edit(two_starts, "\"cpus\":1", "\"cpus\":4");
  EXPECT_EQ(Text(two_starts, other), "web-1: start #2: cpus 1 -> 4\n");
  EXPECT_EQ(Text(Green(), two_starts), "web-1: + start\n");
}

TEST_F(RecordingDiffTest, SwappedRecordsAreSaidSwappedLongerReorderingsListBothOrders) {
  const std::string start =
      "{\"op\":\"start\",\"name\":\"web-1\",\"pid\":4242,\"seq\":5,\"ts_ns\":14}\n";
  const std::string stop =
      "{\"op\":\"stop\",\"name\":\"web-1\",\"pid\":4242,\"seq\":6,\"ts_ns\":15}\n";
  const std::string swapped = Edit(Green(), start + stop, stop + start);
  EXPECT_EQ(Text(Green(), swapped), "web-1: start and stop swapped\n");

  const std::string create =
      "{\"op\":\"create\",\"name\":\"web-1\",\"disk_path\":\"/tmp/tmp.Aa11Bb22Cc/vms/web-1/"
      "disk.raw\",\"mac\":\"02:00:00:00:00:01\",\"pid\":4242,\"seq\":3,\"ts_ns\":12}\n";
  const std::string moved = Edit(Edit(Green(), create, ""), stop, stop + create);
  EXPECT_EQ(Text(Green(), moved), "web-1: order create, start, stop -> start, stop, create\n");
  // The order between members is not compared.
  const std::string interleaved =
      Edit(Edit(Green(), create, ""), "{\"op\":\"reserve\",\"name\":\"web-2\"",
           create + "{\"op\":\"reserve\",\"name\":\"web-2\"");
  EXPECT_EQ(Text(Green(), interleaved), "");
}

TEST_F(RecordingDiffTest, IgnoredFieldsAreLeftOutAndOpOrNameCannotBe) {
  const std::string red = Edit(Edit(Green(), "/vms/web-2/disk.raw", "/vms/web-1/disk.raw"),
                               "{\"op\":\"start\",\"name\":\"web-1\",",
                               "{\"op\":\"start\",\"name\":\"web-1\",\"error\":\"boom\",");
  RecordingDiffOptions options;
  options.ignored_fields = {"disk_path"};
  EXPECT_EQ(Text(Green(), red, options), "web-1: start: error (absent) -> 'boom'\n");
  options.ignored_fields = {"disk_path", "error"};
  const RecordingDiff diff = Diff(Green(), red, options);
  EXPECT_TRUE(diff.Same());
  EXPECT_EQ(diff.ignored_fields.count("error"), 1u);
  EXPECT_EQ(diff.ignored_fields.count("ts_ns"), 1u);
  options.ignored_fields = {"name"};
  EXPECT_THROW(Diff(Green(), red, options), std::invalid_argument);
}

TEST_F(RecordingDiffTest, SessionRecordsCountButTheirProvenanceDoesNot) {
  // A writer that died: no session_end, and its write errors.
  const std::string crashed =
      Edit(Green(),
           "{\"op\":\"session_end\",\"pid\":4242,\"ts_ns\":17,\"records\":7,"
           "\"write_errors\":0}\n",
           "");
  EXPECT_EQ(Text(Green(), crashed), "(no member): - session_end\n");
  const std::string lossy = Edit(Edit(Green(), "\"write_errors\":0", "\"write_errors\":2"),
                                 "\"records\":7", "\"records\":5");
  EXPECT_EQ(Text(Green(), lossy), "(no member): session_end: write_errors 0 -> 2\n");
  // A second writer process is a pid the first file never had.
  const std::string two_writers =
      Edit(Green(), "{\"op\":\"close\",\"pid\":4242", "{\"op\":\"close\",\"pid\":5151");
  EXPECT_EQ(Text(Green(), two_writers), "(no member): close: pid '<pid-1>' -> '<pid-2>'\n");
}

TEST_F(RecordingDiffTest, MembersComeInOrderOfAppearanceAndRecordsWithoutOneLast) {
  const std::string red = Edit(Green(), "{\"op\":\"close\"",
                               "{\"op\":\"start\",\"name\":\"web-3\"}\n{\"op\":\"close\"") +
                          "{\"op\":\"close\"}\n";
  EXPECT_EQ(Text(Edit(Green(), "\"web-2\",\"mac\"", "\"web-2\",\"cpus\":1,\"mac\""), red),
            "web-2: reserve: cpus 1 -> (absent)\n"
            "web-3: + start\n"
            "(no member): + close\n");
}

TEST_F(RecordingDiffTest, RecordValuesAreEscapedForTheTerminal) {
  const std::string red =
      Edit(Green(), "{\"op\":\"start\",\"name\":\"web-1\",",
           "{\"op\":\"start\",\"name\":\"web-1\",\"error\":\"\\u001b[2Jgone\",");
  const std::string evil_member =
      Edit(Green(), "\"name\":\"web-1\",\"pid\":4242,\"seq\":6",
           "\"name\":\"web-\\u001b]0;x\\u0007\",\"pid\":4242,\"seq\":6");
  for (const std::string& text : {Text(Green(), red), Text(Green(), evil_member)}) {
    EXPECT_EQ(recorder::FindTerminalControl(text), std::string::npos) << recorder::Printable(text);
  }
  EXPECT_THAT(Text(Green(), red), HasSubstr("'\\x1b[2Jgone'"));
}

TEST_F(RecordingDiffTest, JsonNamesEveryDifferenceWithItsLines) {
  const std::string red = Edit(Green(), "/vms/web-2/disk.raw", "/vms/web-1/disk.raw") +
                          "{\"op\":\"pause\",\"name\":\"web-2\"}\n";
  const nlohmann::json doc = nlohmann::json::parse(RenderRecordingDiffJson(Diff(Green(), red)));
  EXPECT_EQ(doc["schema"], 1);
  EXPECT_EQ(doc["same"], false);
  EXPECT_EQ(doc["differences"], 2);
  EXPECT_EQ(doc["a"], "a.jsonl");
  const nlohmann::json& web2 = doc["members"].at(0);
  EXPECT_EQ(web2["member"], "web-2");
  // Ops in order of first appearance: create, then pause.
  EXPECT_EQ(web2["differences"].at(1), (nlohmann::json{{"kind", "added"},
                                                       {"op", "pause"},
                                                       {"first_occurrence", 1},
                                                       {"count", 1},
                                                       {"lines_b", {10}}}));
  EXPECT_EQ(web2["differences"].at(0), (nlohmann::json{{"kind", "changed"},
                                                       {"op", "create"},
                                                       {"occurrence", 1},
                                                       {"field", "disk_path"},
                                                       {"a", "<tmp>/vms/web-2/disk.raw"},
                                                       {"b", "<tmp>/vms/web-1/disk.raw"},
                                                       {"line_a", 5},
                                                       {"line_b", 5}}));
  const nlohmann::json same =
      nlohmann::json::parse(RenderRecordingDiffJson(Diff(Green(), Green())));
  EXPECT_EQ(same["same"], true);
  EXPECT_EQ(same["members"], nlohmann::json::array());
}

}  // namespace
}  // namespace witness::assertions
