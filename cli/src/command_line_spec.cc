#include "witness/cli/command_line_spec.h"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace witness::cli {
namespace {

// CLI11 writes an option's type as "TEXT:{text,json}" when a validator
// names the accepted values (CLI::IsMember): split it into the type and
// the values, which is all --help knows of them too.
void ReadTypeName(const std::string& type_name, OptionSpec& option) {
  const std::size_t open = type_name.find(":{");
  if (open == std::string::npos || type_name.back() != '}') {
    option.value_name = type_name;
    return;
  }
  option.value_name = type_name.substr(0, open);
  const std::string list = type_name.substr(open + 2, type_name.size() - open - 3);
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t comma = list.find(',', begin);
    option.choices.push_back(
        list.substr(begin, comma == std::string::npos ? comma : comma - begin));
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
}

OptionSpec DescribeOption(const CLI::Option& option) {
  OptionSpec spec;
  if (option.get_positional() && !option.nonpositional()) {
    spec.positional = option.get_name(/*positional=*/true);
  }
  for (const std::string& name : option.get_snames()) spec.names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) spec.names.push_back("--" + name);
  spec.description = option.get_description();
  spec.takes_value = option.get_items_expected_max() > 0;
  if (spec.takes_value) ReadTypeName(option.get_type_name(), spec);
  spec.default_value = option.get_default_str();
  spec.required = option.get_required();
  return spec;
}

CommandSpec DescribeCommand(const CLI::App& app) {
  CommandSpec spec;
  spec.name = app.get_name();
  spec.description = app.get_description();
  spec.footer = app.get_footer();
  for (const CLI::Option* option :
       app.get_options([](const CLI::Option* o) { return !o->get_group().empty(); })) {
    spec.options.push_back(DescribeOption(*option));
  }
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
    spec.subcommands.push_back(DescribeCommand(*sub));
  }
  return spec;
}

}  // namespace

CommandSpec DescribeCommandLine(const CLI::App& app) { return DescribeCommand(app); }

}  // namespace witness::cli
