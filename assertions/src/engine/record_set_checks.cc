// unique fields and the lifecycle shorthand: checks over every record of an op, matched or not.
#include <set>
#include <unordered_map>

#include "internal/engine.h"

namespace witness::assertions::internal {

void Engine::CheckUnique() {
  for (const auto& unique : spec_.unique) {
    CheckResult check;
    check.kind = CheckKind::kUnique;
    check.name = "unique " + unique.id + "." + unique.field;
    check.defined_at = spec_.Where(unique.position);
    // Every record of the expectation's op and name counts, whether or not
    // it matched the rest of the pattern: a create that carries the wrong
    // MAC matches nothing, and is exactly the one that shares a MAC.
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> seen;
    std::set<std::size_t> compared;
    const auto it = ids_.find(unique.id);
    if (it != ids_.end()) {
      for (const std::size_t i : it->second) {
        const Instance& instance = instances_[i];
        const RecordIndices& records =
            instance.identity != nullptr ? *instance.identity : instance.matched;
        for (const std::size_t index : records) {
          if (!compared.insert(index).second) continue;
          const std::optional<json> value = recording_.records[index].Find(unique.field);
          if (!value) {
            if (unique.allow_missing) continue;
            check.passed = false;
            check.failures.push_back(Quoted(LabelOf(i)) + " at " + Where(index) +
                                     " has no field " + Quoted(unique.field) +
                                     " (allow_missing: true skips such records)");
            check.records.push_back(recording_.records[index].where());
            continue;
          }
          const std::string key = value->dump(-1, ' ', false, json::error_handler_t::replace);
          const auto [first, inserted] = seen.emplace(key, std::make_pair(i, index));
          if (inserted) continue;
          check.passed = false;
          if (final_failure_.empty()) final_failure_ = check.name + ": a value is shared";
          check.failures.push_back(
              unique.field + " " + recorder::ValueExcerpt(*value) + " is shared by " +
              Quoted(LabelOf(first->second.first)) + " at " + Where(first->second.second) +
              " and " + Quoted(LabelOf(i)) + " at " + Where(index));
          check.records.push_back(recording_.records[first->second.second].where());
          check.records.push_back(recording_.records[index].where());
        }
      }
    }
    // As UniqueBy in C++: distinct among no records at all proves nothing.
    if (compared.empty()) {
      check.passed = false;
      check.failures.push_back("no record of " + Quoted(unique.id) +
                               " to compare: nothing shows its " + Quoted(unique.field) +
                               " values are distinct");
    }
    report_.checks.push_back(std::move(check));
  }
}

void Engine::CheckLifecycleFor(const internal::LifecycleSpec& lifecycle,
                       const std::vector<std::string>& members) {
  std::string chain;
  for (const std::string& op : lifecycle.ops) chain += (chain.empty() ? "" : " -> ") + op;
  const std::vector<std::string>& ops = lifecycle.ops;
  for (const std::string& member : members) {
    std::vector<const RecordIndices*> reached;
    std::size_t last_reached = ops.size();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      reached.push_back(&Bucket(by_op_name_, Key(ops[i], member)));
      if (!reached.back()->empty()) last_reached = i;
    }
    if (last_reached == ops.size()) continue;  // never took part
    CheckResult check;
    check.kind = CheckKind::kLifecycle;
    check.member = member;
    check.defined_at = spec_.Where(lifecycle.position);
    check.name = "lifecycle " + chain + " [" + member + "]";
    const auto fail = [&check, this](std::string message, std::size_t index) {
      check.passed = false;
      check.failures.push_back(std::move(message));
      check.records.push_back(recording_.records[index].where());
    };
    if (reached[0]->empty()) {
      const std::size_t first_op = [&] {
        for (std::size_t i = 0; i < ops.size(); ++i) {
          if (!reached[i]->empty()) return i;
        }
        return ops.size();
      }();
      const std::size_t at = reached[first_op]->front();
      fail(Quoted(member) + " has " + ops[first_op] + " at " + Where(at) + " but never " +
               ops[0],
           at);
    } else {
      for (std::size_t i = 1; i < ops.size(); ++i) {
        if (reached[i]->empty()) {
          if (i > last_reached) {
            const std::size_t at = reached[last_reached]->front();
            fail("leak: " + Quoted(member) + " reached " + ops[last_reached] + " at " +
                     Where(at) + " but never " + ops[i],
                 at);
            break;
          }
          const std::size_t at = reached[i + 1]->empty() ? reached[last_reached]->front()
                                                         : reached[i + 1]->front();
          fail(Quoted(member) + " skipped " + ops[i] + ": " +
                   recording_.records[at].Op() + " at " + Where(at) + " without it",
               at);
          continue;
        }
        if (reached[i - 1]->empty()) continue;
        const std::size_t before = reached[i - 1]->front();
        const std::size_t after = reached[i]->front();
        if (after < before) {
          fail(Quoted(member) + "'s " + ops[i] + " at " + Where(after) + " comes before its " +
                   ops[i - 1] + " at " + Where(before),
               after);
        }
      }
    }
    report_.checks.push_back(std::move(check));
  }
}

void Engine::CheckLifecycle() {
  if (spec_.member_lifecycle) CheckLifecycleFor(*spec_.member_lifecycle, members_);
  if (!spec_.global_lifecycle) return;
  if (spec_.members_given) {
    CheckLifecycleFor(*spec_.global_lifecycle, members_);
    return;
  }
  // No member list: every name that appears in a lifecycle op's record.
  std::set<std::string> ops(spec_.global_lifecycle->ops.begin(),
                            spec_.global_lifecycle->ops.end());
  std::set<std::string> seen;
  std::vector<std::string> names;
  for (const std::size_t index : ordinary_) {
    const Record& record = recording_.records[index];
    if (!record.HasName() || ops.count(record.Op()) == 0) continue;
    std::string name = record.Name();
    if (seen.insert(name).second) names.push_back(std::move(name));
  }
  CheckLifecycleFor(*spec_.global_lifecycle, names);
}

}  // namespace witness::assertions::internal
