// The exactly-once check the append benchmarks rely on: a run that loses,
// duplicates or tears a record must fail, and an intact one must pass, for
// baseline lines (byte-identical to the sample) and for Witness's lines
// (their own provenance, plus session records).
#include "support/append_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support/sample_record.h"
#include "witness/recorder/writer.h"

namespace witness::bench {
namespace {

// Every line of `writers` x `per_writer` stamped records, shuffled.
std::vector<std::string> StampedLines(const SampleRecord& sample, std::uint32_t writers,
                                      std::uint64_t per_writer) {
  std::vector<std::string> lines;
  for (std::uint32_t w = 0; w < writers; ++w) {
    RecordStamper stamper(sample, w);
    for (std::uint64_t i = 0; i < per_writer; ++i) lines.push_back(stamper.Line(i));
  }
  std::shuffle(lines.begin(), lines.end(), std::mt19937(7));
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line;
  return out;
}

TEST(SampleRecordTest, LinesHaveTheLabelledSizes) {
  EXPECT_NEAR(static_cast<double>(SampleRecord(RecordSize::kSmall).line().size()), 120, 20);
  EXPECT_NEAR(static_cast<double>(SampleRecord(RecordSize::kTypical).line().size()), 350, 30);
  EXPECT_EQ(SampleRecord(RecordSize::kLarge).line().size(), 64u * 1024);
}

TEST(SampleRecordTest, IdRoundTripsAndRejectsOtherText) {
  char id[kIdWidth];
  WriteId(63, 123456789, id);
  EXPECT_EQ(std::string(id, kIdWidth), "w0063-123456789");
  std::uint32_t writer = 0;
  std::uint64_t index = 0;
  ASSERT_TRUE(ParseId(std::string_view(id, kIdWidth), writer, index));
  EXPECT_EQ(writer, 63u);
  EXPECT_EQ(index, 123456789u);
  EXPECT_FALSE(ParseId("w0063-12345678x", writer, index));
  EXPECT_FALSE(ParseId("x0063-123456789", writer, index));
  EXPECT_FALSE(ParseId("w0063-12345678", writer, index));
}

TEST(AppendCheckTest, IntactShuffledRecordsPass) {
  const SampleRecord sample(RecordSize::kTypical);
  const AppendCheck check =
      CheckAppendedLines(Join(StampedLines(sample, 3, 5)), sample, LineTail::kExact, {5, 5, 5});
  EXPECT_TRUE(check.ok()) << check.Summary();
  EXPECT_EQ(check.intact, 15u);
  EXPECT_EQ(check.Summary(), "15 records intact");
}

TEST(AppendCheckTest, LostRecordIsMissing) {
  const SampleRecord sample(RecordSize::kSmall);
  std::vector<std::string> lines = StampedLines(sample, 2, 4);
  lines.erase(lines.begin() + 3);
  const AppendCheck check = CheckAppendedLines(Join(lines), sample, LineTail::kExact, {4, 4});
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.missing, 1u);
  EXPECT_EQ(check.Summary(), "1 of 8 records missing");
}

TEST(AppendCheckTest, RecordWrittenTwiceIsADuplicate) {
  const SampleRecord sample(RecordSize::kSmall);
  std::vector<std::string> lines = StampedLines(sample, 1, 3);
  lines.push_back(lines.front());
  const AppendCheck check = CheckAppendedLines(Join(lines), sample, LineTail::kExact, {3});
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.duplicates, 1u);
  EXPECT_EQ(check.missing, 0u);
  EXPECT_NE(check.first_problem.find("line 4: duplicate"), std::string::npos) << check.first_problem;
}

TEST(AppendCheckTest, InterleavedRecordsAreATornLineAndBothMissing) {
  const SampleRecord sample(RecordSize::kTypical);
  std::vector<std::string> lines = StampedLines(sample, 2, 2);
  // Another writer's record lands in the middle of this one.
  std::string torn = lines[0].substr(0, 100) + lines[1] + lines[0].substr(100);
  const std::string content = torn + lines[2] + lines[3];
  const AppendCheck check = CheckAppendedLines(content, sample, LineTail::kExact, {2, 2});
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.bad_lines, 2u);  // the first half + the intruder, then the tail
  EXPECT_EQ(check.missing, 2u);
  EXPECT_NE(check.first_problem.find("line 1:"), std::string::npos) << check.first_problem;
}

TEST(AppendCheckTest, ChangedByteIsCaught) {
  const SampleRecord sample(RecordSize::kLarge);
  std::vector<std::string> lines = StampedLines(sample, 1, 2);
  lines[1][40000] = 'X';
  const AppendCheck check = CheckAppendedLines(Join(lines), sample, LineTail::kExact, {2});
  EXPECT_EQ(check.bad_lines, 1u);
  EXPECT_EQ(check.missing, 1u);
}

TEST(AppendCheckTest, LastRecordWithoutNewlineIsNotIntact) {
  const SampleRecord sample(RecordSize::kSmall);
  std::string content = Join(StampedLines(sample, 1, 2));
  content.pop_back();
  const AppendCheck check = CheckAppendedLines(content, sample, LineTail::kExact, {2});
  EXPECT_EQ(check.bad_lines, 1u);
  EXPECT_NE(check.first_problem.find("no newline"), std::string::npos) << check.first_problem;
}

TEST(AppendCheckTest, RecordOfAnUnknownWriterIsBad) {
  const SampleRecord sample(RecordSize::kSmall);
  const AppendCheck check =
      CheckAppendedLines(Join(StampedLines(sample, 2, 1)), sample, LineTail::kExact, {1});
  EXPECT_EQ(check.intact, 1u);
  EXPECT_EQ(check.bad_lines, 1u);
}

TEST(AppendCheckTest, WitnessLinesPassWithTheirOwnProvenanceAndSessions) {
  const SampleRecord sample(RecordSize::kTypical);
  RecordStamper stamper(sample, 0);
  std::string content =
      "{\"op\":\"session\",\"pid\":99,\"ts_ns\":1,\"schema\":1,\"argv0\":\"b\",\"host\":\"h\"}\n";
  std::string line;
  for (std::uint64_t i = 0; i < 3; ++i) {
    recorder::FormatRecord(stamper.EventFor(i), 99, i + 1, 1700000000000000000 + i, line);
    content += line;
  }
  const AppendCheck check = CheckAppendedLines(content, sample, LineTail::kProvenance, {3});
  EXPECT_TRUE(check.ok()) << check.Summary();
  EXPECT_EQ(check.session_records, 1u);
  // The same lines are not what a baseline writes.
  EXPECT_FALSE(CheckAppendedLines(content, sample, LineTail::kExact, {3}).ok());
}

TEST(AppendCheckTest, WitnessLineWithDamagedProvenanceIsBad) {
  const SampleRecord sample(RecordSize::kSmall);
  RecordStamper stamper(sample, 0);
  std::string line;
  recorder::FormatRecord(stamper.EventFor(0), 99, 1, 5, line);
  line.replace(line.find("\"seq\""), 5, "\"sek\"");
  const AppendCheck check = CheckAppendedLines(line, sample, LineTail::kProvenance, {1});
  EXPECT_EQ(check.bad_lines, 1u);
  EXPECT_NE(check.first_problem.find("malformed provenance"), std::string::npos)
      << check.first_problem;
}

TEST(AppendCheckTest, MissingFileThrows) {
  const SampleRecord sample(RecordSize::kSmall);
  EXPECT_THROW(CheckAppendedFile("/nonexistent/witness/records.jsonl", sample, LineTail::kExact, {}),
               std::runtime_error);
}

}  // namespace
}  // namespace witness::bench
