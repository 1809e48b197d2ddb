// The unified diff `witness review` prints: shortest edits, hunks with
// context, positions as diff(1) writes them, and no raw control byte.
#include "witness/cli/line_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

std::string Diff(const std::string& before, const std::string& after) {
  return UnifiedDiff(before, after, "a.yaml", "a.yaml.new", Palette(false));
}

TEST(LineDiffTest, EqualTextsHaveNoDiff) {
  EXPECT_EQ(Diff("a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(Diff("", ""), "");
}

TEST(LineDiffTest, OneChangedLineWithThreeLinesOfContext) {
  EXPECT_EQ(Diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n"),
            "--- a.yaml\n+++ a.yaml.new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(LineDiffTest, DistantChangesMakeTwoHunksAndNearOnesOne) {
  std::string before;
  for (int i = 1; i <= 20; ++i) before += std::to_string(i) + "\n";
  std::string after = before;
  after.replace(after.find("2\n"), 2, "two\n");
  after.replace(after.find("\n18\n") + 1, 3, "eighteen\n");
  const std::string diff = Diff(before, after);
  EXPECT_EQ(diff,
            "--- a.yaml\n+++ a.yaml.new\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
  std::string near = before;
  near.replace(near.find("\n8\n") + 1, 2, "eight\n");
  near.replace(near.find("2\n"), 2, "two\n");
  // Five unchanged lines between two changes: within twice the context.
  const std::string one_hunk = Diff(before, near);
  EXPECT_THAT(one_hunk, ::testing::StartsWith("--- a.yaml\n+++ a.yaml.new\n@@ -1,11 +1,11 @@\n"));
  EXPECT_EQ(one_hunk.find("@@", one_hunk.find("@@ -1,11") + 17), std::string::npos);
}

TEST(LineDiffTest, InsertionIntoAnEmptyFileAndDeletionOfAll) {
  EXPECT_EQ(Diff("", "a\n"), "--- a.yaml\n+++ a.yaml.new\n@@ -0,0 +1,1 @@\n+a\n");
  EXPECT_EQ(Diff("a\nb\n", ""), "--- a.yaml\n+++ a.yaml.new\n@@ -1,2 +0,0 @@\n-a\n-b\n");
}

TEST(LineDiffTest, AMissingFinalNewlineIsAChangeAndSaidSo) {
  EXPECT_EQ(Diff("a\n", "a"),
            "--- a.yaml\n+++ a.yaml.new\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of file\n");
}

TEST(LineDiffTest, EditsAreAShortestScript) {
  const std::vector<std::string_view> a = {"a", "b", "c", "a", "b", "b", "a"};
  const std::vector<std::string_view> b = {"c", "b", "a", "b", "a", "c"};
  std::size_t changes = 0;
  std::size_t next_a = 0;
  std::size_t next_b = 0;
  for (const LineEdit& edit : DiffLines(a, b)) {
    if (edit.kind == LineEdit::Kind::kKeep) {
      EXPECT_EQ(edit.before_line, next_a++);
      EXPECT_EQ(edit.after_line, next_b++);
      EXPECT_EQ(a[edit.before_line], b[edit.after_line]);
    } else if (edit.kind == LineEdit::Kind::kDelete) {
      EXPECT_EQ(edit.before_line, next_a++);
      ++changes;
    } else {
      EXPECT_EQ(edit.after_line, next_b++);
      ++changes;
    }
  }
  EXPECT_EQ(next_a, a.size());
  EXPECT_EQ(next_b, b.size());
  EXPECT_EQ(changes, 5u);  // Myers' paper's example: D = 5
}

TEST(LineDiffTest, ControlBytesInTheTextAreEscaped) {
  const std::string diff = Diff("name: a\n", "name: \x1b[2Jb\r\n");
  EXPECT_EQ(recorder::FindTerminalControl(diff), std::string::npos) << recorder::Printable(diff);
  EXPECT_THAT(diff, ::testing::HasSubstr("+name: \\x1b[2Jb\\x0d\n"));
}

}  // namespace
}  // namespace witness::cli
