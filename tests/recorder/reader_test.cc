// The reader: every good record kept, every bad line reported once with its
// location, one test per kind of damage (as leveldb's log reader tests are).
#include "witness/recorder/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "recording_ops.h"
#include "temp_dir.h"
#include "witness/recorder/format.h"

namespace witness::recorder {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Ops;
using testing::TempDir;
using testing::WriteWholeFile;

void AppendToFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
}

std::vector<DiagnosticKind> Kinds(const Recording& recording) {
  std::vector<DiagnosticKind> kinds;
  for (const Diagnostic& diagnostic : recording.diagnostics) kinds.push_back(diagnostic.kind);
  return kinds;
}

std::string AllDiagnostics(const Recording& recording) {
  std::string text;
  for (const Diagnostic& diagnostic : recording.diagnostics) text += diagnostic.ToString() + "\n";
  return text;
}

// --- good input ------------------------------------------------------------

TEST(RecordReaderTest, EmptyContentHasNoRecordsAndNoDiagnostics) {
  const Recording recording = ParseRecords("", "empty.jsonl");
  EXPECT_TRUE(recording.records.empty());
  EXPECT_TRUE(recording.diagnostics.empty());
  EXPECT_THAT(recording.files, ElementsAre("empty.jsonl"));
}

TEST(RecordReaderTest, RecordsKeepFileLineAndByteOffset) {
  const std::string content =
      "{\"op\":\"reserve\",\"name\":\"a\"}\n{\"op\":\"create\",\"name\":\"a\"}\n{\"op\":\"close\"}"
      "\n";
  const Recording recording = ParseRecords(content, "r.jsonl");
  ASSERT_EQ(recording.records.size(), 3u) << AllDiagnostics(recording);
  EXPECT_TRUE(recording.diagnostics.empty());
  EXPECT_EQ(recording.records[1].where().file, "r.jsonl");
  EXPECT_EQ(recording.records[1].where().line, 2u);
  EXPECT_EQ(recording.records[1].where().offset, content.find("{\"op\":\"create\""));
  EXPECT_EQ(recording.records[2].where().ToString(), "r.jsonl:3");
}

TEST(RecordReaderTest, BlankLinesAndCarriageReturnsAreNotRecordsOrErrors) {
  const Recording recording =
      ParseRecords("{\"op\":\"a\"}\r\n\n   \n{\"op\":\"b\"}\n", "crlf.jsonl");
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b"));
  EXPECT_TRUE(recording.diagnostics.empty()) << AllDiagnostics(recording);
  EXPECT_EQ(recording.records[1].where().line, 4u);
}

TEST(RecordReaderTest, UnknownKeysAreKeptAndKeyOrderDoesNotMatter) {
  const Recording recording =
      ParseRecords("{\"name\":\"a\",\"future_key\":[1,{\"x\":true}],\"op\":\"stop\"}\n");
  ASSERT_EQ(recording.records.size(), 1u);
  EXPECT_TRUE(recording.diagnostics.empty()) << AllDiagnostics(recording);
  const Record& record = recording.records[0];
  EXPECT_EQ(record.Op(), "stop");
  EXPECT_EQ(record.Name(), "a");
  ASSERT_NE(record.Find("future_key"), nullptr);
  EXPECT_EQ(record.Find("future_key")->size(), 2u);
}

TEST(RecordReaderTest, GoReferenceFilesReadCleanly) {
  const Recording solo = ReadRecordFile(WITNESS_TESTDATA_DIR "/records/go-reference-solo.jsonl");
  EXPECT_TRUE(solo.diagnostics.empty()) << AllDiagnostics(solo);
  EXPECT_THAT(Ops(solo), ElementsAre("reserve", "create", "stop", "close"));
  const Record& create = solo.records[1];
  EXPECT_EQ(create.String("mac"), "a2:da:71:da:e0:db");
  EXPECT_EQ(create.Find("fixture_paths")->size(), 2u);
  EXPECT_FALSE(create.Pid().has_value());
  EXPECT_FALSE(create.Seq().has_value());
  EXPECT_FALSE(create.TsNs().has_value());

  const Recording cluster =
      ReadRecordFile(WITNESS_TESTDATA_DIR "/records/go-reference-cluster-failcreate.jsonl");
  EXPECT_TRUE(cluster.diagnostics.empty()) << AllDiagnostics(cluster);
  ASSERT_EQ(cluster.records.size(), 9u);
  // Go escapes <, > and & as \u003c, \u003e, \u0026: read back as the bytes.
  EXPECT_EQ(cluster.records[4].Name(), "x<y>&z");
  EXPECT_EQ(cluster.records[5].String("disk_path"), "/tmp/fbhome7/.fleetbox/vms/x<y>&z/disk.raw");
  EXPECT_EQ(cluster.records[8].Op(), "close");
  EXPECT_EQ(cluster.CallRecords().size(), 9u);
}

TEST(RecordReaderTest, ProvenanceAccessorsReadIntegers) {
  const Recording recording =
      ParseRecords("{\"op\":\"stop\",\"pid\":42,\"seq\":3,\"ts_ns\":1700000000000000001}\n");
  ASSERT_EQ(recording.records.size(), 1u);
  EXPECT_EQ(recording.records[0].Pid(), 42);
  EXPECT_EQ(recording.records[0].Seq(), 3);
  EXPECT_EQ(recording.records[0].TsNs(), 1700000000000000001);
  EXPECT_EQ(recording.records[0].OptionalString("name"), std::nullopt);
  EXPECT_EQ(recording.records[0].String("pid"), "");
}

