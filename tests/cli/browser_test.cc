// The HTML report in a real browser: headless Chromium loads a page from
// file://, runs its script and prints the DOM it built, and the tests
// assert on that DOM.
//
// Green proves: the page's own script runs under the page's
// Content-Security-Policy (it marks <body data-ready>), the lanes, marks,
// threads and pinned failures are in the DOM, a #f<N> link opens failure
// N with its diff, and record values that are markup or script made no
// element and ran nothing (document.title is the page's own; no injected
// element exists). It does not prove how the page looks (docs/reports.md's
// screenshot is for a person to judge), nor anything of Firefox.
//
// Without Chromium on the machine every test here is skipped, saying so;
// scripts/setup.sh installs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The browser's path, or "" when there is none.
std::string FindChromium() {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(begin, end - begin) + "/chromium";
    if (!candidate.empty() && FileExists(candidate)) return candidate;
    begin = end + 1;
  }
  return "";
}

// The DOM after load, as Chromium serializes it. `fragment` is appended to
// the page's URL ("#f0").
std::string DumpDom(const std::string& chromium, const ScratchDir& dir, const std::string& page,
                    const std::string& fragment = "") {
  const std::string out = dir.File("dom.html");
  // Root in CI: the sandbox needs --no-sandbox there. A profile of its own
  // keeps the run from touching (or waiting for) any other.
  const std::string command = "timeout 90 '" + chromium +
                              "' --headless --no-sandbox --disable-gpu --no-first-run "
                              "--user-data-dir='" +
                              dir.File("profile") + "' --dump-dom 'file://" + page + fragment +
                              "' > '" + out + "' 2> '" + dir.File("chromium.err") + "'";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command << "\n" << ReadTextFile(dir.File("chromium.err"));
  return ReadTextFile(out);
}

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) {
      GTEST_SKIP() << "no chromium on PATH: the HTML report is not tested in a browser "
                      "(scripts/setup.sh installs Debian's chromium)";
    }
  }
  std::string chromium_;
  ScratchDir dir_;
};

TEST_F(BrowserTest, FailingMinifleetReportShowsLanesThreadsAndPinnedFailures) {
  const std::string page = dir_.File("report.html");
  const RunResult check = RunWitness(
      {"check", std::string(WITNESS_SOURCE_DIR) + "/examples/minifleet/scenarios/cluster.yaml",
       HtmlTestData("minifleet-mac-not-threaded.jsonl"), "--var", "root=/tmp/minifleet-cluster",
       "--format", "html", "--output", page});
  ASSERT_EQ(check.exit_code, 1) << check.err;
  const std::string dom = DumpDom(chromium_, dir_, page, "#f0");
  EXPECT_THAT(dom, HasSubstr("data-ready=\"")) << "the page's script did not run";
  EXPECT_EQ(CountOccurrences(dom, "class=\"lane lane-member\""), 3u);
  EXPECT_GE(CountOccurrences(dom, "class=\"arrow bad"), 1u);
  EXPECT_GE(CountOccurrences(dom, "class=\"arrow ok"), 1u);
  EXPECT_GE(CountOccurrences(dom, "class=\"pin"), 1u);
  EXPECT_GE(CountOccurrences(dom, "<li class=\"failure"), 1u);
  // #f0 opened the first failure: selected in the list and on the lanes,
  // its diff in the detail panel.
  EXPECT_THAT(dom, HasSubstr("<li class=\"failure sel\" id=\"f0\""));
  const std::size_t detail = dom.find("<aside id=\"detail\"");
  ASSERT_NE(detail, std::string::npos);
  EXPECT_THAT(dom.substr(detail), HasSubstr("<table class=\"diff\">"));
}

