#include "internal/matcher.h"

#include <arpa/inet.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "witness/recorder/printable.h"

namespace witness::assertions::internal {
namespace {

using Part = Template::Part;

std::string CaptureText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string EscapeGlob(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

enum class Context { kLiteral, kRegex, kGlob };

// Fills the holes; text that came from a variable, ${member} or a capture
// is quoted in patterns so it matches only itself.
std::string Resolve(const Template& text, const Bindings& bindings, Context context) {
  std::string out;
  for (const Part& part : text.parts) {
    std::string piece;
    bool literal = true;
    switch (part.kind) {
      case Part::Kind::kSyntax:
        piece = part.text;
        literal = false;
        break;
      case Part::Kind::kValue:
        piece = part.text;
        break;
      case Part::Kind::kMember:
        piece = bindings.member != nullptr ? *bindings.member : std::string();
        break;
      case Part::Kind::kCapture:
        if (bindings.captures != nullptr) {
          const auto it = bindings.captures->find(part.text);
          if (it != bindings.captures->end()) piece = CaptureText(it->second);
        }
        break;
    }
    if (literal && context == Context::kRegex) piece = RE2::QuoteMeta(piece);
    if (literal && context == Context::kGlob) piece = EscapeGlob(piece);
    out += piece;
  }
  return out;
}

// A literal of the scenario in words, cut as ShortJson cuts record values.
// Reports quote a pattern's literals in the pattern, in each failure and in
// each near miss, for every member: in full, one megabyte-long literal (an
// expanded variable, say) made reports of hundreds of megabytes.
std::string JsonString(const std::string& text) {
  constexpr std::size_t kShownBytes = 200;
  const auto dump = [](const std::string& piece) {
    return recorder::PrintableJson(
        nlohmann::json(piece).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  };
  if (text.size() <= kShownBytes) return dump(text);
  std::size_t cut = kShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string shown = dump(text.substr(0, cut));
  shown.pop_back();  // the closing quote: the string goes on
  return shown + "... (" + std::to_string(text.size()) + " bytes)";
}

bool IsTrueText(const std::string& t) { return t == "true" || t == "True" || t == "TRUE"; }
bool IsFalseText(const std::string& t) { return t == "false" || t == "False" || t == "FALSE"; }

// A plain scalar's numeric value, as YAML would read it.
bool ParseNumber(const std::string& text, bool& is_integer, std::int64_t& integer,
                 double& real) {
  if (text.empty()) return false;
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long as_integer = std::strtoll(begin, &end, 10);
  if (errno == 0 && end == begin + text.size()) {
    is_integer = true;
    integer = as_integer;
    real = static_cast<double>(as_integer);
    return true;
  }
  errno = 0;
  const double as_real = std::strtod(begin, &end);
  if (errno == 0 && end == begin + text.size() && std::isfinite(as_real) &&
      text.find_first_of("xXnN") == std::string::npos) {
    is_integer = false;
    real = as_real;
    return true;
  }
  return false;
}

bool EqualsLiteral(const BoundMatcher& m, const nlohmann::json& value) {
  if (m.whole_capture) return value == m.captured;
  if (m.is_null) return value.is_null();
  if (value.is_string()) return value.get_ref<const std::string&>() == m.text;
  if (m.quoted) return false;
  if (value.is_boolean()) {
    return value.get<bool>() ? IsTrueText(m.text) : IsFalseText(m.text);
  }
  if (value.is_number()) {
    bool is_integer = false;
    std::int64_t integer = 0;
    double real = 0;
    if (!ParseNumber(m.text, is_integer, integer, real)) return false;
    if (is_integer && value.is_number_integer()) {
      if (value.is_number_unsigned()) {
        return integer >= 0 && value.get<std::uint64_t>() == static_cast<std::uint64_t>(integer);
      }
      return value.get<std::int64_t>() == integer;
    }
    return value.get<double>() == real;
  }
  return false;
}

bool ParseIpv4(const std::string& s, std::uint32_t& address) {
  if (s.find('\0') != std::string::npos) return false;
  in_addr parsed{};
  if (inet_pton(AF_INET, s.c_str(), &parsed) != 1) return false;
  address = ntohl(parsed.s_addr);
  return true;
}

std::string DescribeList(const std::vector<BoundMatcher>& children) {
  std::string out = "[";
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (i > 0) out += ", ";
    out += children[i].Describe();
  }
  return out + "]";
}

}  // namespace

const RE2* RegexCache::Get(const std::string& pattern) {
  auto it = compiled_.find(pattern);
  if (it == compiled_.end()) {
    RE2::Options options;
    options.set_log_errors(false);
    it = compiled_.emplace(pattern, std::make_unique<RE2>(pattern, options)).first;
  }
  return it->second.get();
}

bool BoundMatcher::Matches(const nlohmann::json* value) const {
  const bool is_string = value != nullptr && value->is_string();
  const std::string* s = is_string ? &value->get_ref<const std::string&>() : nullptr;
  switch (kind) {
    case MatcherKind::kEqual:
      return value != nullptr && EqualsLiteral(*this, *value);
    case MatcherKind::kListEqual:
      if (value == nullptr || !value->is_array() || value->size() != children.size()) return false;
      for (std::size_t i = 0; i < children.size(); ++i) {
        if (!children[i].Matches(&(*value)[i])) return false;
      }
      return true;
    case MatcherKind::kAbsent:
      return value == nullptr;
    case MatcherKind::kPresent:
    case MatcherKind::kCapture:
      return value != nullptr;
    case MatcherKind::kRegex:
      return s != nullptr && regex != nullptr && regex->ok() && RE2::FullMatch(*s, *regex);
    case MatcherKind::kGlob:
      if (s == nullptr || s->find('\0') != std::string::npos ||
          text.find('\0') != std::string::npos) {
        return false;
      }
      return ::fnmatch(text.c_str(), s->c_str(), 0) == 0;
    case MatcherKind::kPrefix:
      return s != nullptr && s->compare(0, text.size(), text) == 0 && s->size() >= text.size();
    case MatcherKind::kSuffix:
      return s != nullptr && s->size() >= text.size() &&
             s->compare(s->size() - text.size(), text.size(), text) == 0;
    case MatcherKind::kContains:
      if (s != nullptr) return substring && s->find(text) != std::string::npos;
      if (value != nullptr && value->is_array()) {
        for (const nlohmann::json& element : *value) {
          if (children[0].Matches(&element)) return true;
        }
      }
      return false;
    case MatcherKind::kOneOf:
      for (const BoundMatcher& child : children) {
        if (child.Matches(value)) return true;
      }
      return false;
    case MatcherKind::kNot:
      return !children[0].Matches(value);
    case MatcherKind::kAllOf:
      for (const BoundMatcher& child : children) {
        if (!child.Matches(value)) return false;
      }
      return true;
    case MatcherKind::kLength:
      if (value == nullptr) return false;
      if (value->is_array()) return value->size() == number;
      return s != nullptr && s->size() == number;
    case MatcherKind::kEach:
      if (value == nullptr || !value->is_array()) return false;
      for (const nlohmann::json& element : *value) {
        if (!children[0].Matches(&element)) return false;
      }
      return true;
    case MatcherKind::kFormatMac:
      return s != nullptr && IsMacAddress(*s);
    case MatcherKind::kFormatIpv4:
      return s != nullptr && IsIpv4Address(*s);
    case MatcherKind::kIpIn: {
      std::uint32_t address = 0;
      if (s == nullptr || !ParseIpv4(*s, address)) return false;
      const std::uint32_t mask = cidr_bits == 0 ? 0u : ~0u << (32 - cidr_bits);
      return (address & mask) == cidr_address;
    }
    case MatcherKind::kFileExists:
    case MatcherKind::kFileNonEmpty: {
      if (s == nullptr || s->empty() || s->find('\0') != std::string::npos) return false;
      struct stat info {};
      if (::stat(s->c_str(), &info) != 0) return false;
      return kind == MatcherKind::kFileExists || (S_ISREG(info.st_mode) && info.st_size > 0);
    }
  }
  return false;
}

std::string BoundMatcher::Describe() const {
  switch (kind) {
    case MatcherKind::kEqual:
      if (whole_capture) {
        return "${" + capture_name + "} (" +
               captured.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ")";
      }
      if (is_null) return "null";
      if (quoted) return JsonString(text);
      {
        bool is_integer = false;
        std::int64_t integer = 0;
        double real = 0;
        if (ParseNumber(text, is_integer, integer, real) || IsTrueText(text) ||
            IsFalseText(text)) {
          return text;
        }
      }
      return JsonString(text);
    case MatcherKind::kListEqual:
      return DescribeList(children);
    case MatcherKind::kAbsent:
      return "absent";
    case MatcherKind::kPresent:
      return "present";
    case MatcherKind::kCapture:
      return "present (captured as ${" + capture_name + "})";
    case MatcherKind::kRegex:
      return "matching regex " + JsonString(text);
    case MatcherKind::kGlob:
      return "matching glob " + JsonString(text);
    case MatcherKind::kPrefix:
      return "starting with " + JsonString(text);
    case MatcherKind::kSuffix:
      return "ending with " + JsonString(text);
    case MatcherKind::kContains:
      if (substring) return "containing " + JsonString(text);
      return "a list containing an element " + children[0].Describe();
    case MatcherKind::kOneOf:
      return "one of " + DescribeList(children);
    case MatcherKind::kNot:
      return "not " + children[0].Describe();
    case MatcherKind::kAllOf: {
      std::string out;
      for (std::size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += " and ";
        out += children[i].Describe();
      }
      return out;
    }
    case MatcherKind::kLength:
      return "of length " + std::to_string(number);
    case MatcherKind::kEach:
      return "a list whose every element is " + children[0].Describe();
    case MatcherKind::kFormatMac:
      return "a MAC address (xx:xx:xx:xx:xx:xx)";
    case MatcherKind::kFormatIpv4:
      return "an IPv4 address";
    case MatcherKind::kIpIn:
      return "an IPv4 address in " + cidr_text;
    case MatcherKind::kFileExists:
      return "the path of an existing file";
    case MatcherKind::kFileNonEmpty:
      return "the path of a non-empty regular file";
  }
  return "?";
}

BoundMatcher Bind(const MatcherSpec& spec, const Bindings& bindings, RegexCache& regexes) {
  BoundMatcher bound;
  bound.kind = spec.kind;
  bound.number = spec.number;
  bound.cidr_address = spec.cidr_address;
  bound.cidr_bits = spec.cidr_bits;
  bound.cidr_text = spec.cidr_text;
  bound.capture_name = spec.capture_name;
  bound.substring = spec.scalar_argument;
  switch (spec.kind) {
    case MatcherKind::kEqual:
    case MatcherKind::kContains:
      bound.quoted = spec.literal.quoted;
      bound.is_null = spec.literal.is_null;
      if (spec.kind == MatcherKind::kEqual && spec.literal.text.IsWholeCapture() &&
          bindings.captures != nullptr) {
        const std::string& name = spec.literal.text.parts[0].text;
        const auto it = bindings.captures->find(name);
        if (it != bindings.captures->end()) {
          bound.whole_capture = true;
          bound.capture_name = name;
          bound.captured = it->second;
        }
      }
      bound.text = Resolve(spec.literal.text, bindings, Context::kLiteral);
      break;
    case MatcherKind::kRegex:
      bound.text = Resolve(spec.text, bindings, Context::kRegex);
      bound.regex = regexes.Get(bound.text);
      break;
    case MatcherKind::kGlob:
      bound.text = Resolve(spec.text, bindings, Context::kGlob);
      break;
    case MatcherKind::kPrefix:
    case MatcherKind::kSuffix:
      bound.text = Resolve(spec.text, bindings, Context::kLiteral);
      break;
    default:
      break;
  }
  for (const MatcherSpec& child : spec.children) {
    bound.children.push_back(Bind(child, bindings, regexes));
  }
  return bound;
}

void CollectCaptureReferences(const MatcherSpec& spec, std::vector<std::string>& names) {
  for (const std::string& name : spec.literal.text.Captures()) names.push_back(name);
  for (const std::string& name : spec.text.Captures()) names.push_back(name);
  for (const MatcherSpec& child : spec.children) CollectCaptureReferences(child, names);
}

bool LiteralMatchesOnlyStrings(const BoundMatcher& matcher) {
  if (matcher.kind != MatcherKind::kEqual || matcher.is_null) return false;
  if (matcher.whole_capture) return matcher.captured.is_string();
  if (matcher.quoted) return true;
  bool is_integer = false;
  std::int64_t integer = 0;
  double real = 0;
  return !ParseNumber(matcher.text, is_integer, integer, real) && !IsTrueText(matcher.text) &&
         !IsFalseText(matcher.text);
}

bool IsMacAddress(const std::string& text) {
  if (text.size() != 17) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2 ? c != ':' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsIpv4Address(const std::string& text) {
  std::uint32_t address = 0;
  return ParseIpv4(text, address);
}

std::string ShortJson(const nlohmann::json& value, std::size_t limit) {
  // DEL and the C1 controls as \u escapes too, so the text stays JSON that
  // can be pasted into a scenario; the renderers' printable rule would show
  // a raw DEL as \x7f instead.
  std::string text =
      recorder::PrintableJson(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (text.size() > limit) {
    // Cut on a UTF-8 boundary so the result stays valid text.
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += "...";
  }
  return text;
}

}  // namespace witness::assertions::internal
