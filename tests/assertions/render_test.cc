// Renderers: the text a person reads, JSON a tool parses, and JUnit XML
// that CI systems accept whatever bytes the records hold.

#include <cstdio>
#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "witness/assertions.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char kScenario[] =
    "scenario: render\nstrict: true\nexpect:\n  - {id: create, op: create, mac: aa}\n"
    "  - {id: never, op: stop, name: boom, count: 0}\n";
const char kRecords[] =
    "{\"op\":\"create\",\"mac\":\"bb\"}\n"
    "{\"op\":\"stop\",\"name\":\"boom\",\"note\":\"<&>\\\"'\\u0001\"}\n"
    "{\"op\":\"close\"}\n";

Report FailingReport() {
  CheckOptions options;
  options.listing = true;
  return testing::CheckInline(kScenario, kRecords, options);
}

TEST(RenderTextTest, ShowsVerdictFailuresNearMissesAndListing) {
  TextOptions verbose;
  verbose.verbose = true;
  const std::string text = RenderText(FailingReport(), verbose);
  EXPECT_THAT(text, HasSubstr("FAIL render (s.yaml)"));
  EXPECT_THAT(text, HasSubstr("3 records, 0 session records, 0 bad lines in rec.jsonl"));
  EXPECT_THAT(text, HasSubstr("FAIL create  (s.yaml:4:5)"));
  EXPECT_THAT(text, HasSubstr("pattern: op \"create\", mac \"aa\""));
  EXPECT_THAT(text, HasSubstr("rec.jsonl:1  (1 of 2 fields match)"));
  EXPECT_THAT(text, HasSubstr("!!  mac: expected \"aa\", actual \"bb\""));
  EXPECT_THAT(text, HasSubstr("expected no matching record, found 1: rec.jsonl:2"));
  EXPECT_THAT(text, HasSubstr("rec.jsonl:3  (unclaimed)"));
  EXPECT_THAT(text, HasSubstr("rec.jsonl:2  never"));
  EXPECT_THAT(text, HasSubstr("1 checks passed, 3 failed"));
  EXPECT_THAT(text, Not(HasSubstr("\033[")));
}

TEST(RenderTextTest, ByDefaultAFailureShowsWhatDiffersNotEveryNearMiss) {
  const std::string text = RenderText(FailingReport());
  EXPECT_THAT(text, HasSubstr("FAIL create  (s.yaml:4:5)"));
  EXPECT_THAT(text, HasSubstr("closest record rec.jsonl:1 differs in mac: expected \"aa\", actual \"bb\""));
  EXPECT_THAT(text, Not(HasSubstr("closest records:")));
  EXPECT_THAT(text, Not(HasSubstr("(1 of 2 fields match)")));
  EXPECT_THAT(text, HasSubstr("(-v lists the closest records field by field)"));
}

TEST(RenderTextTest, AWrongMacInAThreeMemberClusterFitsFifteenLinesWithEveryFactToFixIt) {
  const std::string scenario =
      "scenario: cluster\nmembers: [web-1, web-2, web-3]\nper_member:\n  expect:\n"
      "    - {id: reserve, op: reserve, name: '${member}', mac: {capture: mac}}\n"
      "    - {id: create, op: create, name: '${member}', mac: '${mac}', disk_path: {suffix: /disk.raw}}\n"
      "    - {id: stop, op: stop, name: '${member}'}\n"
      "  order: [reserve, create, stop]\n"
      "expect:\n  - {id: close, op: close, count: 1}\n"
      "unique:\n  - {id: create, field: mac}\nstrict: true\n";
  std::string recording;
  const char* macs[] = {"52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:00:00:03"};
  for (int m = 0; m < 3; ++m) {
    const std::string name = "web-" + std::to_string(m + 1);
    const std::string create_mac = m == 1 ? macs[0] : macs[m];  // web-2 gets web-1's MAC
    recording += "{\"op\":\"reserve\",\"name\":\"" + name + "\",\"mac\":\"" + macs[m] + "\"}\n";
    recording += "{\"op\":\"create\",\"name\":\"" + name + "\",\"mac\":\"" + create_mac +
                 "\",\"disk_path\":\"/v/" + name + "/disk.raw\"}\n";
  }
  for (int m = 0; m < 3; ++m) {
    recording += "{\"op\":\"stop\",\"name\":\"web-" + std::to_string(m + 1) + "\"}\n";
  }
  recording += "{\"op\":\"close\"}\n";
  const Report report = testing::CheckInline(scenario, recording);
  ASSERT_EQ(report.outcome, Outcome::kFail);
  const std::string text = RenderText(report);
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 15) << text;
  // What it takes to fix it: which member, where, which field, both values.
  EXPECT_THAT(text, HasSubstr("FAIL create [web-2]"));
  EXPECT_THAT(text, HasSubstr("closest record rec.jsonl:4 differs in mac: expected ${mac} "
                              "(\"52:54:00:00:00:02\"), actual \"52:54:00:00:00:01\""));
  EXPECT_THAT(text, HasSubstr("mac \"52:54:00:00:00:01\" is shared by 'create [web-1]' at "
                              "rec.jsonl:2 and 'create [web-2]' at rec.jsonl:4"));
}

