// Reading a record file while it is being appended (ReadOptions::live).
//
// What green proves: a live reader racing a writer process that appends
// large records (copied into the file page by page, so a read can see a
// record half-written) returned only whole, intact records, never fewer than
// the read before, and never reported the growing last line; once the file
// stops growing, a last line left incomplete is reported by a normal read.
// What it does not prove: that every possible page split was observed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "harness/child_process.h"
#include "harness/payload.h"
#include "harness/temp_dir.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/writer.h"

namespace witness::reliability {
namespace {

using recorder::DiagnosticKind;
using recorder::ReadOptions;
using recorder::ReadRecordFile;
using recorder::Recording;

ReadOptions Live() {
  ReadOptions options;
  options.live = true;
  return options;
}

void AppendRaw(const std::string& path, std::string_view bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  close(fd);
}

TEST(LiveReaderTest, ReaderRacingAWriterSeesOnlyWholeRecordsAndNeverTheGrowingLine) {
  TempDir dir(TempDir::MemoryBase());
  const std::string path = dir.File("live.jsonl");
  ChildProcess writer = ChildProcess::Start(
      {WITNESS_RELIABILITY_TOOL, "write", "--path", path, "--threads", "2", "--records", "100",
       "--sizes", "4096:4096:262144:1", "--seed", "99", "--tag", "live", "--op", "live"});

  std::size_t reads = 0;
  std::size_t verified = 0;  // records before this index were checked already
  std::size_t previous = 0;
  bool running = true;
  while (running) {
    running = writer.Running();
    Recording recording;
    try {
      recording = ReadRecordFile(path, Live());
    } catch (const recorder::RecordFileError&) {
      continue;  // the writer has not created the file yet
    }
    ++reads;
    ASSERT_TRUE(recording.diagnostics.empty())
        << "live read " << reads << ": " << recording.diagnostics.front().ToString();
    ASSERT_GE(recording.records.size(), previous) << "live read " << reads << " lost records";
    for (std::size_t i = verified; i < recording.records.size(); ++i) {
      if (recording.records[i].Op() != "live") continue;
      std::string problem = VerifyChecksummedRecord(recording.records[i]);
      ASSERT_EQ(problem, "") << "live read " << reads;
    }
    verified = previous = recording.records.size();
  }
  ASSERT_TRUE(writer.Wait() == 0) << DescribeStatus(writer.Wait());

  Recording final_read = ReadRecordFile(path);
  EXPECT_TRUE(final_read.diagnostics.empty());
  EXPECT_EQ(final_read.CallRecords().size(), 200u);
  EXPECT_EQ(final_read.records.size(), 202u);  // with session and session_end
  EXPECT_GE(reads, 1u);
  std::cout << "live reads while the writer ran: " << reads << "\n";
}

TEST(LiveReaderTest, GrowingLastLineIsReportedOnlyOnceItStaysIncomplete) {
  TempDir dir;
  const std::string path = dir.File("growing.jsonl");
  {
    auto writer = recorder::Writer::Open(path);
    recorder::Event create;
    create.op = "create";
    create.name = "web-1";
    writer->Append(create);
  }
  std::string line;
  recorder::Event stop;
  stop.op = "stop";
  stop.name = "web-1";
  recorder::FormatRecord(stop, 4242, 1, 1700000000000000000, line);
  struct stat before {};
  ASSERT_EQ(stat(path.c_str(), &before), 0);
  const auto tail_offset = static_cast<std::uint64_t>(before.st_size);
  const std::size_t half = line.size() / 2;
  AppendRaw(path, std::string_view(line).substr(0, half));

  Recording live = ReadRecordFile(path, Live());
  EXPECT_TRUE(live.diagnostics.empty()) << live.diagnostics.front().ToString();
  ASSERT_EQ(live.CallRecords().size(), 1u);

  Recording settled = ReadRecordFile(path);
  ASSERT_EQ(settled.diagnostics.size(), 1u);
  EXPECT_EQ(settled.diagnostics[0].kind, DiagnosticKind::kIncompleteTail);
  EXPECT_EQ(settled.diagnostics[0].where.offset, tail_offset);
  EXPECT_EQ(settled.diagnostics[0].where.file, path);
  EXPECT_EQ(settled.CallRecords().size(), 1u);

  AppendRaw(path, std::string_view(line).substr(half));
  for (const ReadOptions& options : {Live(), ReadOptions{}}) {
    Recording whole = ReadRecordFile(path, options);
    EXPECT_TRUE(whole.diagnostics.empty());
    ASSERT_EQ(whole.CallRecords().size(), 2u);
    EXPECT_EQ(whole.CallRecords()[1]->Op(), "stop");
    EXPECT_EQ(whole.CallRecords()[1]->where().offset, tail_offset);
  }
}

}  // namespace
}  // namespace witness::reliability
