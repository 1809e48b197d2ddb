#include "witness/cli/timeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "witness/cli/usage_error.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

constexpr const char* kTwoMembers =
    R"({"op":"session","pid":7,"ts_ns":1000000000,"schema":1,"argv0":"helper","host":"ci"}
{"op":"reserve","name":"web-1","mac":"52:54:00:00:00:01","pid":7,"seq":1,"ts_ns":1000000000}
{"op":"reserve","name":"web-2","mac":"52:54:00:00:00:02","pid":7,"seq":2,"ts_ns":1002000000}
{"op":"create","name":"web-1","mac":"52:54:00:00:00:01","disk_path":"/v/web-1/disk.raw","pid":7,"seq":3,"ts_ns":1003500000}
{"op":"stop","name":"web-1","pid":7,"seq":4,"ts_ns":2250000000}
{"op":"close","pid":7,"seq":5,"ts_ns":2300000000}
)";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TimelineTest, GroupsRecordsByMemberInOrderOfFirstAppearance) {
  recorder::Recording recording = recorder::ParseRecords(kTwoMembers, "rec.jsonl");
  Timeline timeline = BuildTimeline(recording, std::nullopt);
  ASSERT_EQ(timeline.sections.size(), 3u);
  EXPECT_EQ(timeline.sections[0].member, "web-1");
  EXPECT_EQ(timeline.sections[0].entries.size(), 3u);
  EXPECT_EQ(timeline.sections[1].member, "web-2");
  EXPECT_EQ(timeline.sections[1].entries.size(), 1u);
  // Records that name no member: the session and close.
  EXPECT_FALSE(timeline.sections[2].has_member);
  ASSERT_EQ(timeline.sections[2].entries.size(), 2u);
  EXPECT_EQ(timeline.sections[2].entries[0].record->Op(), "session");
  EXPECT_EQ(timeline.members, 2u);
  EXPECT_EQ(timeline.sessions, 1u);
}

TEST(TimelineTest, TimesAreSinceTheFirstRecordOfTheRecording) {
  recorder::Recording recording = recorder::ParseRecords(kTwoMembers, "rec.jsonl");
  Timeline timeline = BuildTimeline(recording, std::string("web-1"));
  ASSERT_EQ(timeline.sections.size(), 1u);
  const auto& entries = timeline.sections[0].entries;
  EXPECT_EQ(entries[0].since_first_ns, 0);
  EXPECT_EQ(entries[1].since_first_ns, 3500000);
  EXPECT_EQ(entries[2].since_first_ns, 1250000000);
  std::string text = RenderTimelineText(timeline, Palette(false));
  EXPECT_THAT(text, HasSubstr("+0.003s"));
  EXPECT_THAT(text, HasSubstr("+1.250s"));
}

TEST(TimelineTest, CountsFollowTheLifecycleThenTheWritersOwnRecords) {
  recorder::Recording recording = recorder::ParseRecords(kTwoMembers, "rec.jsonl");
  Timeline timeline = BuildTimeline(recording, std::nullopt);
  EXPECT_THAT(timeline.counts,
              ElementsAre(Pair("reserve", 2u), Pair("create", 1u), Pair("stop", 1u),
                          Pair("close", 1u), Pair("session", 1u)));
}

TEST(TimelineTest, TextHasAlignedColumnsAndTheKeyFields) {
  recorder::Recording recording = recorder::ParseRecords(kTwoMembers, "rec.jsonl");
  std::string text = RenderTimelineText(BuildTimeline(recording, std::nullopt), Palette(false));
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "rec.jsonl: 6 records from 1 writer session, 2 members, 0 bad lines");
  // Every row's OP column starts where the header's does.
  std::size_t op_column = lines[1].find("OP");
  std::size_t where_column = lines[1].find("WHERE");
  ASSERT_NE(op_column, std::string::npos);
  int rows = 0;
  for (const std::string& line : lines) {
    if (line.find("rec.jsonl:") == std::string::npos || line.rfind("rec.jsonl: ", 0) == 0) {
      continue;
    }
    ++rows;
    EXPECT_NE(line[op_column], ' ') << line;
    EXPECT_EQ(line[op_column - 1], ' ') << line;
    EXPECT_EQ(line.substr(where_column, 10), "rec.jsonl:") << line;
  }
  EXPECT_EQ(rows, 6);
  EXPECT_THAT(text, HasSubstr("mac=52:54:00:00:00:01  disk_path=/v/web-1/disk.raw"));
  EXPECT_THAT(text, HasSubstr("argv0=helper  host=ci  schema=1"));
  EXPECT_THAT(text, Not(HasSubstr("seq=")));
  EXPECT_THAT(text, Not(HasSubstr("\x1b[")));
}

TEST(TimelineTest, BadLineIsShownBeforeTheRecordThatFollowsIt) {
  std::string content =
      "{\"op\":\"reserve\",\"name\":\"a\"}\n"
      "{\"op\":\"close\"}\n"
      "{not json\n"
      "{\"op\":\"close\"}\n";
  recorder::Recording recording = recorder::ParseRecords(content, "rec.jsonl");
  ASSERT_EQ(recording.diagnostics.size(), 1u);
  Timeline timeline = BuildTimeline(recording, std::nullopt);
  ASSERT_EQ(timeline.sections.size(), 2u);
  const auto& other = timeline.sections[1].entries;
  ASSERT_EQ(other.size(), 3u);
  EXPECT_NE(other[0].record, nullptr);
  EXPECT_NE(other[1].bad_line, nullptr);
  EXPECT_EQ(other[2].record->where().line, 4u);
  std::string text = RenderTimelineText(timeline, Palette(false));
  EXPECT_THAT(text, HasSubstr("BAD LINE"));
  EXPECT_THAT(text, HasSubstr("rec.jsonl:3:"));
  EXPECT_THAT(text, HasSubstr("1 bad line"));
}

