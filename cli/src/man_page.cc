#include "witness/cli/man_page.h"

#include <cctype>
#include <string>
#include <vector>

#include "witness/cli/output_file.h"

namespace witness::cli {
namespace {

// Text as roff reads it literally: a backslash is roff's escape, `-` must
// be \- to stay a hyphen-minus that can be copied into a shell, and a line
// that starts with `.` or `'` would be a request.
std::string Roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

// --help's descriptions are phrases; a page reads them as sentences.
std::string Sentence(std::string text) {
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// "check" for a subcommand: the words after the program's name.
std::string CommandLine(const CommandSpec& program, const CommandSpec& command) {
  return &program == &command ? program.name : program.name + " " + command.name;
}

std::string OptionItem(const OptionSpec& option) {
  std::string head;
  for (const std::string& name : option.names) {
    head += (head.empty() ? "" : ", ") + std::string("\\fB") + Roff(name) + "\\fR";
  }
  if (option.takes_value) {
    const std::string value = option.choices.empty() ? option.value_name : [&option] {
      std::string choices;
      for (const std::string& choice : option.choices)
        choices += (choices.empty() ? "" : "|") + choice;
      return choices;
    }();
    head += " \\fI" + Roff(value) + "\\fR";
  }
  std::string body = Roff(Sentence(option.description));
  if (!option.default_value.empty()) body += " Default: " + Roff(option.default_value) + ".";
  return ".TP\n" + head + "\n" + body + "\n";
}

}  // namespace

std::string ManPageName(const CommandSpec& program, const CommandSpec& command) {
  return (&program == &command ? program.name : program.name + "-" + command.name) + ".1";
}

std::string RenderManPage(const CommandSpec& program, const CommandSpec& command,
                          const std::string& version) {
  const bool top = &program == &command;
  const std::string page = &program == &command ? program.name : program.name + "-" + command.name;
  std::string out;
  out += ".\\\" Generated from `" + CommandLine(program, command) +
         " --help`; edit the command line, not this page.\n";
  out += ".TH " + Roff(Upper(page)) + " 1 \"\" \"" + Roff(program.name + " " + version) +
         "\" \"Witness Manual\"\n";
  out += ".SH NAME\n" + Roff(page) + " \\- " +
         Roff(command.description.substr(0, command.description.find('\n'))) + "\n";

  out += ".SH SYNOPSIS\n.B " + Roff(CommandLine(program, command)) + "\n";
  std::string synopsis;
  for (const OptionSpec& option : command.options) {
    if (!option.names.empty() || option.positional.empty()) continue;
    const std::string value =
        option.value_name.empty() ? Upper(option.positional) : option.value_name;
    synopsis += " \\fI" + Roff(value) + "\\fR";
  }
  out += (top ? "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR" : "[\\fIOPTIONS\\fR]") + synopsis + "\n";

  out += ".SH DESCRIPTION\n" + Roff(command.description) + "\n";
  if (!command.subcommands.empty()) {
    out += ".SH COMMANDS\n";
    for (const CommandSpec& sub : command.subcommands) {
      out += ".TP\n\\fB" + Roff(sub.name) + "\\fR\n" + Roff(Sentence(sub.description)) +
             " See \\fB" + Roff(program.name + "-" + sub.name) + "\\fR(1).\n";
    }
  }
  out += ".SH OPTIONS\n";
  for (const OptionSpec& option : command.options) {
    if (option.names.empty()) continue;
    out += OptionItem(option);
  }
  for (const OptionSpec& option : command.options) {
    if (!option.names.empty() || option.positional.empty()) continue;
    out += ".TP\n\\fI" +
           Roff(option.value_name.empty() ? Upper(option.positional) : option.value_name) +
           "\\fR\n" + Roff(option.description) + "\n";
  }
  if (!command.footer.empty()) {
    // As --help shows it: examples keep their layout.
    out += ".SH NOTES\n.nf\n" + Roff(command.footer) + "\n.fi\n";
  }
  out += ".SH SEE ALSO\n";
  std::string see_also;
  if (!top) see_also = "\\fB" + Roff(program.name) + "\\fR(1)";
  for (const CommandSpec& sub : program.subcommands) {
    if (&sub == &command) continue;
    see_also += (see_also.empty() ? "" : ", ") + std::string("\\fB") +
                Roff(program.name + "-" + sub.name) + "\\fR(1)";
  }
  out += see_also + "\n";
  return out;
}

void WriteManPages(const CommandSpec& program, const std::string& directory,
                   const std::string& version) {
  WriteOutputFile(directory + "/" + ManPageName(program, program),
                  RenderManPage(program, program, version));
  for (const CommandSpec& command : program.subcommands) {
    WriteOutputFile(directory + "/" + ManPageName(program, command),
                    RenderManPage(program, command, version));
  }
}

}  // namespace witness::cli
