// The fault rule language of the fake (FLEETBOX_FAKE_FAULTS): which backend
// call fails, slows down, hangs or crashes the helper, for which member, on
// which call. The fake obeys the rules; the scenario loader and `witness run`
// parse them too, so a malformed rule is refused before a command starts.
//
//   std::vector<FaultRule> rules = ParseFaultRules("start:web-2@1=fail;stop:db-1=delay:2s");
//   rules[0].op == FaultOp::kStart, rules[0].member == "web-2", rules[0].call == 1
//   ParseFaultRule("wait_for_ip:web-1=hang").action == FaultAction::kHang
//
// A rule is OP[:MEMBER][@N[+]][=ACTION]:
//   OP      reserve, create, start, stop, wait, wait_for_ip or close
//   MEMBER  a member name, or * for any member (the default); close has none
//   @N      only the N-th call (1-based); @N+ the N-th and every later one;
//           without it, every call. A named member's calls are counted
//           alone; * counts every call of the op in the process.
//   ACTION  fail (the default), delay:DURATION (250ms, 2s, 1m, 1h; at most
//           24h), hang or crash
// Rules are separated by ';'. Blanks around a rule are ignored, blank rules
// skipped. docs/fake.md says what each action does.
//
// Thread-safety: the functions are pure; FaultRule is a plain value.
#ifndef WITNESS_FAKE_FAULT_RULES_H_
#define WITNESS_FAKE_FAULT_RULES_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace witness::fake {

// The environment variable the fake reads its rules from.
inline constexpr const char* kFaultsVariable = "FLEETBOX_FAKE_FAULTS";

// The backend calls a rule can name.
enum class FaultOp { kReserve, kCreate, kStart, kStop, kWait, kWaitForIp, kClose };

// What a rule does to the calls it matches.
enum class FaultAction {
  kFail,   // the call throws BackendError naming the rule
  kDelay,  // the call sleeps for FaultRule::delay, then proceeds
  kHang,   // the call blocks until its VM is stopped, or the process ends
  kCrash,  // the process is killed with SIGKILL, as a crashing helper is
};

// "reserve", "create", "start", "stop", "wait", "wait_for_ip", "close": the
// op as rules and records spell it.
std::string_view ToString(FaultOp op) noexcept;
// "fail", "delay", "hang", "crash": the `fault` field of a record.
std::string_view ToString(FaultAction action) noexcept;

// The longest delay a rule may ask for.
inline constexpr std::chrono::hours kMaxFaultDelay{24};
// The largest N of @N.
inline constexpr std::uint64_t kMaxFaultCall = 999999999;

struct FaultRule {
  FaultOp op = FaultOp::kCreate;
  // The member whose calls it matches; "" matches every member.
  std::string member;
  // The N of @N; 0 matches every call.
  std::uint64_t call = 0;
  // @N+: the N-th call and every later one.
  bool and_later = false;
  FaultAction action = FaultAction::kFail;
  // kDelay only.
  std::chrono::milliseconds delay{0};
  // The rule as written (blanks around it trimmed): how messages and
  // records name it.
  std::string text;

  // Whether the `call_number`-th counted call (1-based) is one of this
  // rule's calls.
  bool MatchesCall(std::uint64_t call_number) const noexcept {
    return call == 0 || call_number == call || (and_later && call_number > call);
  }
};

// A rule that does not parse. what() names the rule, the column (1-based,
// within the rule as quoted) and what was expected there:
//   fault rule 2 'start:web-2@x=fail', column 13: expected a call number
//   (1 or more) after '@', found 'x'
// The rule's bytes are shown through recorder::Printable.
class FaultRuleError : public std::invalid_argument {
 public:
  // `rule_number` is 0 for a rule parsed alone (ParseFaultRule), which
  // what() then does not number.
  FaultRuleError(std::size_t rule_number, std::string rule, std::size_t column,
                 const std::string& problem);

  std::size_t rule_number() const noexcept { return rule_number_; }
  const std::string& rule() const noexcept { return rule_; }
  std::size_t column() const noexcept { return column_; }

 private:
  std::size_t rule_number_;
  std::string rule_;
  std::size_t column_;
};

// Parses exactly one rule (a ';' in it is an error). Throws FaultRuleError.
FaultRule ParseFaultRule(std::string_view text);

// Parses a ';'-separated list, as FLEETBOX_FAKE_FAULTS holds it; "" and
// blank entries give no rule. Throws FaultRuleError for the first bad rule,
// numbering it among the rules that are not blank.
std::vector<FaultRule> ParseFaultRules(std::string_view list);

// create:NAME=fail for each name: what FLEETBOX_FAKE_FAIL_CREATE means.
// Names are taken as they are, whatever characters they hold.
std::vector<FaultRule> FailCreateRules(const std::vector<std::string>& names);

// The rules' texts joined with ';', as FLEETBOX_FAKE_FAULTS holds them.
std::string JoinFaultRules(const std::vector<std::string>& rules);

}  // namespace witness::fake

#endif  // WITNESS_FAKE_FAULT_RULES_H_
