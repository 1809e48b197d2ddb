#include "witness/cli/variables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "witness/cli/usage_error.h"

namespace witness::cli {
namespace {

TEST(VariablesTest, SplitsAtTheFirstEqualsSign) {
  assertions::Variables vars = ParseVariables({"home=/tmp/fb", "query=a=b", "empty="});
  EXPECT_EQ(vars.at("home"), "/tmp/fb");
  EXPECT_EQ(vars.at("query"), "a=b");
  EXPECT_EQ(vars.at("empty"), "");
}

TEST(VariablesTest, ALaterAssignmentOverridesAnEarlierOne) {
  EXPECT_EQ(ParseVariables({"n=1", "n=2"}).at("n"), "2");
}

TEST(VariablesTest, RefusesAnAssignmentWithoutANameOrValue) {
  EXPECT_THROW(ParseVariables({"home"}), UsageError);
  EXPECT_THROW(ParseVariables({"=x"}), UsageError);
  try {
    ParseVariables({"home"});
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--var needs NAME=VALUE, got 'home'");
  }
}

}  // namespace
}  // namespace witness::cli
