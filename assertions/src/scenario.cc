// Loading scenario files: YAML -> ScenarioSpec, with every error positioned.
// This file reads the top-level keys; expectation lists, relations, matchers
// and templates have their own files under src/loader/ and src/matchers/.

#include "witness/assertions/scenario.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "internal/loader.h"
#include "internal/scenario_parts.h"
#include "internal/spec.h"
#include "internal/yaml_guard.h"
#include "witness/assertions/scenario_error.h"
#include "witness/fake/fault_rules.h"

namespace witness::assertions {

namespace internal {

std::string ScenarioSpec::Where(const Position& position) const {
  return file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
}

}  // namespace internal

namespace {

using internal::LoaderState;
using internal::Position;
using internal::Quoted;
using internal::ScenarioSpec;
using internal::YamlReader;

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

class Loader {
 public:
  Loader(std::string file, const Variables& overrides,
         const std::map<std::string, std::string>* environment = nullptr)
      : state_(file, overrides, environment), yaml_(state_.yaml), spec_(state_.spec) {}

  std::shared_ptr<const ScenarioSpec> Load(std::string_view text) {
    const YAML::Node root = internal::LoadScenarioDocument(text, yaml_.file());
    spec_.file = yaml_.file();
    Parse(root);
    return std::make_shared<const ScenarioSpec>(std::move(spec_));
  }

 private:
  using Keys = std::map<std::string, YAML::Node>;

  static const YAML::Node* Find(const Keys& keys, const std::string& key) {
    const auto it = keys.find(key);
    return it == keys.end() ? nullptr : &it->second;
  }

  void Parse(const YAML::Node& root) {
    yaml_.RequireMap(root, "a scenario");
    static const std::vector<std::string> kTopKeys = {
        "scenario",   "description", "vars",       "record_variable", "members",
        "per_member", "expect",      "order",      "unique",          "lifecycle",
        "strict",     "writers",     "clean_exit", "faults",          "none_between"};
    Keys top;
    for (auto& [key, value] : yaml_.Entries(root, "scenario", &kTopKeys)) top.emplace(key, value);
    if (Find(top, "scenario") == nullptr) {
      yaml_.Fail(root, "missing required key 'scenario' (the name)");
    }
    state_.templates.CollectVariables(Find(top, "vars"));
    ParseSettings(top);
    ParseLists(top);
    if (spec_.per_member.empty() && spec_.global.empty() && !spec_.member_lifecycle &&
        !spec_.global_lifecycle && !spec_.writers && !spec_.clean_exit &&
        spec_.global_none_between.empty()) {
      yaml_.Fail(root, "scenario checks nothing: add 'expect', 'per_member', 'lifecycle', "
                       "'writers' or 'clean_exit'");
    }
  }

  // The keys that hold one value each.
  void ParseSettings(const Keys& top) {
    const YAML::Node& name = *Find(top, "scenario");
    spec_.name = state_.templates.ParseFlat(name, "'scenario'");
    if (spec_.name.empty()) yaml_.Fail(name, "'scenario' must not be empty");
    if (const YAML::Node* node = Find(top, "description")) {
      spec_.description = state_.templates.ParseFlat(*node, "'description'");
    }
    spec_.record_variable = std::string(kDefaultRecordVariable);
    if (const YAML::Node* node = Find(top, "record_variable")) {
      spec_.record_variable = yaml_.RequireString(*node, "'record_variable'");
      if (!internal::IsIdentifier(spec_.record_variable)) {
        yaml_.Fail(*node, "'record_variable' must be an environment variable name");
      }
      if (const char* reason = WhyNotARecordVariable(spec_.record_variable)) {
        yaml_.Fail(*node, "'record_variable' cannot be " + Quoted(spec_.record_variable) + ": " +
                              reason);
      }
    }
    if (const YAML::Node* node = Find(top, "strict")) {
      spec_.strict = yaml_.RequireBool(*node, "'strict'");
      spec_.strict_position = YamlReader::PositionOf(*node);
    }
    if (const YAML::Node* node = Find(top, "clean_exit")) {
      spec_.clean_exit = yaml_.RequireBool(*node, "'clean_exit'");
      spec_.clean_exit_position = YamlReader::PositionOf(*node);
    }
    if (const YAML::Node* node = Find(top, "writers")) {
      const std::uint64_t writers = yaml_.RequireCount(*node, "'writers'");
      if (writers == 0 || writers > 1000000) {
        yaml_.Fail(*node, "'writers' must be between 1 and 1000000");
      }
      spec_.writers = static_cast<int>(writers);
      spec_.writers_position = YamlReader::PositionOf(*node);
    }
    if (const YAML::Node* node = Find(top, "members")) ParseMembers(*node);
    if (const YAML::Node* node = Find(top, "faults")) ParseFaults(*node);
  }

