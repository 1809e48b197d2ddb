#include "witness/cli/review_command.h"

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "witness/assertions/scenario_diff.h"
#include "witness/assertions/scenario_error.h"
#include "witness/assertions/scenario_structure.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/line_diff.h"
#include "witness/cli/output_file.h"
#include "witness/cli/pending_updates.h"
#include "witness/cli/stale_scenarios.h"
#include "witness/cli/terminal.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

using recorder::Printable;

std::string Plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// The file's bytes, or nullopt when it does not exist. Throws UsageError
// when it exists but cannot be read.
std::optional<std::string> ReadIfExists(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) throw UsageError("cannot read '" + path + "'");
  return text;
}

enum class Decision { kAccept, kReject, kSkip, kQuit };

class Reviewer {
 public:
  Reviewer(const ReviewCommandOptions& options, std::istream& answers, std::ostream& out,
           std::ostream& err)
      : options_(options), answers_(answers), out_(out), err_(err), palette_(options.color) {}

  int Review(const std::vector<PendingUpdate>& updates) {
    ReviewMode mode = options_.mode;
    if (mode == ReviewMode::kAsk && !options_.terminal) {
      // Nothing to ask: a script that wants a change says --accept or --reject.
      mode = ReviewMode::kDiffOnly;
    }
    if (updates.empty()) {
      out_ << "no pending scenario updates\n";
      return kExitPass;
    }
    std::size_t left = 0;
    std::size_t refused = 0;
    bool quit = false;
    for (const PendingUpdate& update : updates) {
      if (quit) {
        ++left;
        continue;
      }
      const bool valid = Show(update, mode);
      if (!valid) {
        ++refused;
        ++left;
        continue;
      }
      Decision decision = Decision::kSkip;
      if (mode == ReviewMode::kAccept) decision = Decision::kAccept;
      if (mode == ReviewMode::kReject) decision = Decision::kReject;
      if (mode == ReviewMode::kAsk) decision = Ask();
      switch (decision) {
        case Decision::kAccept:
          AcceptPendingUpdate(update);
          out_ << palette_.Paint(Style::kSuccess, "accepted") << ": "
               << Printable(update.scenario_file) << " replaced by "
               << Printable(update.pending_file) << "\n";
          break;
        case Decision::kReject:
          RejectPendingUpdate(update);
          out_ << palette_.Paint(Style::kWarning, "rejected") << ": "
               << Printable(update.pending_file) << " removed\n";
          break;
        case Decision::kSkip:
          ++left;
          break;
        case Decision::kQuit:
          ++left;
          quit = true;
          break;
      }
      out_ << "\n";
    }
    out_.flush();
    if (left != 0) {
      err_ << "witness: " << Plural(left, "pending scenario update") << " left"
           << (mode == ReviewMode::kDiffOnly ? " (accept or reject with witness review --accept "
                                               "or --reject)"
                                             : "")
           << "\n";
    }
    if (refused != 0) return kExitUsage;
    return left != 0 ? kExitFailed : kExitPass;
  }

 private:
  // Prints the update's meaning and text diff; false when the pending file
  // is not a valid scenario (then it is not offered).
  bool Show(const PendingUpdate& update, ReviewMode mode) {
    const std::optional<std::string> before = ReadIfExists(update.scenario_file);
    const std::optional<std::string> after = ReadIfExists(update.pending_file);
    if (!after) throw UsageError("pending file '" + update.pending_file + "' disappeared");
    out_ << palette_.Paint(Style::kHeading, "== " + Printable(update.scenario_file)) << " ("
         << (before ? "" : "new scenario; ") << "pending: " << Printable(update.pending_file)
         << ")\n";
    if (!LoadsAsWellAsTheScenario(update, before.has_value(), mode)) return false;
    out_ << "meaning:\n";
    try {
      const std::vector<std::string> changes = assertions::DiffScenarios(
          before.value_or(""), *after, update.scenario_file, update.pending_file);
      if (changes.empty()) out_ << "  no change in meaning (layout, comments or quoting only)\n";
      for (const std::string& change : changes) out_ << "  " << Printable(change) << "\n";
    } catch (const assertions::ScenarioError& e) {
      // The current scenario does not parse; the text diff still shows it.
      out_ << "  not compared: " << Printable(e.what()) << "\n";
    }
    out_ << "text:\n"
         << UnifiedDiff(before.value_or(""), *after, update.scenario_file, update.pending_file,
                        palette_);
    return true;
  }

