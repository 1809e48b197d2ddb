// What the report says, placed on the lanes: findings, the records they pin, capture arrows.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "witness/cli/internal/html_report_page.h"

namespace witness::cli::internal::html_report {

std::size_t Page::AddFinding(Finding finding) {
  if (finding.lines.size() > kMaxLinesPerFailure) {
    const std::size_t more = finding.lines.size() - kMaxLinesPerFailure;
    finding.lines.resize(kMaxLinesPerFailure);
    finding.lines.push_back("and " + std::to_string(more) +
                            " more (the text and JSON reports list them all)");
  }
  findings_.push_back(std::move(finding));
  return findings_.size() - 1;
}

void Page::Pin(std::size_t finding, std::size_t record, bool unclaimed, std::string tip) {
  Finding& f = findings_[finding];
  if (f.records.size() >= kMaxOutlinesPerFailure) {
    ++left_out_;
    return;
  }
  f.records.push_back(record);
  outlines_.push_back(Outline{record, finding, unclaimed, std::move(tip)});
}

void Page::AddArrow(Arrow arrow) {
  if (arrow.from == arrow.to) return;
  if (arrows_.size() >= kMaxArrows) {
    ++left_out_;
    return;
  }
  arrows_.push_back(std::move(arrow));
}

std::string Page::DiffTip(const std::vector<FieldDiff>& diff) {
  std::string tip;
  for (const FieldDiff& field : diff) {
    if (field.matched) continue;
    if (!tip.empty()) tip += "\n";
    tip += field.field + ": expected " + field.expected + ", actual " + field.actual;
  }
  return tip;
}

void Page::CollectFindings() {
  const Report& report = *report_;
  expectation_finding_.assign(report.expectations.size(), kNoFinding);
  for (std::size_t e = 0; e < report.expectations.size(); ++e) {
    const ExpectationResult& result = report.expectations[e];
    if (result.passed) continue;
    Finding finding;
    finding.kind = "expectation";
    finding.title = result.label;
    finding.where = result.defined_at;
    finding.lines = result.failures;
    finding.cause = result.cause;
    if (!result.near_misses.empty()) finding.diff = result.near_misses.front().fields;
    const std::size_t f = AddFinding(std::move(finding));
    expectation_finding_[e] = f;
    if (!result.near_misses.empty()) {
      const auto record = Find(result.near_misses.front().where);
      if (record) {
        Pin(f, *record, false,
            "closest record for " + result.label + "\n" +
                DiffTip(result.near_misses.front().fields));
      }
    } else {
      // Too many: the records it matched are the evidence.
      for (const assertions::RecordRef& ref : result.matched) {
        if (const auto record = Find(report.Where(ref))) {
          Pin(f, *record, false, "matched by " + result.label + ", which allows fewer");
        }
      }
    }
  }
  for (const CheckResult& check : report.checks) {
    if (check.passed) continue;
    // Said in the summary, not as a failure of its own.
    if (check.kind == CheckKind::kLiveness &&
        report.outcome == assertions::Outcome::kUnverifiable) {
      continue;
    }
    Finding finding;
    finding.kind = std::string(assertions::ToString(check.kind));
    finding.title = check.name;
    finding.lines = check.failures;
    finding.cause = check.cause;
    const std::size_t f = AddFinding(std::move(finding));
    PinCheck(check, f);
  }
}

void Page::PinCheck(const CheckResult& check, std::size_t f) {
  std::vector<std::optional<std::size_t>> records;
  for (const SourceLocation& where : check.records) records.push_back(Find(where));
  switch (check.kind) {
    case CheckKind::kOrder:
    case CheckKind::kUnique: {
      // In pairs: (earlier, later) for order, (first, second) for unique.
      const bool order = check.kind == CheckKind::kOrder;
      for (std::size_t i = 0; i + 1 < records.size(); i += 2) {
        const std::string& text =
            i / 2 < check.failures.size() ? check.failures[i / 2] : check.name;
        if (!records[i] || !records[i + 1]) continue;
        findings_[f].records.push_back(*records[i]);
        findings_[f].records.push_back(*records[i + 1]);
        Arrow arrow;
        // Order: from the record that should have come first (it came
        // later) back to the one it should have preceded.
        arrow.from = order ? *records[i + 1] : *records[i];
        arrow.to = order ? *records[i] : *records[i + 1];
        arrow.kind = order ? ArrowKind::kOrder : ArrowKind::kShared;
        arrow.label = order ? "order" : "shared";
        arrow.tip = text;
        arrow.finding = f;
        AddArrow(std::move(arrow));
      }
      return;
    }
    case CheckKind::kLifecycle: {
      for (std::size_t i = 0; i < check.failures.size(); ++i) {
        const std::string& text = check.failures[i];
        const bool leak = text.compare(0, kLeakPrefix.size(), kLeakPrefix) == 0;
        const auto lane = lane_by_member_.find(check.member);
        if (leak && lane != lane_by_member_.end()) {
          const std::size_t never = text.rfind(" but never ");
          leaks_.push_back(Leak{lane->second, f,
                                never == std::string::npos
                                    ? std::string("leak")
                                    : "leak: never" + text.substr(never + 10)});
        }
        if (i < records.size() && records[i]) Pin(f, *records[i], false, text);
      }
      return;
    }
    case CheckKind::kStrict: {
      for (const SourceLocation& where : check.records) {
        if (const auto record = Find(where)) {
          Pin(f, *record, true, "matched no expectation (strict)");
        } else if (const auto bad = DiagnosticIndex(where)) {
          findings_[f].bad_lines.push_back(*bad);
          bad_line_finding_[*bad] = f;
        }
      }
      return;
    }
    default:
      for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i]) Pin(f, *records[i], false, check.name);
      }
  }
}

