// The texts a matcher produces, for tests that assert on them exactly.
#ifndef WITNESS_TESTS_MATCHERS_MATCHER_TEXT_H_
#define WITNESS_TESTS_MATCHERS_MATCHER_TEXT_H_

#include <string>

#include <gmock/gmock.h>

namespace witness::testing_support {

// What ExplainMatchResult says about `value`.
template <typename M, typename V>
std::string Explain(const M& matcher, const V& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

// The matcher's description as a matcher of T.
template <typename T, typename M>
std::string Describe(const M& matcher) {
  return ::testing::DescribeMatcher<T>(matcher);
}

// The matcher's negated description as a matcher of T.
template <typename T, typename M>
std::string DescribeNegation(const M& matcher) {
  return ::testing::DescribeMatcher<T>(matcher, /*negation=*/true);
}

}  // namespace witness::testing_support

#endif  // WITNESS_TESTS_MATCHERS_MATCHER_TEXT_H_
