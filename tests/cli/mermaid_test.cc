// `witness show --format mermaid`: a sequence diagram a Markdown renderer
// draws, whatever the records hold.
#include "witness/cli/mermaid.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "cli_test_support.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Diagram(const std::string& records, std::size_t limit = 100) {
  const recorder::Recording recording = recorder::ParseRecords(records, "rec.jsonl");
  return RenderTimelineMermaid(BuildTimeline(recording, std::nullopt), limit);
}

TEST(MermaidTest, EachRecordIsAMessageFromTheProgramToItsMember) {
  const recorder::Recording recording =
      recorder::ReadRecordFile(testing::CliTestData("cluster.jsonl"));
  const std::string diagram = RenderTimelineMermaid(BuildTimeline(recording, std::nullopt), 100);
  EXPECT_THAT(diagram, StartsWith("```mermaid\nsequenceDiagram\n  participant program\n"
                                  "  participant m0 as web-1\n"));
  EXPECT_THAT(diagram, HasSubstr("  participant backend as backend\n"));
  EXPECT_THAT(diagram, HasSubstr("  program->>m0: reserve mac=52#58;54#58;00#58;12#58;34#58;01 "
                                 "assigned_ip=203.0.113.11\n"));
  EXPECT_THAT(diagram, HasSubstr("  program->>backend: close\n"));
  EXPECT_THAT(diagram, HasSubstr("  Note over program: session\n"));
  EXPECT_THAT(diagram, EndsWith("\n```\n"));
  // In recording order: web-2's reserve comes after web-1's start.
  EXPECT_LT(diagram.find("program->>m0: start"), diagram.find("program->>m1: reserve"));
}

TEST(MermaidTest, SeveralWritersAreSeveralParticipantsAndAFailedCallACross) {
  const std::string diagram = Diagram(
      "{\"op\":\"create\",\"name\":\"a\",\"pid\":10}\n"
      "{\"op\":\"create\",\"name\":\"b\",\"pid\":11,\"error\":\"no space\"}\n");
  EXPECT_THAT(diagram, HasSubstr("  participant p0 as pid 10\n  participant p1 as pid 11\n"));
  EXPECT_THAT(diagram, HasSubstr("  p0->>m0: create\n"));
  EXPECT_THAT(diagram, HasSubstr("  p1-xm1: create error=no space\n"));
}

TEST(MermaidTest, NamesAndValuesCannotEndTheDiagramOrTheFence) {
  const std::string diagram = Diagram(
      "{\"op\":\"start\",\"name\":\"x;y\\nparticipant evil\",\"mac\":\"```\\n<b>#1;%%\"}\n"
      "{\"op\":\"stop\\u001b[2J:\",\"name\":\"end\"}\n");
  const std::string body = diagram.substr(4, diagram.size() - 8);  // inside the fence
  EXPECT_EQ(body.find("```"), std::string::npos) << diagram;
  // The arrows are the diagram's own '>'.
  EXPECT_EQ(std::regex_replace(body, std::regex("->>"), "").find_first_of("<>\"%`\x1b"),
            std::string::npos)
      << diagram;
  // One statement a line: a ';' only ends a #NN; code, and no record adds a line.
  EXPECT_EQ(std::regex_replace(body, std::regex("#[0-9]+;"), "").find(';'), std::string::npos)
      << diagram;
  EXPECT_THAT(diagram, HasSubstr("  participant m0 as x#59;y#92;x0aparticipant evil\n"));
  EXPECT_THAT(diagram,
              HasSubstr("program->>m0: start mac=#96;#96;#96;#92;x0a#60;b#62;#35;1#59;#37;#37;\n"));
  EXPECT_THAT(diagram, HasSubstr("  participant m1 as end\n"));
  EXPECT_THAT(diagram, HasSubstr("program->>m1: stop#92;x1b[2J#58;\n"));
}

TEST(MermaidTest, LimitShowsTheFirstRecordsAndSaysHowManyMore) {
  std::string records;
  for (int i = 0; i < 10; ++i) records += "{\"op\":\"start\",\"name\":\"a\"}\n";
  const std::string diagram = Diagram(records, 3);
  EXPECT_EQ(diagram.find("program->>m0: start\n  program->>m0: start\n  program->>m0: start\n  "
                         "Note over program: 7 more records not shown (--limit)\n"),
            diagram.find("program->>m0: start"))
      << diagram;
}

}  // namespace
}  // namespace witness::cli
