// The engine: checks a recording against a compiled scenario.
//
// Records are indexed once by op and by (op, name); an expectation whose op
// and name are plain strings looks only at its bucket, so a scenario with M
// members and N records costs O(N + M * bucket) rather than O(N * M).

#include "witness/assertions/check.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "internal/matcher.h"
#include "internal/root_causes.h"
#include "internal/timing.h"
#include "internal/spec.h"
#include "witness/recorder/format.h"

namespace witness::assertions {
namespace {

using internal::BoundMatcher;
using internal::CountSpec;
using internal::ExpectationSpec;
using internal::FieldSpec;
using internal::MatcherKind;
using internal::ScenarioSpec;
using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

// Scanning for near misses is bounded so a scenario failing everywhere on
// a huge recording still reports quickly.
constexpr std::size_t kNearMissBudget = 4000000;
constexpr std::size_t kMaxInstancesWithNearMisses = 1000;
constexpr std::size_t kMaxLocationsListed = 10;

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

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

// Indices into Recording::records. Four bytes, not eight: a soak's buckets
// and matches hold every record once or twice, and on these machines every
// page touched for the first time costs more than the work done in it.
using RecordIndices = std::vector<std::uint32_t>;

struct Instance {
  const ExpectationSpec* spec = nullptr;
  const std::string* member = nullptr;  // null for top-level expectations
  std::size_t result = 0;               // index into Report::expectations
  RecordIndices matched;     // record indices, ascending
  // The records of the expectation's identity, its literal op (and name):
  // what `unique` compares, matched or not. Null when the op is no literal.
  const RecordIndices* identity = nullptr;
  bool passed = true;
};

// Notes listed per failure at most: the rest is counted.
constexpr std::size_t kMaxNotes = 5;

using Captures = std::map<std::string, json>;

class Engine {
 public:
  Engine(const ScenarioSpec& spec, const Recording& recording, const CheckOptions& options,
         Report& report)
      : spec_(spec), recording_(recording), options_(options), report_(report) {}

  void Run() {
    report_.scenario = spec_.name;
    report_.scenario_file = spec_.file;
    report_.files = recording_.files;
    report_.diagnostics = recording_.diagnostics;
    Index();
    ResolveMembers();
    Evaluate();
    CheckOrder();
    CheckNoneBetween();
    CheckUnique();
    CheckLifecycle();
    CheckStrict();
    CheckFieldNames();
    CheckWriters();
    CheckCleanExit();
    CheckLiveness();
    Decide();
    internal::FindRootCauses(spec_, recording_, report_);
    if (options_.listing) BuildListing();
  }

 private:
  // ---- indexing ----

  static std::string Key(const std::string& op, const std::string& name) {
    std::string key = op;
    key += '\0';
    key += name;
    return key;
  }