TEST(RenderTextTest, SaysHowManyRecordsWereTorn) {
  // Two writers killed mid-write: two torn heads before a whole record, and
  // a last line cut short.
  const Report report = testing::CheckInline(
      "scenario: torn\nstrict: true\nexpect:\n  - {op: close, count: {min: 0}}\n",
      "{\"op\":\"cre{\"op\":\"sto{\"op\":\"close\"}\n{\"op\":\"close\"}\n{\"op\":\"st");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_EQ(report.TornRecords(), 3u);
  EXPECT_THAT(RenderText(report), HasSubstr("3 bad lines (3 torn records)"));
  EXPECT_EQ(nlohmann::json::parse(RenderJson(report))["torn_records"], 3);
}

TEST(RenderTextTest, ColourOnlyWhenAsked) {
  TextOptions options;
  options.color = true;
  EXPECT_THAT(RenderText(FailingReport(), options), HasSubstr("\033[1;31mFAIL\033[0m"));
}

TEST(RenderTextTest, VerboseListsPasses) {
  const Report report = testing::CheckInline("scenario: p\nexpect:\n  - {id: c, op: close}\n",
                                             "{\"op\":\"close\"}\n");
  EXPECT_THAT(RenderText(report), Not(HasSubstr("ok   c")));
  TextOptions options;
  options.verbose = true;
  EXPECT_THAT(RenderText(report, options), HasSubstr("ok   c  exactly 1, matched 1 (rec.jsonl:1)"));
  EXPECT_THAT(RenderText(report), HasSubstr("PASS p"));
}

// What `witness run` adds about its command: a check whose finding is news
// even when it passes.
Report WithCommandChecks(Report report) {
  CheckResult exit;
  exit.kind = CheckKind::kCommand;
  exit.name = "command exits with status 1";
  exit.finding = "the command exited with status 1, as expected";
  report.checks.push_back(exit);
  CheckResult output;
  output.kind = CheckKind::kCommand;
  output.name = "command output contains \"rolled back\"";
  output.passed = false;
  output.failures = {"the command's output does not contain \"rolled back\"", "  | \033[2J"};
  report.checks.push_back(output);
  return report;
}

TEST(RenderTextTest, FindingOfAPassingCheckIsShownWithoutVerbose) {
  const Report report = WithCommandChecks(testing::CheckInline(
      "scenario: p\nexpect:\n  - {id: c, op: close}\n", "{\"op\":\"close\"}\n"));
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("  ok   the command exited with status 1, as expected\n"));
  EXPECT_THAT(text, Not(HasSubstr("ok   command exits with status 1")));
  EXPECT_THAT(text, HasSubstr("  FAIL command output contains \"rolled back\"\n"
                              "      the command's output does not contain \"rolled back\"\n"
                              "        | \\x1b[2J\n"));
  EXPECT_THAT(text, Not(HasSubstr("\033")));
  EXPECT_THAT(text, HasSubstr("2 checks passed, 1 failed"));
}

