// A record pattern: the conjunction of record matchers that relations and
// near misses work with. Keeping the parts (rather than one opaque
// testing::AllOf) is what lets a failure show, for the closest records,
// every field that differs instead of only the first.
#ifndef WITNESS_MATCHERS_INTERNAL_PATTERN_H_
#define WITNESS_MATCHERS_INTERNAL_PATTERN_H_

#include <cstddef>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>

#include "witness/matchers/internal/field_matcher.h"
#include "witness/recorder/record.h"

namespace witness::matchers::internal {

// One conjunct. `key` and `expected` are known when the part is a field
// matcher, so a near miss can say "field `mac` is "bb", expected a value
// that is equal to "aa""; for any other matcher they are empty.
struct Part {
  testing::Matcher<const recorder::Record&> matcher;
  std::string key;
  std::string expected;
};

// Copyable; a default-constructed Pattern matches every record.
class Pattern {
 public:
  Pattern() = default;
  explicit Pattern(std::vector<Part> parts) : parts_(std::move(parts)) {}

  const std::vector<Part>& parts() const noexcept { return parts_; }

  bool Matches(const recorder::Record& record) const;
  // All parts, or (when `failing_only`) the failing ones, explained and
  // joined with ", and ". Returns whether every part matched.
  bool Explain(const recorder::Record& record, bool failing_only, std::ostream& os) const;
  // "has field `op` that is equal to "create", and has field ..."; "is a
  // record" for the empty pattern.
  std::string Describe() const;
  // "has no field `op`, or has field `op` that ..., or has no field ..."
  std::string DescribeNegation() const;
  // Describe(), in parentheses when it has several parts, for use inside a
  // longer sentence.
  std::string DescribeClause() const;

 private:
  std::vector<Part> parts_;
};

template <typename T>
Pattern ToPattern(const FieldMatcher<T>& m) {
  return Pattern({Part{testing::Matcher<const recorder::Record&>(m), m.key(), m.DescribeValue()}});
}

// Presence is all it asks, so a near miss only needs to say it is absent.
inline Pattern ToPattern(const HasFieldMatcher& m) {
  return Pattern({Part{testing::Matcher<const recorder::Record&>(m), m.key(), ""}});
}

inline Pattern ToPattern(const Pattern& p) { return p; }

// Any other matcher of records (testing::AllOf, Not, a user's own): one part.
template <typename M>
Pattern ToPattern(const M& m) {
  return Pattern({Part{testing::MatcherCast<const recorder::Record&>(m), "", ""}});
}

// A record matching every part; RecordWith(m1, m2, ...) builds it.
class RecordWithMatcher {
 public:
  using is_gtest_matcher = void;

  explicit RecordWithMatcher(Pattern pattern) : pattern_(std::move(pattern)) {}

  template <typename R>
  bool MatchAndExplain(const R& r, testing::MatchResultListener* listener) const {
    const recorder::Record* record = AsRecord(r);
    if (record == nullptr) {
      *listener << "which is null";
      return false;
    }
    if (!listener->IsInterested()) return pattern_.Matches(*record);
    std::ostringstream explanation;
    const bool matched = pattern_.Matches(*record);
    pattern_.Explain(*record, /*failing_only=*/!matched, explanation);
    *listener << explanation.str();
    return matched;
  }

  void DescribeTo(std::ostream* os) const { *os << pattern_.Describe(); }
  void DescribeNegationTo(std::ostream* os) const { *os << pattern_.DescribeNegation(); }

  const Pattern& pattern() const noexcept { return pattern_; }

 private:
  Pattern pattern_;
};

inline Pattern ToPattern(const RecordWithMatcher& m) { return m.pattern(); }

// The conjunction of several matchers, nested RecordWith patterns flattened.
template <typename... M>
Pattern Conjunction(const M&... matchers) {
  std::vector<Part> parts;
  for (Pattern p : {ToPattern(matchers)...}) {
    parts.insert(parts.end(), p.parts().begin(), p.parts().end());
  }
  return Pattern(std::move(parts));
}

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_PATTERN_H_
