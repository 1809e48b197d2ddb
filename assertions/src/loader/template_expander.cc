#include "internal/template_expander.h"

#include <cstdlib>
#include <cstring>
#include <utility>

#include "witness/assertions/scenario_error.h"

namespace witness::assertions::internal {
namespace {

using Part = Template::Part;

// Adjacent text of one kind is kept as one part, so a template reads as
// few pieces as it has holes.
void Append(Template& out, Part part) {
  if (part.text.empty() && part.kind != Part::Kind::kMember && part.kind != Part::Kind::kCapture) {
    return;
  }
  if (!out.parts.empty() && out.parts.back().kind == part.kind &&
      (part.kind == Part::Kind::kSyntax || part.kind == Part::Kind::kValue)) {
    out.parts.back().text += part.text;
    return;
  }
  out.parts.push_back(std::move(part));
}

}  // namespace

bool Template::HasMember() const {
  for (const Part& part : parts) {
    if (part.kind == Part::Kind::kMember) return true;
  }
  return false;
}

bool Template::HasCapture() const {
  for (const Part& part : parts) {
    if (part.kind == Part::Kind::kCapture) return true;
  }
  return false;
}

bool Template::IsWholeCapture() const {
  return parts.size() == 1 && parts[0].kind == Part::Kind::kCapture;
}

std::string Template::Flat() const {
  std::string out;
  for (const Part& part : parts) out += part.text;
  return out;
}

std::vector<std::string> Template::Captures() const {
  std::vector<std::string> names;
  for (const Part& part : parts) {
    if (part.kind == Part::Kind::kCapture) names.push_back(part.text);
  }
  return names;
}

void TemplateExpander::CollectVariables(const YAML::Node* vars_node) {
  if (vars_node != nullptr) {
    yaml_.RequireMap(*vars_node, "vars");
    for (const auto& [name, value] : yaml_.Entries(*vars_node, "vars")) {
      if (!IsIdentifier(name)) {
        yaml_.Fail(*vars_node, "invalid variable name " + Quoted(name) +
                                   " (letters, digits and '_', not starting with a digit)");
      }
      if (name == "member" || name == "env") {
        yaml_.Fail(value, "variable name " + Quoted(name) + " is reserved");
      }
      if (!value.IsScalar()) {
        yaml_.Fail(value, "variable " + Quoted(name) + " must be a string, number or boolean, not " +
                              YamlReader::TypeName(value));
      }
      VariableDef def;
      def.raw = value.Scalar();
      def.position = YamlReader::PositionOf(value);
      variables_[name] = std::move(def);
    }
  }
  for (const auto& [name, value] : overrides_) {
    if (!IsIdentifier(name)) {
      throw ScenarioError(yaml_.file(), 0, 0, "invalid variable name " + Quoted(name) + " given");
    }
    if (name == "member" || name == "env") {
      throw ScenarioError(yaml_.file(), 0, 0, "variable name " + Quoted(name) + " is reserved");
    }
    // A value given by the caller is taken literally: the shell that passed
    // it has already expanded what it meant to.
    VariableDef def;
    def.raw = value;
    def.expanded = true;
    def.value.parts.push_back(Part{Part::Kind::kValue, value});
    variables_[name] = std::move(def);
  }
}

const Template& TemplateExpander::ExpandVariable(const std::string& name,
                                                 std::vector<std::string>& chain) {
  VariableDef& def = variables_.at(name);
  if (def.expanded) return def.value;
  if (def.expanding) {
    std::string path;
    bool in_cycle = false;
    for (const std::string& link : chain) {
      in_cycle = in_cycle || link == name;
      if (in_cycle) path += link + " -> ";
    }
    yaml_.FailAt(def.position,
                 "variable " + Quoted(name) + " expands to itself (" + path + name + ")");
  }
  if (chain.size() >= static_cast<std::size_t>(kMaxVariableDepth)) {
    yaml_.FailAt(def.position, "variable " + Quoted(name) + " nests more than " +
                                   std::to_string(kMaxVariableDepth) + " variables deep");
  }
  def.expanding = true;
  chain.push_back(name);
  TemplateScope scope;
  scope.member_allowed = true;  // checked where the variable is used
  Template value = ParseWithChain(def.raw, def.position, scope, chain, "variable " + Quoted(name));
  chain.pop_back();
  VariableDef& again = variables_.at(name);
  again.expanding = false;
  again.expanded = true;
  again.value = std::move(value);
  return again.value;
}

Template TemplateExpander::Parse(const std::string& raw, const Position& position,
                                 const TemplateScope& scope, const std::string& context) {
  std::vector<std::string> chain;
  return ParseWithChain(raw, position, scope, chain, context);
}

Template TemplateExpander::ParseWithChain(const std::string& raw, const Position& position,
                                          const TemplateScope& scope,
                                          std::vector<std::string>& chain,
                                          const std::string& context) {
  Template out;
  std::size_t size = 0;
  std::size_t i = 0;
  while (i < raw.size()) {
    const std::size_t dollar = raw.find('$', i);
    if (dollar == std::string::npos) {
      Append(out, Part{Part::Kind::kSyntax, raw.substr(i)});
      size += raw.size() - i;
      break;
    }
    if (raw.compare(dollar, 3, "$${") == 0) {
      Append(out, Part{Part::Kind::kSyntax, raw.substr(i, dollar - i) + "${"});
      size += dollar - i + 2;
      i = dollar + 3;
      continue;
    }
    if (raw.compare(dollar, 2, "${") != 0) {
      Append(out, Part{Part::Kind::kSyntax, raw.substr(i, dollar + 1 - i)});
      size += dollar + 1 - i;
      i = dollar + 1;
      continue;
    }
    Append(out, Part{Part::Kind::kSyntax, raw.substr(i, dollar - i)});
    size += dollar - i;
    const std::size_t close = raw.find('}', dollar + 2);
    if (close == std::string::npos) {
      yaml_.FailAt(position,
                   "unterminated '${' in " + Quoted(raw) + " (write $${ for a literal ${)");
    }
    const std::string name = raw.substr(dollar + 2, close - dollar - 2);
    i = close + 1;
    size += AppendReference(out, name, raw, position, scope, chain, context);
    if (size > kMaxExpandedBytes) {
      yaml_.FailAt(position,
                   "expansion is longer than " + std::to_string(kMaxExpandedBytes) + " bytes");
    }
    if (expanded_bytes_ > kMaxExpandedBytes) {
      yaml_.FailAt(position, "expansion is longer than " + std::to_string(kMaxExpandedBytes) +
                                 " bytes in all (the text that ${...} inserts, over the scenario)");
    }
  }
  return out;
}

std::size_t TemplateExpander::AppendReference(Template& out, const std::string& name,
                                              const std::string& raw, const Position& position,
                                              const TemplateScope& scope,
                                              std::vector<std::string>& chain,
                                              const std::string& context) {
  const std::string used_by = context.empty() ? "" : " (used by " + context + ")";
  if (name.compare(0, 4, "env:") == 0) {
    const std::string variable = name.substr(4);
    if (!IsIdentifier(variable)) {
      yaml_.FailAt(position, "invalid environment variable name " + Quoted(variable));
    }
    const char* value = nullptr;
    if (environment_ != nullptr) {
      const auto it = environment_->find(variable);
      if (it != environment_->end()) value = it->second.c_str();
    }
    if (value == nullptr) value = std::getenv(variable.c_str());
    if (value == nullptr) {
      yaml_.FailAt(position, "environment variable " + Quoted(variable) + " is not set" + used_by);
    }
    Append(out, Part{Part::Kind::kValue, value});
    expanded_bytes_ += std::strlen(value);
    return std::strlen(value);
  }
  if (name == "member") {
    if (!scope.member_allowed) yaml_.FailAt(position, "${member} is only defined inside per_member");
    out.parts.push_back(Part{Part::Kind::kMember, ""});
    return 0;
  }
  if (!IsIdentifier(name)) {
    yaml_.FailAt(position, "invalid variable name " + Quoted(name) + " in " + Quoted(raw));
  }
  if (variables_.count(name) != 0) {
    std::size_t added = 0;
    const Template& value = ExpandVariable(name, chain);
    for (const Part& part : value.parts) {
      if (part.kind == Part::Kind::kMember && !scope.member_allowed) {
        yaml_.FailAt(position, "variable " + Quoted(name) +
                                   " uses ${member}, which is only defined inside per_member");
      }
      Part copy = part;
      // A variable's text is a value wherever it lands: never regex or glob
      // syntax.
      if (copy.kind == Part::Kind::kSyntax) copy.kind = Part::Kind::kValue;
      added += copy.text.size();
      expanded_bytes_ += copy.text.size();
      Append(out, std::move(copy));
    }
    return added;
  }
  if (scope.captures_allowed && scope.bound != nullptr && scope.bound->count(name)) {
    out.parts.push_back(Part{Part::Kind::kCapture, name});
    return 0;
  }
  if (scope.captures_allowed && scope.later != nullptr && scope.later->count(name)) {
    yaml_.FailAt(position, "capture " + Quoted(name) + " is used before it is bound (bound at line " +
                               std::to_string(scope.later->at(name).line) + ")");
  }
  if (scope.captures_allowed && scope.other_scope != nullptr && scope.other_scope->count(name)) {
    yaml_.FailAt(position, "capture " + Quoted(name) +
                               " is bound in another expectation list (per_member captures are "
                               "seen only by the same member's expectations, top-level ones only "
                               "by top-level expectations)");
  }
  yaml_.FailAt(position, "undefined variable " + Quoted(name) + used_by);
}

std::string TemplateExpander::ParseFlat(const YAML::Node& node, const std::string& what) {
  const std::string raw = yaml_.RequireString(node, what);
  TemplateScope scope;
  return Parse(raw, YamlReader::PositionOf(node), scope).Flat();
}

}  // namespace witness::assertions::internal