TEST(RenderJsonTest, CommandChecksCarryTheirKindAndFinding) {
  const Report report = WithCommandChecks(testing::CheckInline(
      "scenario: p\nexpect:\n  - {id: c, op: close}\n", "{\"op\":\"close\"}\n"));
  const nlohmann::json json = nlohmann::json::parse(RenderJson(report));
  const nlohmann::json& exit = json["checks"].at(json["checks"].size() - 2);
  EXPECT_EQ(exit["kind"], "command");
  EXPECT_EQ(exit["finding"], "the command exited with status 1, as expected");
  EXPECT_FALSE(json["checks"].back().contains("finding"));
  EXPECT_EQ(json["checks"].back()["passed"], false);
}

TEST(RenderTextTest, UnverifiableSaysWhy) {
  const Report report =
      testing::CheckInline("scenario: u\nexpect:\n  - {op: stop, count: 0}\n", "");
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("UNVERIFIABLE u"));
  EXPECT_THAT(text, HasSubstr("unverifiable: the recorder never started"));
}

TEST(RenderTextTest, LongLiteralsAreCutAsRecordValuesAre) {
  // The pattern is quoted in the pattern line, the failure and the near
  // miss, for every instance: a long literal is shown by its start and size.
  const std::string mac(60000, 'a');
  const Report report =
      testing::CheckInline("scenario: long\nexpect:\n  - {op: create, mac: " + mac + "}\n",
                           "{\"op\":\"create\",\"mac\":\"bb\"}\n");
  TextOptions verbose;
  verbose.verbose = true;
  const std::string text = RenderText(report, verbose);
  EXPECT_THAT(text, HasSubstr("pattern: op \"create\", mac \"" + std::string(200, 'a') +
                              "... (60000 bytes)"));
  EXPECT_THAT(text, HasSubstr("!!  mac: expected \"" + std::string(200, 'a') +
                              "... (60000 bytes), actual \"bb\""));
  EXPECT_LT(text.size(), 4000u);
}

TEST(RenderJsonTest, ParsesAndCarriesTheReport) {
  const nlohmann::json json = nlohmann::json::parse(RenderJson(FailingReport()));
  EXPECT_EQ(json["scenario"], "render");
  EXPECT_EQ(json["outcome"], "fail");
  ASSERT_EQ(json["expectations"].size(), 2u);
  const auto& create = json["expectations"][0];
  EXPECT_EQ(create["id"], "create");
  EXPECT_EQ(create["passed"], false);
  EXPECT_EQ(create["near_misses"][0]["where"]["line"], 1);
  EXPECT_EQ(create["near_misses"][0]["fields"][1]["field"], "mac");
  EXPECT_EQ(create["near_misses"][0]["fields"][1]["actual"], "\"bb\"");
  EXPECT_EQ(json["checks"][0]["kind"], "strict");
  EXPECT_EQ(json["listing"].size(), 3u);
  EXPECT_EQ(json["listing"][2]["status"], "unclaimed");
  EXPECT_FALSE(json["failures"].empty());
}

TEST(RenderJsonTest, UnverifiableReasonIsPresent) {
  const Report report =
      testing::CheckInline("scenario: u\nexpect:\n  - {op: stop, count: 0}\n", "");
  const nlohmann::json json = nlohmann::json::parse(RenderJson(report));
  EXPECT_EQ(json["outcome"], "unverifiable");
  EXPECT_THAT(json["unverifiable_reason"].get<std::string>(), HasSubstr("never started"));
}

