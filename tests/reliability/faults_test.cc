// Faults in the record file's storage, end to end: a helper process drives
// the fake backend with FLEETBOX_FAKE_RECORD pointing somewhere that fails.
//
// What green proves: when the record file cannot be written (disk full, a
// file size limit, a read-only directory, a directory in its place, a
// missing parent), the helper's backend call fails with a message naming
// the path and the system's reason, and the records written before the
// fault are intact: a broken recorder fails the run instead of letting a
// test pass on a partial recording. What it does not prove: behaviour on
// storage that fails silently (a lying disk, NFS).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "harness/child_process.h"
#include "harness/temp_dir.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"

namespace witness::reliability {
namespace {

using recorder::DiagnosticKind;
using recorder::ReadRecordFile;
using recorder::Recording;
using ::testing::HasSubstr;

constexpr int kCannotSetUp = 77;
constexpr uid_t kNobody = 65534;

ChildResult RunHelper(const std::string& record_path, std::vector<std::string> flags) {
  std::vector<std::string> argv{WITNESS_RELIABILITY_TOOL, "backend"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  ChildOptions options;
  options.set_env = {{"FLEETBOX_FAKE_RECORD", record_path}};
  options.unset_env = {"FLEETBOX_FAKE_FAIL_CREATE"};
  return RunChild(argv, options);
}

// The helper's report of the backend call that failed (the writer's own
// warnings on stderr are other lines).
std::string CallError(const ChildResult& result) {
  const std::string tag = "witness_reliability_tool: ";
  const std::size_t at = result.err.find(tag);
  if (at == std::string::npos) return "";
  return result.err.substr(at + tag.size(), result.err.find('\n', at) - at - tag.size());
}

// The calls the helper reported as returned ("calls N" on stdout).
long CallsReturned(const ChildResult& result) {
  const std::size_t at = result.out.find("calls ");
  return at == std::string::npos ? -1 : std::stol(result.out.substr(at + 6));
}

TEST(FaultsTest, DiskFullFailsTheBackendCallAndKeepsEveryEarlierRecord) {
  TempDir dir;
  const std::string mount_point = dir.File("full");
  ASSERT_EQ(mkdir(mount_point.c_str(), 0700), 0);
  const std::string copy = dir.File("copy.jsonl");
  // 64 KiB of tmpfs fills after about 60 of the 200 members.
  ChildResult result = RunHelper(mount_point + "/record.jsonl",
                                 {"--members", "200", "--tmpfs", "65536", "--copy-to", copy});
  if (result.Exited(kCannotSetUp)) GTEST_SKIP() << "no private tmpfs here: " << result.err;

  ASSERT_TRUE(result.Exited(1)) << DescribeStatus(result.status) << ": " << result.err;
  const std::string error = CallError(result);
  EXPECT_THAT(error, HasSubstr("cannot record "));
  EXPECT_THAT(error, HasSubstr("'" + mount_point + "/record.jsonl'"));
  // The write that met the full disk came back short (the kernel fills the
  // last pages first) or failed outright: either way the reason is named.
  EXPECT_THAT(error, HasSubstr("no space left on device"));
  EXPECT_THAT(result.err, HasSubstr("no space left on device"));
  const long calls = CallsReturned(result);
  ASSERT_GT(calls, 8);
  ASSERT_LT(calls, 800);

  Recording recording = ReadRecordFile(copy);
  // Every call that returned left its record, intact; the call that failed
  // left none, or a partial one at the very end (reported, never read).
  EXPECT_EQ(static_cast<long>(recording.CallRecords().size()), calls);
  for (std::size_t i = 0; i < recording.CallRecords().size(); ++i) {
    const std::string ops[] = {"reserve", "create", "start", "stop"};
    EXPECT_EQ(recording.CallRecords()[i]->Op(), ops[i % 4]) << "record " << i;
    EXPECT_EQ(recording.CallRecords()[i]->Name(), "m" + std::to_string(i / 4));
  }
  ASSERT_LE(recording.diagnostics.size(), 1u);
  if (!recording.diagnostics.empty()) {
    EXPECT_EQ(recording.diagnostics[0].kind, DiagnosticKind::kIncompleteTail)
        << recording.diagnostics[0].ToString();
  }
}

TEST(FaultsTest, DevFullFailsTheFirstBackendCallWithTheReason) {
  ChildResult result = RunHelper("/dev/full", {"--members", "2"});
  ASSERT_TRUE(result.Exited(1)) << DescribeStatus(result.status) << ": " << result.err;
  EXPECT_THAT(CallError(result), HasSubstr("'/dev/full'"));
  EXPECT_THAT(CallError(result), HasSubstr("no space left on device"));
  EXPECT_EQ(CallsReturned(result), 0);
}

TEST(FaultsTest, ShortWriteAtTheFileSizeLimitIsReportedAndTheTornRecordCostsOnlyItself) {
  TempDir dir;
  const std::string path = dir.File("record.jsonl");
  ChildResult limited = RunHelper(path, {"--members", "200", "--file-size-limit", "20000"});
  ASSERT_TRUE(limited.Exited(1)) << DescribeStatus(limited.status) << ": " << limited.err;
  EXPECT_THAT(CallError(limited), HasSubstr("'" + path + "'"));
  EXPECT_THAT(CallError(limited),
              ::testing::AnyOf(HasSubstr("file size limit of 20000 bytes is reached"),
                               HasSubstr("file too large")));
  const long calls = CallsReturned(limited);
  ASSERT_GT(calls, 0);
  Recording before = ReadRecordFile(path);
  // The record of the call that failed is torn: left out with a diagnostic,
  // or, when only its newline was cut (the limit fell on the last byte),
  // read as whole although the call reported failure (docs/reliability.md).
  const long cut_before_newline = before.diagnostics.empty() ? 1 : 0;
  if (before.diagnostics.empty()) {
    EXPECT_EQ(static_cast<long>(before.CallRecords().size()), calls + 1);
  } else {
    EXPECT_EQ(static_cast<long>(before.CallRecords().size()), calls);
    ASSERT_EQ(before.diagnostics.size(), 1u);
    EXPECT_EQ(before.diagnostics[0].kind, DiagnosticKind::kIncompleteTail);
  }
  const recorder::SourceLocation torn = before.diagnostics.empty()
                                            ? before.CallRecords().back()->where()
                                            : before.diagnostics[0].where;
  const std::uint64_t torn_offset = torn.offset;

  // A second helper, without the limit, appends after the torn bytes: its
  // first record shares their line.
  ChildResult next = RunHelper(path, {"--members", "1"});
  ASSERT_TRUE(next.Exited(0)) << DescribeStatus(next.status) << ": " << next.err;

  Recording recording = ReadRecordFile(path);
  EXPECT_EQ(static_cast<long>(recording.CallRecords().size()), calls + cut_before_newline + 5);
  if (cut_before_newline == 0) {
    ASSERT_EQ(recording.diagnostics.size(), 1u);
    EXPECT_EQ(recording.diagnostics[0].kind, DiagnosticKind::kTornRecord);
    EXPECT_EQ(recording.diagnostics[0].where.offset, torn_offset);
    EXPECT_EQ(recording.diagnostics[0].where.file, path);
  } else {
    EXPECT_TRUE(recording.diagnostics.empty());
  }
  // The second helper's session record starts on the torn record's line.
  const recorder::Record* session = nullptr;
  for (const recorder::Record& r : recording.records) {
    if (r.Op() == recorder::ops::kSession && r.where().offset > torn_offset) {
      session = &r;
      break;
    }
  }
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->where().line, torn.line);
}

TEST(FaultsTest, ReadOnlyDirectoryFailsWithPermissionDenied) {
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);  // reachable by the unprivileged helper
  const std::string read_only = dir.File("ro");
  ASSERT_EQ(mkdir(read_only.c_str(), 0555), 0);
  std::vector<std::string> flags{"--members", "1"};
  if (geteuid() == 0) {
    // Root ignores directory permissions: run the helper as nobody.
    flags.insert(flags.end(), {"--as-user", std::to_string(kNobody)});
  }
  ChildResult result = RunHelper(read_only + "/record.jsonl", flags);
  if (result.Exited(kCannotSetUp)) GTEST_SKIP() << result.err;
  ASSERT_TRUE(result.Exited(1)) << DescribeStatus(result.status) << ": " << result.err;
  EXPECT_THAT(CallError(result), HasSubstr("'" + read_only + "/record.jsonl'"));
  EXPECT_THAT(CallError(result), HasSubstr("permission denied"));
  EXPECT_EQ(CallsReturned(result), 0);
}

TEST(FaultsTest, DirectoryAtTheRecordPathFailsWithIsADirectory) {
  TempDir dir;
  ChildResult result = RunHelper(dir.path(), {"--members", "1"});
  ASSERT_TRUE(result.Exited(1)) << DescribeStatus(result.status) << ": " << result.err;
  EXPECT_THAT(CallError(result), HasSubstr("'" + dir.path() + "'"));
  EXPECT_THAT(CallError(result), HasSubstr("is a directory"));
  EXPECT_EQ(CallsReturned(result), 0);
}

TEST(FaultsTest, MissingParentDirectoryIsNamedInTheError) {
  TempDir dir;
  const std::string missing = dir.File("no/such/dir");
  ChildResult result = RunHelper(missing + "/record.jsonl", {"--members", "1"});
  ASSERT_TRUE(result.Exited(1)) << DescribeStatus(result.status) << ": " << result.err;
  EXPECT_THAT(CallError(result), HasSubstr("'" + missing + "/record.jsonl'"));
  EXPECT_THAT(CallError(result), HasSubstr("'" + missing + "' does not exist"));
  EXPECT_EQ(CallsReturned(result), 0);
}

}  // namespace
}  // namespace witness::reliability
