// The engine's state while it checks one recording against one scenario,
// and the steps of the check. The steps are defined by concept, each in its
// own file under src/engine/: the record index and members
// (record_index.cc), expectations (expectations.cc) and their qualifiers
// (qualifiers.cc), near misses (near_misses.cc), capture threads
// (capture_threads.cc), order and none_between (order_checks.cc), unique
// and lifecycle (record_set_checks.cc), checks of the recording as a whole
// (recording_checks.cc), and the annotated listing (listing.cc);
// src/check.cc runs them in order and decides the outcome.
//
// Records are indexed once by op and by (op, name); an expectation whose op
// and name are plain strings looks only at its bucket, so a scenario with M
// members and N records costs O(N + M * bucket) rather than O(N * M).
#ifndef WITNESS_ASSERTIONS_INTERNAL_ENGINE_H_
#define WITNESS_ASSERTIONS_INTERNAL_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "internal/matcher.h"
#include "internal/spec.h"
#include "internal/yaml_reader.h"
#include "witness/assertions/check.h"
#include "witness/assertions/report.h"
#include "witness/recorder/excerpt.h"
#include "witness/recorder/reader.h"

namespace witness::assertions::internal {

using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

// Record locations listed per failure at most: the rest are counted.
constexpr std::size_t kMaxLocationsListed = 10;

// Indices into Recording::records. Four bytes, not eight: a soak's buckets
// and matches hold every record once or twice, and on these machines every
// page touched for the first time costs more than the work done in it.
using RecordIndices = std::vector<std::uint32_t>;

// One expectation for one member (or the top level).
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

using Captures = std::map<std::string, json>;
// An expectation's fields with their matchers bound for one instance.
using BoundFields = std::vector<std::pair<const FieldSpec*, BoundMatcher>>;

class Engine {
 public:
  Engine(const ScenarioSpec& spec, const Recording& recording, const CheckOptions& options,
         Report& report)
      : spec_(spec), recording_(recording), options_(options), report_(report) {}

  void Run();

 private:
  // ---- indexing ----

  static std::string Key(const std::string& op, const std::string& name);

  void Index();

  const RecordIndices& Bucket(
      const std::unordered_map<std::string, RecordIndices>& map,
      const std::string& key) const;

  std::string Where(std::size_t index) const;

  std::string Locations(const RecordIndices& indices) const;

  // ---- members ----

  void ResolveMembers();

  // ---- expectations ----

  std::string Label(const ExpectationSpec& spec, const std::string* member) const;

  std::size_t NewInstance(const ExpectationSpec& spec, const std::string* member);

  void Evaluate();

  static const BoundMatcher* StringLiteral(
      const BoundFields& fields,
      const std::string& name);

  static std::string LiteralText(const BoundMatcher& matcher);

  // The record as the report refers to it. Records of one file share one
  // file name string, so its index is found by address.
  RecordRef Ref(const Record& record);

  static const json* Pointer(const std::optional<json>& value);

  static bool RecordMatches(const Record& record,
                            const BoundFields& fields);

  bool CapturesBound(Instance& instance, const Captures& captures,
                     const std::map<std::string, std::string>& binders);
  // `op` is the pattern's literal op (StringLiteral), `op_text` its text.
  const RecordIndices* Pool(const BoundFields& fields, const BoundMatcher* op,
                            const std::string& op_text, BoundFields& unsettled) const;
  void JudgeCount(Instance& instance, const BoundFields& fields, const std::string* op,
                  std::vector<std::string>& narrowed);
  void EvaluateOne(Instance& instance, Captures& captures,
                   std::map<std::string, std::string>& binders);

  // ---- within, next, nth ----

  // The instance of `id` that `instance` refers to: the same member's inside
  // per_member, the top-level one outside.
  std::size_t Peer(const Instance& instance, const std::string& id) const;

  // Among the member's records (every ordinary record outside per_member),
  // the one right after `index`, or nullopt when `index` is the last.
  std::optional<std::size_t> NextRecord(std::size_t index, const std::string* member) const;