// A small well-formedness check: tags balance, attributes are quoted, and
// no raw '<' or '&' appears outside markup.
bool WellFormed(const std::string& xml, std::string& error) {
  std::vector<std::string> open;
  std::size_t i = xml.find("?>");
  if (xml.compare(0, 5, "<?xml") != 0 || i == std::string::npos) {
    error = "no declaration";
    return false;
  }
  i += 2;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const std::size_t semi = xml.find(';', i);
      const std::string entity = xml.substr(i, semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
          entity != "&apos;" && entity.compare(0, 2, "&#") != 0) {
        error = "bad entity " + entity;
        return false;
      }
      i = semi + 1;
      continue;
    }
    if (static_cast<unsigned char>(xml[i]) < 0x20 && xml[i] != '\n' && xml[i] != '\t' &&
        xml[i] != '\r') {
      error = "control character";
      return false;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) {
      error = "unterminated tag";
      return false;
    }
    std::string tag = xml.substr(i + 1, end - i - 1);
    // Inside a tag, quotes must pair and hold no '<'.
    std::size_t quotes = 0;
    for (const char c : tag) {
      if (c == '"') ++quotes;
      if (c == '<') {
        error = "'<' inside a tag";
        return false;
      }
    }
    if (quotes % 2 != 0) {
      error = "unbalanced quotes in <" + tag + ">";
      return false;
    }
    const bool closing = tag[0] == '/';
    const bool empty = tag.back() == '/';
    const std::string name = tag.substr(closing ? 1 : 0, tag.find_first_of(" />", 1) - (closing ? 1 : 0));
    if (closing) {
      if (open.empty() || open.back() != name) {
        error = "mismatched </" + name + ">";
        return false;
      }
      open.pop_back();
    } else if (!empty) {
      open.push_back(name);
    }
    i = end + 1;
  }
  if (!open.empty()) error = "unclosed <" + open.back() + ">";
  return open.empty();
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RenderJunitTest, OneTestcasePerExpectationAndCheck) {
  const std::string xml = RenderJunit(FailingReport());
  std::string error;
  EXPECT_TRUE(WellFormed(xml, error)) << error << "\n" << xml;
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"render\" tests=\"4\" failures=\"3\" errors=\"0\""));
  EXPECT_EQ(Count(xml, "<testcase "), 4u);  // 2 expectations, strict, recorder alive
  EXPECT_EQ(Count(xml, "<failure "), 3u);
  EXPECT_THAT(xml, HasSubstr("name=\"create\""));
  EXPECT_THAT(xml, HasSubstr("message=\"expected exactly 1 matching record, found 0\""));
  // The record's <&>"' and U+0001 are escaped or replaced, never raw.
  EXPECT_THAT(xml, HasSubstr("&lt;&amp;&gt;"));
  EXPECT_THAT(xml, Not(HasSubstr("\x01")));
}

TEST(RenderJunitTest, InvalidUtf8AndControlBytesAreEscapedAsInTheTextReport) {
  Report report;
  report.scenario = "bytes\x01<\xff\xc0\xaf";
  report.outcome = Outcome::kFail;
  ExpectationResult result;
  result.label = "x\xed\xa0\x80y";  // an encoded surrogate
  result.passed = false;
  result.failures.push_back("bad \x1b[31m");
  report.expectations.push_back(result);
  const std::string xml = RenderJunit(report);
  std::string error;
  EXPECT_TRUE(WellFormed(xml, error)) << error;
  EXPECT_THAT(xml, HasSubstr("name=\"bytes\\x01&lt;\\xff\\xc0\\xaf\""));
  EXPECT_THAT(xml, HasSubstr("name=\"x\\xed\\xa0\\x80y\""));
  EXPECT_THAT(xml, HasSubstr("message=\"bad \\x1b[31m\""));
  EXPECT_THAT(xml, Not(HasSubstr("\x1b")));
}

TEST(RenderJunitTest, NoncharactersXmlCannotCarryBecomeReplacementCharacters) {
  // Valid UTF-8 and not a control, so the printable rule keeps U+FFFE; XML
  // 1.0 has no place for it.
  Report report;
  report.scenario = "a\xEF\xBF\xBEz";
  const std::string xml = RenderJunit(report);
  std::string error;
  EXPECT_TRUE(WellFormed(xml, error)) << error;
  EXPECT_THAT(xml, HasSubstr("name=\"a\xEF\xBF\xBDz\""));
}

// The first byte of `text` a terminal would act on, described, or "" when
// there is none (the rule is recorder::FindTerminalControl's).
std::string RawControlByte(const std::string& text) {
  const std::size_t at = recorder::FindTerminalControl(text);
  if (at == std::string::npos) return "";
  char what[64];
  std::snprintf(what, sizeof what, "raw byte 0x%02x at offset %zu in:\n",
                static_cast<unsigned char>(text[at]), at);
  return what + text;
}

