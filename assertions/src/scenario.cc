// Loading scenario files: YAML -> ScenarioSpec, with every error positioned.

#include "witness/assertions/scenario.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <cctype>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "internal/loader.h"
#include "internal/spec.h"
#include "internal/yaml_guard.h"
#include "witness/assertions/scenario_error.h"
#include "witness/fake/fault_rules.h"
#include "witness/recorder/duration.h"

namespace witness::assertions {

namespace internal {

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

std::string ScenarioSpec::Where(const Position& position) const {
  return file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
}

}  // namespace internal

namespace {

using internal::CountSpec;
using internal::ExpectationSpec;
using internal::FieldSpec;
using internal::LifecycleSpec;
using internal::Literal;
using internal::MatcherKind;
using internal::MatcherSpec;
using internal::NoneBetweenSpec;
using internal::OrderChainSpec;
using internal::Position;
using internal::ScenarioSpec;
using internal::Template;
using internal::UniqueSpec;
using internal::WithinSpec;
using Part = internal::Template::Part;

// `witness run` points the record variable at a file the command's backend
// writes into; a variable that makes a program load or run a file (a shell
// startup file, a preloaded library, a search path) would let a scenario run
// code that is not the command given to `witness run`, so those are refused.
const char* WhyNotARecordVariable(const std::string& name) {
  static const char* const kLoaded[] = {
      "BASH_ENV", "ENV",        "PATH",        "IFS",       "HOME",         "SHELL",
      "SHELLOPTS", "BASHOPTS",  "PS4",         "PROMPT_COMMAND", "CDPATH",  "GLOBIGNORE",
      "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "PERLLIB",
      "RUBYOPT",  "RUBYLIB",    "NODE_OPTIONS", "NODE_PATH", "GCONV_PATH",  "LOCPATH",
      "HOSTALIASES", "RESOLV_HOST_CONF", "TMPDIR", "GIT_EXEC_PATH", "EDITOR", "VISUAL"};
  for (const char* loaded : kLoaded) {
    if (name == loaded) return "the variable names a file or path programs load or run";
  }
  static const char* const kLoadedPrefixes[] = {"LD_", "DYLD_", "BASH_FUNC_", "MALLOC_",
                                                "GLIBC_", "ASAN_", "UBSAN_", "TSAN_", "LSAN_"};
  for (const char* prefix : kLoadedPrefixes) {
    if (name.compare(0, std::strlen(prefix), prefix) == 0) {
      return "variables of this family steer the dynamic loader, the C library or a sanitizer";
    }
  }
  return nullptr;
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

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// yaml-cpp 0.7's LoadAll loops forever, allocating on every turn, when its
// parser cannot consume a token (a stray ',' outside brackets: upstream
// yaml-cpp PR #1319): each turn yields another empty document starting at
// the same place. Walking the documents first, stopping when one starts
// where the previous did, turns that into an error before LoadAll runs.
class DocumentStarts final : public YAML::EventHandler {
 public:
  // The position where the parser stopped making progress, if it did.
  static std::optional<YAML::Mark> FindStall(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts starts;
    while (parser.HandleNextDocument(starts)) {
      if (starts.stalled_) return starts.last_;
    }
    return std::nullopt;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    stalled_ = seen_ && mark.pos == last_.pos;
    seen_ = true;
    last_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  bool seen_ = false;
  bool stalled_ = false;
  YAML::Mark last_ = YAML::Mark::null_mark();
};

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// Where a template is being parsed, for what ${...} may refer to.
struct TemplateScope {
  bool member_allowed = false;
  bool captures_allowed = false;
  const std::set<std::string>* bound = nullptr;                  // usable captures
  const std::map<std::string, Position>* later = nullptr;        // bound further on
  const std::map<std::string, Position>* other_scope = nullptr;  // the other list's captures
};

class Loader {
 public:
  Loader(std::string file, const Variables& overrides,
         const std::map<std::string, std::string>* environment = nullptr)
      : file_(std::move(file)), overrides_(overrides), environment_(environment) {}

  std::shared_ptr<const ScenarioSpec> Load(std::string_view text) {
    internal::PrescanScenarioText(text, file_);
    std::vector<YAML::Node> documents;
    try {
      if (const std::optional<YAML::Mark> stall = DocumentStarts::FindStall(std::string(text))) {
        throw ScenarioError(file_, static_cast<std::size_t>(stall->line) + 1,
                            static_cast<std::size_t>(stall->column) + 1,
                            "invalid YAML: cannot parse past this point (a stray ',' outside "
                            "brackets?)");
      }
      documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
      std::string message = e.msg;
      if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
      const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
      const std::size_t column =
          e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0;
      throw ScenarioError(file_, line, line == 0 ? 0 : column, "invalid YAML: " + message);
    }
    if (documents.empty() || documents[0].IsNull()) {
      throw ScenarioError(file_, 0, 0, "scenario file is empty");
    }
    if (documents.size() > 1) {
      Fail(documents[1], "a scenario file holds one YAML document, this one has " +
                             std::to_string(documents.size()));
    }
    const YAML::Node root = documents[0];
    internal::CheckScenarioTree(root, file_);
    spec_.file = file_;
    Parse(root);
    return std::make_shared<const ScenarioSpec>(std::move(spec_));
  }

 private:
  struct VariableDef {
    std::string raw;
    Position position;
    bool from_file = false;
    bool expanding = false;
    bool expanded = false;
    Template value;
  };

  // ---- errors and node helpers ----

  static Position PositionOf(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    Position position;
    if (mark.line >= 0) position.line = static_cast<std::size_t>(mark.line) + 1;
    if (mark.column >= 0) position.column = static_cast<std::size_t>(mark.column) + 1;
    return position;
  }

  [[noreturn]] void FailAt(const Position& position, const std::string& message) const {
    throw ScenarioError(file_, position.line, position.column, message);
  }

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& message) const {
    FailAt(PositionOf(node), message);
  }

  static std::string TypeName(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Scalar: return "a scalar";
      case YAML::NodeType::Null: return "null";
      default: return "nothing";
    }
  }

  void RequireMap(const YAML::Node& node, const std::string& what) const {
    if (!node.IsMap()) Fail(node, what + " must be a mapping, not " + TypeName(node));
  }

  void RequireSequence(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) Fail(node, what + " must be a list, not " + TypeName(node));
  }

