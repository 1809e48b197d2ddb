#include "witness/cli/terminal.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "witness/cli/usage_error.h"

namespace witness::cli {
namespace {

// A pseudo-terminal, so "is a terminal" can be tested without one.
class PseudoTerminal {
 public:
  PseudoTerminal() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ >= 0 && grantpt(master_) == 0 && unlockpt(master_) == 0) {
      slave_ = open(ptsname(master_), O_RDWR | O_NOCTTY);
    }
  }
  ~PseudoTerminal() {
    if (slave_ >= 0) close(slave_);
    if (master_ >= 0) close(master_);
  }
  int fd() const { return slave_; }

 private:
  int master_ = -1;
  int slave_ = -1;
};

class TerminalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* value = getenv("NO_COLOR");
    if (value != nullptr) saved_ = value;
    had_ = value != nullptr;
    unsetenv("NO_COLOR");
  }
  void TearDown() override {
    if (had_) {
      setenv("NO_COLOR", saved_.c_str(), 1);
    } else {
      unsetenv("NO_COLOR");
    }
  }
  std::string saved_;
  bool had_ = false;
};

TEST_F(TerminalTest, AutoColoursATerminalOnly) {
  PseudoTerminal terminal;
  ASSERT_GE(terminal.fd(), 0) << "no pseudo-terminal available";
  EXPECT_TRUE(ShouldColor(ColorMode::kAuto, terminal.fd()));
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  EXPECT_FALSE(ShouldColor(ColorMode::kAuto, pipe_fds[1]));
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

TEST_F(TerminalTest, NoColorTurnsAutoOffEvenOnATerminal) {
  PseudoTerminal terminal;
  ASSERT_GE(terminal.fd(), 0) << "no pseudo-terminal available";
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(ShouldColor(ColorMode::kAuto, terminal.fd()));
  // An empty NO_COLOR does not count (no-color.org).
  setenv("NO_COLOR", "", 1);
  EXPECT_TRUE(ShouldColor(ColorMode::kAuto, terminal.fd()));
}

TEST_F(TerminalTest, AlwaysAndNeverOverrideDetection) {
  setenv("NO_COLOR", "1", 1);
  EXPECT_TRUE(ShouldColor(ColorMode::kAlways, -1));
  EXPECT_FALSE(ShouldColor(ColorMode::kNever, -1));
}

TEST_F(TerminalTest, ParsesColourModes) {
  EXPECT_EQ(ParseColorMode("auto"), ColorMode::kAuto);
  EXPECT_EQ(ParseColorMode("always"), ColorMode::kAlways);
  EXPECT_EQ(ParseColorMode("never"), ColorMode::kNever);
  EXPECT_THROW(ParseColorMode("yes"), UsageError);
}

TEST_F(TerminalTest, PaletteLeavesTextAloneWhenDisabled) {
  EXPECT_EQ(Palette(false).Paint(Style::kFailure, "FAIL"), "FAIL");
  EXPECT_EQ(Palette(true).Paint(Style::kFailure, "FAIL"), "\x1b[1;31mFAIL\x1b[0m");
  EXPECT_EQ(Palette(true).Paint(Style::kPlain, "x"), "x");
}

}  // namespace
}  // namespace witness::cli