TEST(RecordReaderTest, CallRecordsSkipTheWritersSessionRecords) {
  const Recording recording = ParseRecords(
      "{\"op\":\"session\",\"pid\":1,\"ts_ns\":1,\"schema\":1,\"argv0\":\"h\",\"host\":\"x\"}\n"
      "{\"op\":\"stop\",\"pid\":1,\"seq\":1,\"ts_ns\":2}\n"
      "{\"op\":\"session_end\",\"pid\":1,\"ts_ns\":3,\"records\":1,\"write_errors\":0}\n");
  EXPECT_TRUE(recording.diagnostics.empty()) << AllDiagnostics(recording);
  EXPECT_EQ(recording.records.size(), 3u);
  const std::vector<const Record*> calls = recording.CallRecords();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]->Op(), "stop");
}

TEST(RecordReaderTest, ARecordingIsAContainerOfItsCallRecordsOnly) {
  // Session records first, between calls (two shards merged) and last.
  const Recording recording = ParseRecords(
      "{\"op\":\"session\",\"pid\":1}\n"
      "{\"op\":\"session\",\"pid\":2}\n"
      "{\"op\":\"reserve\",\"pid\":1}\n"
      "{\"op\":\"session_end\",\"pid\":2}\n"
      "{\"name\":\"no-op\"}\n"
      "{\"op\":\"stop\",\"pid\":1}\n"
      "{\"op\":\"session_end\",\"pid\":1}\n");
  ASSERT_EQ(recording.records.size(), 7u);
  std::vector<std::size_t> lines;
  for (const Record& call : recording) lines.push_back(call.line());
  EXPECT_THAT(lines, ElementsAre(3u, 5u, 6u));
  EXPECT_EQ(recording.size(), 3u);
  EXPECT_FALSE(recording.empty());
  EXPECT_EQ(std::distance(recording.begin(), recording.end()), 3);
  Recording::const_iterator it = recording.begin();
  EXPECT_EQ((it++)->line(), 3u);
  EXPECT_EQ(it->line(), 5u);
  EXPECT_EQ((++it)->line(), 6u);
  EXPECT_EQ(++it, recording.end());
}

TEST(RecordReaderTest, ARecordingOfSessionRecordsOnlyIsAnEmptyContainer) {
  const Recording recording =
      ParseRecords("{\"op\":\"session\",\"pid\":1}\n{\"op\":\"session_end\",\"pid\":1}\n");
  EXPECT_EQ(recording.records.size(), 2u);
  EXPECT_TRUE(recording.empty());
  EXPECT_EQ(recording.size(), 0u);
  EXPECT_EQ(recording.begin(), recording.end());
  EXPECT_TRUE(Recording().empty());
}

TEST(RecordReaderTest, CompleteLastRecordWithoutNewlineIsAccepted) {
  const Recording recording = ParseRecords("{\"op\":\"a\"}\n{\"op\":\"close\"}");
  EXPECT_THAT(Ops(recording), ElementsAre("a", "close"));
  EXPECT_TRUE(recording.diagnostics.empty()) << AllDiagnostics(recording);
}

TEST(RecordReaderTest, TwoCompleteRecordsOnOneLineAreBothRead) {
  const Recording recording = ParseRecords("{\"op\":\"a\"}{\"op\":\"b\"}\n");
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b"));
  EXPECT_TRUE(recording.diagnostics.empty()) << AllDiagnostics(recording);
  EXPECT_EQ(recording.records[1].where().offset, 10u);
}

// --- one test per kind of damage -------------------------------------------

TEST(RecordReaderTest, BadJsonLineIsReportedWithColumnAndTheRestIsKept) {
  const Recording recording =
      ParseRecords("{\"op\":\"a\"}\n{\"op\":\"b\",}\n{\"op\":\"c\"}\n", "bad.jsonl");
  EXPECT_THAT(Ops(recording), ElementsAre("a", "c"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kBadJson));
  const Diagnostic& diagnostic = recording.diagnostics[0];
  EXPECT_EQ(diagnostic.where.line, 2u);
  EXPECT_EQ(diagnostic.where.offset, 11u);
  EXPECT_EQ(diagnostic.column, 11u);  // the '}' after the trailing comma
  EXPECT_THAT(diagnostic.message, HasSubstr("not valid JSON"));
  EXPECT_EQ(diagnostic.excerpt, "{\"op\":\"b\",}");
  EXPECT_THAT(diagnostic.ToString(), HasSubstr("bad.jsonl:2:11: not valid JSON"));
  EXPECT_THAT(diagnostic.ToString(), HasSubstr(": `{\"op\":\"b\",}`"));
}

TEST(RecordReaderTest, NotAnObjectIsReportedAndTheRestIsKept) {
  const Recording recording = ParseRecords("[1,2]\n\"text\"\n{\"op\":\"a\"}\n 42\n");
  EXPECT_THAT(Ops(recording), ElementsAre("a"));
  ASSERT_THAT(Kinds(recording),
              ElementsAre(DiagnosticKind::kNotAnObject, DiagnosticKind::kNotAnObject,
                          DiagnosticKind::kNotAnObject));
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("not array"));
  EXPECT_EQ(recording.diagnostics[2].where.line, 4u);
  EXPECT_EQ(recording.diagnostics[2].column, 2u);
}

