#include "witness/cli/shell_completion.h"

#include <string>
#include <vector>

namespace witness::cli {
namespace {

std::string Join(const std::vector<std::string>& words, const std::string& separator = " ") {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

// A value that names a file: FILE, or a name with an extension
// (SCENARIO.yaml, RECORD.jsonl...). DURATION, N, NAME=VALUE and the like
// are the user's to type.
bool NamesAFile(const OptionSpec& option) {
  const std::string& name = option.value_name;
  return name.find("FILE") != std::string::npos || name.find("DIR") != std::string::npos ||
         (name.find('.') != std::string::npos && name.find('=') == std::string::npos);
}

std::vector<std::string> OptionNames(const CommandSpec& command) {
  std::vector<std::string> names;
  for (const OptionSpec& option : command.options) {
    names.insert(names.end(), option.names.begin(), option.names.end());
  }
  return names;
}

// The case arm of one subcommand in the bash function.
std::string BashCommand(const CommandSpec& command) {
  std::string out = "    " + command.name + ")\n";
  out += "      case $prev in\n";
  for (const OptionSpec& option : command.options) {
    if (!option.takes_value || option.names.empty()) continue;
    out += "        " + Join(option.names, "|") + ")\n";
    if (!option.choices.empty()) {
      out += "          _witness_reply -W \"" + Join(option.choices) + "\"\n";
    } else if (NamesAFile(option)) {
      out += "          _witness_reply_files\n";
    }
    out += "          return ;;\n";
  }
  out += "      esac\n";
  out += "      if [[ $cur == -* ]]; then\n";
  out += "        _witness_reply -W \"" + Join(OptionNames(command)) + "\"\n";
  out += "        return\n";
  out += "      fi\n";
  bool positional_files = false;
  for (const OptionSpec& option : command.options) {
    if (!option.positional.empty() && !option.choices.empty()) {
      out += "      _witness_reply -W \"" + Join(option.choices) + "\"\n";
      out += "      return ;;\n";
      return out;
    }
    positional_files = positional_files || (!option.positional.empty() && NamesAFile(option));
  }
  if (positional_files) out += "      _witness_reply_files\n";
  out += "      ;;\n";
  return out;
}

// Inside single quotes for zsh's _arguments: a quote ends them, and `:`,
// `[` and `]` separate the parts of a spec.
std::string ZshText(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == ':' || c == '[' || c == ']' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string ZshOption(const OptionSpec& option) {
  std::string action;
  if (option.takes_value) {
    const std::string value = ZshText(option.value_name.empty() ? "value" : option.value_name);
    if (!option.choices.empty()) {
      action = ":" + value + ":(" + Join(option.choices) + ")";
    } else if (NamesAFile(option)) {
      action = ":" + value + ":_files";
    } else {
      action = ":" + value + ": ";
    }
  }
  const std::string description = "[" + ZshText(option.description) + "]";
  // Options that may be given again (--var, --env, ...) say so in their
  // description; zsh offers them again only when marked with `*`.
  const std::string repeat = option.description.find("repeatable") != std::string::npos ? "*" : "";
  if (option.names.size() == 1) {
    return "'" + repeat + option.names[0] + description + action + "'";
  }
  // '(-v --verbose)'{-v,--verbose}'[...]': either name, once.
  return "'(" + Join(option.names) + ")'" + repeat + "{" + Join(option.names, ",") + "}'" +
         description + action + "'";
}

}  // namespace

std::string RenderBashCompletion(const CommandSpec& spec) {
  const std::string& program = spec.name;
  std::vector<std::string> top;
  for (const CommandSpec& command : spec.subcommands) top.push_back(command.name);
  const std::vector<std::string> top_options = OptionNames(spec);
  top.insert(top.end(), top_options.begin(), top_options.end());

  std::string out;
  out += "# bash completion for " + program + ", generated from the table `" + program +
         " --help` prints.\n";
  out += "# Source it, or install it as bash-completion's completions/" + program + ".\n\n";
  out += "_witness_reply() {\n";
  out += "  mapfile -t COMPREPLY < <(compgen \"$@\" -- \"$cur\")\n";
  out += "}\n\n";
  out += "_witness_reply_files() {\n";
  out += "  compopt -o filenames 2>/dev/null\n";
  out += "  mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n";
  out += "}\n\n";
  out += "_witness() {\n";
  out += "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  out += "  local subcommand='' i\n";
  out += "  COMPREPLY=()\n";
  out += "  # The subcommand is the first word that is not an option; after `--`\n";
  out += "  # comes a command to run, then its arguments.\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
  out += "    if [[ ${COMP_WORDS[i]} == -- ]]; then\n";
  out +=
      "      if ((i + 1 == COMP_CWORD)); then _witness_reply -c; else _witness_reply_files; fi\n";
  out += "      return\n";
  out += "    fi\n";
  out +=
      "    if [[ -z $subcommand && ${COMP_WORDS[i]} != -* ]]; then subcommand=${COMP_WORDS[i]}; "
      "fi\n";
  out += "  done\n";
  out += "  case $subcommand in\n";
  out += "    '')\n";
  out += "      _witness_reply -W \"" + Join(top) + "\"\n";
  out += "      ;;\n";
  for (const CommandSpec& command : spec.subcommands) out += BashCommand(command);
  out += "  esac\n";
  out += "}\n\n";
  out += "complete -F _witness " + program + "\n";
  return out;
}

std::string RenderZshCompletion(const CommandSpec& spec) {
  const std::string& program = spec.name;
  std::string out;
  out += "#compdef " + program + "\n";
  out += "# zsh completion for " + program + ", generated from the table `" + program +
         " --help` prints.\n";
  out += "# Install it as _" + program + " in a directory of $fpath, or source it.\n\n";
  out += "_" + program + "() {\n";
  out += "  local -a commands\n";
  out += "  commands=(\n";
  for (const CommandSpec& command : spec.subcommands) {
    out += "    '" + ZshText(command.name) + ":" + ZshText(command.description) + "'\n";
  }
  out += "  )\n";
  out += "  if ((CURRENT == 2)); then\n";
  out += "    _describe -t commands '" + program + " command' commands\n";
  out += "    _arguments";
  for (const OptionSpec& option : spec.options) out += " \\\n      " + ZshOption(option);
  out += "\n    return\n";
  out += "  fi\n";
  out += "  local command=${words[2]}\n";
  out += "  shift words\n";
  out += "  ((CURRENT--))\n";
  out += "  case $command in\n";
  for (const CommandSpec& command : spec.subcommands) {
    out += "    " + command.name + ")\n";
    out += "      _arguments -s";
    bool files = false;
    for (const OptionSpec& option : command.options) {
      if (!option.names.empty()) {
        out += " \\\n        " + ZshOption(option);
      } else if (!option.choices.empty()) {
        out += " \\\n        ':" + ZshText(option.positional) + ":(" + Join(option.choices) + ")'";
      } else {
        files = files || NamesAFile(option);
      }
    }
    // Paths, then (for run) the command after `--` and its arguments.
    if (files) out += " \\\n        '*:file:_files'";
    out += "\n      ;;\n";
  }
  out += "  esac\n";
  out += "}\n\n";
  // Autoloaded from $fpath, the file is the function's body; sourced, it
  // registers the function.
  out += "if [[ ${funcstack[1]} == _" + program + " ]]; then\n";
  out += "  _" + program + " \"$@\"\n";
  out += "else\n";
  out += "  compdef _" + program + " " + program + "\n";
  out += "fi\n";
  return out;
}

}  // namespace witness::cli