  // Expectations first (both lists), so order and unique can name any id
  // wherever they appear in the file.
  void ParseLists(const Keys& top) {
    std::map<std::string, Position> member_captures;
    std::map<std::string, Position> global_captures;
    std::map<std::string, Position> global_capture_names;
    std::vector<std::pair<std::string, YAML::Node>> per_member_entries;
    if (const YAML::Node* per_member = Find(top, "per_member")) {
      yaml_.RequireMap(*per_member, "'per_member'");
      static const std::vector<std::string> kKeys = {"expect", "order", "lifecycle",
                                                     "none_between"};
      per_member_entries = yaml_.Entries(*per_member, "per_member", &kKeys);
      if (!spec_.members_given) {
        yaml_.Fail(*per_member, "'per_member' needs 'members' (a list of names or {from: OP})");
      }
      // Collected up front so the other list can say where a name lives.
      const YAML::Node* global = Find(top, "expect");
      if (global != nullptr && global->IsSequence()) {
        internal::CollectCaptureNames(*global, global_capture_names);
      }
      for (const auto& [key, value] : per_member_entries) {
        if (key == "expect") {
          spec_.per_member = internal::ParseExpectations(state_, value, true, member_captures,
                                                         global_capture_names);
        }
      }
    }
    if (const YAML::Node* node = Find(top, "expect")) {
      spec_.global =
          internal::ParseExpectations(state_, *node, false, global_captures, member_captures);
    }
    CheckInstanceCount();
    for (const auto& [key, value] : per_member_entries) {
      if (key == "order") spec_.member_order = internal::ParseOrder(state_, value, true);
      if (key == "lifecycle") spec_.member_lifecycle = internal::ParseLifecycle(state_, value);
      if (key == "none_between") {
        spec_.member_none_between = internal::ParseNoneBetween(state_, value, true);
      }
    }
    if (const YAML::Node* node = Find(top, "order")) {
      spec_.global_order = internal::ParseOrder(state_, *node, false);
    }
    if (const YAML::Node* node = Find(top, "lifecycle")) {
      spec_.global_lifecycle = internal::ParseLifecycle(state_, *node);
    }
    if (const YAML::Node* node = Find(top, "unique")) {
      spec_.unique = internal::ParseUnique(state_, *node);
    }
    if (const YAML::Node* node = Find(top, "none_between")) {
      spec_.global_none_between = internal::ParseNoneBetween(state_, *node, false);
    }
  }

  // A list of members times per_member expectations is known at load; a
  // list {from: OP} makes is bounded by the engine.
  void CheckInstanceCount() const {
    if (!spec_.members_from.empty()) return;
    const std::size_t instances =
        spec_.members.size() * spec_.per_member.size() + spec_.global.size();
    if (instances > kMaxExpectationInstances) {
      yaml_.FailAt(spec_.members_position,
                   std::to_string(spec_.members.size()) + " members times " +
                       std::to_string(spec_.per_member.size()) +
                       " per_member expectations make " + std::to_string(instances) +
                       " expectation instances, more than " +
                       std::to_string(kMaxExpectationInstances));
    }
  }

  void ParseMembers(const YAML::Node& node) {
    spec_.members_given = true;
    spec_.members_position = YamlReader::PositionOf(node);
    if (node.IsMap()) {
      static const std::vector<std::string> kKeys = {"from"};
      const auto entries = yaml_.Entries(node, "members", &kKeys);
      if (entries.empty()) yaml_.Fail(node, "'members' mapping needs 'from'");
      spec_.members_from = state_.templates.ParseFlat(entries[0].second, "'from'");
      if (spec_.members_from.empty()) yaml_.Fail(entries[0].second, "'from' names an op");
      return;
    }
    if (!node.IsSequence()) {
      yaml_.Fail(node, "'members' must be a list of names or {from: OP}, not " +
                           YamlReader::TypeName(node));
    }
    std::set<std::string> seen;
    for (const YAML::Node& member : node) {
      const std::string name = state_.templates.ParseFlat(member, "a member name");
      if (name.empty()) yaml_.Fail(member, "a member name must not be empty");
      if (!seen.insert(name).second) {
        yaml_.Fail(member, "member " + Quoted(name) + " is listed twice");
      }
      spec_.members.push_back(name);
    }
    if (spec_.members.empty()) yaml_.Fail(node, "'members' is empty");
  }

  // Rules of the fake's fault language, expanded and parsed here, so that a
  // bad one stops `witness run` before its command starts.
  void ParseFaults(const YAML::Node& node) {
    yaml_.RequireSequence(node, "'faults'");
    for (const YAML::Node& item : node) {
      const std::string rule = state_.templates.ParseFlat(item, "a fault rule");
      try {
        spec_.faults.push_back(fake::ParseFaultRule(rule).text);
      } catch (const fake::FaultRuleError& e) {
        yaml_.Fail(item, e.what());
      }
    }
  }

  LoaderState state_;
  const YamlReader& yaml_;
  ScenarioSpec& spec_;
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
  if (in.bad()) throw ScenarioError(path, 0, 0, "cannot read scenario file " + Quoted(path));
  return ParseScenario(text, path, vars);
}

}  // namespace witness::assertions