TEST(RecordReaderTest, TornLineCostsOnlyTheTornRecord) {
  // A writer killed mid-record leaves no newline; the next writer's record
  // follows on the same line.
  const std::string torn = "{\"op\":\"create\",\"name\":\"web-1\",\"disk_pa";
  const std::string content = "{\"op\":\"reserve\"}\n" + torn +
                              "{\"op\":\"stop\",\"name\":\"web-2\"}\n{\"op\":\"close\"}\n";
  const Recording recording = ParseRecords(content, "torn.jsonl");
  EXPECT_THAT(Ops(recording), ElementsAre("reserve", "stop", "close"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kTornRecord));
  const Diagnostic& diagnostic = recording.diagnostics[0];
  EXPECT_EQ(diagnostic.where.line, 2u);
  EXPECT_EQ(diagnostic.where.offset, 17u);
  EXPECT_EQ(diagnostic.column, 1u);
  EXPECT_THAT(diagnostic.message, HasSubstr("torn record"));
  // The recovered record has its own offset, on the torn line's number.
  const Record& recovered = recording.records[1];
  EXPECT_EQ(recovered.where().line, 2u);
  EXPECT_EQ(recovered.where().offset, 17u + torn.size());
  EXPECT_EQ(recording.records[2].where().line, 3u);
}

TEST(RecordReaderTest, SeveralRecordsAfterATornHeadAreAllRecovered) {
  const std::string content =
      "{\"op\":\"create\",\"na{\"op\":\"a\"}{\"op\":\"b\"}{\"op\":\"c\",\"name\":\"x\"}\n";
  const Recording recording = ParseRecords(content);
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b", "c"));
  EXPECT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kTornRecord));
}

TEST(RecordReaderTest, TwoTornHeadsOnOneLineAreTwoDiagnostics) {
  const std::string content = "{\"op\":\"create\",\"na{\"op\":\"start\",\"n{\"op\":\"stop\"}\n";
  const Recording recording = ParseRecords(content);
  EXPECT_THAT(Ops(recording), ElementsAre("stop"));
  ASSERT_THAT(Kinds(recording),
              ElementsAre(DiagnosticKind::kTornRecord, DiagnosticKind::kTornRecord));
  EXPECT_EQ(recording.diagnostics[1].column, content.find("{\"op\":\"start\"") + 1);
}

TEST(RecordReaderTest, TornRecordFollowedByATornTailIsTwoDiagnostics) {
  const Recording recording = ParseRecords("{\"op\":\"create\",\"na{\"op\":\"stop\",\"nam\n");
  EXPECT_TRUE(recording.records.empty());
  EXPECT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kTornRecord, DiagnosticKind::kBadJson));
}

TEST(RecordReaderTest, TruncatedTrailingRecordIsReportedAsAnIncompleteTail) {
  const Recording recording = ParseRecords("{\"op\":\"a\"}\n{\"op\":\"stop\",\"na", "t.jsonl");
  EXPECT_THAT(Ops(recording), ElementsAre("a"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kIncompleteTail));
  EXPECT_EQ(recording.diagnostics[0].where.line, 2u);
  EXPECT_EQ(recording.diagnostics[0].where.offset, 11u);
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("no newline"));
}

TEST(RecordReaderTest, TruncatedTrailingRecordIsIgnoredWhenReadingALiveFile) {
  ReadOptions live;
  live.live = true;
  const Recording recording = ParseRecords("{\"op\":\"a\"}\n{\"op\":\"stop\",\"na", "t", live);
  EXPECT_THAT(Ops(recording), ElementsAre("a"));
  EXPECT_TRUE(recording.diagnostics.empty()) << AllDiagnostics(recording);
  // Even a last line that parses may still be growing: left for later.
  EXPECT_THAT(Ops(ParseRecords("{\"op\":\"a\"}\n{\"op\":\"b\"}", "t", live)), ElementsAre("a"));
}

TEST(RecordReaderTest, LineTooLongIsSkippedWithoutLosingItsNeighbours) {
  ReadOptions options;
  options.max_line_bytes = 100;
  const std::string long_line = "{\"op\":\"create\",\"name\":\"" + std::string(500, 'x') + "\"}";
  const std::string content = "{\"op\":\"a\"}\n" + long_line + "\n{\"op\":\"b\"}\n";
  const Recording recording = ParseRecords(content, "long.jsonl", options);
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kLineTooLong));
  EXPECT_EQ(recording.diagnostics[0].where.line, 2u);
  EXPECT_EQ(recording.diagnostics[0].where.offset, 11u);
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("line of 525 bytes"));
  EXPECT_EQ(recording.records[1].where().line, 3u);
  EXPECT_EQ(recording.records[1].where().offset, 11u + long_line.size() + 1);
}

