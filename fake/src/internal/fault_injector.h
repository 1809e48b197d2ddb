// Applies the fault rules of one FakeBackend to its calls: counts each call
// per op and member, finds the rule that decides it, and carries out the
// rule's action around the call's record.
//
//   FaultInjector injector({{ParseFaultRule("start:web-2@1=fail"), "FLEETBOX_FAKE_FAULTS"}});
//   FaultedCall fault(injector, FaultOp::kStart, "web-2");   // counts the call
//   fault.Delay();                       // sleeps out a delay rule
//   recorder::Event event = CallEvent(ops::kStart, "web-2");
//   fault.Mark(event);                   // fault, fault_rule and error fields
//   recorder.Record(event, CallName(event));
//   fault.Act(hold);                     // throws, holds or crashes, as the rule says
#ifndef WITNESS_FAKE_INTERNAL_FAULT_INJECTOR_H_
#define WITNESS_FAKE_INTERNAL_FAULT_INJECTOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "witness/fake/fault_rules.h"
#include "witness/recorder/writer.h"

namespace witness::fake::internal {

// A rule and the variable it came from, which its messages name.
struct ArmedRule {
  FaultRule rule;
  std::string origin;
};

// Thread-safe: calls of every member are counted under one lock, so the
// N-th call is the N-th whatever thread makes it.
class FaultInjector {
 public:
  explicit FaultInjector(std::vector<ArmedRule> rules = {});
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Counts a call of `op` for `member` and returns the first rule that
  // matches it, or nullptr. A rule naming a member counts that member's
  // calls; a rule for any member counts every call of the op.
  const ArmedRule* Match(FaultOp op, std::string_view member);

  const std::vector<ArmedRule>& rules() const noexcept { return rules_; }

 private:
  const std::vector<ArmedRule> rules_;
  std::mutex mutex_;
  // (op, member) -> calls so far; member "" counts every call of the op.
  std::map<std::pair<FaultOp, std::string>, std::uint64_t> calls_;
};

// Holds a hung call: returns once the call's VM is stopped. Empty for calls
// that have no VM (reserve, create, close): those are held until the
// process ends.
using HoldFunction = std::function<void()>;

// One backend call and the rule that decided it, if any.
class FaultedCall {
 public:
  FaultedCall(FaultInjector& injector, FaultOp op, std::string_view member)
      : armed_(injector.Match(op, member)) {}

  // A rule decided this call.
  bool touched() const noexcept { return armed_ != nullptr; }
  // The rule's action; kFail when untouched (never acted on).
  FaultAction action() const noexcept {
    return armed_ != nullptr ? armed_->rule.action : FaultAction::kFail;
  }

  // Sleeps for a delay rule, before the record is written: the record then
  // marks the moment the delayed call takes effect.
  void Delay() const;
  // Sets the fault fields of the call's record: `fault`, `fault_rule`, and
  // `error` with the message the call fails with (fail, hang, crash). The
  // views point into this object, which must outlive the record's write.
  void Mark(recorder::Event& event, bool has_vm);
  // After the record is written: throws BackendError (fail), holds with
  // `hold` and then throws (hang), or kills the process with SIGKILL
  // (crash); returns for an untouched or delayed call.
  void Act(const HoldFunction& hold) const;

 private:
  const ArmedRule* armed_;
  std::string error_;
};

}  // namespace witness::fake::internal

#endif  // WITNESS_FAKE_INTERNAL_FAULT_INJECTOR_H_
