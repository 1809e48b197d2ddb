// Order chains (with groups and max_gap) and none_between spans.
#include <algorithm>

#include "internal/engine.h"
#include "internal/timing.h"

namespace witness::assertions::internal {

Engine::Extent Engine::Last(const std::vector<std::size_t>& instance_indices) const {
  Extent extent;
  for (const std::size_t i : instance_indices) {
    const auto& matched = instances_[i].matched;
    if (matched.empty()) continue;
    if (!extent.any || matched.back() > extent.index) {
      extent = Extent{matched.back(), i, true};
    }
  }
  return extent;
}

Engine::Extent Engine::First(const std::vector<std::size_t>& instance_indices) const {
  Extent extent;
  for (const std::size_t i : instance_indices) {
    const auto& matched = instances_[i].matched;
    if (matched.empty()) continue;
    if (!extent.any || matched.front() < extent.index) {
      extent = Extent{matched.front(), i, true};
    }
  }
  return extent;
}

const std::string& Engine::LabelOf(std::size_t instance) const {
  return report_.expectations[instances_[instance].result].label;
}

// "order reserve -> {create, start} -> stop".
std::string Engine::ChainName(const internal::OrderChainSpec& chain) {
  std::string name = "order ";
  for (std::size_t i = 0; i < chain.steps.size(); ++i) {
    if (i > 0) name += " -> ";
    const std::vector<std::string>& step = chain.steps[i];
    if (step.size() == 1) {
      name += step[0];
      continue;
    }
    name += "{";
    for (std::size_t j = 0; j < step.size(); ++j) name += (j > 0 ? ", " : "") + step[j];
    name += "}";
  }
  return name;
}

void Engine::CheckChain(const internal::OrderChainSpec& chain, const ChainInstances& steps,
                CheckResult& check) {
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    // Every id of a step against every id of the next; ids of one group
    // are not ordered among themselves.
    for (std::size_t a = 0; a < steps[i].size(); ++a) {
      for (std::size_t b = 0; b < steps[i + 1].size(); ++b) {
        const Extent last = Last(steps[i][a]);
        const Extent first = First(steps[i + 1][b]);
        if (!last.any || !first.any || last.index < first.index) continue;
        check.passed = false;
        check.failures.push_back(Quoted(LabelOf(last.instance)) + " at " + Where(last.index) +
                                 " comes after " + Quoted(LabelOf(first.instance)) + " at " +
                                 Where(first.index) + ", but order requires " +
                                 chain.steps[i][a] + " before " + chain.steps[i + 1][b]);
        if (final_failure_.empty()) final_failure_ = check.name + ": " + check.failures.back();
        check.records.push_back(recording_.records[first.index].where());
        check.records.push_back(recording_.records[last.index].where());
      }
    }
    if (chain.max_gap_ns) CheckGap(*chain.max_gap_ns, steps[i], steps[i + 1], check);
  }
}

// The next step's first record must follow the step's last within the gap.
void Engine::CheckGap(std::int64_t max_gap_ns, const std::vector<std::vector<std::size_t>>& step,
              const std::vector<std::vector<std::size_t>>& next, CheckResult& check) {
  Extent last;
  for (const auto& instances : step) {
    const Extent extent = Last(instances);
    if (extent.any && (!last.any || extent.index > last.index)) last = extent;
  }
  Extent first;
  for (const auto& instances : next) {
    const Extent extent = First(instances);
    if (extent.any && (!first.any || extent.index < first.index)) first = extent;
  }
  if (!last.any || !first.any || last.index > first.index) return;
  const Record& from = recording_.records[last.index];
  const Record& to = recording_.records[first.index];
  const std::optional<std::int64_t> gap = internal::NanosecondsBetween(from, to);
  if (!gap) {
    NeedTime("'max_gap'", from.TsNs() ? to : from);
    return;
  }
  if (*gap <= max_gap_ns) return;
  check.passed = false;
  check.failures.push_back(Quoted(LabelOf(first.instance)) + " at " + Where(first.index) +
                           " came " + internal::SpanText(*gap) + " after " +
                           Quoted(LabelOf(last.instance)) + " at " + Where(last.index) +
                           ", max_gap " + internal::SpanText(max_gap_ns));
  check.records.push_back(from.where());
  check.records.push_back(to.where());
}

void Engine::CheckOrder() {
  for (const auto& chain : spec_.member_order) {
    for (std::size_t m = 0; m < members_.size(); ++m) {
      CheckResult check;
      check.kind = CheckKind::kOrder;
      check.member = members_[m];
      check.defined_at = spec_.Where(chain.position);
      check.name = ChainName(chain) + " [" + members_[m] + "]";
      ChainInstances steps;
      for (const auto& step : chain.steps) {
        steps.emplace_back();
        for (const std::string& id : step) {
          steps.back().push_back({member_instances_[m][MemberExpectationIndex(id)]});
        }
      }
      CheckChain(chain, steps, check);
      report_.checks.push_back(std::move(check));
    }
  }
  for (const auto& chain : spec_.global_order) {
    CheckResult check;
    check.kind = CheckKind::kOrder;
    check.name = ChainName(chain);
    check.defined_at = spec_.Where(chain.position);
    ChainInstances steps;
    for (const auto& step : chain.steps) {
      steps.emplace_back();
      for (const std::string& id : step) {
        const auto it = ids_.find(id);
        steps.back().push_back(it == ids_.end() ? std::vector<std::size_t>() : it->second);
      }
    }
    CheckChain(chain, steps, check);
    report_.checks.push_back(std::move(check));
  }
}

