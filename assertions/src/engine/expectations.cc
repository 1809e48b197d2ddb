// Expectations: each instance's pattern bound, its records found through the index, its count
// judged.
#include <algorithm>

#include "internal/engine.h"

namespace witness::assertions::internal {
namespace {

std::string CountText(const CountSpec& count) {
  if (count.max && *count.max == count.min) {
    return count.min == 0 ? "never" : "exactly " + std::to_string(count.min);
  }
  if (!count.max) return "at least " + std::to_string(count.min);
  if (count.min == 0) return "at most " + std::to_string(*count.max);
  return "between " + std::to_string(count.min) + " and " + std::to_string(*count.max);
}

std::string CountPhrase(const CountSpec& count) {
  if (count.max && *count.max == 0) return "no matching record";
  const bool one = count.max && *count.max == 1 && count.min <= 1;
  return CountText(count) + (one ? " matching record" : " matching records");
}

}  // namespace

std::string Engine::Label(const ExpectationSpec& spec, const std::string* member) const {
  std::string label = spec.id.empty() ? "line " + std::to_string(spec.position.line) : spec.id;
  if (member != nullptr) label += " [" + *member + "]";
  return label;
}

std::size_t Engine::NewInstance(const ExpectationSpec& spec, const std::string* member) {
  Instance instance;
  instance.spec = &spec;
  instance.member = member;
  instance.result = report_.expectations.size();
  ExpectationResult result;
  result.id = spec.id;
  result.member = member != nullptr ? *member : std::string();
  result.label = Label(spec, member);
  result.defined_at = spec_.Where(spec.position);
  result.count = CountText(spec.count);
  report_.expectations.push_back(std::move(result));
  instances_.push_back(std::move(instance));
  return instances_.size() - 1;
}

void Engine::Evaluate() {
  member_instances_.resize(members_.size());
  for (std::size_t m = 0; m < members_.size(); ++m) {
    Captures captures;
    std::map<std::string, std::string> binders;
    for (const ExpectationSpec& spec : spec_.per_member) {
      const std::size_t index = NewInstance(spec, &members_[m]);
      member_instances_[m].push_back(index);
      ids_[spec.id].push_back(index);
      EvaluateOne(instances_[index], captures, binders);
    }
  }
  Captures captures;
  std::map<std::string, std::string> binders;
  for (const ExpectationSpec& spec : spec_.global) {
    const std::size_t index = NewInstance(spec, nullptr);
    ids_[spec.id].push_back(index);
    EvaluateOne(instances_[index], captures, binders);
  }
}

const BoundMatcher* Engine::StringLiteral(
    const BoundFields& fields,
    const std::string& name) {
  for (const auto& [field, matcher] : fields) {
    if (field->name == name && internal::LiteralMatchesOnlyStrings(matcher)) return &matcher;
  }
  return nullptr;
}

std::string Engine::LiteralText(const BoundMatcher& matcher) {
  return matcher.whole_capture ? matcher.captured.get<std::string>() : matcher.text;
}

const json* Engine::Pointer(const std::optional<json>& value) {
  return value ? &*value : nullptr;
}

bool Engine::RecordMatches(const Record& record,
                          const BoundFields& fields) {
  for (const auto& [field, matcher] : fields) {
    if (!matcher.Matches(Pointer(record.Find(field->name)))) return false;
  }
  return true;
}

void Engine::EvaluateOne(Instance& instance, Captures& captures,
                 std::map<std::string, std::string>& binders) {
  const ExpectationSpec& spec = *instance.spec;
  ExpectationResult& result = report_.expectations[instance.result];
  const std::string label = result.label;
  for (const std::string& name : spec.captures) binders[name] = label;

  if (!CapturesBound(instance, captures, binders)) return;

  internal::Bindings bindings;
  bindings.member = instance.member;
  bindings.captures = &captures;
  BoundFields fields;
  for (const FieldSpec& field : spec.fields) {
    fields.emplace_back(&field, internal::Bind(field.matcher, bindings, regexes_));
  }
  result.pattern = DescribePattern(fields);

  const BoundMatcher* op = StringLiteral(fields, "op");
  const std::string op_text = op != nullptr ? LiteralText(*op) : std::string();
  BoundFields unsettled;
  const RecordIndices* pool = Pool(fields, op, op_text, unsettled);
  if (op != nullptr) instance.identity = pool;
  for (const std::size_t index : *pool) {
    if (RecordMatches(recording_.records[index], unsettled)) instance.matched.push_back(index);
  }
  // Why records the pattern matched were left out by within, next or nth.
  std::vector<std::string> narrowed;
  if (spec.nth > 0) PickNth(instance, *pool, fields, narrowed);
  if (spec.within || !spec.next.empty()) Narrow(instance, narrowed);
  result.matched.reserve(instance.matched.size());
  for (const std::size_t index : instance.matched) {
    ++claim_counts_[index];
    result.matched.push_back(Ref(recording_.records[index]));
  }

  if (!instance.matched.empty()) Bind(fields, recording_.records[instance.matched[0]], captures);
  Thread(instance, captures);

  JudgeCount(instance, fields, op != nullptr ? &op_text : nullptr, narrowed);
}

// Every capture the instance's pattern uses must be bound by an earlier
// expectation's match; otherwise the instance fails saying which.
bool Engine::CapturesBound(Instance& instance, const Captures& captures,
                           const std::map<std::string, std::string>& binders) {
  std::vector<std::string> references;
  for (const FieldSpec& field : instance.spec->fields) {
    CollectCaptureReferences(field.matcher, references);
  }
  for (const std::string& name : references) {
    if (captures.count(name) != 0) continue;
    ExpectationResult& result = report_.expectations[instance.result];
    instance.passed = false;
    result.passed = false;
    const auto binder = binders.find(name);
    result.failures.push_back(
        "cannot be checked: ${" + name + "} is not bound because " +
        (binder != binders.end() ? Quoted(binder->second) : std::string("its expectation")) +
        " matched no record");
    return false;
  }
  return true;
}

// The smallest bucket that holds every record the pattern can match; what
// the bucket guarantees (the op of an op bucket, the op and name of an (op,
// name) bucket) is left out of `unsettled`, so it is not tested again per
// record.
const RecordIndices* Engine::Pool(const BoundFields& fields, const BoundMatcher* op,
                                  const std::string& op_text, BoundFields& unsettled) const {
  const BoundMatcher* name = StringLiteral(fields, "name");
  const RecordIndices* pool = &ordinary_;
  if (op != nullptr) {
    if (recorder::IsSessionOp(op_text)) {
      pool = &Bucket(by_session_op_, op_text);
    } else if (name != nullptr) {
      pool = &Bucket(by_op_name_, Key(op_text, LiteralText(*name)));
    } else {
      pool = &Bucket(by_op_, op_text);
    }
  }
  for (const auto& field : fields) {
    const bool settled = (&field.second == op && pool != &ordinary_) ||
                         (&field.second == name && op != nullptr && pool != &ordinary_ &&
                          !recorder::IsSessionOp(op_text));
    if (!settled) unsettled.push_back(field);
  }
  return pool;
}

// The count against what was found; for too few, why: what within, next or
// nth left out, or else the closest records.
void Engine::JudgeCount(Instance& instance, const BoundFields& fields, const std::string* op,
                        std::vector<std::string>& narrowed) {
  const ExpectationSpec& spec = *instance.spec;
  ExpectationResult& result = report_.expectations[instance.result];
  const std::string& label = result.label;
  const std::size_t found = instance.matched.size();
  const CountSpec& count = spec.count;
  const bool too_few = found < count.min;
  const bool too_many = count.max && found > *count.max;
  if (!too_few && !too_many) return;
  instance.passed = false;
  result.passed = false;
  std::string failure = "expected " + CountPhrase(count) + ", found " + std::to_string(found);
  if (too_many) failure += ": " + Locations(instance.matched);
  result.failures.push_back(std::move(failure));
  if (too_many && final_failure_.empty()) {
    // Appending records only adds matches: no later record undoes this.
    final_failure_ = Quoted(label) + " matched " + std::to_string(found) + " records (" +
                     CountText(count) + ")";
  }
  if (too_few && !narrowed.empty()) {
    // The pattern matched, but not where, when or which one: that is the
    // news, not the closest records.
    for (std::string& note : narrowed) result.failures.push_back(std::move(note));
  } else if (too_few) {
    FindNearMisses(instance, fields, op);
    if (!result.near_misses.empty()) {
      const NearMiss& best = result.near_misses[0];
      std::string differs;
      std::size_t listed = 0;
      for (const FieldDiff& diff : best.fields) {
        if (diff.matched) continue;
        if (listed++ == 3) {
          differs += "; ...";
          break;
        }
        if (!differs.empty()) differs += "; ";
        differs += diff.field + ": expected " + diff.expected + ", actual " + diff.actual;
      }
      result.failures.push_back("closest record " + best.where.ToString() + " differs in " +
                                differs);
    } else if (op != nullptr) {
      result.failures.push_back("no record has op " + recorder::ValueExcerpt(json(*op)));
    } else {
      result.failures.push_back("the recording has no records");
    }
  }
}

void Engine::Bind(const BoundFields& fields,
                 const Record& record, Captures& captures) {
  for (const auto& [field, matcher] : fields) {
    const std::optional<json> value = record.Find(field->name);
    if (!value) continue;
    for (const std::string& name : internal::BoundCaptureNames(matcher)) captures[name] = *value;
  }
}

std::string Engine::DescribePattern(
    const BoundFields& fields) {
  std::string out;
  for (const auto& [field, matcher] : fields) {
    if (!out.empty()) out += ", ";
    out += field->name + " " + matcher.Describe();
  }
  return out;
}

}  // namespace witness::assertions::internal
