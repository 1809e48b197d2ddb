#include "internal/matcher.h"


#include <cctype>
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

std::string ResolveTemplate(const Template& text, const Bindings& bindings, HoleContext context) {
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
    if (literal && context == HoleContext::kRegex) piece = RE2::QuoteMeta(piece);
    if (literal && context == HoleContext::kGlob) piece = EscapeGlob(piece);
    out += piece;
  }
  return out;
}

BoundMatcher Bind(const MatcherSpec& spec, const Bindings& bindings, RegexCache& regexes) {
  BoundMatcher bound;
  bound.definition = spec.definition;
  bound.number = spec.number;
  bound.cidr_address = spec.cidr_address;
  bound.cidr_bits = spec.cidr_bits;
  bound.cidr_text = spec.cidr_text;
  bound.capture_name = spec.capture_name;
  bound.substring = spec.scalar_argument;
  if (spec.definition->bind != nullptr) spec.definition->bind(spec, bindings, regexes, bound);
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

std::vector<std::string> BoundCaptureNames(const BoundMatcher& matcher) {
  if (matcher.definition == &CaptureMatcher()) return {matcher.capture_name};
  std::vector<std::string> names;
  if (matcher.definition == &AllOfMatcher()) {
    for (const BoundMatcher& child : matcher.children) {
      if (child.definition == &CaptureMatcher()) names.push_back(child.capture_name);
    }
  }
  return names;
}

const std::string* StringValue(const nlohmann::json* value) {
  return value != nullptr && value->is_string() ? &value->get_ref<const std::string&>() : nullptr;
}

// Reports quote a pattern's literals in the pattern, in each failure and in
// each near miss, for every member: in full, one megabyte-long literal (an
// expanded variable, say) made reports of hundreds of megabytes.
std::string DescribeText(const std::string& text) {
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

std::string DescribeList(const std::vector<BoundMatcher>& children) {
  std::string out = "[";
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (i > 0) out += ", ";
    out += children[i].Describe();
  }
  return out + "]";
}

}  // namespace witness::assertions::internal
