// `witness report --index`: one page over many scenarios' JSON reports.
#include "witness/cli/report_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_test_support.h"
#include "witness/cli/usage_error.h"

namespace witness::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ScratchDir;
using testing::WriteTextFile;

std::string JsonReport(const std::string& scenario, const std::string& outcome,
                       const std::string& failures) {
  return "{\"scenario\":\"" + scenario + "\",\"scenario_file\":\"s.yaml\",\"outcome\":\"" +
         outcome + "\",\"summary\":{\"passed\":2,\"failed\":" + (failures.empty() ? "0" : "1") +
         "},\"duration_ms\":1500,\"failures\":[" + failures + "]}";
}

TEST(ReportIndexTest, FailuresComeFirstEachLinkingToItsOwnPage) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.File("shard-1"));
  std::filesystem::create_directories(dir.File("shard-2"));
  WriteTextFile(dir.File("shard-1/a-pass.json"), JsonReport("alpha", "pass", ""));
  WriteTextFile(dir.File("shard-2/z-fail.json"),
                JsonReport("zulu <b>", "fail", "\"create [web-1]: expected 1, found 0\""));
  WriteTextFile(dir.File("shard-2/z-fail.html"), "<p>the page</p>");
  std::vector<IndexEntry> entries;
  const std::string index = dir.File("index.html");
  entries.push_back(ReadIndexEntry(dir.File("shard-1/a-pass.json"), index));
  entries.push_back(ReadIndexEntry(dir.File("shard-2/z-fail.json"), index));
  EXPECT_EQ(entries[0].html_link, "");
  EXPECT_EQ(entries[1].html_link, "shard-2/z-fail.html");
  ASSERT_TRUE(entries[1].duration_ms.has_value());
  const std::string page = RenderReportIndex(entries);
  EXPECT_LT(page.find("zulu"), page.find("alpha"));
  EXPECT_THAT(page, HasSubstr("<a href=\"shard-2/z-fail.html\">zulu &lt;b&gt;</a>"));
  EXPECT_THAT(page, HasSubstr("create [web-1]: expected 1, found 0"));
  EXPECT_THAT(page,
              HasSubstr("1 failed \u00b7 0 unverifiable \u00b7 1 passed \u00b7 3.00 s in all"));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
}

TEST(ReportIndexTest, ALinkCannotLeaveItsAttributeOrNameAScheme) {
  ScratchDir dir;
  WriteTextFile(dir.File("javascript:x\" onclick=\"y.json"), JsonReport("s", "fail", ""));
  WriteTextFile(dir.File("javascript:x\" onclick=\"y.html"), "");
  const IndexEntry entry =
      ReadIndexEntry(dir.File("javascript:x\" onclick=\"y.json"), dir.File("index.html"));
  const std::string page = RenderReportIndex({entry});
  EXPECT_THAT(page, HasSubstr("<a href=\"javascript%3Ax%22%20onclick%3D%22y.html\">"));
}

TEST(ReportIndexTest, AFileThatIsNotAJsonReportIsAnInputErrorNamingIt) {
  ScratchDir dir;
  WriteTextFile(dir.File("junit.xml"), "<testsuite/>");
  try {
    ReadIndexEntry(dir.File("junit.xml"), dir.File("index.html"));
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read report '" + dir.File("junit.xml") +
                                         "': not a JSON report of witness check or run "
                                         "(--format json)");
  }
  EXPECT_THROW(ReadIndexEntry(dir.File("missing.json"), dir.File("index.html")), UsageError);
}

}  // namespace
}  // namespace witness::cli