// A member whose name clears the screen and rings the bell, a near miss
// whose value holds a C1 CSI and DEL, and bad lines holding a raw C1 and
// invalid UTF-8: every report kind shows them escaped.
Report HostileReport() {
  CheckOptions options;
  options.listing = true;
  return testing::CheckInline(
      "scenario: hostile\nstrict: true\nlifecycle: [reserve, create, start, stop]\n"
      "expect:\n  - {id: create, op: create, mac: aa}\n",
      "{\"op\":\"stop\",\"name\":\"evil\\u001b[2J\\u0007\",\"pid\":7,\"seq\":7,\"ts_ns\":8}\n"
      "{\"op\":\"create\",\"name\":\"evil\\u001b[2J\\u0007\",\"mac\":\"\\u009b6n\\u007f\"}\n"
      "{\"op\":\"cre\xc2\x9b\n"
      "{\"op\":\"x\xff\"}\n",
      options);
}

TEST(HostileRecordRenderTest, TextEscapesControlBytesWithAndWithoutVerbose) {
  const Report report = HostileReport();
  ASSERT_EQ(report.outcome, Outcome::kFail);
  for (const bool verbose : {false, true}) {
    TextOptions options;
    options.verbose = verbose;
    const std::string text = RenderText(report, options);
    EXPECT_EQ(RawControlByte(text), "") << "verbose " << verbose;
    EXPECT_THAT(text, HasSubstr("FAIL lifecycle reserve -> create -> start -> stop "
                                "[evil\\x1b[2J\\x07]"));
    EXPECT_THAT(text, HasSubstr("'evil\\x1b[2J\\x07' has create at rec.jsonl:2 but never reserve"));
    EXPECT_THAT(text, HasSubstr(verbose ? "!!  mac: expected \"aa\", actual \"\\u009b6n\\u007f\""
                                        : "differs in mac: expected \"aa\", actual \"\\u009b6n\\u007f\""));
    EXPECT_THAT(text, HasSubstr("`{\"op\":\"cre\\u009b`"));              // the reader's excerpt
    EXPECT_THAT(text, HasSubstr("\"name\":\"evil\\u001b[2J\\u0007\""));  // the listing
  }
}

TEST(HostileRecordRenderTest, JsonEscapesControlBytesAndKeepsTheValues) {
  const std::string text = RenderJson(HostileReport());
  EXPECT_EQ(RawControlByte(text), "");
  EXPECT_THAT(text, HasSubstr("\"member\": \"evil\\u001b[2J\\u0007\""));
  EXPECT_THAT(text, HasSubstr("\"excerpt\": \"{\\\"op\\\":\\\"cre\\u009b\""));
  // A tool reading the report gets the bytes of the records back.
  const nlohmann::json json = nlohmann::json::parse(text);
  bool found = false;
  for (const nlohmann::json& check : json["checks"]) {
    found = found || check["member"] == "evil\x1b[2J\x07";
  }
  EXPECT_TRUE(found) << text;
  EXPECT_EQ(json["diagnostics"][0]["excerpt"], "{\"op\":\"cre\xc2\x9b");
  const nlohmann::json& actual = json["expectations"][0]["near_misses"][0]["fields"][1]["actual"];
  EXPECT_EQ(nlohmann::json::parse(actual.get<std::string>()), std::string("\xc2\x9b") + "6n\x7f");
}

TEST(HostileRecordRenderTest, JunitEscapesControlBytesAsTheTextReportDoes) {
  const std::string xml = RenderJunit(HostileReport());
  EXPECT_EQ(RawControlByte(xml), "");
  std::string error;
  EXPECT_TRUE(WellFormed(xml, error)) << error;
  EXPECT_THAT(xml, HasSubstr("name=\"lifecycle reserve -&gt; create -&gt; start -&gt; stop "
                             "[evil\\x1b[2J\\x07]\""));
  EXPECT_THAT(xml, HasSubstr("&apos;evil\\x1b[2J\\x07&apos; has create"));
  EXPECT_THAT(xml, HasSubstr("actual &quot;\\u009b6n\\u007f&quot;"));
}

TEST(RenderJunitTest, UnverifiableIsAnError) {
  const Report report =
      testing::CheckInline("scenario: u\nexpect:\n  - {op: stop, count: 0}\n", "");
  const std::string xml = RenderJunit(report);
  std::string error;
  EXPECT_TRUE(WellFormed(xml, error)) << error;
  EXPECT_THAT(xml, HasSubstr("errors=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<error type=\"liveness\" message=\"unverifiable: the recorder never started"));
}

}  // namespace
}  // namespace witness::assertions
