#include <optional>
#include <string>

#include "witness/assertions/render.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

// Every string of a Report may hold bytes from a record, a scenario or a
// file name; each goes through the printable rule here, as it is written,
// so no message built elsewhere can put a raw escape sequence on a terminal.
using recorder::Printable;

// The text renderer prints at most this many items of one long list (strict
// failures, listing lines are never cut).
constexpr std::size_t kMaxFailuresPerItem = 50;

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string Red(const std::string& s) const { return Wrap("31;1", s); }
  std::string Green(const std::string& s) const { return Wrap("32", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33;1", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string Bold(const std::string& s) const { return Wrap("1", s); }

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    if (!color_) return s;
    return std::string("\033[") + code + "m" + s + "\033[0m";
  }
  bool color_;
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
        out += "          " + paint.Green("ok") + "  " + Printable(diff.field) + " = " +
               Printable(diff.actual) + "\n";
      } else {
        out += "          " + paint.Red("!!") + "  " + Printable(diff.field) + ": expected " +
               Printable(diff.expected) + ", actual " + Printable(diff.actual) + "\n";
      }
    }
  }
}

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  const Painter paint(options.color);
  std::string out;
  std::string verdict = OutcomeWord(report.outcome);
  verdict = report.outcome == Outcome::kPass   ? paint.Green(verdict)
            : report.outcome == Outcome::kFail ? paint.Red(verdict)
                                               : paint.Yellow(verdict);
  std::string files;
  for (const std::string& file : report.files) {
    files += (files.empty() ? "" : ", ") + Printable(file);
  }
  out += verdict + " " + paint.Bold(Printable(report.scenario)) + " (" +
         Printable(report.scenario_file) + ")\n";
  out += "  " + std::to_string(report.records) + " records, " +
         std::to_string(report.session_records) + " session records, " +
         std::to_string(report.diagnostics.size()) + " bad lines" +
         (report.TornRecords() > 0 ? " (" + std::to_string(report.TornRecords()) + " torn records)"
                                   : "") +
         (files.empty() ? "" : " in " + files) + "\n";
  if (report.outcome == Outcome::kUnverifiable) {
    out += "  " + paint.Yellow("unverifiable: ") + Printable(report.unverifiable_reason) + "\n";
  }
  // Root causes first: the failures a cause explains are its consequences,
  // listed only under -v, so one wrong fact costs one line.
  for (const RootCause& cause : report.causes) {
    if (cause.text != report.unverifiable_reason) {
      out += "  " + paint.Red("cause") + " " + Printable(cause.text) + "\n";
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
      out += "  " + paint.Green("ok") + "   " + Printable(result.label) + "  " +
             Printable(result.count) + ", matched " + std::to_string(result.matched.size());
      if (!result.matched.empty()) {
        out += " (" + Printable(report.Where(result.matched.front()).ToString()) + ")";
      }
      out += "\n";
      continue;
    }
    if (!shown(result.cause)) continue;
    out += "  " + paint.Red("FAIL") + " " + paint.Bold(Printable(result.label)) + "  " +
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
        out += "  " + paint.Green("ok") + "   " + Printable(check.finding) + "\n";
      } else if (options.verbose) {
        out += "  " + paint.Green("ok") + "   " + Printable(check.name) + "\n";
      }
      continue;
    }
    if (!shown(check.cause)) continue;
    if (check.kind == CheckKind::kLiveness && report.outcome == Outcome::kUnverifiable) {
      out += "  " + paint.Yellow("UNVERIFIABLE") + " " + paint.Bold(Printable(check.name)) + "\n";
    } else {
      out += "  " + paint.Red("FAIL") + " " + paint.Bold(Printable(check.name)) + "\n";
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
    out += "  " + paint.Yellow("warning") + " " + Printable(warning) + "\n";
  }
  if (!report.diagnostics.empty()) {
    out += "  bad lines:\n";
    for (const recorder::Diagnostic& diagnostic : report.diagnostics) {
      out += "    " + paint.Yellow(Printable(diagnostic.ToString())) + "\n";
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
          tag = line.note.empty() ? paint.Green(tag) : paint.Red(tag);
          break;
        case LineStatus::kUnclaimed:
          tag = line.note.empty() ? paint.Dim("(unclaimed)") : paint.Red("(unclaimed)");
          break;
        case LineStatus::kSession:
          tag = paint.Dim("(session)");
          break;
        case LineStatus::kBad:
          tag = paint.Yellow("(bad line)");
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
  return out;
}

}  // namespace witness::assertions