std::size_t Engine::MemberExpectationIndex(const std::string& id) const {
  for (std::size_t i = 0; i < spec_.per_member.size(); ++i) {
    if (spec_.per_member[i].id == id) return i;
  }
  return spec_.per_member.size();
}

void Engine::CheckNoneBetween() {
  for (const auto& entry : spec_.member_none_between) {
    for (std::size_t m = 0; m < members_.size(); ++m) {
      const auto instances_of = [&](const std::string& id) {
        return id.empty() ? std::vector<std::size_t>()
                          : std::vector<std::size_t>{
                                member_instances_[m][MemberExpectationIndex(id)]};
      };
      CheckResult check;
      check.kind = CheckKind::kNoneBetween;
      check.member = members_[m];
      check.defined_at = spec_.Where(entry.position);
      CheckWindow(entry, &members_[m], instances_of(entry.after), instances_of(entry.before),
                  check);
      report_.checks.push_back(std::move(check));
    }
  }
  for (const auto& entry : spec_.global_none_between) {
    // A per_member id stands for every member's instance of it.
    const auto instances_of = [&](const std::string& id) {
      const auto it = ids_.find(id);
      return id.empty() || it == ids_.end() ? std::vector<std::size_t>() : it->second;
    };
    CheckResult check;
    check.kind = CheckKind::kNoneBetween;
    check.defined_at = spec_.Where(entry.position);
    CheckWindow(entry, nullptr, instances_of(entry.after), instances_of(entry.before), check);
    report_.checks.push_back(std::move(check));
  }
}

// No record matching the entry's fields after the first record of `after`
// and before the first record of `before` (from the start without
// `after`; to the end without `before`, or when it matched nothing).
void Engine::CheckWindow(const internal::NoneBetweenSpec& entry, const std::string* member,
                 const std::vector<std::size_t>& after,
                 const std::vector<std::size_t>& before, CheckResult& check) {
  Captures no_captures;
  internal::Bindings bindings;
  bindings.member = member;
  bindings.captures = &no_captures;
  BoundFields fields;
  for (const FieldSpec& field : entry.fields) {
    fields.emplace_back(&field, internal::Bind(field.matcher, bindings, regexes_));
  }
  check.name = "none_between " + (entry.after.empty() ? "start" : entry.after) + " and " +
               (entry.before.empty() ? "end" : entry.before) + ": " + DescribePattern(fields) +
               (member != nullptr ? " [" + *member + "]" : "");
  const Extent from = First(after);
  if (!entry.after.empty() && !from.any) return;  // nothing to be between: its count says so
  const Extent to = First(before);
  auto begin = ordinary_.begin();
  if (from.any) begin = std::upper_bound(ordinary_.begin(), ordinary_.end(), from.index);
  auto end = ordinary_.end();
  if (to.any) end = std::lower_bound(ordinary_.begin(), ordinary_.end(), to.index);
  std::size_t found = 0;
  for (auto it = begin; it < end; ++it) {
    const Record& record = recording_.records[*it];
    if (!RecordMatches(record, fields)) continue;
    check.passed = false;
    if (found++ == kMaxLocationsListed) continue;
    std::string failure = Where(*it) + " " + recorder::RecordExcerpt(record, 200) +
                          " comes";
    if (from.any) failure += " after " + Quoted(LabelOf(from.instance)) + " at " + Where(from.index);
    if (from.any && to.any) failure += " and";
    if (to.any) failure += " before " + Quoted(LabelOf(to.instance)) + " at " + Where(to.index);
    if (!to.any && !entry.before.empty()) {
      failure += " (" + Quoted(entry.before) + " matched no record, so the span runs to the end)";
    }
    check.failures.push_back(std::move(failure));
    check.records.push_back(record.where());
  }
  if (found > kMaxLocationsListed) {
    check.failures.push_back("and " + std::to_string(found - kMaxLocationsListed) + " more");
  }
  if (!check.passed && final_failure_.empty()) {
    final_failure_ = check.name + ": " + check.failures.front();
  }
}

// A time check met a record without ts_ns: the verdict is unverifiable.
void Engine::NeedTime(const std::string& what, const Record& record) {
  if (time_unverifiable_.empty()) time_unverifiable_ = internal::NoTimestampReason(what, record);
}

}  // namespace witness::assertions::internal
