#include "witness/cli/duration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "witness/cli/usage_error.h"

namespace witness::cli {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

TEST(DurationTest, ReadsEachUnit) {
  EXPECT_EQ(ParseDuration("300ms"), milliseconds(300));
  EXPECT_EQ(ParseDuration("5s"), milliseconds(5000));
  EXPECT_EQ(ParseDuration("2m"), milliseconds(120000));
  EXPECT_EQ(ParseDuration("1h"), milliseconds(3600000));
}

TEST(DurationTest, ReadsFractionsExactly) {
  EXPECT_EQ(ParseDuration("1.5s"), milliseconds(1500));
  EXPECT_EQ(ParseDuration("0.1s"), milliseconds(100));
  EXPECT_EQ(ParseDuration(".25s"), milliseconds(250));
}

TEST(DurationTest, AddsTermsTogether) {
  EXPECT_EQ(ParseDuration("1m30s"), milliseconds(90000));
  EXPECT_EQ(ParseDuration("1h2m3s4ms"), milliseconds(3723004));
}

std::string ErrorFor(const std::string& text) {
  try {
    ParseDuration(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(DurationTest, RefusesABareNumberBecauseItsUnitIsAGuess) {
  EXPECT_THAT(ErrorFor("5"), HasSubstr("invalid duration '5': a number needs a unit"));
}

TEST(DurationTest, RefusesWhatIsNotADuration) {
  EXPECT_THAT(ErrorFor(""), HasSubstr("empty"));
  EXPECT_THAT(ErrorFor("-5s"), HasSubstr("negative"));
  EXPECT_THAT(ErrorFor("5d"), HasSubstr("unknown unit 'd'"));
  EXPECT_THAT(ErrorFor("s"), HasSubstr("expected a number"));
  EXPECT_THAT(ErrorFor("5s."), HasSubstr("expected a number"));
  EXPECT_THAT(ErrorFor("25h"), HasSubstr("longer than a day"));
  EXPECT_THAT(ErrorFor("99999999999999999999s"), HasSubstr("longer than a day"));
}

TEST(DurationTest, FormatsTheShortestFormThatReadsBack) {
  EXPECT_EQ(FormatDuration(milliseconds(250)), "250ms");
  EXPECT_EQ(FormatDuration(milliseconds(5000)), "5s");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1.5s");
  EXPECT_EQ(FormatDuration(milliseconds(90000)), "1m30s");
  EXPECT_EQ(FormatDuration(milliseconds(3600000)), "1h");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  for (long long ms : {1LL, 999LL, 1001LL, 61001LL, 3723004LL}) {
    EXPECT_EQ(ParseDuration(FormatDuration(milliseconds(ms))), milliseconds(ms)) << ms;
  }
}

}  // namespace
}  // namespace witness::cli