TEST(RecordReaderTest, LineTooLongInAFileIsStreamedPastNotBuffered) {
  // 3 MiB on one line, read in chunks with a 1 KiB limit: the reader counts
  // the line's bytes without holding them, and resumes at the next line.
  TempDir dir;
  ReadOptions options;
  options.max_line_bytes = 1024;
  const std::string long_line =
      "{\"op\":\"create\",\"name\":\"" + std::string(3 << 20, 'y') + "\"}";
  WriteWholeFile(dir.File("r.jsonl"),
                 "{\"op\":\"a\"}\n" + long_line + "\n{\"op\":\"b\"}\n" + long_line);
  const Recording recording = ReadRecordFile(dir.File("r.jsonl"), options);
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b"));
  ASSERT_THAT(Kinds(recording),
              ElementsAre(DiagnosticKind::kLineTooLong, DiagnosticKind::kLineTooLong));
  EXPECT_THAT(recording.diagnostics[0].message,
              HasSubstr("line of " + std::to_string(long_line.size()) + " bytes"));
  EXPECT_EQ(recording.diagnostics[0].excerpt.substr(0, 16), "{\"op\":\"create\",\"");
  EXPECT_EQ(recording.records[1].where().offset, 11u + long_line.size() + 1);
  EXPECT_EQ(recording.diagnostics[1].where.line, 4u);
}

TEST(RecordReaderTest, NestingDeeperThanTheLimitIsReportedNotParsed) {
  const auto nested = [](int depth) {
    return "{\"op\":\"a\",\"x\":" + std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']') + "}";
  };
  // kMaxJsonDepth levels in all (the object is one) are fine; one more is not.
  const std::string content = nested(kMaxJsonDepth - 1) + "\n" + nested(kMaxJsonDepth) + "\n" +
                              nested(1000000) + "\n{\"op\":\"b\"}\n";
  const Recording recording = ParseRecords(content);
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kTooDeep, DiagnosticKind::kTooDeep));
  EXPECT_EQ(recording.diagnostics[0].where.line, 2u);
  EXPECT_EQ(recording.diagnostics[0].column, 14u + static_cast<std::size_t>(kMaxJsonDepth));
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("deeper than 64"));
}

TEST(RecordReaderTest, NulByteInALineIsReportedAndTheRestIsKept) {
  const std::string content =
      std::string("{\"op\":\"a\"}\n{\"op\":\"b\",\"name\":\"x\0y\"}\n", 33) + "{\"op\":\"c\"}\n";
  const Recording recording = ParseRecords(content);
  EXPECT_THAT(Ops(recording), ElementsAre("a", "c"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kNulByte));
  EXPECT_EQ(recording.diagnostics[0].column, 20u);
  EXPECT_THAT(recording.diagnostics[0].excerpt, HasSubstr("x\\x00y"));
}

TEST(RecordReaderTest, RecordAfterAHoleOfNulBytesIsRecovered) {
  // A crash can leave a run of zeros where a record was being appended.
  const std::string content = std::string(16, '\0') + "{\"op\":\"stop\"}\n";
  const Recording recording = ParseRecords(content);
  EXPECT_THAT(Ops(recording), ElementsAre("stop"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kNulByte));
  EXPECT_EQ(recording.records[0].where().offset, 16u);
}

TEST(RecordReaderTest, DuplicateKeyIsReportedAndTheRecordKeepsTheLastValue) {
  const Recording recording = ParseRecords("{\"op\":\"stop\",\"name\":\"a\",\"name\":\"b\"}\n");
  ASSERT_EQ(recording.records.size(), 1u);
  EXPECT_EQ(recording.records[0].Name(), "b");
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kDuplicateKey));
  EXPECT_EQ(recording.diagnostics[0].column, 25u);
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("'name'"));
}

TEST(RecordReaderTest, DuplicateKeyInANestedObjectIsReportedToo) {
  const Recording recording = ParseRecords("{\"op\":\"a\",\"x\":{\"k\":1,\"k\":2},\"k\":3}\n");
  ASSERT_EQ(recording.records.size(), 1u);
  EXPECT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kDuplicateKey));
}

TEST(RecordReaderTest, FieldOfTheWrongTypeIsReportedAndTheRecordKept) {
  const Recording recording = ParseRecords(
      "{\"op\":\"create\",\"name\":7,\"fixture_paths\":\"x\",\"pid\":\"9\",\"seq\":1.5}\n"
      "{\"name\":\"no-op\"}\n");
  ASSERT_EQ(recording.records.size(), 2u);
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kBadField, DiagnosticKind::kBadField,
                                            DiagnosticKind::kBadField, DiagnosticKind::kBadField,
                                            DiagnosticKind::kBadField));
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("'name' must be a string"));
  EXPECT_EQ(recording.diagnostics[0].column, 16u);
  EXPECT_THAT(recording.diagnostics[1].message, HasSubstr("'fixture_paths' must be an array"));
  EXPECT_THAT(recording.diagnostics[2].message, HasSubstr("'pid' must be an integer"));
  EXPECT_THAT(recording.diagnostics[3].message, HasSubstr("'seq' must be an integer"));
  EXPECT_THAT(recording.diagnostics[4].message, HasSubstr("no 'op'"));
  EXPECT_FALSE(recording.records[0].Pid().has_value());
}

