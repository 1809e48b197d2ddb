// Near misses: for an expectation that found too few records, the records that came closest, ranked
// by how many fields they match.
#include <algorithm>

#include "internal/engine.h"

namespace witness::assertions::internal {
namespace {

// Scanning for near misses is bounded so a scenario failing everywhere on
// a huge recording still reports quickly.
constexpr std::size_t kNearMissBudget = 4000000;
constexpr std::size_t kMaxInstancesWithNearMisses = 1000;

}  // namespace

NearMiss Engine::Score(std::size_t index,
               const BoundFields& fields) const {
  const Record& record = recording_.records[index];
  NearMiss miss;
  miss.where = record.where();
  for (const auto& [field, matcher] : fields) {
    const std::optional<json> value = record.Find(field->name);
    FieldDiff diff;
    diff.field = field->name;
    diff.expected = matcher.Describe();
    diff.actual = value ? internal::ShortJson(*value) : "(absent)";
    diff.matched = matcher.Matches(Pointer(value));
    if (diff.matched) ++miss.fields_matched;
    miss.fields.push_back(std::move(diff));
  }
  miss.record = internal::ShortJson(record.fields(), 400);
  return miss;
}

void Engine::FindNearMisses(const Instance& instance,
                    const BoundFields& fields,
                    const std::string* op) {
  const std::size_t limit = options_.max_near_misses;
  if (limit == 0 || fields.empty()) return;
  // Past this many, more failures' closest records say nothing new and
  // cost a report's size: each near miss carries a record and a diff.
  if (instances_with_near_misses_ == kMaxInstancesWithNearMisses) return;
  ++instances_with_near_misses_;
  ExpectationResult& result = report_.expectations[instance.result];
  // (fields matched, index): the best `limit` of one pool, ties to the
  // earlier record.
  const auto best_of = [&](const RecordIndices& pool, std::size_t wanted) {
    std::vector<std::pair<std::size_t, std::size_t>> best;
    for (const std::size_t index : pool) {
      if (near_miss_work_ >= kNearMissBudget) break;
      ++near_miss_work_;
      if (std::binary_search(instance.matched.begin(), instance.matched.end(), index)) continue;
      const Record& record = recording_.records[index];
      if (op != nullptr) {
        const bool same = record.HasOp() && record.Op() == *op;
        if (&pool == &ordinary_ && same) continue;  // already ranked with its op
      }
      std::size_t score = 0;
      for (const auto& [field, matcher] : fields) {
        if (matcher.Matches(Pointer(record.Find(field->name)))) ++score;
      }
      const auto worse = [](const std::pair<std::size_t, std::size_t>& a,
                            const std::pair<std::size_t, std::size_t>& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      };
      const std::pair<std::size_t, std::size_t> entry(score, index);
      if (best.size() < wanted) {
        best.push_back(entry);
        std::sort(best.begin(), best.end(), worse);
      } else if (worse(entry, best.back())) {
        best.back() = entry;
        std::sort(best.begin(), best.end(), worse);
      }
    }
    return best;
  };
  std::vector<std::pair<std::size_t, std::size_t>> chosen;
  if (op != nullptr) {
    const RecordIndices& same_op = recorder::IsSessionOp(*op)
                                                  ? Bucket(by_session_op_, *op)
                                                  : Bucket(by_op_, *op);
    chosen = best_of(same_op, limit);
  }
  if (chosen.size() < limit) {
    for (const auto& entry : best_of(ordinary_, limit - chosen.size())) {
      // Another op's record is only worth showing if some field agrees.
      if (entry.first > 0) chosen.push_back(entry);
    }
  }
  for (const auto& entry : chosen) result.near_misses.push_back(Score(entry.second, fields));
}

}  // namespace witness::assertions::internal
