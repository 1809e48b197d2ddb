// Comparing two recordings member by member: grouping, pairing by op and
// occurrence, and the three ways a member can differ (ops added or removed,
// fields changed, paired records reordered).
#include "witness/assertions/recording_diff.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "witness/assertions/volatile_aliases.h"
#include "witness/recorder/format.h"

namespace witness::assertions {
namespace {

using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

// A member's record in one file, with its op occurrence. Its aliased
// fields are built when it is compared, not kept: a DOM per record would
// cost far more memory than the recording itself.
struct Entry {
  OpOccurrence key;
  const Record* record = nullptr;
};

struct Group {
  std::optional<std::string> member;
  std::vector<Entry> a;
  std::vector<Entry> b;
  // Records so far per op, per file: the next one's occurrence.
  std::map<std::string, std::size_t> seen_a;
  std::map<std::string, std::size_t> seen_b;
};

// A recording's records by member, members in order of first appearance.
class Groups {
 public:
  void Add(const Recording& recording, bool into_a) {
    for (const Record& record : recording.records) {
      Group& group =
          Find(record.Name().empty() ? std::nullopt : std::optional<std::string>(record.Name()));
      std::vector<Entry>& entries = into_a ? group.a : group.b;
      const std::size_t occurrence = ++(into_a ? group.seen_a : group.seen_b)[record.Op()];
      entries.push_back({{record.Op(), occurrence}, &record});
    }
  }

  // Members in order of first appearance, the records without one last.
  std::vector<Group*> Ordered() {
    std::vector<Group*> out;
    for (Group& group : groups_) {
      if (group.member) out.push_back(&group);
    }
    for (Group& group : groups_) {
      if (!group.member) out.push_back(&group);
    }
    return out;
  }

 private:
  Group& Find(const std::optional<std::string>& member) {
    const auto found = index_.find(member);
    if (found != index_.end()) return groups_[found->second];
    index_.emplace(member, groups_.size());
    groups_.push_back(Group{member, {}, {}, {}, {}});
    return groups_.back();
  }