  // A pending file must load as a scenario (with placeholders for unset
  // ${env:...}), unless the scenario it replaces fails in the same way (a
  // --var the review was not given): then the fault predates the update.
  // Under --reject an invalid file is rejected like any other: deleting it
  // asks nothing of its contents.
  bool LoadsAsWellAsTheScenario(const PendingUpdate& update, bool scenario_exists,
                                ReviewMode mode) {
    try {
      assertions::LoadScenarioStructure(update.pending_file, options_.vars);
      return true;
    } catch (const assertions::ScenarioError& pending_error) {
      if (scenario_exists) {
        try {
          assertions::LoadScenarioStructure(update.scenario_file, options_.vars);
        } catch (const assertions::ScenarioError& scenario_error) {
          if (scenario_error.message() == pending_error.message()) {
            out_ << "  note: the scenario does not load either, in the same way: "
                 << Printable(pending_error.message()) << "\n";
            return true;
          }
        }
      }
      if (mode == ReviewMode::kReject) {
        out_ << "  note: not a valid scenario: " << Printable(pending_error.what()) << "\n";
        return true;
      }
      out_ << "  " << palette_.Paint(Style::kFailure, "refused") << ": not a valid scenario: "
           << Printable(pending_error.what()) << "\n\n";
      err_ << "witness: " << Printable(pending_error.what()) << " (not offered for accept)\n";
      return false;
    }
  }

  Decision Ask() {
    for (;;) {
      out_ << "accept / reject / skip / quit? " << std::flush;
      std::string answer;
      if (!std::getline(answers_, answer)) {
        out_ << "\n";
        return Decision::kQuit;
      }
      if (answer == "a" || answer == "accept") return Decision::kAccept;
      if (answer == "r" || answer == "reject") return Decision::kReject;
      if (answer == "s" || answer == "skip" || answer.empty()) return Decision::kSkip;
      if (answer == "q" || answer == "quit") return Decision::kQuit;
      out_ << "answer a(ccept), r(eject), s(kip) or q(uit)\n";
    }
  }

  const ReviewCommandOptions& options_;
  std::istream& answers_;
  std::ostream& out_;
  std::ostream& err_;
  Palette palette_;
};

int Check(const ReviewCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (options.targets.size() > 1) {
    throw UsageError("review --check takes one folder, not " +
                     std::to_string(options.targets.size()));
  }
  const std::string dir = options.targets.empty() ? "." : options.targets[0];
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw UsageError("review --check takes a folder: '" + dir + "' is not one");
  }
  const std::vector<PendingUpdate> pending = FindPendingUpdates({dir});
  for (const PendingUpdate& update : pending) {
    out << "pending: " << Printable(update.pending_file) << " (update of "
        << Printable(update.scenario_file) << ")\n";
  }
  std::size_t stale = 0;
  if (options.ctest_dir) {
    const std::set<std::string> named = ScenariosNamedByTests(*options.ctest_dir);
    for (const std::string& file : ScenarioFilesIn(dir)) {
      if (IsNamedByTests(file, named)) continue;
      ++stale;
      out << "stale: " << Printable(file) << " (no test of '" << Printable(*options.ctest_dir)
          << "' names it)\n";
    }
  } else {
    out << "stale scenarios not looked for: no --ctest-dir\n";
  }
  out.flush();
  if (pending.empty() && stale == 0) return kExitPass;
  err << "witness: " << Plural(pending.size(), "pending scenario update") << ", "
      << Plural(stale, "stale scenario") << "\n";
  return kExitFailed;
}

}  // namespace

int RunReviewCommand(const ReviewCommandOptions& options, std::istream& answers,
                     std::ostream& out, std::ostream& err) {
  if (options.mode == ReviewMode::kCheck) {
    if (options.from_dir) throw UsageError("review --check and --from do not go together");
    return Check(options, out, err);
  }
  if (options.ctest_dir) throw UsageError("review --ctest-dir goes with --check");
  std::vector<PendingUpdate> updates;
  if (options.from_dir) {
    if (!options.targets.empty()) {
      throw UsageError("review --from takes the scenarios from the folder it names, not from '" +
                       options.targets[0] + "'");
    }
    updates = FindPendingUpdatesFrom(*options.from_dir, options.root.value_or("."));
  } else {
    if (options.root) throw UsageError("review --root goes with --from");
    updates = FindPendingUpdates(options.targets.empty() ? std::vector<std::string>{"."}
                                                         : options.targets);
  }
  return Reviewer(options, answers, out, err).Review(updates);
}

}  // namespace witness::cli
