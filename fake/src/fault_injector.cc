#include "internal/fault_injector.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "internal/call_recorder.h"
#include "witness/recorder/printable.h"

namespace witness::fake::internal {
namespace {

// What SIGKILL does to a helper: no destructor, no atexit handler, so no
// session_end record. The line on stderr is the one trace a person reading
// the helper's output gets.
[[noreturn]] void Crash(const std::string& message) {
  const std::string line = "witness fake: " + recorder::Printable(message) + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
  ::kill(::getpid(), SIGKILL);
  for (;;) ::pause();
}

// A hang with no VM to stop holds until the process ends. Sleeping holds no
// lock and no condition variable, so the process can still exit (or be
// killed) around the held thread.
[[noreturn]] void HoldUntilTheProcessEnds() {
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

}  // namespace

FaultInjector::FaultInjector(std::vector<ArmedRule> rules) : rules_(std::move(rules)) {}

const ArmedRule* FaultInjector::Match(FaultOp op, std::string_view member) {
  if (rules_.empty()) return nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  // Each counter this call belongs to is counted once, before any rule is
  // matched: a call counts whether or not a rule picks it.
  std::uint64_t any_calls = 0;
  std::uint64_t member_calls = 0;
  for (const ArmedRule& armed : rules_) {
    if (armed.rule.op != op) continue;
    if (armed.rule.member.empty()) {
      if (any_calls == 0) any_calls = ++calls_[{op, std::string()}];
    } else if (armed.rule.member == member && member_calls == 0) {
      member_calls = ++calls_[{op, std::string(member)}];
    }
  }
  for (const ArmedRule& armed : rules_) {
    if (armed.rule.op != op) continue;
    if (!armed.rule.member.empty() && armed.rule.member != member) continue;
    const std::uint64_t call = armed.rule.member.empty() ? any_calls : member_calls;
    if (armed.rule.MatchesCall(call)) return &armed;
  }
  return nullptr;
}

void FaultedCall::Delay() const {
  if (armed_ != nullptr && armed_->rule.action == FaultAction::kDelay) {
    std::this_thread::sleep_for(armed_->rule.delay);
  }
}

void FaultedCall::Mark(recorder::Event& event, bool has_vm) {
  if (armed_ == nullptr) return;
  const FaultRule& rule = armed_->rule;
  event.fault = ToString(rule.action);
  event.fault_rule = rule.text;
  const std::string by = " injected by rule '" + rule.text + "' (" + armed_->origin + ")";
  const std::string call = backend::internal::CallName(event);
  switch (rule.action) {
    case FaultAction::kFail: error_ = call + ": failure" + by; break;
    case FaultAction::kHang:
      error_ = call + ": hang" + by + ": held until " +
               (has_vm ? "the VM was stopped" : "the process ends");
      break;
    case FaultAction::kCrash:
      error_ = call + ": crash" + by + ": the process is killed with SIGKILL";
      break;
    case FaultAction::kDelay: return;  // the call goes on: no error
  }
  event.error = error_;
}

void FaultedCall::Act(const HoldFunction& hold) const {
  if (armed_ == nullptr) return;
  switch (armed_->rule.action) {
    case FaultAction::kDelay: return;
    case FaultAction::kFail: throw BackendError(error_);
    case FaultAction::kHang:
      if (!hold) HoldUntilTheProcessEnds();
      hold();
      throw BackendError(error_);
    case FaultAction::kCrash: Crash(error_);
  }
}

}  // namespace witness::fake::internal