TEST(TimelineTest, TornRecordIsShownInTheTimelineOfTheMemberItNames) {
  std::string content =
      "{\"op\":\"reserve\",\"name\":\"a\"}\n"
      "{\"op\":\"reserve\",\"name\":\"b\"}\n"
      "{\"op\":\"stop\",\"name\":\"b\",\"pi{\"op\":\"stop\",\"name\":\"a\"}\n"
      "{\"op\":\"close\",\"name\":\"b\"}\n";
  recorder::Recording recording = recorder::ParseRecords(content, "rec.jsonl");
  ASSERT_EQ(recording.diagnostics.size(), 1u);
  Timeline timeline = BuildTimeline(recording, std::nullopt);
  ASSERT_EQ(timeline.sections.size(), 2u);
  ASSERT_EQ(timeline.sections[1].member, "b");
  const auto& b = timeline.sections[1].entries;
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].record->Op(), "reserve");
  EXPECT_NE(b[1].bad_line, nullptr);
  EXPECT_EQ(b[2].record->Op(), "close");
  // Filtered to member a, b's torn record is not shown.
  Timeline only_a = BuildTimeline(recording, std::string("a"));
  ASSERT_EQ(only_a.sections.size(), 1u);
  EXPECT_EQ(only_a.sections[0].entries.size(), 2u);
}

TEST(TimelineTest, BadLinesStayVisibleWhenFilteringByMember) {
  std::string content =
      "{\"op\":\"reserve\",\"name\":\"a\"}\n"
      "{torn\n";
  recorder::Recording recording = recorder::ParseRecords(content, "rec.jsonl");
  Timeline timeline = BuildTimeline(recording, std::string("a"));
  ASSERT_EQ(timeline.sections.size(), 2u);
  EXPECT_EQ(timeline.sections[1].entries.size(), 1u);
  EXPECT_NE(timeline.sections[1].entries[0].bad_line, nullptr);
}

TEST(TimelineTest, UnknownMemberIsAnErrorThatListsTheMembers) {
  recorder::Recording recording = recorder::ParseRecords(kTwoMembers, "rec.jsonl");
  try {
    BuildTimeline(recording, std::string("web-9"));
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "no records for member 'web-9' in the recording (members: web-1, web-2)");
  }
}

TEST(TimelineTest, ControlCharactersInRecordsCannotReachTheTerminal) {
  std::string content =
      "{\"op\":\"create\",\"name\":\"evil\\u001b[31m\",\"disk_path\":\"a\\u009bb\\u007f\"}\n";
  recorder::Recording recording = recorder::ParseRecords(content, "rec.jsonl");
  ASSERT_EQ(recording.records.size(), 1u);
  std::string text = RenderTimelineText(BuildTimeline(recording, std::nullopt), Palette(false));
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_THAT(text, Not(HasSubstr("\xc2\x9b")));
  EXPECT_THAT(text, HasSubstr("evil\\x1b[31m"));
  EXPECT_THAT(text, HasSubstr("disk_path=a\\u009bb\\x7f"));
}

TEST(TimelineTest, JsonCarriesMembersOtherRecordsBadLinesAndCounts) {
  std::string content = std::string(kTwoMembers) + "{\"op\":\n";
  recorder::Recording recording = recorder::ParseRecords(content, "rec.jsonl");
  nlohmann::json doc =
      nlohmann::json::parse(RenderTimelineJson(BuildTimeline(recording, std::nullopt)));
  ASSERT_EQ(doc["members"].size(), 2u);
  EXPECT_EQ(doc["members"][0]["name"], "web-1");
  EXPECT_EQ(doc["members"][0]["records"][1]["op"], "create");
  EXPECT_EQ(doc["members"][0]["records"][1]["since_first_ns"], 3500000);
  EXPECT_EQ(doc["members"][0]["records"][1]["record"]["mac"], "52:54:00:00:00:01");
  EXPECT_EQ(doc["other"].size(), 2u);
  ASSERT_EQ(doc["bad_lines"].size(), 1u);
  EXPECT_EQ(doc["bad_lines"][0]["line"], 7);
  EXPECT_EQ(doc["counts"]["reserve"], 2);
  EXPECT_EQ(doc["schema"], 1);
}

TEST(TimelineTest, RecordsWithoutProvenanceShowDashes) {
  std::string content = "{\"op\":\"reserve\",\"name\":\"solo\",\"mac\":\"a2:da:71:da:e0:db\"}\n";
  recorder::Recording recording = recorder::ParseRecords(content, "go.jsonl");
  std::vector<std::string> lines =
      Lines(RenderTimelineText(BuildTimeline(recording, std::nullopt), Palette(false)));
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[3], "  -     reserve  -    go.jsonl:1  mac=a2:da:71:da:e0:db");
}

}  // namespace
}  // namespace witness::cli
