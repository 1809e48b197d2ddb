// Updating a scenario to a recording (`--update`). Each round checks the
// current text, plans edits from what the report says is wrong, and makes
// them at the positions yaml-cpp reports; the next round checks the result.
// Rounds end when the scenario passes, when no edit is left to make, or when
// a text comes back that was already tried (edits undoing each other).

#include "witness/assertions/scenario_update.h"

#include <set>
#include <string>
#include <utility>

#include "internal/update_planner.h"
#include "internal/yaml_guard.h"
#include "witness/assertions/check.h"

namespace witness::assertions {
namespace {

using recorder::Recording;

constexpr int kMaxRounds = 8;

}  // namespace

ScenarioUpdate UpdateScenario(std::string_view text, const std::string& file,
                              const Recording& recording, const UpdateOptions& options) {
  ScenarioUpdate update;
  update.text = std::string(text);
  std::set<std::string> tried = {update.text};
  CheckOptions check;
  check.listing = true;
  for (int round = 0;; ++round) {
    // Throws for a scenario that is wrong to begin with; the texts of later
    // rounds were loaded before they were kept.
    Scenario scenario = ParseScenario(update.text, file, options.vars);
    const Report report = Check(scenario, recording, check);
    if (report.passed()) {
      update.passes = true;
      update.unresolved.clear();
      break;
    }
    update.unresolved = report.Failures();
    if (round == kMaxRounds) break;
    const YAML::Node doc = internal::LoadScenarioDocument(update.text, file);
    internal::UpdatePlanner planner(update.text, doc, scenario, report, recording, options);
    std::vector<internal::TextEdit> edits = planner.Plan();
    if (edits.empty()) break;
    std::string next = internal::ApplyEdits(update.text, std::move(edits));
    if (!tried.insert(next).second) break;
    try {
      ParseScenario(next, file, options.vars);
    } catch (const ScenarioError& error) {
      // Keep the last text that loads; say why the next one did not.
      update.unresolved.push_back("the update would not load: " + error.message() + " (line " +
                                  std::to_string(error.line()) + " of the update)");
      break;
    }
    update.text = std::move(next);
  }
  update.changed = update.text != text;
  return update;
}

}  // namespace witness::assertions