TEST_F(BrowserTest, ProposedUpdateIsASectionOfThePage) {
  const std::string page = dir_.File("update.html");
  // CI is set, so --update writes nothing beside the scenario in the
  // source tree; the page carries what it found.
  const RunResult check = RunWitness(
      {"check", std::string(WITNESS_SOURCE_DIR) + "/examples/minifleet/scenarios/cluster.yaml",
       HtmlTestData("minifleet-mac-not-threaded.jsonl"), "--var", "root=/tmp/minifleet-cluster",
       "--update", "--format", "html", "--output", page},
      {{"CI", "true"}});
  ASSERT_EQ(check.exit_code, 1) << check.err;
  const std::string dom = DumpDom(chromium_, dir_, page);
  EXPECT_THAT(dom, HasSubstr("data-ready=\"")) << "the page's script did not run";
  const std::size_t section = dom.find("<section class=\"update\" id=\"update\">");
  ASSERT_NE(section, std::string::npos);
  const std::string update = dom.substr(section, dom.find("</section>", section) - section);
  EXPECT_THAT(update, HasSubstr("<h2>Scenario update</h2>"));
  EXPECT_THAT(update, HasSubstr("Not written: "));
  // A MAC that is another member's cannot be said by one per_member
  // pattern: it is left to a person, listed.
  EXPECT_THAT(update, HasSubstr("<ul class=\"unresolved\">"));
  EXPECT_THAT(update, HasSubstr("<li>create [web-"));
}

TEST_F(BrowserTest, HostileRecordValuesMakeNoElementAndRunNothing) {
  const std::string page = dir_.File("hostile.html");
  const RunResult check =
      RunWitness({"check", HtmlTestData("hostile.yaml"), HtmlTestData("hostile.jsonl"), "--format",
                  "html", "--output", page});
  ASSERT_EQ(check.exit_code, 1) << check.err;
  // Opened with a record whose fields are script, and with a failure whose
  // diff shows hostile values: the script writes both into the page.
  for (const std::string fragment : {"#r1", "#f0", ""}) {
    const std::string dom = DumpDom(chromium_, dir_, page, fragment);
    SCOPED_TRACE(fragment);
    EXPECT_THAT(dom, HasSubstr("data-ready=\"")) << "the page's script did not run";
    EXPECT_THAT(dom, HasSubstr("<title>witness fail: "));
    EXPECT_THAT(dom, Not(HasSubstr("<title>pwned")));
    EXPECT_THAT(dom, Not(HasSubstr("<img")));
    EXPECT_THAT(dom, Not(HasSubstr("<svg onload")));
    EXPECT_THAT(dom, Not(HasSubstr("<b id=\"injected\"")));
    EXPECT_THAT(dom, HasSubstr("&lt;b id=\"injected\"&gt;"));  // as text
    // The page's own two scripts and nothing else.
    EXPECT_EQ(CountOccurrences(dom, "<script"), 2u);
    EXPECT_THAT(dom, HasSubstr("&lt;img src=x onerror="));
  }
  const std::string dom = DumpDom(chromium_, dir_, page, "#r1");
  const std::size_t detail = dom.find("<aside id=\"detail\"");
  ASSERT_NE(detail, std::string::npos);
  EXPECT_THAT(dom.substr(detail), HasSubstr("document.title='pwned-script'&lt;/script&gt;"));
}

TEST_F(BrowserTest, TimelineOfARecordingWithoutTimestampsSpacesRecordsEvenly) {
  const std::string page = dir_.File("timeline.html");
  const RunResult show = RunWitness(
      {"show", CliTestData("go-reference-cluster-failcreate.jsonl"), "--format", "html"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  WriteTextFile(page, show.out);
  const std::string dom = DumpDom(chromium_, dir_, page);
  EXPECT_THAT(dom, HasSubstr("data-ready=\""));
  EXPECT_GE(CountOccurrences(dom, "class=\"lane lane-member\""), 2u);
  EXPECT_GE(CountOccurrences(dom, "<rect class=\"m "), 9u);
}

}  // namespace
}  // namespace witness::cli::testing
