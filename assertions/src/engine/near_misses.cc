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
    diff.actual = value ? recorder::ValueExcerpt(*value) : "(absent)";
    diff.matched = matcher.Matches(Pointer(value));
    if (diff.matched) ++miss.fields_matched;
    miss.fields.push_back(std::move(diff));
  }
  miss.record = recorder::RecordExcerpt(record);
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
  // The best `limit` of one pool, in the shared order (CloserThan).
  const auto best_of = [&](const RecordIndices& pool, std::size_t wanted) {
    std::vector<Closeness> best;
    for (const std::size_t index : pool) {
      if (near_miss_work_ >= kNearMissBudget) break;
      ++near_miss_work_;
      if (std::binary_search(instance.matched.begin(), instance.matched.end(), index)) continue;
      const Record& record = recording_.records[index];
      const bool same_op = op != nullptr && record.HasOp() && record.Op() == *op;
      if (&pool == &ordinary_ && same_op) continue;  // already ranked with its op
      Closeness entry;
      entry.same_op = same_op;
      entry.position = index;
      for (const auto& [field, matcher] : fields) {
        if (matcher.Matches(Pointer(record.Find(field->name)))) ++entry.fields_matched;
      }
      if (best.size() < wanted) {
        best.push_back(entry);
        std::sort(best.begin(), best.end(), CloserThan);
      } else if (CloserThan(entry, best.back())) {
        best.back() = entry;
        std::sort(best.begin(), best.end(), CloserThan);
      }
    }
    return best;
  };
  std::vector<Closeness> chosen;
  if (op != nullptr) {
    const RecordIndices& same_op =
        recorder::IsSessionOp(*op) ? Bucket(by_session_op_, *op) : Bucket(by_op_, *op);
    chosen = best_of(same_op, limit);
  }
  if (chosen.size() < limit) {
    for (const Closeness& entry : best_of(ordinary_, limit - chosen.size())) {
      // Another op's record is only worth showing if some field agrees.
      if (entry.fields_matched > 0) chosen.push_back(entry);
    }
  }
  for (const Closeness& entry : chosen) {
    result.near_misses.push_back(Score(entry.position, fields));
  }
}

}  // namespace witness::assertions::internal
