#include "internal/yaml_reader.h"

#include <chrono>
#include <map>

#include "witness/assertions/scenario_error.h"
#include "witness/recorder/duration.h"

namespace witness::assertions::internal {

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool IsIdentifier(const std::string& name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!(letter || (digit && i > 0))) return false;
  }
  return true;
}

Position YamlReader::PositionOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  Position position;
  if (mark.line >= 0) position.line = static_cast<std::size_t>(mark.line) + 1;
  if (mark.column >= 0) position.column = static_cast<std::size_t>(mark.column) + 1;
  return position;
}

std::string YamlReader::TypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "null";
    default: return "nothing";
  }
}

void YamlReader::FailAt(const Position& position, const std::string& message) const {
  throw ScenarioError(file_, position.line, position.column, message);
}

void YamlReader::Fail(const YAML::Node& node, const std::string& message) const {
  FailAt(PositionOf(node), message);
}

void YamlReader::RequireMap(const YAML::Node& node, const std::string& what) const {
  if (!node.IsMap()) Fail(node, what + " must be a mapping, not " + TypeName(node));
}

void YamlReader::RequireSequence(const YAML::Node& node, const std::string& what) const {
  if (!node.IsSequence()) Fail(node, what + " must be a list, not " + TypeName(node));
}

std::string YamlReader::RequireString(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) Fail(node, what + " must be a string, not " + TypeName(node));
  return node.Scalar();
}

bool YamlReader::RequireBool(const YAML::Node& node, const std::string& what) const {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  Fail(node, what + " must be true or false");
}

std::uint64_t YamlReader::RequireCount(const YAML::Node& node, const std::string& what) const {
  if (node.IsScalar() && node.Tag() != "!") {
    const std::string& text = node.Scalar();
    if (!text.empty() && text.size() <= 18 &&
        text.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoull(text);
    }
  }
  Fail(node, what + " must be a non-negative integer");
}

std::int64_t YamlReader::RequireDurationNs(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) Fail(node, what + " must be a duration such as 250ms, 5s or 2m");
  try {
    const auto duration = recorder::ParseDuration(node.Scalar());
    return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
  } catch (const recorder::DurationError& error) {
    Fail(node, what + ": " + error.what());
  }
}

std::vector<std::pair<std::string, YAML::Node>> YamlReader::Entries(
    const YAML::Node& map, const std::string& context,
    const std::vector<std::string>* allowed) const {
  std::vector<std::pair<std::string, YAML::Node>> entries;
  std::map<std::string, Position> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) Fail(entry.first, "keys in " + context + " must be strings");
    const std::string key = entry.first.Scalar();
    const Position position = PositionOf(entry.first);
    const auto [it, inserted] = seen.emplace(key, position);
    if (!inserted) {
      FailAt(position, "duplicate key " + Quoted(key) + " in " + context + " (first at line " +
                           std::to_string(it->second.line) + ")");
    }
    if (allowed != nullptr) {
      bool known = false;
      for (const std::string& name : *allowed) known = known || name == key;
      if (!known) {
        FailAt(position, "unknown key " + Quoted(key) + " in " + context +
                             " (expected one of: " + JoinNames(*allowed) + ")");
      }
    }
    entries.emplace_back(key, entry.second);
  }
  return entries;
}

}  // namespace witness::assertions::internal
