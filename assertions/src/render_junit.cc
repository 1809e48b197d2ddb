#include <cstdint>
#include <string>
#include <string_view>

#include "internal/findings.h"
#include "witness/assertions/render.h"
#include "witness/recorder/internal/json_text.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when the
// bytes are not valid UTF-8 (overlong, surrogate, truncated, out of range).
std::size_t DecodeUtf8(std::string_view text, std::size_t i, std::uint32_t& code) {
  const auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  if (lead < 0x80) {
    code = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

bool AllowedInXml(std::uint32_t code) {
  return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
         (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

// Escapes for both text and attribute values. Report strings reach here
// through Data, so control bytes and invalid UTF-8 arrive as \x1b escapes,
// as in the text report; what XML 1.0 still cannot carry (U+FFFE, U+FFFF,
// or a control byte from a caller that skipped Data) becomes U+FFFD, so
// the document is always well-formed.
std::string Xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t code = 0;
    const std::size_t length = DecodeUtf8(text, i, code);
    if (length == 0 || !AllowedInXml(code)) {
      recorder::internal::AppendUtf8(0xFFFD, out);
      i += length == 0 ? 1 : length;
      continue;
    }
    switch (code) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        out.append(text.substr(i, length));
        break;
    }
    i += length;
  }
  return out;
}

// A string of the report (any of its bytes may come from a record, a
// scenario or a file name) under the printable rule, ready for Xml.
std::string Data(std::string_view text) { return recorder::Printable(text); }

// A string of the report as an attribute value.
std::string Attr(std::string_view text) { return Xml(Data(text)); }

// Element text keeps its newlines readable.
std::string XmlText(std::string_view text) {
  std::string escaped = Xml(text);
  std::string out;
  out.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped.compare(i, 5, "&#10;") == 0) {
      out += '\n';
      i += 4;
    } else {
      out += escaped[i];
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += Data(line) + "\n";
  return out;
}

std::string NearMissText(const ExpectationResult& result) {
  std::string out;
  for (const NearMiss& miss : result.near_misses) {
    out += "closest record " + Data(miss.where.ToString()) + ": " + Data(miss.record) + "\n";
    for (const FieldDiff& diff : miss.fields) {
      out += std::string(diff.matched ? "  ok " : "  !! ") + Data(diff.field) + ": expected " +
             Data(diff.expected) + ", actual " + Data(diff.actual) + "\n";
    }
  }
  return out;
}

// The scenario position as the `file` and `line` attributes GitLab, Jenkins
// and most JUnit viewers link by; the file alone when the position has no
// line, nothing for a check the scenario does not write.
std::string Position(const Report& report, const std::string& defined_at) {
  if (defined_at.empty()) return "";
  const internal::Place place = internal::ParsePlace(defined_at);
  std::string out =
      " file=\"" + Attr(place.path.empty() ? report.scenario_file : place.path) + "\"";
  if (place.line > 0) out += " line=\"" + std::to_string(place.line) + "\"";
  return out;
}

}  // namespace

std::string RenderJunit(const Report& report) {
  std::size_t tests = report.expectations.size() + report.checks.size();
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::string cases;
  const std::string classname = Attr(report.scenario);
  for (const ExpectationResult& result : report.expectations) {
    cases += "    <testcase classname=\"" + classname + "\" name=\"" + Attr(result.label) + "\"" +
             Position(report, result.defined_at);
    if (result.passed) {
      cases += "/>\n";
      continue;
    }
    ++failures;
    // A failure a root cause explains leads with the cause: CI lists these
    // messages side by side, and the cause is what to fix.
    cases +=
        ">\n      <failure type=\"expectation\" message=\"" +
        Attr(result.cause              ? report.causes[*result.cause].text
             : result.failures.empty() ? "failed"
                                       : result.failures.front()) +
        "\">" +
        XmlText("defined at " + Data(result.defined_at) + "\npattern: " + Data(result.pattern) +
                "\n" + Join(result.failures) + NearMissText(result)) +
        "</failure>\n    </testcase>\n";
  }
  for (const CheckResult& check : report.checks) {
    cases += "    <testcase classname=\"" + classname + "\" name=\"" + Attr(check.name) + "\"" +
             Position(report, check.defined_at);
    if (check.passed) {
      cases += "/>\n";
      continue;
    }
    const bool unverifiable =
        check.kind == CheckKind::kLiveness && report.outcome == Outcome::kUnverifiable;
    const std::string element = unverifiable ? "error" : "failure";
    if (unverifiable) {
      ++errors;
    } else {
      ++failures;
    }
    const std::string message =
        unverifiable  ? "unverifiable: " + report.unverifiable_reason
        : check.cause ? report.causes[*check.cause].text
                      : (check.failures.empty() ? std::string("failed") : check.failures.front());
    cases += ">\n      <" + element + " type=\"" + std::string(ToString(check.kind)) +
             "\" message=\"" + Attr(message) + "\">" + XmlText(Join(check.failures)) + "</" +
             element + ">\n    </testcase>\n";
  }
  if (tests == 0) {
    // A suite with no test cases reads as "nothing ran" to most CI tools.
    tests = 1;
    cases += "    <testcase classname=\"" + classname + "\" name=\"scenario\"/>\n";
  }
  TextOptions text;
  text.verbose = true;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string counts = " tests=\"" + std::to_string(tests) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
                             "\"";
  out += "<testsuites name=\"witness\"" + counts + ">\n";
  out += "  <testsuite name=\"" + classname + "\"" + counts + " skipped=\"0\">\n";
  out += "    <properties>\n";
  out += "      <property name=\"outcome\" value=\"" + std::string(ToString(report.outcome)) +
         "\"/>\n";
  out += "      <property name=\"scenario_file\" value=\"" + Attr(report.scenario_file) + "\"/>\n";
  for (const std::string& file : report.files) {
    out += "      <property name=\"record_file\" value=\"" + Attr(file) + "\"/>\n";
  }
  for (const std::string& warning : report.warnings) {
    out += "      <property name=\"warning\" value=\"" + Attr(warning) + "\"/>\n";
  }
  for (const RootCause& cause : report.causes) {
    out += "      <property name=\"cause\" value=\"" + Attr(cause.text) + "\"/>\n";
  }
  out += "    </properties>\n";
  out += cases;
  // RenderText applies the printable rule itself; its newlines are its own.
  out += "    <system-out>" + XmlText(RenderText(report, text)) + "</system-out>\n";
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace witness::assertions
