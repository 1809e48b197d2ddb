#include <optional>
#include <string>

#include "witness/assertions/render.h"
#include "witness/recorder/palette.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

// Every string of a Report may hold bytes from a record, a scenario or a
// file name; each goes through the printable rule here, as it is written,
// so no message built elsewhere can put a raw escape sequence on a terminal.
using recorder::Printable;
using recorder::Style;

// The text renderer prints at most this many items of one long list (strict
// failures, listing lines are never cut).
constexpr std::size_t kMaxFailuresPerItem = 50;

// The shared palette (witness/recorder/palette.h), named by meaning.
class Painter {
 public:
  explicit Painter(bool color) : palette_(color) {}
  std::string Failure(const std::string& s) const { return palette_.Paint(Style::kFailure, s); }
  std::string Success(const std::string& s) const { return palette_.Paint(Style::kSuccess, s); }
  std::string Warning(const std::string& s) const { return palette_.Paint(Style::kWarning, s); }
  std::string Dim(const std::string& s) const { return palette_.Paint(Style::kDim, s); }
  std::string Heading(const std::string& s) const { return palette_.Paint(Style::kHeading, s); }

 private:
  recorder::Palette palette_;
};

std::string OutcomeWord(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass: return "PASS";
    case Outcome::kFail: return "FAIL";
    case Outcome::kUnverifiable: return "UNVERIFIABLE";
  }
  return "?";
}

void RenderNearMisses(const ExpectationResult& result, const Painter& paint, std::string& out) {
  if (result.near_misses.empty()) return;
  out += "      closest records:\n";
  for (const NearMiss& miss : result.near_misses) {
    out += "        " + Printable(miss.where.ToString()) + "  (" +
           std::to_string(miss.fields_matched) + " of " + std::to_string(miss.fields.size()) +
           " fields match)  " + paint.Dim(Printable(miss.record)) + "\n";
    for (const FieldDiff& diff : miss.fields) {
      if (diff.matched) {
        out += "          " + paint.Success("ok") + "  " + Printable(diff.field) + " = " +
               Printable(diff.actual) + "\n";
      } else {
        out += "          " + paint.Failure("!!") + "  " + Printable(diff.field) + ": expected " +
               Printable(diff.expected) + ", actual " + Printable(diff.actual) + "\n";
      }
    }
  }
}

