// The record index: records by op and (op, name), where they are, and the members per_member is
// instantiated for.
#include <algorithm>
#include <set>

#include "internal/engine.h"

namespace witness::assertions::internal {

std::string Engine::Key(const std::string& op, const std::string& name) {
  std::string key = op;
  key += '\0';
  key += name;
  return key;
}

void Engine::Index() {
  const recorder::RecordVector& records = recording_.records;
  claim_counts_.assign(records.size(), 0);
  ordinary_.reserve(records.size());
  // A record's op and name are interned by the reader: the same text is
  // the same string object within a file, so buckets are found by its
  // address, and a key string is built once per distinct op or (op, name).
  std::unordered_map<const std::string*, RecordIndices*> op_buckets;
  std::map<std::pair<const std::string*, const std::string*>, RecordIndices*>
      op_name_buckets;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    const std::string& op = record.Op();
    if (!record.HasOp()) {
      ordinary_.push_back(i);
      continue;
    }
    if (recorder::IsSessionOp(op)) {
      sessions_.push_back(i);
      by_session_op_[op].push_back(i);
      continue;
    }
    ordinary_.push_back(i);
    RecordIndices*& by_op = op_buckets[&op];
    if (by_op == nullptr) by_op = &by_op_[op];
    by_op->push_back(i);
    if (!record.HasName()) continue;
    const std::string& name = record.Name();
    RecordIndices*& by_name = op_name_buckets[{&op, &name}];
    if (by_name == nullptr) by_name = &by_op_name_[Key(op, name)];
    by_name->push_back(i);
  }
  report_.records = ordinary_.size();
  report_.session_records = sessions_.size();
}

const RecordIndices& Engine::Bucket(
    const std::unordered_map<std::string, RecordIndices>& map,
    const std::string& key) const {
  const auto it = map.find(key);
  return it == map.end() ? empty_ : it->second;
}

std::string Engine::Where(std::size_t index) const {
  return recording_.records[index].where().ToString();
}

std::string Engine::Locations(const RecordIndices& indices) const {
  std::string out;
  for (std::size_t i = 0; i < indices.size() && i < kMaxLocationsListed; ++i) {
    if (i > 0) out += ", ";
    out += Where(indices[i]);
  }
  if (indices.size() > kMaxLocationsListed) {
    out += " and " + std::to_string(indices.size() - kMaxLocationsListed) + " more";
  }
  return out;
}

// The record as the report refers to it. Records of one file share one
// file name string, so its index is found by address.
RecordRef Engine::Ref(const Record& record) {
  std::uint32_t& file = file_index_[&record.file()];
  if (file == 0) {
    const auto found = std::find(report_.files.begin(), report_.files.end(), record.file());
    if (found == report_.files.end()) {
      report_.files.push_back(record.file());  // a record given without its recording
      file = static_cast<std::uint32_t>(report_.files.size());
    } else {
      file = static_cast<std::uint32_t>(found - report_.files.begin()) + 1;
    }
  }
  return RecordRef{file - 1, static_cast<std::uint32_t>(record.line()), record.offset()};
}

void Engine::ResolveMembers() {
  if (!spec_.members_given) return;
  if (spec_.members_from.empty()) {
    members_ = spec_.members;
    return;
  }
  std::set<std::string> seen;
  const RecordIndices& bucket =
      recorder::IsSessionOp(spec_.members_from) ? Bucket(by_session_op_, spec_.members_from)
                                                : Bucket(by_op_, spec_.members_from);
  for (const std::size_t index : bucket) {
    const Record& record = recording_.records[index];
    if (!record.HasName()) continue;
    const std::string text(record.Name());
    if (seen.insert(text).second) members_.push_back(text);
  }
  const std::size_t instances = members_.size() * spec_.per_member.size() + spec_.global.size();
  if (instances > kMaxExpectationInstances) {
    CheckResult check;
    check.kind = CheckKind::kMembers;
    check.name = "members from " + spec_.members_from;
    check.defined_at = spec_.Where(spec_.members_position);
    check.passed = false;
    check.failures.push_back(
        Quoted(spec_.members_from) + " records name " + std::to_string(members_.size()) +
        " members; times " + std::to_string(spec_.per_member.size()) +
        " per_member expectations that is " + std::to_string(instances) +
        " expectation instances, more than " + std::to_string(kMaxExpectationInstances) +
        ", so per_member checked none");
    report_.checks.push_back(std::move(check));
    members_.clear();
    return;
  }
  if (members_.empty()) {
    CheckResult check;
    check.kind = CheckKind::kMembers;
    check.name = "members from " + spec_.members_from;
    check.defined_at = spec_.Where(spec_.members_position);
    check.passed = false;
    check.failures.push_back("no " + Quoted(spec_.members_from) +
                             " record names a member, so per_member checked nothing");
    report_.checks.push_back(std::move(check));
  }
}

}  // namespace witness::assertions::internal
