#include "witness/cli/internal/text_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace witness::cli::internal {
namespace {

TEST(TextTableTest, AlignsColumnsByCodePointsNotBytes) {
  TextTable table({"NAME", "OP"});
  table.AddRow({{"wëb-1", Style::kPlain}, {"create", Style::kPlain}});
  table.AddRow({{"db", Style::kPlain}, {"stop", Style::kPlain}});
  EXPECT_EQ(table.Render(Palette(false)),
            "NAME   OP\n"
            "wëb-1  create\n"
            "db     stop\n");
}

TEST(TextTableTest, IndentsRowsUnderHeadingsAndLeavesNoTrailingSpaces) {
  TextTable table({"TIME", "OP", "FIELDS"});
  table.AddHeading("web-1");
  table.AddRow({{"+0.000s", Style::kPlain}, {"stop", Style::kPlain}, {"", Style::kPlain}});
  table.AddRow({{"-", Style::kPlain}, {"create", Style::kPlain}, {"mac=x", Style::kPlain}});
  EXPECT_EQ(table.Render(Palette(false)),
            "  TIME     OP      FIELDS\n"
            "web-1\n"
            "  +0.000s  stop\n"
            "  -        create  mac=x\n");
}

TEST(TextTableTest, RightAlignsNumbersWhenAsked) {
  TextTable table({"OP", "COUNT"});
  table.AddRow({{"create", Style::kPlain}, {"3", Style::kPlain}});
  table.AddRow({{"stop", Style::kPlain}, {"12", Style::kPlain}});
  table.SetRightAligned(1);
  EXPECT_EQ(table.Render(Palette(false)),
            "OP      COUNT\n"
            "create      3\n"
            "stop       12\n");
}

TEST(TextTableTest, PaintsCellsOnlyWhenColourIsOn) {
  TextTable table({"OP"});
  table.AddRow({{"BAD LINE", Style::kFailure}});
  EXPECT_THAT(table.Render(Palette(true)), ::testing::HasSubstr("\x1b[1;31mBAD LINE\x1b[0m"));
  EXPECT_THAT(table.Render(Palette(false)), ::testing::Not(::testing::HasSubstr("\x1b[")));
}

TEST(TextTableTest, RefusesARowWiderThanTheTable) {
  TextTable table({"OP"});
  EXPECT_THROW(table.AddRow({{"a", Style::kPlain}, {"b", Style::kPlain}}), std::invalid_argument);
}

}  // namespace
}  // namespace witness::cli::internal