// An arrow from the record that bound each capture to every record that
// used it: green where the value matched, red where the closest record of
// a failed expectation holds another value.
void Page::CollectThreads() {
  const Report& report = *report_;
  for (const assertions::CaptureThread& thread : report.threads) {
    const auto from = Find(report.Where(thread.bound_at));
    if (!from) continue;
    const std::string value = Shortened(thread.value, kMaxLabelChars);
    std::size_t drawn = 0;
    for (const assertions::CaptureUse& use : thread.uses) {
      if (use.expectation >= report.expectations.size()) continue;
      const ExpectationResult& user = report.expectations[use.expectation];
      const auto draw = [&](std::size_t to, ArrowKind kind, std::string label, std::string tip) {
        if (drawn++ == kMaxUsesPerThread) {
          ++left_out_;
          return;
        }
        Arrow arrow;
        arrow.from = *from;
        arrow.to = to;
        arrow.kind = kind;
        arrow.label = std::move(label);
        arrow.tip = std::move(tip);
        if (expectation_finding_[use.expectation] != kNoFinding) {
          arrow.finding = expectation_finding_[use.expectation];
        }
        AddArrow(std::move(arrow));
      };
      const std::string bound = "${" + thread.name + "} = " + thread.value + " bound by " +
                                report.expectations[thread.binder].label;
      for (const assertions::RecordRef& ref : user.matched) {
        if (const auto to = Find(report.Where(ref))) {
          draw(*to, ArrowKind::kMatched, value,
               bound + ", used by " + user.label + " (" + use.field + ")");
        }
      }
      if (user.passed || user.near_misses.empty()) continue;
      const assertions::NearMiss& miss = user.near_misses.front();
      const auto to = Find(miss.where);
      if (!to) continue;
      for (const FieldDiff& diff : miss.fields) {
        if (diff.field != use.field) continue;
        if (diff.matched) {
          draw(*to, ArrowKind::kMatched, value,
               bound + "; the closest record for " + user.label + " has it");
        } else {
          draw(*to, ArrowKind::kDiffers, "\u2260 " + Shortened(diff.actual, kMaxLabelChars),
               bound + "; the closest record for " + user.label + " has " + use.field + " " +
                   diff.actual);
        }
        break;
      }
    }
  }
}

}  // namespace witness::cli::internal::html_report
