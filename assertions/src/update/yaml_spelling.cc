// How `--update` spells what it writes into a scenario: scalars quoted as
// the value they replace was, counts, comments, and the variables a value
// can be written with.
#include "internal/yaml_spelling.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace witness::assertions::internal {

using json = nlohmann::json;

std::string ScalarAt(const YAML::Node& map, const char* key) {
  const YAML::Node value = map.IsMap() ? map[key] : YAML::Node();
  return value && value.IsScalar() ? value.Scalar() : "";
}

// Single-line text for a comment.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool IsReservedPlain(const std::string& text) {
  static const std::set<std::string> kReserved = {"null", "true", "false", "yes", "no", "on",
                                                  "off",  "y",    "n",     "~",   ""};
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kReserved.count(lower) != 0;
}

// True when `text` reads back from a plain YAML scalar (in block context)
// as the same string, and the loader would not take it for a number.
bool PlainSafe(const std::string& text) {
  if (text.empty() || IsReservedPlain(text)) return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(text.front()) != std::string_view::npos) {
    return false;
  }
  if (std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '+' ||
      text.front() == '.') {
    return false;
  }
  if (text.back() == ' ' || text.back() == ':') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (text[i] == ':' && i + 1 < text.size() && text[i + 1] == ' ') return false;
    if (text[i] == '#' && i > 0 && text[i - 1] == ' ') return false;
  }
  return true;
}

std::string DoubleQuoted(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Template text as a YAML scalar, quoted as the value it replaces was when
// that can say it.
std::string QuoteLike(const std::string& text, std::string_view old, bool in_flow) {
  const char style = old.empty() ? ' ' : old.front();
  if (style == '\'') {
    bool printable = true;
    for (const char c : text) printable = printable && static_cast<unsigned char>(c) >= 0x20;
    if (printable) {
      std::string out = "'";
      for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
      return out + "'";
    }
  }
  if (style != '"' && style != '\'' && !in_flow && PlainSafe(text)) return text;
  return DoubleQuoted(text);
}

std::string CountText(std::uint64_t low, std::uint64_t high) {
  if (low == high) return std::to_string(low);
  return "{min: " + std::to_string(low) + ", max: " + std::to_string(high) + "}";
}

// Variables as the loader expands them, for writing values back as
// references: the file's `vars` (each expanded) with `--var` over them,
// and each ${env:NAME} the file names.
std::vector<TemplatePrefix> ScenarioPrefixes(const YAML::Node& doc, std::string_view text,
                                             const Variables& given) {
  std::map<std::string, std::string> values;
  if (doc["vars"] && doc["vars"].IsMap()) {
    for (const auto& entry : doc["vars"]) {
      if (entry.first.IsScalar() && entry.second.IsScalar()) {
        values[entry.first.Scalar()] = entry.second.Scalar();
      }
    }
  }
  for (const auto& [name, value] : given) values[name] = value;
  const auto expand = [&](std::string value) {
    for (int depth = 0; depth < kMaxVariableDepth; ++depth) {
      const std::size_t open = value.find("${");
      if (open == std::string::npos) return value;
      const std::size_t close = value.find('}', open);
      if (close == std::string::npos) return value;
      const std::string name = value.substr(open + 2, close - open - 2);
      std::string replacement;
      if (name.rfind("env:", 0) == 0) {
        const char* env = std::getenv(name.substr(4).c_str());
        if (env == nullptr) return std::string();
        replacement = env;
      } else if (values.count(name) != 0) {
        replacement = values[name];
      } else {
        return std::string();  // ${member} or a capture: not a fixed prefix
      }
      value.replace(open, close - open + 1, replacement);
    }
    return std::string();
  };
  std::vector<TemplatePrefix> prefixes;
  for (const auto& [name, value] : values) prefixes.push_back({expand(value), "${" + name + "}"});
  for (std::size_t at = text.find("${env:"); at != std::string_view::npos;
       at = text.find("${env:", at + 1)) {
    const std::size_t close = text.find('}', at);
    if (close == std::string_view::npos) break;
    const std::string name(text.substr(at + 6, close - at - 6));
    if (const char* env = std::getenv(name.c_str())) {
      prefixes.push_back({env, "${env:" + name + "}"});
    }
  }
  return SortedPrefixes(std::move(prefixes));
}

// Plans one round of edits from one report.

}  // namespace witness::assertions::internal