// What --update proposes, after the summary: the last thing a CI log shows
// of a red run is what would make it green.
void RenderUpdate(const ProposedUpdate& update, const Painter& paint, std::string& out) {
  std::string head = update.pending_file.empty()
                         ? "not written: " + Printable(update.not_written)
                         : "wrote " + Printable(update.pending_file) +
                               " (review: witness review " + Printable(update.pending_file) + ")";
  out += "  " + paint.Warning("update") + " " + head + "\n";
  if (!update.changes.empty()) {
    out += update.passes ? "    the scenario passes with these changes:\n"
                         : "    these changes are not enough to pass:\n";
  }
  for (const std::string& change : update.changes) out += "      " + Printable(change) + "\n";
  if (!update.unresolved.empty()) out += "    left to edit by hand:\n";
  // Often the failures above, said again: the first few say which.
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < update.unresolved.size() && i < kShown; ++i) {
    out += "      " + Printable(update.unresolved[i]) + "\n";
  }
  if (update.unresolved.size() > kShown) {
    out += "      and " + std::to_string(update.unresolved.size() - kShown) + " more\n";
  }
}

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  const Painter paint(options.color);
  std::string out;
  std::string verdict = OutcomeWord(report.outcome);
  verdict = report.outcome == Outcome::kPass   ? paint.Success(verdict)
            : report.outcome == Outcome::kFail ? paint.Failure(verdict)
                                               : paint.Warning(verdict);
  std::string files;
  for (const std::string& file : report.files) {
    files += (files.empty() ? "" : ", ") + Printable(file);
  }
  out += verdict + " " + paint.Heading(Printable(report.scenario)) + " (" +
         Printable(report.scenario_file) + ")\n";
  out += "  " + std::to_string(report.records) + " records, " +
         std::to_string(report.session_records) + " session records, " +
         std::to_string(report.diagnostics.size()) + " bad lines" +
         (report.TornRecords() > 0 ? " (" + std::to_string(report.TornRecords()) + " torn records)"
                                   : "") +
         (files.empty() ? "" : " in " + files) + "\n";
  if (report.outcome == Outcome::kUnverifiable) {
    out += "  " + paint.Warning("unverifiable: ") + Printable(report.unverifiable_reason) + "\n";
  }
  // Root causes first: the failures a cause explains are its consequences,
  // listed only under -v, so one wrong fact costs one line.
  for (const RootCause& cause : report.causes) {
    if (cause.text != report.unverifiable_reason) {
      out += "  " + paint.Failure("cause") + " " + Printable(cause.text) + "\n";
    }
    if (cause.explains > 0 && !options.verbose) {
      out += "      " +
             paint.Dim("(" + std::to_string(cause.explains) +
                       (cause.explains == 1 ? " failure follows" : " failures follow") +
                       " from it; -v lists them)") +
             "\n";
    }
  }
  const auto shown = [&options](const std::optional<std::size_t>& cause) {
    return options.verbose || !cause;
  };

  bool hidden_near_misses = false;
  for (const ExpectationResult& result : report.expectations) {
    if (result.passed) {
      if (!options.verbose) continue;
      out += "  " + paint.Success("ok") + "   " + Printable(result.label) + "  " +
             Printable(result.count) + ", matched " + std::to_string(result.matched.size());
      if (!result.matched.empty()) {
        out += " (" + Printable(report.Where(result.matched.front()).ToString()) + ")";
      }
      out += "\n";
      continue;
    }
    if (!shown(result.cause)) continue;
    out += "  " + paint.Failure("FAIL") + " " + paint.Heading(Printable(result.label)) + "  " +
           paint.Dim("(" + Printable(result.defined_at) + ")") + "\n";
    if (!result.pattern.empty()) out += "      pattern: " + Printable(result.pattern) + "\n";
    for (const std::string& failure : result.failures) {
      out += "      " + Printable(failure) + "\n";
    }
    // The failure line already names the closest record and what differs
    // in it; the field-by-field listing of every near miss is for -v.
    if (options.verbose) {
      RenderNearMisses(result, paint, out);
    } else if (!result.near_misses.empty()) {
      hidden_near_misses = true;
    }
  }
  if (hidden_near_misses) {
    out += "      " + paint.Dim("(-v lists the closest records field by field)") + "\n";
  }
  for (const CheckResult& check : report.checks) {
    if (check.passed) {
      if (!check.finding.empty()) {
        out += "  " + paint.Success("ok") + "   " + Printable(check.finding) + "\n";
      } else if (options.verbose) {
        out += "  " + paint.Success("ok") + "   " + Printable(check.name) + "\n";
      }
      continue;
    }
    if (!shown(check.cause)) continue;
    if (check.kind == CheckKind::kLiveness && report.outcome == Outcome::kUnverifiable) {
      out += "  " + paint.Warning("UNVERIFIABLE") + " " + paint.Heading(Printable(check.name)) + "\n";
    } else {
      out += "  " + paint.Failure("FAIL") + " " + paint.Heading(Printable(check.name)) + "\n";
    }
    std::size_t shown = 0;
    for (const std::string& failure : check.failures) {
      if (shown++ == kMaxFailuresPerItem) {
        out += "      ... and " + std::to_string(check.failures.size() - kMaxFailuresPerItem) +
               " more\n";
        break;
      }
      out += "      " + Printable(failure) + "\n";
    }
  }
  for (const std::string& warning : report.warnings) {
    out += "  " + paint.Warning("warning") + " " + Printable(warning) + "\n";
  }
  if (!report.diagnostics.empty()) {
    out += "  bad lines:\n";
    for (const recorder::Diagnostic& diagnostic : report.diagnostics) {
      out += "    " + paint.Warning(Printable(diagnostic.ToString())) + "\n";
    }
  }
  if (!report.listing.empty()) {
    out += "  listing:\n";
    for (const ListingLine& line : report.listing) {
      std::string tag;
      switch (line.status) {
        case LineStatus::kClaimed:
          for (const Claim& claim : line.claims) {
            if (!tag.empty()) tag += ", ";
            tag += Printable(claim.id) +
                   (claim.member.empty() ? "" : " [" + Printable(claim.member) + "]");
          }
          tag = line.note.empty() ? paint.Success(tag) : paint.Failure(tag);
          break;
        case LineStatus::kUnclaimed:
          tag = line.note.empty() ? paint.Dim("(unclaimed)") : paint.Failure("(unclaimed)");
          break;
        case LineStatus::kSession:
          tag = paint.Dim("(session)");
          break;
        case LineStatus::kBad:
          tag = paint.Warning("(bad line)");
          break;
      }
      out += "    " + Printable(line.where.ToString()) + "  " + tag + "  " + Printable(line.text);
      if (!line.note.empty()) out += "  " + paint.Dim("<- " + Printable(line.note));
      out += "\n";
    }
  }
  // Not "N passed, N failed": CI log scanners read that shape as a test
  // runner's summary line.
  const Tally tally = report.Count();
  out += "  " + std::to_string(tally.passed) + " checks passed, " + std::to_string(tally.failed) +
         " failed";
  if (tally.explained > 0) {
    out += " (" + std::to_string(tally.explained) + " of them explained by " +
           (report.causes.size() == 1 ? "the cause" : "the causes") + " above)";
  }
  out += "\n";
  if (report.update) RenderUpdate(*report.update, paint, out);
  return out;
}

}  // namespace witness::assertions
