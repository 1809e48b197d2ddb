// Updating a scenario to a recording that no longer satisfies it (`witness
// check --update`): the scenario's text changed only where the recording
// contradicts it, every other line kept byte for byte.
//
//   ScenarioUpdate update = UpdateScenario(ReadFile("fleet.yaml"), "fleet.yaml",
//                                          ReadRecordFile("rec.jsonl"), {vars});
//   if (update.passes) WriteFile("fleet.yaml.new", update.text);
#ifndef WITNESS_ASSERTIONS_SCENARIO_UPDATE_H_
#define WITNESS_ASSERTIONS_SCENARIO_UPDATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "witness/assertions/scenario.h"
#include "witness/recorder/reader.h"

namespace witness::assertions {

struct UpdateOptions {
  // As the scenario is loaded with (`--var K=V`).
  Variables vars;
};

struct ScenarioUpdate {
  std::string text;      // the updated scenario (the original when nothing changed)
  bool changed = false;  // text differs from the original
  bool passes = false;   // text loads and the recording satisfies it
  // When !passes: the failures left, one line each, as Report::Failures()
  // words them.
  std::vector<std::string> unresolved;
};

// The scenario `text` (read from `file`), changed so that `recording`
// satisfies it:
// - a field whose value differs gets the recorded value, written as the
//   snapshot writer would (${member}, ${VAR} or ${env:VAR} prefixes that the
//   scenario's variables stand for, ${capture} for a value an earlier
//   expectation captured); a hand-written matcher that still accepts the
//   value is kept as written, one that does not is replaced by the value and
//   kept in a comment above it;
// - a count that differs becomes the recorded count (a {min, max} range
//   when members differ);
// - under `strict`, an op no expectation claims gets a new expectation;
// - an expectation whose op no record has any more is removed, with a
//   comment in its place, and its id is taken out of order chains.
// A per_member pattern that holds for some members and not for others, and
// other failing checks (order, unique, ...), are not guessed at: they stay
// in `unresolved`. Throws ScenarioError when `text` does not load.
ScenarioUpdate UpdateScenario(std::string_view text, const std::string& file,
                              const recorder::Recording& recording,
                              const UpdateOptions& options = {});

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_SCENARIO_UPDATE_H_
