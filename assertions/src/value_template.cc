#include "internal/value_template.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace witness::assertions::internal {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::vector<TemplatePrefix> SortedPrefixes(std::vector<TemplatePrefix> prefixes) {
  prefixes.erase(std::remove_if(prefixes.begin(), prefixes.end(),
                                [](const TemplatePrefix& p) { return p.value.empty(); }),
                 prefixes.end());
  std::stable_sort(prefixes.begin(), prefixes.end(),
                   [](const TemplatePrefix& a, const TemplatePrefix& b) {
                     return a.value.size() > b.value.size();
                   });
  return prefixes;
}

std::string EscapeLiteral(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') out += '$';
    out += text[i];
  }
  return out;
}

std::string TemplateFor(const std::string& value, const std::vector<TemplatePrefix>& prefixes,
                        const std::string* member) {
  std::string out;
  std::string rest = value;
  for (const TemplatePrefix& prefix : prefixes) {
    if (rest.compare(0, prefix.value.size(), prefix.value) == 0 &&
        (rest.size() == prefix.value.size() || rest[prefix.value.size()] == '/')) {
      out = prefix.reference;
      rest = rest.substr(prefix.value.size());
      break;
    }
  }
  if (member == nullptr || member->empty()) return out + EscapeLiteral(rest);
  // The member's name where it stands alone (not inside a longer word),
  // never right after a '$' that would read as an escape.
  const std::string& name = *member;
  std::size_t from = 0;
  for (std::size_t at = rest.find(name); at != std::string::npos; at = rest.find(name, at + 1)) {
    const bool starts = at == 0 || (!IsAlnum(rest[at - 1]) && rest[at - 1] != '$');
    const bool ends = at + name.size() == rest.size() || !IsAlnum(rest[at + name.size()]);
    if (!starts || !ends || at < from) continue;
    out += EscapeLiteral(rest.substr(from, at - from)) + "${member}";
    from = at + name.size();
  }
  return out + EscapeLiteral(rest.substr(from));
}

}  // namespace witness::assertions::internal
