// The summary, the list of failures, the controls and the legend of the HTML report.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "witness/cli/internal/html_report_page.h"

namespace witness::cli::internal::html_report {
namespace {

// <ul class="...">, one escaped <li> per item (in <code> when `code`),
// </ul>: the page's lists of sentences.
void AppendList(std::string_view css_class, const std::vector<std::string>& items, bool code,
                std::string& out) {
  out += css_class.empty() ? std::string("<ul>\n") : "<ul class=\"" + std::string(css_class) + "\">\n";
  for (const std::string& item : items) {
    out += code ? "<li><code>" : "<li>";
    AppendHtmlText(item, out);
    out += code ? "</code></li>\n" : "</li>\n";
  }
  out += "</ul>";
}

// What --update proposes: the changes in meaning, and where the pending
// scenario is (or why it was not written).
std::string UpdateSection(const assertions::ProposedUpdate& update) {
  std::string out = "<section class=\"update\" id=\"update\"><h2>Scenario update</h2>\n<p>";
  if (update.pending_file.empty()) {
    out += "Not written: ";
    AppendHtmlText(update.not_written, out);
  } else {
    out += "Pending scenario <code>";
    AppendHtmlText(update.pending_file, out);
    out += "</code>; review it with <code>witness review ";
    AppendHtmlText(update.pending_file, out);
    out += "</code>";
  }
  out += "</p>\n";
  if (!update.changes.empty()) {
    out += update.passes ? "<p>The scenario passes with these changes:</p>\n"
                         : "<p>These changes are not enough to pass:</p>\n";
    AppendList("changes", update.changes, /*code=*/true, out);
    out += "\n";
  }
  if (!update.unresolved.empty()) {
    out += "<p>Left to edit by hand:</p>\n";
    AppendList("unresolved", update.unresolved, /*code=*/false, out);
    out += "\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string Page::FilesText() const {
  std::string files;
  for (const std::string& file : recording_.files) files += (files.empty() ? "" : ", ") + file;
  return files;
}

std::string Page::Summary() const {
  std::string verdict = "timeline";
  std::string css = "v-timeline";
  if (report_ != nullptr) {
    verdict = std::string(assertions::ToString(report_->outcome));
    css = "v-" + verdict;
  }
  std::string out = "<header class=\"summary " + css + "\">\n<div class=\"verdict\">";
  for (char& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out += verdict + "</div>\n<div class=\"facts\">\n";
  if (report_ != nullptr) {
    out += "<h1>";
    AppendHtmlText(report_->scenario, out);
    out += "</h1>\n<p>scenario <code>";
    AppendHtmlText(report_->scenario_file, out);
    out += "</code></p>\n";
  } else {
    out += "<h1>timeline</h1>\n";
  }
  out += "<p>records from <code>";
  AppendHtmlText(FilesText(), out);
  out += "</code></p>\n<p class=\"counts\">";
  std::string counts;
  if (report_ != nullptr) {
    const assertions::Tally tally = report_->Count();
    counts += std::to_string(tally.failed) + " of " + Plural(tally.total(), "check", "checks") +
              " failed";
    if (tally.explained > 0) counts += " (" + std::to_string(tally.explained) + " explained)";
    counts += " \u00b7 ";
  }
  counts += Plural(timeline_.records, "record", "records") + " \u00b7 " +
            Plural(timeline_.members, "member", "members") + " \u00b7 " +
            Plural(timeline_.sessions, "writer session", "writer sessions") + " \u00b7 " +
            Plural(timeline_.bad_lines, "bad line", "bad lines");
  if (span_ns_) counts += " \u00b7 " + Seconds(*span_ns_) + " from first to last record";
  if (report_ != nullptr && report_->duration_ms) {
    counts +=
        " \u00b7 took " + Seconds(static_cast<std::int64_t>(*report_->duration_ms) * 1000000);
  }
  AppendHtmlText(counts, out);
  out += "</p>\n";
  if (report_ != nullptr && !report_->unverifiable_reason.empty()) {
    out += "<p class=\"reason\">";
    AppendHtmlText(report_->unverifiable_reason, out);
    out += "</p>\n";
  }
  out += "</div>\n</header>\n";
  if (report_ != nullptr && !report_->causes.empty()) {
    out += "<section class=\"causes\"><h2>What explains the failures</h2><ol>\n";
    for (const assertions::RootCause& cause : report_->causes) {
      out += "<li>";
      AppendHtmlText(cause.text + " (explains " + std::to_string(cause.explains) + ")", out);
      out += "</li>\n";
    }
    out += "</ol></section>\n";
  }
  if (report_ != nullptr && report_->update) out += UpdateSection(*report_->update);
  if (report_ != nullptr && !report_->warnings.empty()) {
    out += "<section class=\"warnings\"><h2>Warnings</h2>";
    AppendList("", report_->warnings, /*code=*/false, out);
    out += "</section>\n";
  }
  return out;
}

std::string Page::Failures() const {
  if (report_ == nullptr) return "";
  if (findings_.empty()) {
    return "<section id=\"failures\" class=\"failures\"><h2>Failures</h2><p class=\"none\">"
           "None: every expectation and check held.</p></section>\n";
  }
  std::string out =
      "<section id=\"failures\" class=\"failures\"><h2>Failures <span "
      "class=\"keys\">n / p: next / previous</span></h2>\n<ol>\n";
  for (std::size_t f = 0; f < findings_.size(); ++f) {
    const Finding& finding = findings_[f];
    out += "<li class=\"failure\" id=\"f" + std::to_string(f) + "\" data-f=\"" +
           std::to_string(f) +
           "\" tabindex=\"-1\">\n<div class=\"f-head\"><span "
           "class=\"f-kind\">";
    AppendHtmlText(finding.kind, out);
    out += "</span> <b>";
    AppendHtmlText(finding.title, out);
    out += "</b>";
    if (!finding.where.empty()) {
      out += " <code class=\"f-where\">";
      AppendHtmlText(finding.where, out);
      out += "</code>";
    }
    if (finding.cause && report_ != nullptr && *finding.cause < report_->causes.size()) {
      out += " <span class=\"f-cause\">explained: ";
      AppendHtmlText(report_->causes[*finding.cause].text, out);
      out += "</span>";
    }
    out += "</div>\n";
    AppendList("f-lines", finding.lines, /*code=*/false, out);
    out += "\n";
    if (!finding.diff.empty()) {
      out +=
          "<details><summary>the closest record, field by field</summary>"
          "<table class=\"diff\"><tr><th>field</th><th>expected</th><th>closest "
          "record</th></tr>\n";
      for (const FieldDiff& diff : finding.diff) {
        out += diff.matched ? "<tr class=\"same\"><td>" : "<tr class=\"differs\"><td>";
        AppendHtmlText(diff.field, out);
        out += "</td><td>";
        AppendHtmlText(diff.expected, out);
        out += "</td><td>";
        AppendHtmlText(diff.actual, out);
        out += "</td></tr>\n";
      }
      out += "</table></details>\n";
    }
    out += "</li>\n";
  }
  out += "</ol>\n</section>\n";
  return out;
}

std::string Page::Controls() const {
  std::string out =
      "<section class=\"controls\" id=\"controls\">\n<label>member <select id=\"member\">"
      "<option value=\"\">all</option>";
  for (std::size_t l = 0; l < lanes_.size(); ++l) {
    out += "<option value=\"" + std::to_string(l) + "\">";
    AppendHtmlText(lanes_[l].name, out);
    out += "</option>";
  }
  out += "</select></label>\n<label>op <select id=\"op\"><option value=\"\">all</option>";
  for (std::size_t o = 0; o < ops_.size(); ++o) {
    out += "<option value=\"" + std::to_string(o) + "\">";
    AppendHtmlText(ops_[o].empty() ? "(no op)" : ops_[o], out);
    out += "</option>";
  }
  out +=
      "</select></label>\n<label>search <input id=\"search\" type=\"search\" "
      "placeholder=\"a value, e.g. a MAC\" autocomplete=\"off\"></label>\n"
      "<span id=\"status\" class=\"status\"></span>\n</section>\n";
  return out;
}

std::string Page::Legend() const {
  std::string out = "<section class=\"legend\"><h2>Legend</h2><ul>\n";
  for (std::size_t o = 0; o < ops_.size(); ++o) {
    out += "<li><svg width=\"10\" height=\"14\"><rect class=\"m o" + std::to_string(o % 8) +
           "\" x=\"2\" y=\"0\" width=\"6\" height=\"14\"/></svg> ";
    AppendHtmlText(ops_[o].empty() ? "(no op)" : ops_[o], out);
    out += "</li>\n";
  }
  out +=
      "<li><svg width=\"14\" height=\"18\"><rect class=\"bin o0\" x=\"5\" y=\"0\" width=\"4\" "
      "height=\"18\"/></svg> several records closer than " +
      Number(bin_width_) +
      " px (hover for the count)</li>\n"
      "<li><span class=\"sw sw-ok\"></span> a captured value, from the record that bound it to "
      "one that used it</li>\n"
      "<li><span class=\"sw sw-bad\"></span> the closest record holds another value</li>\n"
      "<li><span class=\"sw sw-order\"></span> order violated: from the record that should "
      "have come first</li>\n"
      "<li><span class=\"sw sw-shared\"></span> a value that should be unique, shared</li>\n"
      "<li><svg width=\"16\" height=\"18\"><rect class=\"pin\" x=\"1\" y=\"1\" width=\"14\" "
      "height=\"16\" rx=\"3\"/></svg> the closest record of a failed expectation</li>\n"
      "<li><svg width=\"16\" height=\"18\"><rect class=\"pin unclaimed\" x=\"1\" y=\"1\" "
      "width=\"14\" height=\"16\" rx=\"3\"/></svg> matched no expectation (strict)</li>\n"
      "<li><span class=\"sym leak-sym\">\u22a3</span> a leak: the member never reached the "
      "rest of its lifecycle</li>\n"
      "<li><span class=\"sym bad-sym\">\u2715</span> a bad line: torn or invalid bytes</li>\n"
      "</ul></section>\n";
  return out;
}

}  // namespace witness::cli::internal::html_report
