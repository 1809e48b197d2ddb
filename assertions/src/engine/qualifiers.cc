// The qualifiers that narrow what a pattern matched: nth, within, next.
#include <algorithm>

#include "internal/engine.h"
#include "internal/timing.h"

namespace witness::assertions::internal {
namespace {

// Notes listed per failure at most: the rest is counted.
constexpr std::size_t kMaxNotes = 5;

}  // namespace

// The instance of `id` that `instance` refers to: the same member's inside
// per_member, the top-level one outside.
std::size_t Engine::Peer(const Instance& instance, const std::string& id) const {
  if (instance.member != nullptr) {
    const std::size_t member = static_cast<std::size_t>(instance.member - members_.data());
    return member_instances_[member][MemberExpectationIndex(id)];
  }
  return ids_.at(id).front();
}

// Among the member's records (every ordinary record outside per_member),
// the one right after `index`, or nullopt when `index` is the last.
std::optional<std::size_t> Engine::NextRecord(std::size_t index, const std::string* member) const {
  auto it = std::upper_bound(ordinary_.begin(), ordinary_.end(), index);
  for (; it != ordinary_.end(); ++it) {
    const Record& record = recording_.records[*it];
    if (member == nullptr || (record.HasName() && record.Name() == *member)) return *it;
  }
  return std::nullopt;
}

void Engine::Note(std::vector<std::string>& notes, std::string note) {
  if (notes.size() < kMaxNotes) notes.push_back(std::move(note));
}

// `nth: N`: of the records of the expectation's op (and name), only the
// N-th counts, and the rest of the pattern must hold for it: "the second
// create of web-1 carries the new MAC".
void Engine::PickNth(Instance& instance, const RecordIndices& pool,
             const BoundFields& fields,
             std::vector<std::string>& notes) {
  const std::uint64_t nth = instance.spec->nth;
  BoundFields identity;
  for (const auto& field : fields) {
    if (field.first->name == "op" || field.first->name == "name") identity.push_back(field);
  }
  std::uint64_t seen = 0;
  std::optional<std::size_t> chosen;
  for (const std::size_t index : pool) {
    if (!RecordMatches(recording_.records[index], identity)) continue;
    if (++seen == nth) {
      chosen = index;
      break;
    }
  }
  RecordIndices& matched = instance.matched;
  const std::string which = "the " + Ordinal(nth) + " record of " +
                            (identity.empty() ? std::string("the recording")
                                              : DescribePattern(identity));
  if (!chosen) {
    Note(notes, "nth: " + which + " does not exist: there " +
                    (seen == 0   ? std::string("is none")
                     : seen == 1 ? std::string("is only 1")
                                 : "are only " + std::to_string(seen)));
    matched.clear();
    return;
  }
  if (std::binary_search(matched.begin(), matched.end(), *chosen)) {
    matched = RecordIndices{static_cast<std::uint32_t>(*chosen)};
    return;
  }
  std::string differs;
  for (const FieldDiff& diff : Score(*chosen, fields).fields) {
    if (diff.matched) continue;
    differs += (differs.empty() ? "" : "; ") + diff.field + ": expected " + diff.expected +
               ", actual " + diff.actual;
  }
  Note(notes, "nth: " + which + " is " + Where(*chosen) + ", which differs in " + differs);
  matched.clear();
}

std::string Engine::Ordinal(std::uint64_t n) {
  const std::uint64_t tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

// Keeps of instance.matched what `within`, then `next`, allow; says in
// `notes` why each record left out was left out.
void Engine::Narrow(Instance& instance, std::vector<std::string>& notes) {
  const ExpectationSpec& spec = *instance.spec;
  const std::string& label = report_.expectations[instance.result].label;
  RecordIndices& matched = instance.matched;
  if (spec.within) {
    const internal::WithinSpec& within = *spec.within;
    const std::size_t peer = Peer(instance, within.after);
    const Extent anchor = First({peer});
    if (!anchor.any) {
      if (!matched.empty()) {
        Note(notes, "within: " + Quoted(LabelOf(peer)) +
                        " matched no record, so no time counts from it");
      }
      matched.clear();
    } else {
      const Record& from = recording_.records[anchor.index];
      RecordIndices kept;
      for (const std::size_t index : matched) {
        const Record& record = recording_.records[index];
        const std::optional<std::int64_t> delta = internal::NanosecondsBetween(from, record);
        if (!delta) {
          NeedTime("'within'", from.TsNs() ? record : from);
          kept.push_back(index);
          continue;
        }
        const bool early = *delta < 0 || (within.min_ns && *delta < *within.min_ns);
        const bool late = within.max_ns && *delta > *within.max_ns;
        if (!early && !late) {
          kept.push_back(index);
          continue;
        }
        if (notes.size() == kMaxNotes) continue;  // Note() would drop it anyway
        std::string note = Quoted(label) + " at " + Where(index) + " came " +
                           internal::SpanText(*delta < 0 ? -*delta : *delta) +
                           (*delta < 0 ? " before " : " after ") + Quoted(LabelOf(peer)) +
                           " at " + Where(anchor.index);
        if (late) note += ", max " + internal::SpanText(*within.max_ns);
        if (early && *delta >= 0) note += ", min " + internal::SpanText(*within.min_ns);
        Note(notes, std::move(note));
      }
      matched = std::move(kept);
    }
  }
  if (!spec.next.empty()) {
    const std::size_t peer = Peer(instance, spec.next);
    const Extent anchor = First({peer});
    std::optional<std::size_t> after;
    if (anchor.any) after = NextRecord(anchor.index, instance.member);
    const bool keep = after && std::binary_search(matched.begin(), matched.end(), *after);
    if (!keep) {
      const std::string among = instance.member != nullptr
                                    ? " among the records of " + Quoted(*instance.member)
                                    : "";
      if (!anchor.any) {
        Note(notes, "next: " + Quoted(LabelOf(peer)) + " matched no record");
      } else if (!after) {
        Note(notes, "next: nothing comes after " + Quoted(LabelOf(peer)) + " at " +
                        Where(anchor.index) + among);
      } else {
        Note(notes, "next: the record right after " + Quoted(LabelOf(peer)) + " at " +
                        Where(anchor.index) + among + " is " + Where(*after) + " " +
                        recorder::RecordExcerpt(recording_.records[*after], 200) +
                        ", which this pattern does not match");
      }
    }
    matched = keep ? RecordIndices{static_cast<std::uint32_t>(*after)} : RecordIndices{};
  }
}

}  // namespace witness::assertions::internal