  std::string RequireString(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) Fail(node, what + " must be a string, not " + TypeName(node));
    return node.Scalar();
  }

  bool RequireBool(const YAML::Node& node, const std::string& what) const {
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      if (text == "true" || text == "True" || text == "TRUE") return true;
      if (text == "false" || text == "False" || text == "FALSE") return false;
    }
    Fail(node, what + " must be true or false");
  }

  std::uint64_t RequireCount(const YAML::Node& node, const std::string& what) const {
    if (node.IsScalar() && node.Tag() != "!") {
      const std::string& text = node.Scalar();
      if (!text.empty() && text.size() <= 18 &&
          text.find_first_not_of("0123456789") == std::string::npos) {
        return std::stoull(text);
      }
    }
    Fail(node, what + " must be a non-negative integer");
  }

  // The mapping's entries in order, rejecting non-string and duplicate keys
  // and, when `allowed` is given, keys outside it.
  std::vector<std::pair<std::string, YAML::Node>> Entries(
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

  // ---- variables and templates ----

  void CollectVariables(const YAML::Node* vars_node) {
    if (vars_node != nullptr) {
      RequireMap(*vars_node, "vars");
      for (const auto& [name, value] : Entries(*vars_node, "vars", nullptr)) {
        if (!IsIdentifier(name)) {
          Fail(*vars_node, "invalid variable name " + Quoted(name) +
                               " (letters, digits and '_', not starting with a digit)");
        }
        if (name == "member" || name == "env") {
          Fail(value, "variable name " + Quoted(name) + " is reserved");
        }
        if (!value.IsScalar()) {
          Fail(value, "variable " + Quoted(name) + " must be a string, number or boolean, not " +
                          TypeName(value));
        }
        VariableDef def;
        def.raw = value.Scalar();
        def.position = PositionOf(value);
        def.from_file = true;
        variables_[name] = std::move(def);
      }
    }
    for (const auto& [name, value] : overrides_) {
      if (!IsIdentifier(name)) {
        throw ScenarioError(file_, 0, 0, "invalid variable name " + Quoted(name) + " given");
      }
      if (name == "member" || name == "env") {
        throw ScenarioError(file_, 0, 0, "variable name " + Quoted(name) + " is reserved");
      }
      // A value given by the caller is taken literally: the shell that
      // passed it has already expanded what it meant to.
      VariableDef def;
      def.raw = value;
      def.expanded = true;
      def.value.parts.push_back(Part{Part::Kind::kValue, value});
      variables_[name] = std::move(def);
    }
  }

  const Template& ExpandVariable(const std::string& name, std::vector<std::string>& chain) {
    VariableDef& def = variables_.at(name);
    if (def.expanded) return def.value;
    if (def.expanding) {
      std::string path;
      bool in_cycle = false;
      for (const std::string& link : chain) {
        in_cycle = in_cycle || link == name;
        if (in_cycle) path += link + " -> ";
      }
      FailAt(def.position, "variable " + Quoted(name) + " expands to itself (" + path + name + ")");
    }
    if (chain.size() >= static_cast<std::size_t>(kMaxVariableDepth)) {
      FailAt(def.position, "variable " + Quoted(name) + " nests more than " +
                               std::to_string(kMaxVariableDepth) + " variables deep");
    }
    def.expanding = true;
    chain.push_back(name);
    TemplateScope scope;
    scope.member_allowed = true;  // checked where the variable is used
    Template value = ParseTemplate(def.raw, def.position, scope, &chain,
                                   "variable " + Quoted(name));
    chain.pop_back();
    VariableDef& again = variables_.at(name);
    again.expanding = false;
    again.expanded = true;
    again.value = std::move(value);
    return again.value;
  }

  static void Append(Template& out, Part part) {
    if (part.text.empty() && part.kind != Part::Kind::kMember &&
        part.kind != Part::Kind::kCapture) {
      return;
    }
    if (!out.parts.empty() && out.parts.back().kind == part.kind &&
        (part.kind == Part::Kind::kSyntax || part.kind == Part::Kind::kValue)) {
      out.parts.back().text += part.text;
      return;
    }
    out.parts.push_back(std::move(part));
  }

  Template ParseTemplate(const std::string& raw, const Position& position,
                         const TemplateScope& scope, std::vector<std::string>* chain = nullptr,
                         const std::string& context = "") {
    std::vector<std::string> own_chain;
    if (chain == nullptr) chain = &own_chain;
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
        FailAt(position, "unterminated '${' in " + Quoted(raw) + " (write $${ for a literal ${)");
      }
      const std::string name = raw.substr(dollar + 2, close - dollar - 2);
      i = close + 1;
      if (name.compare(0, 4, "env:") == 0) {
        const std::string variable = name.substr(4);
        if (!IsIdentifier(variable)) {
          FailAt(position, "invalid environment variable name " + Quoted(variable));
        }
        const char* value = nullptr;
        if (environment_ != nullptr) {
          const auto it = environment_->find(variable);
          if (it != environment_->end()) value = it->second.c_str();
        }
        if (value == nullptr) value = std::getenv(variable.c_str());
        if (value == nullptr) {
          FailAt(position, "environment variable " + Quoted(variable) + " is not set" +
                               (context.empty() ? "" : " (used by " + context + ")"));
        }
        Append(out, Part{Part::Kind::kValue, value});
        size += std::strlen(value);
        expanded_bytes_ += std::strlen(value);
      } else if (name == "member") {
        if (!scope.member_allowed) {
          FailAt(position, "${member} is only defined inside per_member");
        }
        out.parts.push_back(Part{Part::Kind::kMember, ""});
      } else if (!IsIdentifier(name)) {
        FailAt(position, "invalid variable name " + Quoted(name) + " in " + Quoted(raw));
      } else if (variables_.count(name) != 0) {
        const Template& value = ExpandVariable(name, *chain);
        for (const Part& part : value.parts) {
          if (part.kind == Part::Kind::kMember && !scope.member_allowed) {
            FailAt(position, "variable " + Quoted(name) +
                                 " uses ${member}, which is only defined inside per_member");
          }
          Part copy = part;
          // A variable's text is a value wherever it lands: never regex or
          // glob syntax.
          if (copy.kind == Part::Kind::kSyntax) copy.kind = Part::Kind::kValue;
          size += copy.text.size();
          expanded_bytes_ += copy.text.size();
          Append(out, std::move(copy));
        }
      } else if (scope.captures_allowed && scope.bound != nullptr && scope.bound->count(name)) {
        out.parts.push_back(Part{Part::Kind::kCapture, name});
      } else if (scope.captures_allowed && scope.later != nullptr && scope.later->count(name)) {
        const Position& bound_at = scope.later->at(name);
        FailAt(position, "capture " + Quoted(name) + " is used before it is bound (bound at line " +
                             std::to_string(bound_at.line) + ")");
      } else if (scope.captures_allowed && scope.other_scope != nullptr &&
                 scope.other_scope->count(name)) {
        FailAt(position, "capture " + Quoted(name) +
                             " is bound in another expectation list (per_member captures are "
                             "seen only by the same member's expectations, top-level ones only "
                             "by top-level expectations)");
      } else {
        FailAt(position, "undefined variable " + Quoted(name) +
                             (context.empty() ? "" : " (used by " + context + ")"));
      }
      if (size > kMaxExpandedBytes) {
        FailAt(position, "expansion is longer than " + std::to_string(kMaxExpandedBytes) +
                             " bytes");
      }
      if (expanded_bytes_ > kMaxExpandedBytes) {
        FailAt(position, "expansion is longer than " + std::to_string(kMaxExpandedBytes) +
                             " bytes in all (the text that ${...} inserts, over the scenario)");
      }
    }
    return out;
  }

  // A template that may use variables and ${env:...} but nothing filled in
  // at check time.
  std::string ParseFlat(const YAML::Node& node, const std::string& what) {
    const std::string raw = RequireString(node, what);
    TemplateScope scope;
    return ParseTemplate(raw, PositionOf(node), scope).Flat();
  }

  // ---- matchers ----

  struct ExpectationContext {
    TemplateScope scope;
  };

  Literal ParseLiteral(const YAML::Node& node, const ExpectationContext& context) {
    Literal literal;
    literal.quoted = node.Tag() == "!";
    literal.is_null = node.IsNull();
    if (!literal.is_null) {
      literal.text = ParseTemplate(node.Scalar(), PositionOf(node), context.scope);
    }
    return literal;
  }

  Template ParseText(const YAML::Node& value, const std::string& key,
                     const ExpectationContext& context) {
    if (!value.IsScalar()) Fail(value, Quoted(key) + " takes a string, not " + TypeName(value));
    return ParseTemplate(value.Scalar(), PositionOf(value), context.scope);
  }

  MatcherSpec ParseMatcher(const YAML::Node& node, const ExpectationContext& context,
                           bool field_level) {
    MatcherSpec spec;
    spec.position = PositionOf(node);
    if (node.IsNull() || node.IsScalar()) {
      spec.kind = MatcherKind::kEqual;
      spec.literal = ParseLiteral(node, context);
      return spec;
    }
    if (node.IsSequence()) {
      spec.kind = MatcherKind::kListEqual;
      for (const YAML::Node& element : node) {
        spec.children.push_back(ParseMatcher(element, context, false));
      }
      return spec;
    }
    if (!node.IsMap()) Fail(node, "expected a value or a matcher");
    const auto entries = Entries(node, "matcher", nullptr);
    if (entries.empty()) Fail(node, "empty matcher: write {present: true} to accept any value");
    std::vector<MatcherSpec> parts;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      parts.push_back(ParseMatcherEntry(key, entry.first, entry.second, context, field_level));
    }
    if (parts.size() == 1) return std::move(parts[0]);
    spec.kind = MatcherKind::kAllOf;
    spec.children = std::move(parts);
    return spec;
  }

  MatcherSpec ParseMatcherEntry(const std::string& key, const YAML::Node& key_node,
                                const YAML::Node& value, const ExpectationContext& context,
                                bool field_level) {
    static const std::vector<std::string> kKnown = {
        "absent", "present", "regex", "glob",   "prefix", "suffix", "contains", "one_of",
        "not",    "all_of",  "length", "each",  "format", "ip_in",  "file",     "capture"};
    MatcherSpec spec;
    spec.position = PositionOf(value);
    if (key == "absent" || key == "present") {
      if (!RequireBool(value, Quoted(key))) {
        Fail(value, Quoted(key) + " takes true (use {" +
                        std::string(key == "absent" ? "present" : "absent") +
                        ": true} for the opposite)");
      }
      spec.kind = key == "absent" ? MatcherKind::kAbsent : MatcherKind::kPresent;
    } else if (key == "regex") {
      spec.kind = MatcherKind::kRegex;
      spec.text = ParseText(value, key, context);
      ValidateRegex(spec.text, value);
    } else if (key == "glob" || key == "prefix" || key == "suffix") {
      spec.kind = key == "glob"     ? MatcherKind::kGlob
                  : key == "prefix" ? MatcherKind::kPrefix
                                    : MatcherKind::kSuffix;
      spec.text = ParseText(value, key, context);
    } else if (key == "contains") {
      spec.kind = MatcherKind::kContains;
      if (value.IsScalar()) {
        spec.scalar_argument = true;
        spec.literal = ParseLiteral(value, context);
        // For a list value, a scalar means "an element equal to it".
        MatcherSpec element;
        element.position = spec.position;
        element.literal = spec.literal;
        spec.children.push_back(std::move(element));
      } else {
        spec.children.push_back(ParseMatcher(value, context, false));
      }
    } else if (key == "one_of" || key == "all_of") {
      spec.kind = key == "one_of" ? MatcherKind::kOneOf : MatcherKind::kAllOf;
      RequireSequence(value, Quoted(key));
      if (value.size() == 0) Fail(value, Quoted(key) + " needs at least one entry");
      for (const YAML::Node& element : value) {
        spec.children.push_back(ParseMatcher(element, context, false));
      }
    } else if (key == "not" || key == "each") {
      spec.kind = key == "not" ? MatcherKind::kNot : MatcherKind::kEach;
      spec.children.push_back(ParseMatcher(value, context, false));
    } else if (key == "length") {
      spec.kind = MatcherKind::kLength;
      spec.number = RequireCount(value, "'length'");
    } else if (key == "format") {
      const std::string format = RequireString(value, "'format'");
      if (format == "mac") {
        spec.kind = MatcherKind::kFormatMac;
      } else if (format == "ipv4") {
        spec.kind = MatcherKind::kFormatIpv4;
      } else {
        Fail(value, "unknown format " + Quoted(format) + " (expected mac or ipv4)");
      }
    } else if (key == "ip_in") {
      spec.kind = MatcherKind::kIpIn;
      ParseCidr(ParseFlat(value, "'ip_in'"), value, spec);
    } else if (key == "file") {
      const std::string check = RequireString(value, "'file'");
      if (check == "exists") {
        spec.kind = MatcherKind::kFileExists;
      } else if (check == "non_empty") {
        spec.kind = MatcherKind::kFileNonEmpty;
      } else {
        Fail(value, "unknown file check " + Quoted(check) + " (expected exists or non_empty)");
      }
    } else if (key == "capture") {
      if (!field_level) {
        Fail(value, "'capture' binds a whole field: it cannot appear inside another matcher");
      }
      spec.kind = MatcherKind::kCapture;
      spec.capture_name = RequireString(value, "'capture'");
    } else {
      Fail(key_node, "unknown matcher " + Quoted(key) + " (expected one of: " +
                         JoinNames(kKnown) + ")");
    }
    return spec;
  }

  void ValidateRegex(const Template& pattern, const YAML::Node& node) const {
    // Holes are filled with literal text at check time; any literal keeps the
    // syntax valid, so checking with a stand-in catches every error now.
    std::string text;
    for (const Part& part : pattern.parts) {
      text += part.kind == Part::Kind::kSyntax ? part.text : RE2::QuoteMeta("x");
    }
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(text, options);
    if (!re.ok()) Fail(node, "bad regex " + Quoted(text) + ": " + re.error());
  }

  void ParseCidr(const std::string& text, const YAML::Node& node, MatcherSpec& spec) const {
    const std::size_t slash = text.find('/');
    const std::string address = text.substr(0, slash);
    in_addr parsed{};
    bool ok = slash != std::string::npos && inet_pton(AF_INET, address.c_str(), &parsed) == 1;
    int bits = -1;
    if (ok) {
      const std::string suffix = text.substr(slash + 1);
      ok = !suffix.empty() && suffix.size() <= 2 &&
           suffix.find_first_not_of("0123456789") == std::string::npos;
      if (ok) bits = std::stoi(suffix);
      ok = ok && bits >= 0 && bits <= 32;
    }
    if (!ok) Fail(node, "bad CIDR " + Quoted(text) + " (expected an IPv4 network such as 10.0.0.0/8)");
    const std::uint32_t mask = bits == 0 ? 0u : ~0u << (32 - bits);
    spec.cidr_address = ntohl(parsed.s_addr) & mask;
    spec.cidr_bits = bits;
    spec.cidr_text = text;
  }

  // ---- expectations ----

  // Capture names bound by each expectation of a list, for the "used before
  // bound" check; a capture bound twice in one list is an error.
  std::vector<std::vector<std::pair<std::string, Position>>> CollectCaptures(
      const YAML::Node& list, std::map<std::string, Position>& all) {
    std::vector<std::vector<std::pair<std::string, Position>>> per_expectation;
    for (const YAML::Node& item : list) {
      std::vector<std::pair<std::string, Position>> names;
      if (item.IsMap()) {
        for (const auto& entry : item) {
          const YAML::Node& value = entry.second;
          if (!entry.first.IsScalar() || !value.IsMap()) continue;
          for (const auto& matcher : value) {
            if (!matcher.first.IsScalar() || matcher.first.Scalar() != "capture") continue;
            if (!matcher.second.IsScalar()) continue;
            const std::string name = matcher.second.Scalar();
            const Position position = PositionOf(matcher.second);
            if (!IsIdentifier(name)) {
              FailAt(position, "invalid capture name " + Quoted(name) +
                                   " (letters, digits and '_', not starting with a digit)");
            }
            if (name == "member" || name == "env") {
              FailAt(position, "capture name " + Quoted(name) + " is reserved");
            }
            if (variables_.count(name) != 0) {
              FailAt(position, "capture " + Quoted(name) + " has the name of a variable");
            }
            const auto [it, inserted] = all.emplace(name, position);
            if (!inserted) {
              FailAt(position, "capture " + Quoted(name) + " is already bound at line " +
                                   std::to_string(it->second.line));
            }
            names.emplace_back(name, position);
          }
        }
      }
      per_expectation.push_back(std::move(names));
    }
    return per_expectation;
  }

  std::vector<ExpectationSpec> ParseExpectations(const YAML::Node& list, bool per_member,
                                                 std::map<std::string, Position>& captures,
                                                 const std::map<std::string, Position>& other) {
    RequireSequence(list, per_member ? "per_member.expect" : "expect");
    const auto bound_by = CollectCaptures(list, captures);
    std::set<std::string> bound;
    std::map<std::string, Position> later = captures;
    std::vector<ExpectationSpec> out;
    std::size_t index = 0;
    for (const YAML::Node& item : list) {
      RequireMap(item, "an expectation");
      ExpectationSpec expectation;
      expectation.position = PositionOf(item);
      expectation.per_member = per_member;
      ExpectationContext context;
      context.scope.member_allowed = per_member;
      context.scope.captures_allowed = true;
      context.scope.bound = &bound;
      context.scope.later = &later;
      context.scope.other_scope = &other;
      for (const auto& [key, value] : Entries(item, "expectation", nullptr)) {
        if (key == "id") {
          expectation.id = RequireString(value, "'id'");
          if (expectation.id.empty()) Fail(value, "'id' must not be empty");
          const auto [it, inserted] = ids_.emplace(expectation.id, PositionOf(value));
          if (!inserted) {
            Fail(value, "duplicate id " + Quoted(expectation.id) + " (first at line " +
                            std::to_string(it->second.line) + ")");
          }
        } else if (key == "count") {
          expectation.count = ParseCount(value);
        } else if (key == "within") {
          expectation.within = ParseWithin(value, per_member);
        } else if (key == "next") {
          expectation.next = RequireEarlierId(value, "'next'", per_member);
          expectation.next_position = PositionOf(value);
        } else if (key == "nth") {
          expectation.nth = RequireCount(value, "'nth'");
          if (expectation.nth == 0) Fail(value, "'nth' counts from 1");
        } else {
          FieldSpec field;
          field.name = key;
          field.position = PositionOf(value);
          field.matcher = ParseMatcher(value, context, true);
          expectation.fields.push_back(std::move(field));
        }
      }
      if (expectation.fields.empty()) {
        Fail(item, "expectation names no record field (add at least 'op')");
      }
      for (const auto& [name, position] : bound_by[index]) {
        expectation.captures.push_back(name);
        bound.insert(name);
        later.erase(name);
      }
      if (expectation.count.Negative()) spec_.negative = true;
      (per_member ? member_ids_ : global_ids_).insert(expectation.id);
      out.push_back(std::move(expectation));
      ++index;
    }
    return out;
  }

  CountSpec ParseCount(const YAML::Node& node) const {
    CountSpec count;
    if (node.IsMap()) {
      static const std::vector<std::string> kKeys = {"min", "max"};
      const auto entries = Entries(node, "count", &kKeys);
      if (entries.empty()) Fail(node, "count needs 'min', 'max' or both");
      count.min = 0;
      count.max.reset();
      for (const auto& [key, value] : entries) {
        if (key == "min") {
          count.min = RequireCount(value, "'min'");
        } else {
          count.max = RequireCount(value, "'max'");
          count.max_given = true;
        }
      }
      if (count.max && count.min > *count.max) {
        Fail(node, "count has min " + std::to_string(count.min) + " above max " +
                       std::to_string(*count.max));
      }
      return count;
    }
    count.min = RequireCount(node, "count");
    count.max = count.min;
    return count;
  }

  // ---- time and sequence ----

  // A duration as a scenario writes it ("250ms", "5s", "2m") in nanoseconds,
  // the unit of ts_ns.
  std::int64_t ParseDurationNs(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) Fail(node, what + " must be a duration such as 250ms, 5s or 2m");
    try {
      const auto duration = recorder::ParseDuration(node.Scalar());
      return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
    } catch (const recorder::DurationError& error) {
      Fail(node, what + ": " + error.what());
    }
  }

  // An id that a qualifier refers to: it must be an expectation of the same
  // list defined above, whose records are known when this one is checked.
  std::string RequireEarlierId(const YAML::Node& node, const std::string& what,
                               bool per_member) const {
    const std::string id = RequireString(node, what);
    const std::set<std::string>& earlier = per_member ? member_ids_ : global_ids_;
    if (id.empty() || earlier.count(id) == 0) {
      Fail(node, what + " names " + Quoted(id) + ", which is not an expectation defined above it in " +
                     (per_member ? "per_member.expect" : "expect"));
    }
    return id;
  }

  WithinSpec ParseWithin(const YAML::Node& node, bool per_member) const {
    RequireMap(node, "'within'");
    static const std::vector<std::string> kKeys = {"after", "min", "max"};
    WithinSpec within;
    within.position = PositionOf(node);
    for (const auto& [key, value] : Entries(node, "within", &kKeys)) {
      if (key == "after") {
        within.after = RequireEarlierId(value, "'within.after'", per_member);
      } else if (key == "min") {
        within.min_ns = ParseDurationNs(value, "'within.min'");
      } else {
        within.max_ns = ParseDurationNs(value, "'within.max'");
      }
    }
    if (within.after.empty()) Fail(node, "'within' needs 'after' (the id its time counts from)");
    if (!within.min_ns && !within.max_ns) Fail(node, "'within' needs 'min', 'max' or both");
    if (within.min_ns && within.max_ns && *within.min_ns > *within.max_ns) {
      Fail(node, "'within' has min above max");
    }
    return within;
  }

  std::vector<NoneBetweenSpec> ParseNoneBetween(const YAML::Node& list, bool per_member) {
    const std::string what = per_member ? "per_member.none_between" : "none_between";
    RequireSequence(list, Quoted(what));
    std::vector<NoneBetweenSpec> out;
    for (const YAML::Node& item : list) {
      RequireMap(item, "a " + Quoted(what) + " entry");
      NoneBetweenSpec spec;
      spec.position = PositionOf(item);
      ExpectationContext context;
      context.scope.member_allowed = per_member;
      for (const auto& [key, value] : Entries(item, "none_between entry", nullptr)) {
        if (key == "after" || key == "before") {
          const std::string id = RequireString(value, Quoted(key));
          const bool known = member_ids_.count(id) != 0 ||
                             (!per_member && global_ids_.count(id) != 0);
          if (id.empty() || !known) {
            Fail(value, Quoted(what) + " names unknown id " + Quoted(id) +
                            (per_member ? " (per_member none_between names per_member ids)" : ""));
          }
          (key == "after" ? spec.after : spec.before) = id;
        } else {
          FieldSpec field;
          field.name = key;
          field.position = PositionOf(value);
          field.matcher = ParseMatcher(value, context, true);
          spec.fields.push_back(std::move(field));
        }
      }
      if (spec.after.empty() && spec.before.empty()) {
        Fail(item, Quoted(what) + " entry needs 'after', 'before' or both (without them, write "
                   "an expectation with count: 0)");
      }
      if (spec.fields.empty()) {
        Fail(item, Quoted(what) + " entry names no record field (add at least 'op')");
      }
      out.push_back(std::move(spec));
    }
    return out;
  }

  // ---- scenario-wide entries ----

  // `order` is one chain ([a, b, c]), a list of chains ([[a, b], [c, d]]),
  // or either with chains written as maps ({chain: [a, b], max_gap: 2s}). In
  // a chain, a list is a group: [reserve, [create, start], stop].
  std::vector<OrderChainSpec> ParseOrder(const YAML::Node& node, bool per_member) {
    const std::string what = per_member ? "per_member.order" : "order";
    if (node.IsMap()) return {ParseChain(node, what, per_member)};
    RequireSequence(node, Quoted(what));
    if (node.size() == 0) Fail(node, Quoted(what) + " is empty");
    bool any_id = false;
    for (const YAML::Node& entry : node) any_id = any_id || entry.IsScalar();
    if (any_id) return {ParseChain(node, what, per_member)};
    std::vector<OrderChainSpec> out;
    for (const YAML::Node& chain : node) out.push_back(ParseChain(chain, what, per_member));
    return out;
  }

  OrderChainSpec ParseChain(const YAML::Node& node, const std::string& what, bool per_member) {
    OrderChainSpec spec;
    spec.position = PositionOf(node);
    const YAML::Node* steps = &node;
    YAML::Node chain_node;
    if (node.IsMap()) {
      static const std::vector<std::string> kKeys = {"chain", "max_gap"};
      for (const auto& [key, value] : Entries(node, "order chain", &kKeys)) {
        if (key == "chain") {
          chain_node = value;
        } else {
          spec.max_gap_ns = ParseDurationNs(value, "'max_gap'");
        }
      }
      if (!chain_node) Fail(node, "an order chain written as a map needs 'chain'");
      steps = &chain_node;
    }
    RequireSequence(*steps, "an order chain");
    const auto id_of = [&](const YAML::Node& id_node) {
      if (!id_node.IsScalar()) {
        Fail(id_node, "a group in " + Quoted(what) + " is a list of ids, not of lists");
      }
      const std::string id = id_node.Scalar();
      const bool known = member_ids_.count(id) != 0 || (!per_member && global_ids_.count(id) != 0);
      if (id.empty() || !known) {
        Fail(id_node, Quoted(what) + " names unknown id " + Quoted(id) +
                          (per_member ? " (per_member order names per_member ids)" : ""));
      }
      return id;
    };
    std::set<std::string> seen;
    for (const YAML::Node& step_node : *steps) {
      std::vector<std::string> step;
      if (step_node.IsSequence()) {
        for (const YAML::Node& id_node : step_node) step.push_back(id_of(id_node));
        if (step.empty()) Fail(step_node, "a group in " + Quoted(what) + " is empty");
      } else if (step_node.IsScalar()) {
        step.push_back(id_of(step_node));
      } else {
        Fail(step_node, Quoted(what) + " holds ids and groups of ids (lists), not maps");
      }
      for (const std::string& id : step) {
        if (!seen.insert(id).second) {
          Fail(step_node, Quoted(what) + " names " + Quoted(id) + " twice in one chain");
        }
      }
      spec.steps.push_back(std::move(step));
    }
    if (spec.steps.size() < 2) Fail(*steps, "an order chain needs at least two ids or groups");
    return spec;
  }

  LifecycleSpec ParseLifecycle(const YAML::Node& node) {
    RequireSequence(node, "'lifecycle'");
    LifecycleSpec spec;
    spec.position = PositionOf(node);
    std::set<std::string> seen;
    for (const YAML::Node& op : node) {
      const std::string name = ParseFlat(op, "a lifecycle op");
      if (name.empty()) Fail(op, "a lifecycle op must not be empty");
      if (!seen.insert(name).second) Fail(op, "lifecycle names op " + Quoted(name) + " twice");
      spec.ops.push_back(name);
    }
    if (spec.ops.size() < 2) Fail(node, "'lifecycle' needs at least two ops");
    return spec;
  }

  void ParseMembers(const YAML::Node& node) {
    spec_.members_given = true;
    spec_.members_position = PositionOf(node);
    if (node.IsMap()) {
      static const std::vector<std::string> kKeys = {"from"};
      const auto entries = Entries(node, "members", &kKeys);
      if (entries.empty()) Fail(node, "'members' mapping needs 'from'");
      spec_.members_from = ParseFlat(entries[0].second, "'from'");
      if (spec_.members_from.empty()) Fail(entries[0].second, "'from' names an op");
      return;
    }
    if (!node.IsSequence()) {
      Fail(node, "'members' must be a list of names or {from: OP}, not " + TypeName(node));
    }
    std::set<std::string> seen;
    for (const YAML::Node& member : node) {
      const std::string name = ParseFlat(member, "a member name");
      if (name.empty()) Fail(member, "a member name must not be empty");
      if (!seen.insert(name).second) Fail(member, "member " + Quoted(name) + " is listed twice");
      spec_.members.push_back(name);
    }
    if (spec_.members.empty()) Fail(node, "'members' is empty");
  }

  void Parse(const YAML::Node& root) {
    RequireMap(root, "a scenario");
    static const std::vector<std::string> kTopKeys = {
        "scenario",   "description", "vars",       "record_variable", "members",
        "per_member", "expect",      "order",      "unique",          "lifecycle",
        "strict",     "writers",     "clean_exit", "faults",          "none_between"};
    std::map<std::string, YAML::Node> top;
    for (auto& [key, value] : Entries(root, "scenario", &kTopKeys)) top.emplace(key, value);
    const auto find = [&top](const std::string& key) -> const YAML::Node* {
      const auto it = top.find(key);
      return it == top.end() ? nullptr : &it->second;
    };

    if (find("scenario") == nullptr) Fail(root, "missing required key 'scenario' (the name)");
    CollectVariables(find("vars"));
    spec_.name = ParseFlat(*find("scenario"), "'scenario'");
    if (spec_.name.empty()) Fail(*find("scenario"), "'scenario' must not be empty");
    if (const YAML::Node* node = find("description")) {
      spec_.description = ParseFlat(*node, "'description'");
    }
    spec_.record_variable = std::string(kDefaultRecordVariable);
    if (const YAML::Node* node = find("record_variable")) {
      spec_.record_variable = RequireString(*node, "'record_variable'");
      if (!IsIdentifier(spec_.record_variable)) {
        Fail(*node, "'record_variable' must be an environment variable name");
      }
      if (const char* reason = WhyNotARecordVariable(spec_.record_variable)) {
        Fail(*node, "'record_variable' cannot be " + Quoted(spec_.record_variable) + ": " + reason);
      }
    }
    if (const YAML::Node* node = find("strict")) {
      spec_.strict = RequireBool(*node, "'strict'");
      spec_.strict_position = PositionOf(*node);
    }
    if (const YAML::Node* node = find("clean_exit")) {
      spec_.clean_exit = RequireBool(*node, "'clean_exit'");
      spec_.clean_exit_position = PositionOf(*node);
    }
    if (const YAML::Node* node = find("writers")) {
      const std::uint64_t writers = RequireCount(*node, "'writers'");
      if (writers == 0 || writers > 1000000) Fail(*node, "'writers' must be between 1 and 1000000");
      spec_.writers = static_cast<int>(writers);
      spec_.writers_position = PositionOf(*node);
    }
    if (const YAML::Node* node = find("members")) ParseMembers(*node);
    if (const YAML::Node* node = find("faults")) ParseFaults(*node);

    // Expectations first (both lists), so order and unique can name any id
    // wherever they appear in the file.
    std::map<std::string, Position> member_captures;
    std::map<std::string, Position> global_captures;
    const YAML::Node* per_member = find("per_member");
    std::vector<std::pair<std::string, YAML::Node>> per_member_entries;
    if (per_member != nullptr) {
      RequireMap(*per_member, "'per_member'");
      static const std::vector<std::string> kKeys = {"expect", "order", "lifecycle",
                                                     "none_between"};
      per_member_entries = Entries(*per_member, "per_member", &kKeys);
      if (!spec_.members_given) {
        Fail(*per_member, "'per_member' needs 'members' (a list of names or {from: OP})");
      }
      // Collected up front so the other list can say where a name lives.
      if (const YAML::Node* global = find("expect")) {
        if (global->IsSequence()) {
          CollectCapturesQuiet(*global, global_capture_names_);
        }
      }
      for (const auto& [key, value] : per_member_entries) {
        if (key == "expect") {
          spec_.per_member =
              ParseExpectations(value, true, member_captures, global_capture_names_);
        }
      }
    }
    if (const YAML::Node* node = find("expect")) {
      spec_.global = ParseExpectations(*node, false, global_captures, member_captures);
    }
    if (spec_.members_from.empty()) {
      const std::size_t instances =
          spec_.members.size() * spec_.per_member.size() + spec_.global.size();
      if (instances > kMaxExpectationInstances) {
        FailAt(spec_.members_position,
               std::to_string(spec_.members.size()) + " members times " +
                   std::to_string(spec_.per_member.size()) + " per_member expectations make " +
                   std::to_string(instances) + " expectation instances, more than " +
                   std::to_string(kMaxExpectationInstances));
      }
    }
    for (const auto& [key, value] : per_member_entries) {
      if (key == "order") spec_.member_order = ParseOrder(value, true);
      if (key == "lifecycle") spec_.member_lifecycle = ParseLifecycle(value);
      if (key == "none_between") spec_.member_none_between = ParseNoneBetween(value, true);
    }
    if (const YAML::Node* node = find("order")) spec_.global_order = ParseOrder(*node, false);
    if (const YAML::Node* node = find("lifecycle")) spec_.global_lifecycle = ParseLifecycle(*node);
    if (const YAML::Node* node = find("unique")) ParseUnique(*node);
    if (const YAML::Node* node = find("none_between")) {
      spec_.global_none_between = ParseNoneBetween(*node, false);
    }
    if (spec_.per_member.empty() && spec_.global.empty() && !spec_.member_lifecycle &&
        !spec_.global_lifecycle && !spec_.writers && !spec_.clean_exit &&
        spec_.global_none_between.empty()) {
      Fail(root, "scenario checks nothing: add 'expect', 'per_member', 'lifecycle', "
                 "'writers' or 'clean_exit'");
    }
  }

  // Rules of the fake's fault language, expanded and parsed here, so that a
  // bad one stops `witness run` before its command starts.
  void ParseFaults(const YAML::Node& node) {
    RequireSequence(node, "'faults'");
    for (const YAML::Node& item : node) {
      const std::string rule = ParseFlat(item, "a fault rule");
      try {
        spec_.faults.push_back(fake::ParseFaultRule(rule).text);
      } catch (const fake::FaultRuleError& e) {
        Fail(item, e.what());
      }
    }
  }

  // Names only, unvalidated: ParseExpectations validates them in turn.
  void CollectCapturesQuiet(const YAML::Node& list, std::map<std::string, Position>& out) {
    for (const YAML::Node& item : list) {
      if (!item.IsMap()) continue;
      for (const auto& entry : item) {
        if (!entry.second.IsMap()) continue;
        for (const auto& matcher : entry.second) {
          if (matcher.first.IsScalar() && matcher.first.Scalar() == "capture" &&
              matcher.second.IsScalar()) {
            out.emplace(matcher.second.Scalar(), PositionOf(matcher.second));
          }
        }
      }
    }
  }

  void ParseUnique(const YAML::Node& node) {
    RequireSequence(node, "'unique'");
    static const std::vector<std::string> kKeys = {"id", "field", "allow_missing"};
    for (const YAML::Node& item : node) {
      RequireMap(item, "a 'unique' entry");
      UniqueSpec unique;
      unique.position = PositionOf(item);
      for (const auto& [key, value] : Entries(item, "unique entry", &kKeys)) {
        if (key == "id") {
          unique.id = RequireString(value, "'id'");
          if (member_ids_.count(unique.id) == 0 && global_ids_.count(unique.id) == 0) {
            Fail(value, "'unique' names unknown id " + Quoted(unique.id));
          }
        } else if (key == "allow_missing") {
          unique.allow_missing = RequireBool(value, "'allow_missing'");
        } else {
          unique.field = RequireString(value, "'field'");
          if (unique.field.empty()) Fail(value, "'field' must not be empty");
        }
      }
      if (unique.id.empty() || unique.field.empty()) {
        Fail(item, "a 'unique' entry needs both 'id' and 'field'");
      }
      spec_.unique.push_back(std::move(unique));
    }
  }

  std::string file_;
  const Variables& overrides_;
  const std::map<std::string, std::string>* environment_;
  ScenarioSpec spec_;
  std::map<std::string, VariableDef> variables_;
  // Every byte ${...} has inserted so far, in variables and where they are
  // used. One string's limit alone let an aliased expectation copy a
  // megabyte-long variable once per alias: hundreds of megabytes from three
  // kilobytes of YAML.
  std::size_t expanded_bytes_ = 0;
  std::map<std::string, Position> ids_;
  std::set<std::string> member_ids_;
  std::set<std::string> global_ids_;
  std::map<std::string, Position> global_capture_names_;
};

}  // namespace