TEST(RecordReaderTest, FaultFieldsAreStringsOfTheFormatAndOldRecordsLackThem) {
  const Recording recording = ParseRecords(
      "{\"op\":\"start\",\"name\":\"w\",\"fault\":\"fail\",\"fault_rule\":\"start:w=fail\"}\n"
      "{\"op\":\"stop\",\"fault\":1,\"fault_rule\":[\"stop\"]}\n"
      "{\"op\":\"stop\",\"name\":\"w\"}\n");
  ASSERT_EQ(recording.records.size(), 3u);
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kBadField, DiagnosticKind::kBadField));
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("'fault' must be a string"));
  EXPECT_THAT(recording.diagnostics[1].message, HasSubstr("'fault_rule' must be a string"));
  EXPECT_EQ(recording.records[0].fields()["fault_rule"], "start:w=fail");
  EXPECT_FALSE(recording.records[2].Has("fault"));
}

TEST(RecordReaderTest, NumbersOutOfRangeAreReported) {
  const Recording recording = ParseRecords(
      "{\"op\":\"a\",\"seq\":9223372036854775808}\n"
      "{\"op\":\"b\",\"ts_ns\":123456789012345678901234567890}\n"
      "{\"op\":\"c\",\"x\":1e400}\n"
      "{\"op\":\"d\",\"pid\":-9223372036854775808}\n");
  EXPECT_THAT(Ops(recording), ElementsAre("a", "b", "d"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kBadField, DiagnosticKind::kBadField,
                                            DiagnosticKind::kBadJson));
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("out of range"));
  EXPECT_THAT(recording.diagnostics[1].message, HasSubstr("out of range"));
  EXPECT_EQ(recording.diagnostics[2].where.line, 3u);
  EXPECT_FALSE(recording.records[0].Seq().has_value());
  EXPECT_EQ(recording.records[2].Pid(), std::numeric_limits<std::int64_t>::min());
}

TEST(RecordReaderTest, InvalidUtf8IsReportedWithTheOffendingByte) {
  const Recording recording = ParseRecords(
      "{\"op\":\"a\",\"name\":\"caf\xE9\"}\n{\"op\":\"b\",\"name\":\"\xED\xA0\x80\"}\n"
      "{\"op\":\"c\",\"name\":\"\xC3\xA9\"}\n");
  EXPECT_THAT(Ops(recording), ElementsAre("c"));
  ASSERT_THAT(Kinds(recording), ElementsAre(DiagnosticKind::kBadJson, DiagnosticKind::kBadJson));
  EXPECT_THAT(recording.diagnostics[0].message, HasSubstr("invalid UTF-8: byte 0xE9"));
  EXPECT_EQ(recording.diagnostics[0].column, 22u);
  EXPECT_THAT(recording.diagnostics[0].excerpt, HasSubstr("caf\\xe9"));
  EXPECT_THAT(recording.diagnostics[1].message, HasSubstr("byte 0xED"));
}

TEST(RecordReaderTest, ExcerptOfALongLineIsShortAndCentredOnTheColumn) {
  const std::string line = "{\"op\":\"a\",\"name\":\"" + std::string(200, 'x') + "\",,\"z\":1}";
  const Recording recording = ParseRecords(line + "\n");
  ASSERT_EQ(recording.diagnostics.size(), 1u);
  const Diagnostic& diagnostic = recording.diagnostics[0];
  EXPECT_EQ(diagnostic.column, line.find(",,") + 2);
  EXPECT_LE(diagnostic.excerpt.size(), 70u);
  EXPECT_THAT(diagnostic.excerpt, HasSubstr("x\",,\"z\":1}"));
  EXPECT_EQ(diagnostic.excerpt.substr(0, 3), "...");
}

TEST(RecordReaderTest, DiagnosticKindsHaveNames) {
  EXPECT_EQ(ToString(DiagnosticKind::kTornRecord), "torn record");
  EXPECT_EQ(ToString(DiagnosticKind::kIncompleteTail), "incomplete tail");
  EXPECT_EQ(ToString(DiagnosticKind::kLineTooLong), "line too long");
}

// --- files -------------------------------------------------------------------

TEST(RecordReaderTest, MissingFileIsAnErrorNotAnEmptyRecording) {
  TempDir dir;
  const std::string path = dir.File("never-written.jsonl");
  try {
    ReadRecordFile(path);
    FAIL() << "no exception for a missing file";
  } catch (const RecordFileError& error) {
    EXPECT_EQ(error.path(), path);
    EXPECT_EQ(std::string(error.what()),
              "cannot open record file '" + path + "': no such file or directory");
  }
}

TEST(RecordReaderTest, EmptyFileIsZeroRecordsNotAnError) {
  TempDir dir;
  WriteWholeFile(dir.File("empty.jsonl"), "");
  const Recording recording = ReadRecordFile(dir.File("empty.jsonl"));
  EXPECT_TRUE(recording.records.empty());
  EXPECT_TRUE(recording.diagnostics.empty());
  EXPECT_THAT(recording.files, ElementsAre(dir.File("empty.jsonl")));
}

TEST(RecordReaderTest, DirectoryIsAnError) {
  TempDir dir;
  try {
    ReadRecordFile(dir.path());
    FAIL() << "no exception for a directory";
  } catch (const RecordFileError& error) {
    EXPECT_EQ(std::string(error.what()),
              "cannot read record file '" + dir.path() + "': it is a directory");
  }
}

