// Near misses for record patterns, for the explanation of a pattern that
// matched nothing.
//
// The assertions engine ranks near misses for YAML patterns, whose fields it
// knows; a gmock matcher is opaque, so the matchers rank by the parts of a
// Pattern instead, with the engine's rule: records whose `op` part matches
// first, then those matching most parts, then file order.
#ifndef WITNESS_MATCHERS_INTERNAL_NEAR_MISS_H_
#define WITNESS_MATCHERS_INTERNAL_NEAR_MISS_H_

#include <cstddef>
#include <ostream>
#include <vector>

#include "witness/matchers/internal/pattern.h"
#include "witness/recorder/record.h"

namespace witness::matchers::internal {

inline constexpr std::size_t kMaxNearMisses = 3;

// Writes, each line indented by `indent` spaces, either the closest records
// (up to kMaxNearMisses, each followed by one line per failing part) or,
// when no record matches any part, a one-line summary of the records' ops.
// Writes nothing for an empty `records`.
void ExplainNearMisses(const Pattern& pattern, const std::vector<const recorder::Record*>& records,
                       int indent, std::ostream& os);

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_NEAR_MISS_H_