  void Index() {
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

  const RecordIndices& Bucket(
      const std::unordered_map<std::string, RecordIndices>& map,
      const std::string& key) const {
    const auto it = map.find(key);
    return it == map.end() ? empty_ : it->second;
  }

  std::string Where(std::size_t index) const {
    return recording_.records[index].where().ToString();
  }

  std::string Locations(const RecordIndices& indices) const {
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

  // ---- members ----

  void ResolveMembers() {
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

  // ---- expectations ----

  std::string Label(const ExpectationSpec& spec, const std::string* member) const {
    std::string label = spec.id.empty() ? "line " + std::to_string(spec.position.line) : spec.id;
    if (member != nullptr) label += " [" + *member + "]";
    return label;
  }

  std::size_t NewInstance(const ExpectationSpec& spec, const std::string* member) {
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

  void Evaluate() {
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

  static const BoundMatcher* StringLiteral(
      const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields,
      const std::string& name) {
    for (const auto& [field, matcher] : fields) {
      if (field->name == name && internal::LiteralMatchesOnlyStrings(matcher)) return &matcher;
    }
    return nullptr;
  }

  static std::string LiteralText(const BoundMatcher& matcher) {
    return matcher.whole_capture ? matcher.captured.get<std::string>() : matcher.text;
  }

  // The record as the report refers to it. Records of one file share one
  // file name string, so its index is found by address.
  RecordRef Ref(const Record& record) {
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

  static const json* Pointer(const std::optional<json>& value) {
    return value ? &*value : nullptr;
  }

  static bool RecordMatches(const Record& record,
                            const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields) {
    for (const auto& [field, matcher] : fields) {
      if (!matcher.Matches(Pointer(record.Find(field->name)))) return false;
    }
    return true;
  }

  void EvaluateOne(Instance& instance, Captures& captures,
                   std::map<std::string, std::string>& binders) {
    const ExpectationSpec& spec = *instance.spec;
    ExpectationResult& result = report_.expectations[instance.result];
    const std::string label = result.label;
    for (const std::string& name : spec.captures) binders[name] = label;

    std::vector<std::string> references;
    for (const FieldSpec& field : spec.fields) {
      internal::CollectCaptureReferences(field.matcher, references);
    }
    for (const std::string& name : references) {
      if (captures.count(name) != 0) continue;
      instance.passed = false;
      result.passed = false;
      const auto binder = binders.find(name);
      result.failures.push_back(
          "cannot be checked: ${" + name + "} is not bound because " +
          (binder != binders.end() ? Quoted(binder->second) : std::string("its expectation")) +
          " matched no record");
      return;
    }

    internal::Bindings bindings;
    bindings.member = instance.member;
    bindings.captures = &captures;
    std::vector<std::pair<const FieldSpec*, BoundMatcher>> fields;
    for (const FieldSpec& field : spec.fields) {
      fields.emplace_back(&field, internal::Bind(field.matcher, bindings, regexes_));
    }
    result.pattern = DescribePattern(fields);

    // The smallest bucket that holds every record the pattern can match.
    const BoundMatcher* op = StringLiteral(fields, "op");
    const BoundMatcher* name = StringLiteral(fields, "name");
    const RecordIndices* pool = &ordinary_;
    std::string op_text;
    if (op != nullptr) {
      op_text = LiteralText(*op);
      if (recorder::IsSessionOp(op_text)) {
        pool = &Bucket(by_session_op_, op_text);
      } else if (name != nullptr) {
        pool = &Bucket(by_op_name_, Key(op_text, LiteralText(*name)));
      } else {
        pool = &Bucket(by_op_, op_text);
      }
    }
    // What the pool guarantees is not checked again per record: the op of
    // an op bucket, the op and name of an (op, name) bucket.
    std::vector<std::pair<const FieldSpec*, BoundMatcher>> unsettled;
    for (const auto& field : fields) {
      const bool settled = (&field.second == op && pool != &ordinary_) ||
                           (&field.second == name && op != nullptr && pool != &ordinary_ &&
                            !recorder::IsSessionOp(op_text));
      if (!settled) unsettled.push_back(field);
    }
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
      FindNearMisses(instance, fields, op != nullptr ? &op_text : nullptr);
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
        result.failures.push_back("no record has op " + internal::ShortJson(json(op_text)));
      } else {
        result.failures.push_back("the recording has no records");
      }
    }
  }

  // ---- within, next, nth ----

  // The instance of `id` that `instance` refers to: the same member's inside
  // per_member, the top-level one outside.
  std::size_t Peer(const Instance& instance, const std::string& id) const {
    if (instance.member != nullptr) {
      const std::size_t member = static_cast<std::size_t>(instance.member - members_.data());
      return member_instances_[member][MemberExpectationIndex(id)];
    }
    return ids_.at(id).front();
  }

  // Among the member's records (every ordinary record outside per_member),
  // the one right after `index`, or nullopt when `index` is the last.
  std::optional<std::size_t> NextRecord(std::size_t index, const std::string* member) const {
    auto it = std::upper_bound(ordinary_.begin(), ordinary_.end(), index);
    for (; it != ordinary_.end(); ++it) {
      const Record& record = recording_.records[*it];
      if (member == nullptr || (record.HasName() && record.Name() == *member)) return *it;
    }
    return std::nullopt;
  }

  static void Note(std::vector<std::string>& notes, std::string note) {
    if (notes.size() < kMaxNotes) notes.push_back(std::move(note));
  }

  // `nth: N`: of the records of the expectation's op (and name), only the
  // N-th counts, and the rest of the pattern must hold for it: "the second
  // create of web-1 carries the new MAC".
  void PickNth(Instance& instance, const RecordIndices& pool,
               const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields,
               std::vector<std::string>& notes) {
    const std::uint64_t nth = instance.spec->nth;
    std::vector<std::pair<const FieldSpec*, BoundMatcher>> identity;
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

  static std::string Ordinal(std::uint64_t n) {
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
  void Narrow(Instance& instance, std::vector<std::string>& notes) {
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
                          internal::ShortJson(recording_.records[*after].fields(), 200) +
                          ", which this pattern does not match");
        }
      }
      matched = keep ? RecordIndices{static_cast<std::uint32_t>(*after)} : RecordIndices{};
    }
  }

  static void Bind(const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields,
                   const Record& record, Captures& captures) {
    for (const auto& [field, matcher] : fields) {
      const std::optional<json> value = record.Find(field->name);
      if (!value) continue;
      if (matcher.kind == MatcherKind::kCapture) captures[matcher.capture_name] = *value;
      if (matcher.kind == MatcherKind::kAllOf) {
        for (const BoundMatcher& child : matcher.children) {
          if (child.kind == MatcherKind::kCapture) captures[child.capture_name] = *value;
        }
      }
    }
  }

  // Report::threads: each capture this instance used joins the thread of
  // the binding it saw; each capture it bound starts a thread. Bindings are
  // scoped per member (per_member) or shared (top level), as in Captures.
  void Thread(const Instance& instance, const Captures& captures) {
    const ExpectationSpec& spec = *instance.spec;
    for (const FieldSpec& field : spec.fields) {
      std::vector<std::string> used;
      internal::CollectCaptureReferences(field.matcher, used);
      for (const std::string& name : used) {
        const auto open = open_threads_.find({instance.member, name});
        if (open == open_threads_.end()) continue;
        std::vector<CaptureUse>& uses = report_.threads[open->second].uses;
        if (!uses.empty() && uses.back().expectation == instance.result) continue;
        uses.push_back(CaptureUse{instance.result, field.name});
      }
    }
    if (instance.matched.empty()) return;
    for (const std::string& name : spec.captures) {
      const auto value = captures.find(name);
      if (value == captures.end()) continue;
      CaptureThread thread;
      thread.name = name;
      thread.value = internal::ShortJson(value->second);
      thread.binder = instance.result;
      thread.bound_at = Ref(recording_.records[instance.matched[0]]);
      open_threads_[{instance.member, name}] = report_.threads.size();
      report_.threads.push_back(std::move(thread));
    }
  }

  static std::string DescribePattern(
      const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields) {
    std::string out;
    for (const auto& [field, matcher] : fields) {
      if (!out.empty()) out += ", ";
      out += field->name + " " + matcher.Describe();
    }
    return out;
  }

  NearMiss Score(std::size_t index,
                 const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields) const {
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

  void FindNearMisses(const Instance& instance,
                      const std::vector<std::pair<const FieldSpec*, BoundMatcher>>& fields,
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

  // ---- scenario-wide checks ----

  // The first/last record an id's instances matched, and which instance.
  struct Extent {
    std::size_t index = 0;
    std::size_t instance = 0;
    bool any = false;
  };

  Extent Last(const std::vector<std::size_t>& instance_indices) const {
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

  Extent First(const std::vector<std::size_t>& instance_indices) const {
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

  const std::string& LabelOf(std::size_t instance) const {
    return report_.expectations[instances_[instance].result].label;
  }

  // "order reserve -> {create, start} -> stop".
  static std::string ChainName(const internal::OrderChainSpec& chain) {
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

  // The instances of each id of each step: steps[i][j] for chain.steps[i][j].
  using ChainInstances = std::vector<std::vector<std::vector<std::size_t>>>;

  void CheckChain(const internal::OrderChainSpec& chain, const ChainInstances& steps,
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
  void CheckGap(std::int64_t max_gap_ns, const std::vector<std::vector<std::size_t>>& step,
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

  // ---- none_between ----

  void CheckNoneBetween() {
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
  void CheckWindow(const internal::NoneBetweenSpec& entry, const std::string* member,
                   const std::vector<std::size_t>& after,
                   const std::vector<std::size_t>& before, CheckResult& check) {
    Captures no_captures;
    internal::Bindings bindings;
    bindings.member = member;
    bindings.captures = &no_captures;
    std::vector<std::pair<const FieldSpec*, BoundMatcher>> fields;
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
      std::string failure = Where(*it) + " " + internal::ShortJson(record.fields(), 200) +
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
  void NeedTime(const std::string& what, const Record& record) {
    if (time_unverifiable_.empty()) time_unverifiable_ = internal::NoTimestampReason(what, record);
  }

  std::size_t MemberExpectationIndex(const std::string& id) const {
    for (std::size_t i = 0; i < spec_.per_member.size(); ++i) {
      if (spec_.per_member[i].id == id) return i;
    }
    return spec_.per_member.size();
  }

  void CheckOrder() {
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

  void CheckUnique() {
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
                unique.field + " " + internal::ShortJson(*value) + " is shared by " +
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

  void CheckLifecycleFor(const internal::LifecycleSpec& lifecycle,
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

  void CheckLifecycle() {
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

  // A field no record of the recording has and the record format does not
  // define is, most likely, a typo: a "never" on it passes for ever, and a
  // `unique` on it compares nothing.
  void CheckFieldNames() {
    std::vector<std::pair<const std::string*, const internal::Position*>> named;
    for (const auto* list : {&spec_.per_member, &spec_.global}) {
      for (const ExpectationSpec& expectation : *list) {
        for (const FieldSpec& field : expectation.fields) {
          named.emplace_back(&field.name, &field.position);
        }
      }
    }
    for (const auto& unique : spec_.unique) named.emplace_back(&unique.field, &unique.position);
    std::set<std::string> judged;
    std::vector<std::string> problems;
    const internal::Position* first_problem = nullptr;
    for (const auto& [name, position] : named) {
      if (recorder::FindKnownField(*name) != nullptr || !judged.insert(*name).second) continue;
      if (AppearsInARecord(*name)) continue;
      if (first_problem == nullptr) first_problem = position;
      problems.push_back(spec_.Where(*position) + ": field " + Quoted(*name) +
                         " appears in no record of this recording and is not a field of the "
                         "record format" + FieldSuggestion(*name));
    }
    if (problems.empty()) return;
    if (!spec_.strict) {
      report_.warnings.insert(report_.warnings.end(), problems.begin(), problems.end());
      return;
    }
    CheckResult check;
    check.kind = CheckKind::kFields;
    check.name = "fields";
    check.defined_at = spec_.Where(*first_problem);
    check.passed = false;
    check.failures = std::move(problems);
    report_.checks.push_back(std::move(check));
  }

  static std::string FieldSuggestion(const std::string& name) {
    const std::string_view nearest = recorder::NearestKnownField(name);
    if (!nearest.empty()) return " (did you mean " + Quoted(std::string(nearest)) + "?)";
    std::string known;
    for (const recorder::KnownField& field : recorder::kKnownFields) {
      known += (known.empty() ? "" : ", ") + std::string(field.key);
    }
    return "; the format's fields are " + known;
  }

  bool AppearsInARecord(const std::string& field) const {
    for (const Record& record : recording_.records) {
      if (record.Has(field)) return true;
    }
    return false;
  }

  void CheckStrict() {
    if (!spec_.strict) return;
    CheckResult check;
    check.kind = CheckKind::kStrict;
    check.name = "strict";
    check.defined_at = spec_.Where(spec_.strict_position);
    for (const std::size_t index : ordinary_) {
      if (claim_counts_[index] != 0) continue;
      check.passed = false;
      check.failures.push_back("record at " + Where(index) + " matched no expectation: " +
                               internal::ShortJson(recording_.records[index].fields()));
      check.records.push_back(recording_.records[index].where());
    }
    for (const recorder::Diagnostic& diagnostic : recording_.diagnostics) {
      check.passed = false;
      check.failures.push_back("bad line: " + diagnostic.ToString());
      check.records.push_back(diagnostic.where);
    }
    report_.checks.push_back(std::move(check));
  }

  void CheckWriters() {
    if (!spec_.writers) return;
    CheckResult check;
    check.kind = CheckKind::kWriters;
    check.name = "writers " + std::to_string(*spec_.writers);
    check.defined_at = spec_.Where(spec_.writers_position);
    std::set<std::int64_t> pids;
    std::size_t without_pid = 0;
    for (std::size_t i = 0; i < recording_.records.size(); ++i) {
      const auto pid = recording_.records[i].Pid();
      if (pid) {
        pids.insert(*pid);
      } else {
        ++without_pid;
      }
    }
    if (pids.empty() && without_pid > 0) {
      check.passed = false;
      check.failures.push_back(
          "cannot count writers: no record carries a pid (files written by the Go reference "
          "do not say which process wrote them)");
    } else if (pids.size() != static_cast<std::size_t>(*spec_.writers)) {
      check.passed = false;
      std::string list;
      std::size_t listed = 0;
      for (const std::int64_t pid : pids) {
        if (listed++ == kMaxLocationsListed) {
          list += ", ...";
          break;
        }
        list += (list.empty() ? "" : ", ") + std::to_string(pid);
      }
      check.failures.push_back("expected exactly " + std::to_string(*spec_.writers) +
                               " writing processes, found " + std::to_string(pids.size()) +
                               (list.empty() ? "" : " (pids " + list + ")"));
    }
    report_.checks.push_back(std::move(check));
  }

  void CheckCleanExit() {
    if (!spec_.clean_exit) return;
    CheckResult check;
    check.kind = CheckKind::kCleanExit;
    check.name = "clean_exit";
    check.defined_at = spec_.Where(spec_.clean_exit_position);
    struct Process {
      std::vector<std::size_t> opened;
      std::vector<std::size_t> closed;
      std::uint64_t reported = 0;
      std::uint64_t write_errors = 0;
      std::size_t found = 0;
      std::size_t first_record = 0;
    };
    std::map<std::pair<std::string, std::int64_t>, Process> processes;
    std::size_t without_pid = 0;
    const auto fail = [&check](std::string message) {
      check.passed = false;
      check.failures.push_back(std::move(message));
    };
    for (std::size_t i = 0; i < recording_.records.size(); ++i) {
      const Record& record = recording_.records[i];
      const auto pid = record.Pid();
      if (!pid) {
        if (std::binary_search(ordinary_.begin(), ordinary_.end(), i)) ++without_pid;
        continue;
      }
      Process& process = processes[{record.where().file, *pid}];
      const std::string& op = record.Op();
      if (op == recorder::ops::kSession) {
        process.opened.push_back(i);
      } else if (op == recorder::ops::kSessionEnd) {
        process.closed.push_back(i);
        const auto records = record.Integer("records");
        const auto errors = record.Integer("write_errors");
        if (!records) fail("session_end at " + Where(i) + " has no record count");
        process.reported += static_cast<std::uint64_t>(records.value_or(0));
        process.write_errors += static_cast<std::uint64_t>(errors.value_or(0));
      } else {
        if (process.found++ == 0) process.first_record = i;
      }
    }
    if (processes.empty()) {
      fail("no session record: the records were not written by a Witness writer, so a clean "
           "exit cannot be shown");
    }
    if (without_pid > 0) {
      fail(std::to_string(without_pid) + " records carry no pid, so no session accounts for them");
    }
    for (const auto& [key, process] : processes) {
      const std::string who = "process " + std::to_string(key.second) + " in " + key.first;
      if (process.opened.empty()) {
        fail(who + " wrote " + std::to_string(process.found) + " records (first at " +
             Where(process.first_record) + ") without a session record");
        continue;
      }
      if (process.closed.size() < process.opened.size()) {
        const Record& session = recording_.records[process.opened.back()];
        const std::string argv0 = session.String("argv0");
        fail(who + (argv0.empty() ? "" : " (" + argv0 + ")") + " never closed its session opened at " +
             Where(process.opened.back()) + ": it did not exit cleanly");
        continue;
      }
      if (process.reported != process.found) {
        fail(who + " reported " + std::to_string(process.reported) + " records written, but the " +
             "file holds " + std::to_string(process.found) +
             (process.reported > process.found ? ": records were lost between writer and file"
                                               : ": records were added by another writer"));
      }
      if (process.write_errors > 0) {
        fail(who + " reported " + std::to_string(process.write_errors) + " write errors");
      }
    }
    report_.checks.push_back(std::move(check));
  }

  // Where the scenario first says "never" or "at most": what needs the
  // proof of a live recorder.
  std::string FirstNegativeExpectation() const {
    const ExpectationSpec* first = nullptr;
    for (const auto* list : {&spec_.per_member, &spec_.global}) {
      for (const ExpectationSpec& expectation : *list) {
        if (!expectation.count.Negative()) continue;
        if (first == nullptr || expectation.position.line < first->position.line) {
          first = &expectation;
        }
      }
    }
    return first == nullptr ? std::string() : spec_.Where(first->position);
  }

  void CheckLiveness() {
    if (!spec_.negative) return;
    CheckResult check;
    check.kind = CheckKind::kLiveness;
    check.name = "recorder alive";
    check.defined_at = FirstNegativeExpectation();
    if (sessions_.empty() && ordinary_.empty()) {
      check.passed = false;
      unverifiable_reason_ = internal::RecorderNeverStarted(recording_, spec_.record_variable);
      if (unverifiable_reason_.empty()) {
        unverifiable_reason_ = "the recording holds only bad lines, no record";
      }
      check.failures.push_back(unverifiable_reason_ +
                               "; a 'never' or 'at most' expectation proves nothing without it");
    }
    report_.checks.push_back(std::move(check));
  }

  void Decide() {
    bool failed = false;
    for (const ExpectationResult& result : report_.expectations) failed = failed || !result.passed;
    for (const CheckResult& check : report_.checks) {
      if (check.kind != CheckKind::kLiveness) failed = failed || !check.passed;
    }
    if (!unverifiable_reason_.empty()) {
      report_.outcome = Outcome::kUnverifiable;
      report_.unverifiable_reason = unverifiable_reason_;
    } else if (!failed && !time_unverifiable_.empty()) {
      // A time check that could not be made is not a pass; a failure
      // elsewhere is still a failure.
      report_.outcome = Outcome::kUnverifiable;
      report_.unverifiable_reason = time_unverifiable_;
    } else {
      report_.outcome = failed ? Outcome::kFail : Outcome::kPass;
    }
    if (report_.outcome == Outcome::kFail) {
      report_.final_failure = final_failure_;
      if (report_.final_failure.empty()) report_.final_failure = EveryWriterClosed();
    }
  }

  // "every writer closed its session (2 sessions)" when each session record
  // has its session_end: nothing more will be written. "" otherwise.
  std::string EveryWriterClosed() const {
    std::map<std::pair<std::string, std::int64_t>, int> open;
    std::size_t sessions = 0;
    for (const std::size_t index : sessions_) {
      const Record& record = recording_.records[index];
      const auto pid = record.Pid();
      if (!pid) return "";
      int& count = open[{record.where().file, *pid}];
      if (record.Op() == recorder::ops::kSession) {
        ++count;
        ++sessions;
      } else {
        --count;
      }
    }
    if (sessions == 0) return "";
    for (const auto& [writer, count] : open) {
      if (count > 0) return "";
    }
    return "every writer closed its session (" + std::to_string(sessions) +
           (sessions == 1 ? " session)" : " sessions)");
  }

  // ---- listing ----

  void BuildListing() {
    std::map<std::string, std::size_t> file_rank;
    for (std::size_t i = 0; i < recording_.files.size(); ++i) file_rank.emplace(recording_.files[i], i);
    // Which instances claimed each record: asked for only here.
    std::vector<std::vector<std::uint32_t>> claims(recording_.records.size());
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      for (const std::size_t index : instances_[i].matched) {
        claims[index].push_back(static_cast<std::uint32_t>(i));
      }
    }
    std::vector<ListingLine>& listing = report_.listing;
    listing.reserve(recording_.records.size() + recording_.diagnostics.size());
    for (std::size_t i = 0; i < recording_.records.size(); ++i) {
      const Record& record = recording_.records[i];
      ListingLine line;
      line.where = record.where();
      line.text = internal::ShortJson(record.fields(), 4096);
      if (recorder::IsSessionOp(record.Op()) && claims[i].empty()) {
        line.status = LineStatus::kSession;
      } else if (claims[i].empty()) {
        line.status = LineStatus::kUnclaimed;
        if (spec_.strict) line.note = "matched no expectation";
      } else {
        line.status = LineStatus::kClaimed;
        for (const std::uint32_t instance : claims[i]) {
          const ExpectationResult& result = report_.expectations[instances_[instance].result];
          Claim claim;
          claim.id = result.id.empty() ? result.label : result.id;
          claim.member = result.member;
          line.claims.push_back(std::move(claim));
          if (!result.passed && line.note.empty()) {
            line.note = "claimed by failing expectation " + Quoted(result.label);
          }
        }
      }
      listing.push_back(std::move(line));
    }
    for (const recorder::Diagnostic& diagnostic : recording_.diagnostics) {
      ListingLine line;
      line.where = diagnostic.where;
      line.status = LineStatus::kBad;
      line.text = diagnostic.excerpt;
      line.note = std::string(recorder::ToString(diagnostic.kind)) + ": " + diagnostic.message;
      listing.push_back(std::move(line));
    }
    const auto rank = [&file_rank](const std::string& file) {
      const auto it = file_rank.find(file);
      return it == file_rank.end() ? file_rank.size() : it->second;
    };
    std::stable_sort(listing.begin(), listing.end(),
                     [&rank](const ListingLine& a, const ListingLine& b) {
                       const std::size_t ra = rank(a.where.file);
                       const std::size_t rb = rank(b.where.file);
                       if (ra != rb) return ra < rb;
                       if (a.where.line != b.where.line) return a.where.line < b.where.line;
                       return a.where.offset < b.where.offset;
                     });
  }

  const ScenarioSpec& spec_;
  const Recording& recording_;
  const CheckOptions& options_;
  Report& report_;

  RecordIndices ordinary_;
  RecordIndices sessions_;
  std::unordered_map<std::string, RecordIndices> by_op_;
  std::unordered_map<std::string, RecordIndices> by_op_name_;
  std::unordered_map<std::string, RecordIndices> by_session_op_;
  const RecordIndices empty_;
  std::vector<std::uint32_t> claim_counts_;  // record -> how many instances matched it
  std::unordered_map<const std::string*, std::uint32_t> file_index_;  // 1-based; 0: not yet

  std::vector<std::string> members_;
  std::vector<Instance> instances_;
  std::vector<std::vector<std::size_t>> member_instances_;  // member -> instance per expectation
  std::unordered_map<std::string, std::vector<std::size_t>> ids_;
  // (member, capture name) -> its thread in Report::threads; member is null
  // at the top level.
  std::map<std::pair<const std::string*, std::string>, std::size_t> open_threads_;
  internal::RegexCache regexes_;
  std::size_t near_miss_work_ = 0;
  std::size_t instances_with_near_misses_ = 0;
  std::string unverifiable_reason_;
  std::string time_unverifiable_;  // the first time check that met no ts_ns
  // The first failure no appended record can undo (see Report::final_failure).
  std::string final_failure_;
};

}  // namespace

Report Check(const Scenario& scenario, const Recording& recording, const CheckOptions& options) {
  Report report;
  Engine engine(scenario.spec(), recording, options, report);
  engine.Run();
  return report;
}

}  // namespace witness::assertions
