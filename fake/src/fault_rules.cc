#include "witness/fake/fault_rules.h"

#include <utility>

#include "witness/recorder/printable.h"

namespace witness::fake {
namespace {

struct OpName {
  std::string_view name;
  FaultOp op;
};

constexpr OpName kOps[] = {
    {"reserve", FaultOp::kReserve}, {"create", FaultOp::kCreate},
    {"start", FaultOp::kStart},     {"stop", FaultOp::kStop},
    {"wait", FaultOp::kWait},       {"wait_for_ip", FaultOp::kWaitForIp},
    {"close", FaultOp::kClose},
};

constexpr std::string_view kExpectedOp =
    "an op (reserve, create, start, stop, wait, wait_for_ip or close)";
constexpr std::string_view kExpectedAction = "an action (fail, delay:DURATION, hang or crash)";

bool IsWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }
// Ends a member name: what may follow it, and what may never be in one.
bool EndsMember(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return c == '@' || c == '=' || c == ';' || byte <= 0x20 || byte == 0x7f;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// Parses one rule, left to right; every error names the column where the
// text stopped making sense and what could have stood there.
class RuleParser {
 public:
  RuleParser(std::string_view rule, std::size_t number) : rule_(rule), number_(number) {}

  FaultRule Parse() {
    FaultRule rule;
    rule.text = std::string(rule_);
    ParseOp(rule);
    if (Peek() == ':' && rule.op != FaultOp::kClose) ParseMember(rule);
    if (Peek() == '@') ParseCall(rule);
    if (Peek() == '=') ParseAction(rule);
    if (pos_ < rule_.size()) Fail(pos_, next_, FoundAt(pos_));
    return rule;
  }

 private:
  char Peek() const { return pos_ < rule_.size() ? rule_[pos_] : '\0'; }

  // "'x'" for the character (a whole UTF-8 sequence) at `at`, or "the end
  // of the rule".
  std::string FoundAt(std::size_t at) const {
    if (at >= rule_.size()) return "the end of the rule";
    const auto lead = static_cast<unsigned char>(rule_[at]);
    std::size_t length = 1;
    if ((lead & 0xe0) == 0xc0) length = 2;
    if ((lead & 0xf0) == 0xe0) length = 3;
    if ((lead & 0xf8) == 0xf0) length = 4;
    return FoundToken(at, at + length);
  }

  std::string FoundToken(std::size_t begin, std::size_t end) const {
    return "'" + recorder::Printable(rule_.substr(begin, end - begin)) + "'";
  }

  [[noreturn]] void Fail(std::size_t at, std::string_view expected,
                         const std::string& found) const {
    throw FaultRuleError(number_, std::string(rule_), at + 1,
                         "expected " + std::string(expected) + ", found " + found);
  }

  void ParseOp(FaultRule& rule) {
    while (pos_ < rule_.size() && IsWordChar(rule_[pos_])) ++pos_;
    if (pos_ == 0) Fail(0, kExpectedOp, FoundAt(0));
    const std::string_view word = rule_.substr(0, pos_);
    for (const OpName& op : kOps) {
      if (op.name != word) continue;
      rule.op = op.op;
      next_ = op.op == FaultOp::kClose ? "'@', '=' or the end of the rule (close names no member)"
                                       : "':', '@', '=' or the end of the rule";
      return;
    }
    Fail(0, kExpectedOp, FoundToken(0, pos_));
  }

  void ParseMember(FaultRule& rule) {
    const std::size_t begin = ++pos_;
    while (pos_ < rule_.size() && !EndsMember(rule_[pos_])) ++pos_;
    if (pos_ == begin) Fail(begin, "a member name or '*' after ':'", FoundAt(begin));
    const std::string_view member = rule_.substr(begin, pos_ - begin);
    if (member != "*") rule.member = std::string(member);
    next_ = "'@', '=' or the end of the rule";
  }

  void ParseCall(FaultRule& rule) {
    const std::size_t begin = ++pos_;
    while (pos_ < rule_.size() && IsDigit(rule_[pos_])) ++pos_;
    constexpr std::string_view kExpected = "a call number (1 or more) after '@'";
    if (pos_ == begin) Fail(begin, kExpected, FoundAt(begin));
    const std::string_view digits = rule_.substr(begin, pos_ - begin);
    if (digits.size() > 9) {
      Fail(begin, "a call number of at most " + std::to_string(kMaxFaultCall),
           FoundToken(begin, pos_));
    }
    rule.call = std::stoull(std::string(digits));
    if (rule.call == 0) Fail(begin, kExpected, FoundToken(begin, pos_));
    next_ = "'+', '=' or the end of the rule";
    if (Peek() == '+') {
      rule.and_later = true;
      ++pos_;
      next_ = "'=' or the end of the rule";
    }
  }

  void ParseAction(FaultRule& rule) {
    const std::size_t begin = ++pos_;
    while (pos_ < rule_.size() && IsWordChar(rule_[pos_])) ++pos_;
    if (pos_ == begin) Fail(begin, std::string(kExpectedAction) + " after '='", FoundAt(begin));
    const std::string_view word = rule_.substr(begin, pos_ - begin);
    next_ = "the end of the rule after '" + std::string(word) + "'";
    if (word == "fail") {
      rule.action = FaultAction::kFail;
    } else if (word == "hang") {
      rule.action = FaultAction::kHang;
    } else if (word == "crash") {
      rule.action = FaultAction::kCrash;
    } else if (word == "delay") {
      rule.action = FaultAction::kDelay;
      if (Peek() != ':') {
        Fail(pos_, "':' and a duration after 'delay', as in delay:2s", FoundAt(pos_));
      }
      ++pos_;
      ParseDelay(rule);
    } else {
      Fail(begin, kExpectedAction, FoundToken(begin, pos_));
    }
  }

  void ParseDelay(FaultRule& rule) {
    const std::size_t begin = pos_;
    while (pos_ < rule_.size() && IsDigit(rule_[pos_])) ++pos_;
    if (pos_ == begin) {
      Fail(begin, "a duration after 'delay:' (a whole number and ms, s, m or h, as in 250ms)",
           FoundAt(begin));
    }
    const std::string digits(rule_.substr(begin, pos_ - begin));
    const std::size_t unit_begin = pos_;
    while (pos_ < rule_.size() && IsLetter(rule_[pos_])) ++pos_;
    const std::string_view unit = rule_.substr(unit_begin, pos_ - unit_begin);
    const std::string expected_unit = "a unit (ms, s, m or h) after '" + digits + "'";
    if (unit.empty()) Fail(unit_begin, expected_unit, FoundAt(unit_begin));
    std::int64_t unit_ms = 0;
    if (unit == "ms") unit_ms = 1;
    if (unit == "s") unit_ms = 1000;
    if (unit == "m") unit_ms = 60 * 1000;
    if (unit == "h") unit_ms = 60 * 60 * 1000;
    if (unit_ms == 0) Fail(unit_begin, expected_unit, FoundToken(unit_begin, pos_));
    const std::string expected_bound = "a delay of at most 24h";
    // Nine digits of hours still fit in 64 bits of milliseconds.
    if (digits.size() > 9) Fail(begin, expected_bound, FoundToken(begin, pos_));
    const std::chrono::milliseconds delay(std::stoll(digits) * unit_ms);
    if (delay > kMaxFaultDelay) Fail(begin, expected_bound, FoundToken(begin, pos_));
    rule.delay = delay;
    next_ = "the end of the rule after the duration";
  }

  std::string_view rule_;
  std::size_t number_;
  std::size_t pos_ = 0;
  // What may follow what has been parsed so far.
  std::string next_;
};

}  // namespace

std::string_view ToString(FaultOp op) noexcept {
  for (const OpName& entry : kOps) {
    if (entry.op == op) return entry.name;
  }
  return "unknown";
}

std::string_view ToString(FaultAction action) noexcept {
  switch (action) {
    case FaultAction::kFail: return "fail";
    case FaultAction::kDelay: return "delay";
    case FaultAction::kHang: return "hang";
    case FaultAction::kCrash: return "crash";
  }
  return "unknown";
}

FaultRuleError::FaultRuleError(std::size_t rule_number, std::string rule, std::size_t column,
                               const std::string& problem)
    : std::invalid_argument(
          "fault rule " + (rule_number == 0 ? std::string() : std::to_string(rule_number) + " ") +
          "'" + recorder::Printable(rule) + "', column " + std::to_string(column) + ": " + problem),
      rule_number_(rule_number),
      rule_(std::move(rule)),
      column_(column) {}

FaultRule ParseFaultRule(std::string_view text) { return RuleParser(Trim(text), 0).Parse(); }

std::vector<FaultRule> ParseFaultRules(std::string_view list) {
  std::vector<FaultRule> rules;
  std::size_t number = 0;
  while (true) {
    const std::size_t semicolon = list.find(';');
    const std::string_view rule = Trim(list.substr(0, semicolon));
    if (!rule.empty()) rules.push_back(RuleParser(rule, ++number).Parse());
    if (semicolon == std::string_view::npos) break;
    list.remove_prefix(semicolon + 1);
  }
  return rules;
}

std::vector<FaultRule> FailCreateRules(const std::vector<std::string>& names) {
  std::vector<FaultRule> rules;
  rules.reserve(names.size());
  for (const std::string& name : names) {
    FaultRule rule;
    rule.op = FaultOp::kCreate;
    rule.member = name;
    rule.action = FaultAction::kFail;
    rule.text = "create:" + name + "=fail";
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::string JoinFaultRules(const std::vector<std::string>& rules) {
  std::string joined;
  for (const std::string& rule : rules) {
    if (!joined.empty()) joined += ';';
    joined += rule;
  }
  return joined;
}

}  // namespace witness::fake
