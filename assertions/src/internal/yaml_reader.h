// Reading a scenario's YAML nodes with every error positioned: the checks
// each part of the loader shares (types, keys, counts, durations), so that
// one mistake is worded the same wherever it is made.
#ifndef WITNESS_ASSERTIONS_INTERNAL_YAML_READER_H_
#define WITNESS_ASSERTIONS_INTERNAL_YAML_READER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "internal/spec.h"

namespace witness::assertions::internal {

// 'text', as errors quote names.
std::string Quoted(const std::string& text);
// "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);
// Letters, digits and '_', not starting with a digit.
bool IsIdentifier(const std::string& name);

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  static Position PositionOf(const YAML::Node& node);
  // "a mapping", "a list", "a scalar", "null".
  static std::string TypeName(const YAML::Node& node);

  // Throw ScenarioError at the node or position.
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& message) const;
  [[noreturn]] void FailAt(const Position& position, const std::string& message) const;

  void RequireMap(const YAML::Node& node, const std::string& what) const;
  void RequireSequence(const YAML::Node& node, const std::string& what) const;
  std::string RequireString(const YAML::Node& node, const std::string& what) const;
  bool RequireBool(const YAML::Node& node, const std::string& what) const;
  std::uint64_t RequireCount(const YAML::Node& node, const std::string& what) const;
  // A duration as a scenario writes it ("250ms", "5s", "2m") in nanoseconds,
  // the unit of ts_ns.
  std::int64_t RequireDurationNs(const YAML::Node& node, const std::string& what) const;

  // The mapping's entries in order, rejecting non-string and duplicate keys
  // and, when `allowed` is given, keys outside it.
  std::vector<std::pair<std::string, YAML::Node>> Entries(
      const YAML::Node& map, const std::string& context,
      const std::vector<std::string>* allowed = nullptr) const;

 private:
  std::string file_;
};

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_YAML_READER_H_
