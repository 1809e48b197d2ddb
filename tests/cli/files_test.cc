#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_test_support.h"
#include "witness/cli/output_file.h"
#include "witness/cli/private_temp_dir.h"
#include "witness/cli/usage_error.h"

namespace witness::cli {
namespace {

using testing::FileExists;
using testing::ReadTextFile;
using testing::ScratchDir;

TEST(PrivateTempDirTest, IsPrivateAndRemovedWithItsContents) {
  std::string path;
  {
    PrivateTempDir dir("witness-test");
    path = dir.path();
    struct stat st;
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    testing::WriteTextFile(path + "/record.jsonl", "x\n");
  }
  EXPECT_FALSE(FileExists(path));
}

TEST(PrivateTempDirTest, KeptDirectoryOutlivesTheObject) {
  std::string path;
  {
    PrivateTempDir dir("witness-test");
    path = dir.path();
    dir.Keep();
  }
  EXPECT_TRUE(FileExists(path));
  rmdir(path.c_str());
}

TEST(PrivateTempDirTest, UnusableTmpdirIsAnErrorNamingIt) {
  ScratchDir scratch;
  std::string missing = scratch.File("missing");
  setenv("TMPDIR", missing.c_str(), 1);
  try {
    PrivateTempDir dir("witness-test");
    FAIL() << "no error";
  } catch (const TempDirError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot create a temporary directory in '" + missing +
                                         "': no such file or directory");
  }
  unsetenv("TMPDIR");
}

TEST(OutputFileTest, WritesTheWholeContentAndCreatesParents) {
  ScratchDir scratch;
  std::string path = scratch.File("reports/junit/solo.xml");
  WriteOutputFile(path, "<testsuite/>\n");
  EXPECT_EQ(ReadTextFile(path), "<testsuite/>\n");
  WriteOutputFile(path, "replaced\n");
  EXPECT_EQ(ReadTextFile(path), "replaced\n");
}

TEST(OutputFileTest, UnwritablePlaceIsAUsageErrorNamingTheFile) {
  ScratchDir scratch;
  testing::WriteTextFile(scratch.File("plain"), "");
  std::string path = scratch.File("plain/report.xml");  // a file as parent directory
  try {
    WriteOutputFile(path, "x");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith("cannot write '" + path + "': "));
  }
}

TEST(OutputFileTest, AppendAddsToWhatTheFileHoldsAndCreatesIt) {
  ScratchDir scratch;
  const std::string path = scratch.File("summary/step.md");
  AppendOutputFile(path, "first\n");
  AppendOutputFile(path, "second\n");
  EXPECT_EQ(ReadTextFile(path), "first\nsecond\n");
}

TEST(OutputFileTest, AppendToAnUnwritablePlaceIsAUsageErrorNamingTheFile) {
  ScratchDir scratch;
  testing::WriteTextFile(scratch.File("plain"), "");
  const std::string path = scratch.File("plain/step.md");
  try {
    AppendOutputFile(path, "x");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith("cannot write '" + path + "': "));
  }
}

}  // namespace
}  // namespace witness::cli
