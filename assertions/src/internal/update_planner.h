// One round of `--update` (witness/assertions/scenario_update.h): from the
// report of the scenario as it now reads, the text edits that mend what the
// recording contradicts. The next round checks the edited text.
#ifndef WITNESS_ASSERTIONS_INTERNAL_UPDATE_PLANNER_H_
#define WITNESS_ASSERTIONS_INTERNAL_UPDATE_PLANNER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "internal/spec.h"
#include "internal/value_template.h"
#include "internal/yaml_text.h"
#include "witness/assertions/report.h"
#include "witness/assertions/scenario.h"
#include "witness/assertions/scenario_update.h"
#include "witness/recorder/reader.h"

namespace witness::assertions::internal {

// What a comment written by the update starts with.
inline constexpr std::string_view kUpdateCommentMark = "# witness --update: ";

class UpdatePlanner {
 public:
  UpdatePlanner(std::string_view text, const YAML::Node& doc, const Scenario& scenario,
                const Report& report, const recorder::Recording& recording,
                const UpdateOptions& options);

  // The edits of this round; empty when nothing more can be mended.
  std::vector<TextEdit> Plan();

 private:
  // One expectation as written in the file, with its results.
  struct Item {
    YAML::Node node;
    bool per_member = false;
    std::string op;  // the literal `op:`, "" when not a plain value
    std::string id;
    const ExpectationSpec* spec = nullptr;
    std::vector<const ExpectationResult*> results;
  };

  // update_planner.cc: expectations, values and counts.
  void CollectItems();
  const recorder::Record* RecordAt(const recorder::SourceLocation& where) const;
  bool AfterColon(const TextRange& range) const;
  bool InFlow(const Item& item) const;
  std::optional<std::pair<YAML::Node, YAML::Node>> Entry(const Item& item,
                                                         const std::string& field) const;
  std::optional<std::string> CaptureFor(const Item& item, const std::string& member,
                                        const nlohmann::json& value) const;
  std::string ValueText(const Item& item, const std::string& member,
                        const std::optional<nlohmann::json>& value, std::string_view old,
                        bool in_flow, bool& lossy) const;
  void CommentAbove(std::size_t offset, const std::string& text);
  bool FixFields(const Item& item);
  void FixCount(const Item& item);

  // removal_edits.cc: an expectation whose op is gone, and its references.
  bool Remove(const Item& item);
  bool ReferencedBeyondOrder(const std::string& id) const;
  void RemoveFromList(const YAML::Node& parent, const char* key, const std::string& value);
  void RemoveFromOrder(const YAML::Node& parent, const std::string& id);
  bool RemoveElement(const YAML::Node& list, const std::string& value, std::size_t keep);

  // new_expectations.cc: records no expectation claims under strict.
  void AddUnclaimed();
  void AddExpectation(const YAML::Node& list, const std::string& id, const std::string& op,
                      const std::string& name, const std::string& count);

  YamlText yaml_;
  YAML::Node doc_;
  const ScenarioSpec& spec_;
  const Report& report_;
  const recorder::Recording& recording_;
  std::vector<TemplatePrefix> prefixes_;
  std::map<std::pair<std::string, std::uint64_t>, const recorder::Record*> records_;
  std::vector<Item> items_;
  std::set<std::string> ids_;
  std::set<std::string> failing_ops_;
  std::vector<TextEdit> edits_;
};

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_UPDATE_PLANNER_H_