  std::vector<Group> groups_;
  std::map<std::optional<std::string>, std::size_t> index_;
};

std::vector<std::string> OpsInOrder(const Group& group) {
  std::vector<std::string> ops;
  for (const std::vector<Entry>* entries : {&group.a, &group.b}) {
    for (const Entry& entry : *entries) {
      if (std::find(ops.begin(), ops.end(), entry.key.op) == ops.end()) ops.push_back(entry.key.op);
    }
  }
  return ops;
}

std::vector<const Entry*> OfOp(const std::vector<Entry>& entries, const std::string& op) {
  std::vector<const Entry*> out;
  for (const Entry& entry : entries) {
    if (entry.key.op == op) out.push_back(&entry);
  }
  return out;
}

// The two sides' aliases and what is not compared.
struct Comparison {
  const VolatileAliases& aliases_a;
  const VolatileAliases& aliases_b;
  const std::set<std::string>& ignored;
};

void CompareFields(const Entry& a, const Entry& b, const Comparison& comparison,
                   std::vector<Difference>& out) {
  const json fields_a = comparison.aliases_a.Apply(*a.record);
  const json fields_b = comparison.aliases_b.Apply(*b.record);
  std::set<std::string> keys;
  for (const json* fields : {&fields_a, &fields_b}) {
    for (const auto& item : fields->items()) keys.insert(item.key());
  }
  for (const std::string& key : keys) {
    if (key == recorder::keys::kOp || key == recorder::keys::kName ||
        comparison.ignored.count(key) != 0) {
      continue;
    }
    const auto in_a = fields_a.find(key);
    const auto in_b = fields_b.find(key);
    const bool has_a = in_a != fields_a.end();
    const bool has_b = in_b != fields_b.end();
    if (has_a && has_b && *in_a == *in_b) continue;
    Difference difference;
    difference.kind = Difference::Kind::kChanged;
    difference.op = a.key.op;
    difference.occurrence = a.key.occurrence;
    difference.field = key;
    if (has_a) difference.a = *in_a;
    if (has_b) difference.b = *in_b;
    difference.lines_a = {a.record->line()};
    difference.lines_b = {b.record->line()};
    out.push_back(std::move(difference));
  }
}

// The paired records of `entries` (those whose occurrence the other file
// has too), in this file's order.
std::vector<OpOccurrence> Paired(const std::vector<Entry>& entries,
                                 const std::map<std::string, std::size_t>& paired_counts) {
  std::vector<OpOccurrence> out;
  for (const Entry& entry : entries) {
    const auto count = paired_counts.find(entry.key.op);
    if (count != paired_counts.end() && entry.key.occurrence <= count->second) {
      out.push_back(entry.key);
    }
  }
  return out;
}

std::vector<Difference> CompareGroup(const Group& group, const Comparison& comparison) {
  std::vector<Difference> out;
  std::map<std::string, std::size_t> paired_counts;
  for (const std::string& op : OpsInOrder(group)) {
    const std::vector<const Entry*> a = OfOp(group.a, op);
    const std::vector<const Entry*> b = OfOp(group.b, op);
    const std::size_t paired = std::min(a.size(), b.size());
    paired_counts[op] = paired;
    if (a.size() != b.size()) {
      const bool added = b.size() > a.size();
      const std::vector<const Entry*>& extra = added ? b : a;
      Difference difference;
      difference.kind = added ? Difference::Kind::kAdded : Difference::Kind::kRemoved;
      difference.op = op;
      difference.occurrence = paired + 1;
      difference.count = extra.size() - paired;
      std::vector<std::size_t>& lines = added ? difference.lines_b : difference.lines_a;
      for (std::size_t i = paired; i < extra.size(); ++i) lines.push_back(extra[i]->record->line());
      out.push_back(std::move(difference));
    }
    for (std::size_t i = 0; i < paired; ++i) CompareFields(*a[i], *b[i], comparison, out);
  }

  std::vector<OpOccurrence> order_a = Paired(group.a, paired_counts);
  std::vector<OpOccurrence> order_b = Paired(group.b, paired_counts);
  if (order_a != order_b) {
    // Both hold the same pairs, so they differ somewhere in the middle.
    std::size_t front = 0;
    while (order_a[front] == order_b[front]) ++front;
    std::size_t back = 0;
    while (order_a[order_a.size() - 1 - back] == order_b[order_b.size() - 1 - back]) ++back;
    Difference difference;
    difference.kind = Difference::Kind::kReordered;
    difference.a_order.assign(order_a.begin() + front, order_a.end() - back);
    difference.b_order.assign(order_b.begin() + front, order_b.end() - back);
    out.push_back(std::move(difference));
  }
  return out;
}

}  // namespace

const std::set<std::string>& AlwaysIgnoredFields() {
  static const std::set<std::string> kFields = {
      std::string(recorder::keys::kSeq), std::string(recorder::keys::kTsNs),
      std::string(recorder::keys::kArgv0), std::string(recorder::keys::kHost),
      std::string(recorder::keys::kRecords)};
  return kFields;
}

std::size_t RecordingDiff::DifferenceCount() const {
  std::size_t count = 0;
  for (const MemberDiff& member : members) count += member.differences.size();
  return count;
}

RecordingDiff DiffRecordings(const Recording& a, const Recording& b,
                             const RecordingDiffOptions& options) {
  for (const std::string& field : options.ignored_fields) {
    if (field == recorder::keys::kOp || field == recorder::keys::kName) {
      throw std::invalid_argument("the field '" + field +
                                  "' places records in the comparison and cannot be ignored");
    }
  }
  RecordingDiff diff;
  diff.file_a = a.files.empty() ? "" : a.files.front();
  diff.file_b = b.files.empty() ? "" : b.files.front();
  diff.ignored_fields = AlwaysIgnoredFields();
  diff.ignored_fields.insert(options.ignored_fields.begin(), options.ignored_fields.end());

  const std::vector<std::string> roots =
      options.temp_roots ? *options.temp_roots : DefaultTempRoots();
  const VolatileAliases aliases_a(a, roots);
  const VolatileAliases aliases_b(b, roots);
  const Comparison comparison{aliases_a, aliases_b, diff.ignored_fields};
  Groups groups;
  groups.Add(a, /*into_a=*/true);
  groups.Add(b, /*into_a=*/false);
  for (const Group* group : groups.Ordered()) {
    std::vector<Difference> differences = CompareGroup(*group, comparison);
    if (!differences.empty()) diff.members.push_back({group->member, std::move(differences)});
  }
  return diff;
}

}  // namespace witness::assertions