TEST(RecordReaderTest, UnreadableFileIsAnErrorNamingThePath) {
  TempDir dir;
  const std::string path = dir.File("secret.jsonl");
  WriteWholeFile(path, "{\"op\":\"a\"}\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  // root reads anything, so the check runs as an unprivileged user.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    try {
      ReadRecordFile(path);
    } catch (const RecordFileError& error) {
      const std::string expected = "cannot open record file '" + path + "': permission denied";
      ::_exit(error.what() == expected ? 0 : 1);
    }
    ::_exit(2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: wrong message, 2: no error, 3: could not drop root";
}

TEST(RecordReaderTest, FileReadingMatchesInMemoryParsingAcrossChunkBoundaries) {
  // A file over 8 MiB is read in 2 MiB chunks, and lines straddle them:
  // same records, same offsets.
  TempDir dir;
  std::string content;
  for (int i = 0; content.size() < (9u << 20); ++i) {
    content += "{\"op\":\"create\",\"name\":\"" +
               std::string(static_cast<std::size_t>(i % 997), 'n') +
               "\",\"seq\":" + std::to_string(i + 1) + "}\n";
    if (i % 50 == 7) content += "{\"op\":\"torn\",\"na";
  }
  WriteWholeFile(dir.File("big.jsonl"), content);
  const Recording from_file = ReadRecordFile(dir.File("big.jsonl"));
  const Recording in_memory = ParseRecords(content, dir.File("big.jsonl"));
  ASSERT_EQ(from_file.records.size(), in_memory.records.size());
  ASSERT_EQ(from_file.diagnostics.size(), in_memory.diagnostics.size());
  EXPECT_GT(from_file.diagnostics.size(), 10u);
  for (std::size_t i = 0; i < from_file.records.size(); ++i) {
    ASSERT_EQ(from_file.records[i].where().offset, in_memory.records[i].where().offset) << i;
    ASSERT_EQ(from_file.records[i].where().line, in_memory.records[i].where().line) << i;
    ASSERT_EQ(from_file.records[i].Seq(), static_cast<std::int64_t>(i + 1));
    const std::size_t offset = from_file.records[i].where().offset;
    ASSERT_EQ(content.compare(offset, kRecordPrefix.size(), kRecordPrefix), 0) << i;
  }
}

TEST(RecordReaderTest, RecordsBetweenSkippedLongLinesKeepTheirTextWhenTheirChunkIsFreed) {
  // Few small records among long skipped lines: the reader copies them out
  // of their chunks and frees the chunks; they must read as before.
  TempDir dir;
  std::string content;
  for (int i = 0; i < 6; ++i) {
    content += "{\"op\":\"create\",\"name\":\"m-" + std::to_string(i) + "\",\"mac\":\"aa:" +
               std::to_string(i) + "\",\"seq\":" + std::to_string(i + 1) + "}\n";
    content += "{\"op\":\"junk\",\"pad\":\"" + std::string(3u << 20, 'x') + "\"}\n";
  }
  WriteWholeFile(dir.File("sparse.jsonl"), content);
  ReadOptions options;
  options.max_line_bytes = 1u << 20;
  const Recording recording = ReadRecordFile(dir.File("sparse.jsonl"), options);
  ASSERT_EQ(recording.records.size(), 6u);
  EXPECT_EQ(recording.diagnostics.size(), 6u);
  for (std::size_t i = 0; i < recording.records.size(); ++i) {
    const Record& record = recording.records[i];
    EXPECT_EQ(record.Name(), "m-" + std::to_string(i));
    EXPECT_EQ(record.String("mac"), "aa:" + std::to_string(i));
    EXPECT_EQ(record.Seq(), static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(content.compare(record.offset(), record.text().size(), record.text()), 0) << i;
  }
}

TEST(RecordReaderTest, ARecordOutlivesTheRecordingItWasReadInto) {
  std::vector<Record> kept;
  {
    const Recording recording =
        ParseRecords("{\"op\":\"create\",\"name\":\"web-1\",\"mac\":\"aa:bb\"}\n", "r.jsonl");
    kept.assign(recording.records.begin(), recording.records.end());
  }
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].Op(), "create");
  EXPECT_EQ(kept[0].String("mac"), "aa:bb");
  EXPECT_EQ(kept[0].where().ToString(), "r.jsonl:1");
}

TEST(RecordReaderTest, FieldsAreReadFromTheLineAsTheJsonParserReadsThem) {
  const Recording recording = ParseRecords(
      "{\"op\":\"cr\\u0065ate\",\"name\":\"a\\\"b\",\"cpus\":2,\"x\":[1,{\"y\":null}],"
      "\"fixture_paths\":[\"f\\n\"],\"ts_ns\":-5}\n",
      "r.jsonl");
  ASSERT_EQ(recording.records.size(), 1u) << AllDiagnostics(recording);
  const Record& record = recording.records[0];
  EXPECT_EQ(record.Op(), "create");
  EXPECT_EQ(record.Name(), "a\"b");
  EXPECT_EQ(record.Find("cpus"), nlohmann::json(2));
  EXPECT_EQ(record.Find("x"), nlohmann::json::parse("[1,{\"y\":null}]"));
  EXPECT_EQ(record.Find("fixture_paths"), nlohmann::json::parse("[\"f\\n\"]"));
  EXPECT_EQ(record.TsNs(), -5);
  EXPECT_FALSE(record.Find("y").has_value());  // a nested key is not a field
  EXPECT_FALSE(record.Has("absent"));
  EXPECT_EQ(record.fields(), nlohmann::json::parse(record.text()));
}

