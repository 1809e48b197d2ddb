// ReadRecords: bad lines are test failures located at the record file's
// line, unless the test asks to tolerate them.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "witness/matchers.h"
#include "witness/recorder/reader.h"

namespace witness {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::ScopedFakeTestPartResultReporter;
using ::testing::TestPartResultArray;
using testing_support::TempDir;

constexpr char kTwoGoodOneBad[] =
    R"({"op":"reserve","name":"a","mac":"aa"})" "\n"
    R"({"op":"create","name":"a","mac":"aa"})" "\n"
    "{\"op\":\"sto" R"({"op":"close"})" "\n";

// ReadRecords, with the test failures it reports captured in `failures`
// instead of failing this test.
recorder::Recording ReadCapturingFailures(const std::string& path, BadLines bad_lines,
                                          TestPartResultArray& failures) {
  ScopedFakeTestPartResultReporter reporter(ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD,
                                            &failures);
  return ReadRecords(path, bad_lines);
}

TEST(ReadRecordsTest, BadLineIsAFailureAtTheRecordFileLine) {
  TempDir dir;
  const std::string path = dir.Write("rec.jsonl", kTwoGoodOneBad);
  TestPartResultArray failures;
  const recorder::Recording recording = ReadCapturingFailures(path, BadLines::kFail, failures);
  ASSERT_EQ(failures.size(), 1);
  const ::testing::TestPartResult& failure = failures.GetTestPartResult(0);
  EXPECT_TRUE(failure.nonfatally_failed());
  EXPECT_EQ(std::string(failure.file_name()), path);
  EXPECT_EQ(failure.line_number(), 3);
  ASSERT_EQ(recording.diagnostics.size(), 1u);
  EXPECT_EQ(std::string(failure.message()),
            "Failed\nbad line in record file: " + recording.diagnostics[0].ToString() +
                "\n(read with witness::BadLines::kTolerate to accept bad lines)");
  // The good records, the one recovered after the torn one included, are kept.
  EXPECT_THAT(recording, HasRecord(Op("close")));
  EXPECT_EQ(CallRecords(recording).size(), 3u);
}

TEST(ReadRecordsTest, ToleratedBadLinesAreKeptForHasNoBadLines) {
  TempDir dir;
  const std::string path = dir.Write("rec.jsonl", kTwoGoodOneBad);
  TestPartResultArray failures;
  const recorder::Recording recording = ReadCapturingFailures(path, BadLines::kTolerate, failures);
  EXPECT_EQ(failures.size(), 0);
  EXPECT_THAT(recording, Not(HasNoBadLines()));
  EXPECT_THAT(recording, HasRecord(Op("create"), Mac("aa")));
}

TEST(ReadRecordsTest, ManyBadLinesAreSummarisedAfterTwenty) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 25; ++i) content += "garbage\n";
  const std::string path = dir.Write("rec.jsonl", content);
  TestPartResultArray failures;
  ReadCapturingFailures(path, BadLines::kFail, failures);
  ASSERT_EQ(failures.size(), 21);
  EXPECT_EQ(failures.GetTestPartResult(20).line_number(), 21);
  EXPECT_EQ(std::string(failures.GetTestPartResult(20).message()),
            "Failed\n5 more bad lines in record file, from " + path + ":21 on");
}

TEST(ReadRecordsTest, CleanFileReportsNothing) {
  TempDir dir;
  const std::string path = dir.Write("rec.jsonl", R"({"op":"close"})" "\n");
  TestPartResultArray failures;
  const recorder::Recording recording = ReadCapturingFailures(path, BadLines::kFail, failures);
  EXPECT_EQ(failures.size(), 0);
  EXPECT_THAT(recording, HasNoBadLines());
  EXPECT_EQ(recording.files, std::vector<std::string>{path});
}

TEST(ReadRecordsTest, MissingFileThrowsInsteadOfLookingEmpty) {
  TempDir dir;
  EXPECT_THROW(ReadRecords(dir.File("absent.jsonl")), recorder::RecordFileError);
}

TEST(ReadRecordsTest, ReadsSeveralFilesAsOneRecording) {
  TempDir dir;
  const std::string a = dir.Write("a.jsonl", R"({"op":"reserve","name":"a","pid":1,"seq":1,"ts_ns":10})" "\n");
  const std::string b = dir.Write("b.jsonl", R"({"op":"create","name":"a","pid":2,"seq":1,"ts_ns":20})" "\n");
  const recorder::Recording recording = ReadRecords(std::vector<std::string>{b, a});
  EXPECT_THAT(recording, HappensBefore(Op("reserve"), Op("create")));
}

}  // namespace
}  // namespace witness