Scenario::Scenario(std::shared_ptr<const internal::ScenarioSpec> spec) : spec_(std::move(spec)) {}

const std::string& Scenario::name() const noexcept { return spec_->name; }
const std::string& Scenario::description() const noexcept { return spec_->description; }
const std::string& Scenario::file() const noexcept { return spec_->file; }
const std::string& Scenario::record_variable() const noexcept { return spec_->record_variable; }
bool Scenario::strict() const noexcept { return spec_->strict; }
std::optional<int> Scenario::writers() const noexcept { return spec_->writers; }
bool Scenario::clean_exit() const noexcept { return spec_->clean_exit; }
bool Scenario::has_negative_expectations() const noexcept { return spec_->negative; }
const std::vector<std::string>& Scenario::faults() const noexcept { return spec_->faults; }

Scenario ParseScenario(std::string_view yaml, const std::string& name, const Variables& vars) {
  Loader loader(name, vars);
  return Scenario(loader.Load(yaml));
}

namespace internal {

Scenario ParseScenarioWithEnvironment(std::string_view yaml, const std::string& name,
                                      const Variables& vars,
                                      const std::map<std::string, std::string>& environment) {
  Loader loader(name, vars, &environment);
  return Scenario(loader.Load(yaml));
}

}  // namespace internal

Scenario LoadScenario(const std::string& path, const Variables& vars) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw ScenarioError(path, 0, 0, "cannot open scenario file " + Quoted(path) + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string reason = std::strerror(errno);
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
    throw ScenarioError(path, 0, 0, "cannot open scenario file " + Quoted(path) + ": " + reason);
  }
  std::string text;
  std::vector<char> buffer(64 * 1024);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxScenarioBytes) {
      throw ScenarioError(path, 0, 0,
                          "scenario file is larger than " + std::to_string(kMaxScenarioBytes) +
                              " bytes");
    }
  }
  if (in.bad()) {
    throw ScenarioError(path, 0, 0, "cannot read scenario file " + Quoted(path));
  }
  return ParseScenario(text, path, vars);
}

}  // namespace witness::assertions
