// The renderers behind `witness completion` and the man pages, on a
// command line written here: what each escapes, so no description can
// break the script or the page it is written into.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "witness/cli/command_line_spec.h"
#include "witness/cli/man_page.h"
#include "witness/cli/shell_completion.h"

namespace witness::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CommandSpec Program() {
  CommandSpec tool;
  tool.name = "tool";
  tool.description = "Does things";
  CommandSpec go;
  go.name = "go";
  go.description = "Go [somewhere]: it's far";
  go.footer = ".starts like a request\n  tool go \\x -n";
  OptionSpec format;
  format.names = {"-f", "--format"};
  format.takes_value = true;
  format.value_name = "TEXT";
  format.choices = {"a", "b"};
  format.description = "Pick one: a or b [default a]";
  format.default_value = "a";
  OptionSpec output;
  output.names = {"--output"};
  output.takes_value = true;
  output.value_name = "FILE";
  output.description = "Where it goes";
  OptionSpec target;
  target.positional = "target";
  target.value_name = "TARGET.yaml";
  target.takes_value = true;
  target.description = "The target";
  go.options = {format, output, target};
  tool.subcommands = {go};
  return tool;
}

TEST(ManPageTest, RoffRequestsBackslashesAndHyphensAreWrittenAsText) {
  const CommandSpec program = Program();
  const std::string page = RenderManPage(program, program.subcommands[0], "1.2");
  EXPECT_THAT(page, HasSubstr(".TH TOOL\\-GO 1 \"\" \"tool 1.2\" \"Witness Manual\"\n"));
  EXPECT_THAT(page, HasSubstr(".SH SYNOPSIS\n.B tool go\n[\\fIOPTIONS\\fR] \\fITARGET.yaml\\fR\n"));
  EXPECT_THAT(page,
              HasSubstr(".TP\n\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fIa|b\\fR\nPick one: a or b "
                        "[default a]. Default: a.\n"));
  // The footer's first line would be a roff request; its backslash an escape.
  EXPECT_THAT(page,
              HasSubstr(".SH NOTES\n.nf\n\\&.starts like a request\n  tool go \\ex \\-n\n.fi\n"));
  EXPECT_THAT(page, HasSubstr(".SH SEE ALSO\n\\fBtool\\fR(1)\n"));
  EXPECT_EQ(ManPageName(program, program.subcommands[0]), "tool-go.1");
  EXPECT_EQ(ManPageName(program, program), "tool.1");
}

TEST(ShellCompletionTest, ZshSpecsEscapeQuotesColonsAndBrackets) {
  const std::string script = RenderZshCompletion(Program());
  EXPECT_THAT(script, HasSubstr("'go:Go \\[somewhere\\]\\: it'\\''s far'"));
  EXPECT_THAT(script, HasSubstr("'(-f --format)'{-f,--format}'[Pick one\\: a or b \\[default "
                                "a\\]]:TEXT:(a b)'"));
  EXPECT_THAT(script, HasSubstr("'--output[Where it goes]:FILE:_files'"));
  EXPECT_THAT(script, HasSubstr("'*:file:_files'"));
}

TEST(ShellCompletionTest, BashOffersChoicesFilesAndOptionNames) {
  const std::string script = RenderBashCompletion(Program());
  EXPECT_THAT(script, HasSubstr("        -f|--format)\n          _witness_reply -W \"a b\"\n"
                                "          return ;;\n"));
  EXPECT_THAT(script, HasSubstr("        --output)\n          _witness_reply_files\n"));
  EXPECT_THAT(script, HasSubstr("_witness_reply -W \"-f --format --output\""));
  EXPECT_THAT(script, HasSubstr("complete -F _witness tool\n"));
  EXPECT_THAT(script, Not(HasSubstr("[somewhere]")));  // descriptions stay out of bash's words
}

}  // namespace
}  // namespace witness::cli