TEST(RecordReaderTest, PathsThatAreNotRegularFilesAreRefusedAtOnce) {
  TempDir dir;
  const std::string fifo = dir.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A FIFO with no writer would block a reader for ever; /dev/zero never ends.
  const std::pair<std::string, std::string> cases[] = {
      {fifo, "a FIFO (named pipe)"},
      {"/dev/zero", "a character device"},
      {dir.path(), "a directory"},
  };
  for (const auto& [path, kind] : cases) {
    try {
      ReadRecordFile(path);
      ADD_FAILURE() << "no exception for " << path;
    } catch (const RecordFileError& error) {
      EXPECT_EQ(std::string(error.what()), "cannot read record file '" + path + "': it is " + kind);
    }
  }
}

TEST(RecordReaderTest, RecordingOverTheTotalLimitIsRefused) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 100; ++i) content += "{\"op\":\"start\",\"name\":\"a\"}\n";
  WriteWholeFile(dir.File("r.jsonl"), content);
  ReadOptions options;
  options.max_total_bytes = 1000;
  try {
    ReadRecordFile(dir.File("r.jsonl"), options);
    FAIL() << "no exception past the limit";
  } catch (const RecordFileError& error) {
    EXPECT_THAT(error.what(), HasSubstr("more than 1000 bytes (the limit on one recording)"));
  }
  options.max_total_bytes = content.size();
  EXPECT_EQ(ReadRecordFile(dir.File("r.jsonl"), options).records.size(), 100u);
}

// --- following a growing file ---------------------------------------------------

TEST(RecordFollowerTest, ParsesEachAppendedByteOnceAndEndsWithWhatAWholeReadGives) {
  TempDir dir;
  const std::string path = dir.File("growing.jsonl");
  RecordFollower follower(path);
  EXPECT_FALSE(follower.Poll());  // no file yet: nothing, and no error
  EXPECT_FALSE(follower.file_seen());

  // 100,000 records in 250 bursts; a burst may end in the middle of a line,
  // as a writer's record lands in pieces for a reader that reads too soon.
  std::string content;
  for (int i = 0; i < 100000; ++i) {
    content += "{\"op\":\"start\",\"name\":\"m-" + std::to_string(i % 100) + "\"}\n";
  }
  std::size_t written = 0;
  std::size_t polls_with_records = 0;
  for (int burst = 1; burst <= 250; ++burst) {
    const std::size_t end = content.size() * static_cast<std::size_t>(burst) / 250 - (burst % 3);
    AppendToFile(path, content.substr(written, end - written));
    written = end;
    if (follower.Poll()) ++polls_with_records;
    // A line still being written is not a record, nor a diagnostic, yet.
    ASSERT_TRUE(follower.recording().diagnostics.empty()) << AllDiagnostics(follower.recording());
  }
  AppendToFile(path, content.substr(written));
  follower.Finish();
  EXPECT_GT(polls_with_records, 200u);

  const Recording whole = ReadRecordFile(path);
  ASSERT_EQ(follower.recording().records.size(), 100000u);
  ASSERT_EQ(follower.recording().records.size(), whole.records.size());
  for (std::size_t i = 0; i < whole.records.size(); i += 997) {
    EXPECT_EQ(follower.recording().records[i].offset(), whole.records[i].offset()) << i;
    EXPECT_EQ(follower.recording().records[i].text(), whole.records[i].text()) << i;
  }
  // Each byte parsed once: linear in the final size, whatever the bursts.
  EXPECT_EQ(follower.bytes_parsed(), content.size());
}

TEST(RecordFollowerTest, FinishJudgesATornTailAsAWholeReadDoes) {
  TempDir dir;
  const std::string path = dir.File("torn.jsonl");
  WriteWholeFile(path, "{\"op\":\"start\"}\n{\"op\":\"sto");
  RecordFollower follower(path);
  EXPECT_TRUE(follower.Poll());
  EXPECT_TRUE(follower.recording().diagnostics.empty());  // live: maybe still being written
  follower.Finish();
  EXPECT_THAT(Kinds(follower.recording()), ElementsAre(DiagnosticKind::kIncompleteTail));
  EXPECT_EQ(follower.recording().records.size(), 1u);
}

TEST(RecordFollowerTest, AFileReplacedWhileFollowedIsReadAgainFromItsStart) {
  TempDir dir;
  const std::string path = dir.File("replaced.jsonl");
  WriteWholeFile(path, "{\"op\":\"a\"}\n{\"op\":\"b\"}\n");
  RecordFollower follower(path);
  follower.Poll();
  ASSERT_EQ(follower.recording().records.size(), 2u);
  WriteWholeFile(dir.File("next.jsonl"), "{\"op\":\"c\"}\n");
  ASSERT_EQ(::rename(dir.File("next.jsonl").c_str(), path.c_str()), 0);
  EXPECT_TRUE(follower.Poll());
  ASSERT_EQ(follower.recording().records.size(), 1u);
  EXPECT_EQ(follower.recording().records[0].Op(), "c");
}