  static void Note(std::vector<std::string>& notes, std::string note);

  // `nth: N`: of the records of the expectation's op (and name), only the
  // N-th counts, and the rest of the pattern must hold for it: "the second
  // create of web-1 carries the new MAC".
  void PickNth(Instance& instance, const RecordIndices& pool,
               const BoundFields& fields,
               std::vector<std::string>& notes);

  static std::string Ordinal(std::uint64_t n);

  // Keeps of instance.matched what `within`, then `next`, allow; says in
  // `notes` why each record left out was left out.
  void Narrow(Instance& instance, std::vector<std::string>& notes);

  static void Bind(const BoundFields& fields,
                   const Record& record, Captures& captures);

  // Report::threads: each capture this instance used joins the thread of
  // the binding it saw; each capture it bound starts a thread. Bindings are
  // scoped per member (per_member) or shared (top level), as in Captures.
  void Thread(const Instance& instance, const Captures& captures);

  static std::string DescribePattern(
      const BoundFields& fields);

  NearMiss Score(std::size_t index,
                 const BoundFields& fields) const;

  void FindNearMisses(const Instance& instance,
                      const BoundFields& fields,
                      const std::string* op);

  // ---- scenario-wide checks ----

  // The first/last record an id's instances matched, and which instance.
  struct Extent {
    std::size_t index = 0;
    std::size_t instance = 0;
    bool any = false;
  };

  Extent Last(const std::vector<std::size_t>& instance_indices) const;

  Extent First(const std::vector<std::size_t>& instance_indices) const;

  const std::string& LabelOf(std::size_t instance) const;

  // "order reserve -> {create, start} -> stop".
  static std::string ChainName(const internal::OrderChainSpec& chain);

  // The instances of each id of each step: steps[i][j] for chain.steps[i][j].
  using ChainInstances = std::vector<std::vector<std::vector<std::size_t>>>;

  void CheckChain(const internal::OrderChainSpec& chain, const ChainInstances& steps,
                  CheckResult& check);

  // The next step's first record must follow the step's last within the gap.
  void CheckGap(std::int64_t max_gap_ns, const std::vector<std::vector<std::size_t>>& step,
                const std::vector<std::vector<std::size_t>>& next, CheckResult& check);

  // ---- none_between ----

  void CheckNoneBetween();

  // No record matching the entry's fields after the first record of `after`
  // and before the first record of `before` (from the start without
  // `after`; to the end without `before`, or when it matched nothing).
  void CheckWindow(const internal::NoneBetweenSpec& entry, const std::string* member,
                   const std::vector<std::size_t>& after,
                   const std::vector<std::size_t>& before, CheckResult& check);

  // A time check met a record without ts_ns: the verdict is unverifiable.
  void NeedTime(const std::string& what, const Record& record);

  std::size_t MemberExpectationIndex(const std::string& id) const;

  void CheckOrder();

  void CheckUnique();

  void CheckLifecycleFor(const internal::LifecycleSpec& lifecycle,
                         const std::vector<std::string>& members);

  void CheckLifecycle();

  // A field no record of the recording has and the record format does not
  // define is, most likely, a typo: a "never" on it passes for ever, and a
  // `unique` on it compares nothing.
  void CheckFieldNames();

  static std::string FieldSuggestion(const std::string& name);

  bool AppearsInARecord(const std::string& field) const;

  void CheckStrict();

  void CheckWriters();

  void CheckCleanExit();

  // Where the scenario first says "never" or "at most": what needs the
  // proof of a live recorder.
  std::string FirstNegativeExpectation() const;

  void CheckLiveness();

  void Decide();

  // "every writer closed its session (2 sessions)" when each session record
  // has its session_end: nothing more will be written. "" otherwise.
  std::string EveryWriterClosed() const;

  // ---- listing ----

  void BuildListing();

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

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_ENGINE_H_
