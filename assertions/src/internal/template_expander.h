// Variables and templates: `vars:`, values given by the caller, ${name},
// ${env:NAME}, and the holes (${member}, captures) left for check time.
#ifndef WITNESS_ASSERTIONS_INTERNAL_TEMPLATE_EXPANDER_H_
#define WITNESS_ASSERTIONS_INTERNAL_TEMPLATE_EXPANDER_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "internal/spec.h"
#include "internal/yaml_reader.h"
#include "witness/assertions/scenario.h"

namespace witness::assertions::internal {

// Where a template is being parsed, for what ${...} may refer to.
struct TemplateScope {
  bool member_allowed = false;
  bool captures_allowed = false;
  const std::set<std::string>* bound = nullptr;                  // usable captures
  const std::map<std::string, Position>* later = nullptr;        // bound further on
  const std::map<std::string, Position>* other_scope = nullptr;  // the other list's captures
};

class TemplateExpander {
 public:
  // `environment`, when given, is read before the process environment.
  TemplateExpander(const YamlReader& yaml, const Variables& overrides,
                   const std::map<std::string, std::string>* environment)
      : yaml_(yaml), overrides_(overrides), environment_(environment) {}

  // Reads `vars:` (may be null) and the caller's values, which win.
  void CollectVariables(const YAML::Node* vars_node);
  bool IsVariable(const std::string& name) const { return variables_.count(name) != 0; }

  // `raw` with variables and ${env:...} expanded, and holes for what
  // `scope` allows. `context` names what is parsed, for errors.
  Template Parse(const std::string& raw, const Position& position, const TemplateScope& scope,
                 const std::string& context = "");
  // A string node that may use variables and ${env:...} but nothing filled
  // in at check time.
  std::string ParseFlat(const YAML::Node& node, const std::string& what);

 private:
  struct VariableDef {
    std::string raw;
    Position position;
    bool expanding = false;
    bool expanded = false;
    Template value;
  };

  Template ParseWithChain(const std::string& raw, const Position& position,
                          const TemplateScope& scope, std::vector<std::string>& chain,
                          const std::string& context);
  const Template& ExpandVariable(const std::string& name, std::vector<std::string>& chain);
  // What ${name} stands for, appended to `out`; returns the bytes added.
  std::size_t AppendReference(Template& out, const std::string& name, const std::string& raw,
                              const Position& position, const TemplateScope& scope,
                              std::vector<std::string>& chain, const std::string& context);

  const YamlReader& yaml_;
  const Variables& overrides_;
  const std::map<std::string, std::string>* environment_;
  std::map<std::string, VariableDef> variables_;
  // Every byte ${...} has inserted so far, in variables and where they are
  // used. One string's limit alone let an aliased expectation copy a
  // megabyte-long variable once per alias: hundreds of megabytes from three
  // kilobytes of YAML.
  std::size_t expanded_bytes_ = 0;
};

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_TEMPLATE_EXPANDER_H_