TEST(RecordFollowerTest, AFileRewrittenInPlacePastWhereItWasReadIsReadAgain) {
  // Truncated and written again on the same inode, longer than before: its
  // size alone would say it grew.
  TempDir dir;
  const std::string path = dir.File("rewritten.jsonl");
  WriteWholeFile(path, "{\"op\":\"a\"}\n");
  RecordFollower follower(path);
  follower.Poll();
  ASSERT_EQ(follower.recording().records.size(), 1u);
  WriteWholeFile(path, "{\"op\":\"x\"}\n{\"op\":\"y\"}\n{\"op\":\"z\"}\n");
  EXPECT_TRUE(follower.Poll());
  EXPECT_EQ(follower.restarts(), 1u);
  ASSERT_EQ(follower.recording().records.size(), 3u);
  EXPECT_EQ(follower.recording().records[0].Op(), "x");
  EXPECT_TRUE(follower.recording().diagnostics.empty()) << AllDiagnostics(follower.recording());
}

// --- several files -------------------------------------------------------------

TEST(RecordReaderTest, ShardsAreMergedByTimestampThenPidThenSeq) {
  TempDir dir;
  WriteWholeFile(dir.File("a.jsonl"),
                 "{\"op\":\"a1\",\"pid\":2,\"seq\":1,\"ts_ns\":10}\n"
                 "{\"op\":\"a2\",\"pid\":2,\"seq\":2,\"ts_ns\":30}\n"
                 "{\"op\":\"a3\",\"pid\":2,\"seq\":3,\"ts_ns\":30}\n");
  WriteWholeFile(dir.File("b.jsonl"),
                 "{\"op\":\"b1\",\"pid\":1,\"seq\":1,\"ts_ns\":20}\n"
                 "{\"op\":\"b2\",\"pid\":1,\"seq\":2,\"ts_ns\":30}\n"
                 "{\"op\":\"b3\",\"pid\":1,\"seq\":3,\"ts_ns\":40}\n");
  const Recording merged = ReadRecordFiles({dir.File("a.jsonl"), dir.File("b.jsonl")});
  EXPECT_THAT(Ops(merged), ElementsAre("a1", "b1", "b2", "a2", "a3", "b3"));
  EXPECT_THAT(merged.files, ElementsAre(dir.File("a.jsonl"), dir.File("b.jsonl")));
  EXPECT_EQ(merged.records[1].where().file, dir.File("b.jsonl"));
}

TEST(RecordReaderTest, MergeKeepsEachFilesOwnOrder) {
  // Within one file, a later line with an earlier timestamp (clock step,
  // or two threads racing between taking the time and writing) stays later.
  TempDir dir;
  WriteWholeFile(dir.File("a.jsonl"),
                 "{\"op\":\"a1\",\"pid\":1,\"seq\":1,\"ts_ns\":50}\n"
                 "{\"op\":\"a2\",\"pid\":1,\"seq\":2,\"ts_ns\":10}\n");
  WriteWholeFile(dir.File("b.jsonl"), "{\"op\":\"b1\",\"pid\":2,\"seq\":1,\"ts_ns\":20}\n");
  EXPECT_THAT(Ops(ReadRecordFiles({dir.File("a.jsonl"), dir.File("b.jsonl")})),
              ElementsAre("b1", "a1", "a2"));
}

TEST(RecordReaderTest, RecordsWithoutTimestampKeepTheirPlaceInTheirFile) {
  TempDir dir;
  WriteWholeFile(dir.File("go.jsonl"), "{\"op\":\"g1\"}\n{\"op\":\"g2\"}\n");
  WriteWholeFile(dir.File("w.jsonl"),
                 "{\"op\":\"w1\",\"pid\":1,\"seq\":1,\"ts_ns\":5}\n"
                 "{\"op\":\"w2\"}\n"
                 "{\"op\":\"w3\",\"pid\":1,\"seq\":2,\"ts_ns\":9}\n");
  EXPECT_THAT(Ops(ReadRecordFiles({dir.File("w.jsonl"), dir.File("go.jsonl")})),
              ElementsAre("g1", "g2", "w1", "w2", "w3"));
}

TEST(RecordReaderTest, MergeCollectsDiagnosticsOfEveryFile) {
  TempDir dir;
  WriteWholeFile(dir.File("a.jsonl"), "nope\n{\"op\":\"a\"}\n");
  WriteWholeFile(dir.File("b.jsonl"), "{\"op\":\"b\"}\n[]\n");
  const Recording merged = ReadRecordFiles({dir.File("a.jsonl"), dir.File("b.jsonl")});
  EXPECT_EQ(merged.records.size(), 2u);
  ASSERT_EQ(merged.diagnostics.size(), 2u);
  EXPECT_EQ(merged.diagnostics[0].where.file, dir.File("a.jsonl"));
  EXPECT_EQ(merged.diagnostics[1].where.file, dir.File("b.jsonl"));
}

TEST(RecordReaderTest, MergeFailsWhenAnyFileIsMissing) {
  TempDir dir;
  WriteWholeFile(dir.File("a.jsonl"), "{\"op\":\"a\"}\n");
  EXPECT_THROW(ReadRecordFiles({dir.File("a.jsonl"), dir.File("missing.jsonl")}), RecordFileError);
}

}  // namespace
}  // namespace witness::recorder
