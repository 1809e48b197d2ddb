// Security of the record file: what a hostile neighbour sharing a
// directory (say /tmp) can and cannot make a recording process do.
//
// What green proves: the record file is created owner-only and its
// descriptor is not inherited by child processes; a symlink, FIFO or
// another user's file planted at the record path is refused with a clear
// error and left untouched, both through Writer and through a helper
// process driving the fake backend. What it does not prove: safety against
// an attacker who controls a parent directory of the record path (O_NOFOLLOW
// covers only the last component), or anything on filesystems that ignore
// ownership.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "harness/child_process.h"
#include "harness/temp_dir.h"
#include "witness/recorder/writer.h"

namespace witness::reliability {
namespace {

using recorder::RecordWriteError;
using recorder::Writer;
using recorder::WriterOptions;
using ::testing::HasSubstr;

constexpr uid_t kNobody = 65534;

// Writer options that keep the expected warnings out of the test's output.
WriterOptions Quiet() {
  WriterOptions options;
  options.warn = [](const std::string&) {};
  return options;
}

std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

// The message of the RecordWriteError Writer::Open throws, or "" if it
// opens the file.
std::string OpenError(const std::string& path) {
  try {
    Writer::Open(path, Quiet());
  } catch (const RecordWriteError& error) {
    EXPECT_EQ(error.path(), path);
    return error.what();
  }
  return "";
}

// A helper process driving the fake backend against `record_path`.
ChildResult RunHelper(const std::string& record_path) {
  ChildOptions options;
  options.set_env = {{"FLEETBOX_FAKE_RECORD", record_path}};
  return RunChild({WITNESS_RELIABILITY_TOOL, "backend", "--members", "1"}, options);
}

TEST(RecordFileSecurityTest, RecordFileIsCreatedReadableByItsOwnerOnly) {
  TempDir dir;
  const std::string path = dir.File("record.jsonl");
  const mode_t saved = umask(0);  // so the mode seen is the one Writer asked for
  auto writer = Writer::Open(path, Quiet());
  umask(saved);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_uid, geteuid());
}

TEST(RecordFileSecurityTest, RecordFileDescriptorIsNotInheritedByChildProcesses) {
  TempDir dir;
  const std::string path = dir.File("record.jsonl");
  auto writer = Writer::Open(path, Quiet());

  int record_fd = -1;
  for (int fd = 0; fd < 1024; ++fd) {
    char target[4096];
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n > 0 && std::string(target, static_cast<std::size_t>(n)) == path) record_fd = fd;
  }
  ASSERT_GE(record_fd, 0) << "the writer holds no descriptor for " << path;
  EXPECT_NE(fcntl(record_fd, F_GETFD) & FD_CLOEXEC, 0);

  ChildResult child = RunChild({WITNESS_RELIABILITY_TOOL, "fds"});
  ASSERT_TRUE(child.Exited(0)) << child.err;
  EXPECT_THAT(child.out, HasSubstr("/proc/"));  // it did list its own descriptors
  EXPECT_THAT(child.out, ::testing::Not(HasSubstr(path)));
}

TEST(RecordFileSecurityTest, SymlinkPlantedAtTheRecordPathIsRefusedAndItsTargetUntouched) {
  TempDir dir;
  const std::string target = dir.File("precious.txt");
  WriteFile(target, "precious\n");
  const std::string link = dir.File("record.jsonl");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);

  const std::string error = OpenError(link);
  EXPECT_THAT(error, HasSubstr("'" + link + "'"));
  EXPECT_THAT(error, HasSubstr("symbolic link"));

  ChildResult helper = RunHelper(link);
  EXPECT_TRUE(helper.Exited(1)) << DescribeStatus(helper.status);
  EXPECT_THAT(helper.err, HasSubstr("symbolic link"));
  EXPECT_EQ(Contents(target), "precious\n");
}

TEST(RecordFileSecurityTest, DanglingSymlinkDoesNotCreateItsTarget) {
  TempDir dir;
  const std::string target = dir.File("would-be-created");
  const std::string link = dir.File("record.jsonl");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);

  EXPECT_THAT(OpenError(link), HasSubstr("symbolic link"));
  struct stat st {};
  EXPECT_NE(lstat(target.c_str(), &st), 0) << "the symlink's target was created";
}

TEST(RecordFileSecurityTest, FileOwnedByAnotherUserIsNotAppendedTo) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
  TempDir dir;
  const std::string path = dir.File("record.jsonl");
  WriteFile(path, "{\"op\":\"close\"}\n");
  ASSERT_EQ(chown(path.c_str(), kNobody, kNobody), 0);

  const std::string error = OpenError(path);
  EXPECT_THAT(error, HasSubstr("'" + path + "'"));
  EXPECT_THAT(error, HasSubstr("owned by uid " + std::to_string(kNobody)));

  ChildResult helper = RunHelper(path);
  EXPECT_TRUE(helper.Exited(1)) << DescribeStatus(helper.status);
  EXPECT_THAT(helper.err, HasSubstr("owned by uid"));
  EXPECT_EQ(Contents(path), "{\"op\":\"close\"}\n");
}

TEST(RecordFileSecurityTest, FifoAtTheRecordPathIsRefusedWithoutBlocking) {
  TempDir dir;
  const std::string path = dir.File("record.jsonl");
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  // No reader holds the FIFO open: a blocking open would hang here.
  const std::string error = OpenError(path);
  EXPECT_THAT(error, HasSubstr("'" + path + "'"));
  EXPECT_THAT(error, ::testing::AnyOf(HasSubstr("not a regular file"),
                                      HasSubstr("no such device or address")));
}

}  // namespace
}  // namespace witness::reliability
