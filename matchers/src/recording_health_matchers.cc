#include "witness/matchers/internal/recording_health_matchers.h"

#include <cstddef>

#include "witness/matchers/internal/record_text.h"

namespace witness::matchers::internal {
namespace {

constexpr std::size_t kMaxShownDiagnostics = 10;

}  // namespace

void RecorderWasAliveMatcher::DescribeTo(std::ostream* os) const {
  *os << "shows that a recorder was alive (a session record, or any other record)";
}

void RecorderWasAliveMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "shows no live recorder (neither a session record nor any other record)";
}

bool RecorderWasAliveMatcher::MatchSet(const RecordSet& set,
                                       testing::MatchResultListener* listener) const {
  const Liveness liveness = AssessLiveness(set);
  if (liveness.alive) {
    *listener << "whose recorder was alive: " << liveness.evidence;
  } else {
    *listener << "which proves nothing: " << liveness.evidence;
  }
  return liveness.alive;
}

bool HasNoBadLinesMatcher::MatchAndExplain(const recorder::Recording& recording,
                                           testing::MatchResultListener* listener) const {
  const auto& diagnostics = recording.diagnostics;
  if (diagnostics.empty()) {
    *listener << "whose every line is a good record";
    return true;
  }
  *listener << "which has " << diagnostics.size()
            << (diagnostics.size() == 1 ? " bad line:" : " bad lines:");
  for (std::size_t i = 0; i < diagnostics.size() && i < kMaxShownDiagnostics; ++i) {
    *listener << "\n    " << DiagnosticText(diagnostics[i]);
  }
  if (diagnostics.size() > kMaxShownDiagnostics) {
    *listener << "\n    ... and " << diagnostics.size() - kMaxShownDiagnostics << " more";
  }
  return false;
}

void HasNoBadLinesMatcher::DescribeTo(std::ostream* os) const {
  *os << "has no bad or torn line";
}

void HasNoBadLinesMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "has a bad or torn line";
}

}  // namespace witness::matchers::internal
