#include "internal/yaml_guard.h"

#include <cctype>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/eventhandler.h>

#include "witness/assertions/scenario.h"
#include "witness/assertions/scenario_error.h"

namespace witness::assertions::internal {
namespace {

// yaml-cpp 0.7's LoadAll loops forever, allocating on every turn, when its
// parser cannot consume a token (a stray ',' outside brackets: upstream
// yaml-cpp PR #1319): each turn yields another empty document starting at
// the same place. Walking the documents first, stopping when one starts
// where the previous did, turns that into an error before LoadAll runs.
class DocumentStarts final : public YAML::EventHandler {
 public:
  // The position where the parser stopped making progress, if it did.
  static std::optional<YAML::Mark> FindStall(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts starts;
    while (parser.HandleNextDocument(starts)) {
      if (starts.stalled_) return starts.last_;
    }
    return std::nullopt;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    stalled_ = seen_ && mark.pos == last_.pos;
    seen_ = true;
    last_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  bool seen_ = false;
  bool stalled_ = false;
  YAML::Mark last_ = YAML::Mark::null_mark();
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Where a quoted scalar may begin: YAML only starts one at the beginning of
// a token, so "it's" is plain text while "key: 'x'" is quoted. Getting this
// right matters: brackets inside a quoted scalar are not nesting, and
// treating plain text as a quote could hide real brackets from the count.
bool StartsToken(char previous_significant) {
  switch (previous_significant) {
    case '\0': case '-': case ':': case '?': case '[': case '{': case ',':
      return true;
    default:
      return false;
  }
}

[[noreturn]] void TooDeep(const std::string& file, std::size_t line, std::size_t column) {
  throw ScenarioError(file, line, column,
                      "scenario nests deeper than " + std::to_string(kMaxScenarioDepth) +
                          " levels");
}

// Scenario text reaches terminals and CI logs through the text report; a
// control character in it (an escape sequence, above all) could rewrite
// what a reader sees there, and no record field needs one to be matched.
void RefuseControlCharacters(const std::string& scalar, const std::string& file,
                             std::size_t line, std::size_t column) {
  for (const char c : scalar) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      throw ScenarioError(file, line, column,
                          std::string("control character U+00") + kHex[byte >> 4] +
                              kHex[byte & 0xF] + " in scenario text");
    }
  }
}

}  // namespace

// One pass of one state machine (quotes, flow brackets, indentation, "- -"
// sequences) over the raw text: kept as one function because its states
// share every local, and splitting it would pass them all around.
void PrescanScenarioText(std::string_view text, const std::string& file) {
  if (text.size() > kMaxScenarioBytes) {
    throw ScenarioError(file, 0, 0,
                        "scenario file is larger than " + std::to_string(kMaxScenarioBytes) +
                            " bytes");
  }
  enum class Quote { kNone, kSingle, kDouble };
  Quote quote = Quote::kNone;
  int flow_depth = 0;
  std::vector<std::size_t> indents;  // block indentation levels open
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  // Inside a block scalar ("key: |"), more-indented lines are text: quotes
  // and brackets there mean nothing.
  bool in_block_scalar = false;
  std::size_t block_threshold = 0;
  while (i < n) {
    const std::size_t line_start = i;
    if (in_block_scalar) {
      std::size_t j = i;
      while (j < n && text[j] == ' ') ++j;
      if (j == n || text[j] == '\n' || j - i > block_threshold) {
        while (i < n && text[i] != '\n') ++i;
        if (i < n) ++i;
        ++line;
        continue;
      }
      in_block_scalar = false;
    }
    std::size_t column = 1;
    bool at_line_start = true;
    int dashes = 0;  // compact nested sequences: "- - - x"
    std::size_t key_column = 0;  // first token after the dashes
    std::size_t last_dash_column = 0;
    std::size_t block_indicator_at = 0;  // column + 1 of a trailing | or >
    std::size_t block_parent = 0;        // its parent's indentation
    char previous = '\0';  // last significant character on this line
    // A line that continues a quoted scalar or a flow collection does not
    // open a block level.
    const bool continuation = quote != Quote::kNone || flow_depth > 0;
    for (; i < n && text[i] != '\n'; ++i, ++column) {
      const char c = text[i];
      if (quote == Quote::kSingle) {
        if (c == '\'') {
          if (i + 1 < n && text[i + 1] == '\'') {
            ++i;
            ++column;
          } else {
            quote = Quote::kNone;
            previous = 'x';
          }
        }
        continue;
      }
      if (quote == Quote::kDouble) {
        if (c == '\\' && i + 1 < n && text[i + 1] != '\n') {
          ++i;
          ++column;
        } else if (c == '"') {
          quote = Quote::kNone;
          previous = 'x';
        }
        continue;
      }
      if (IsBlank(c)) continue;
      if (at_line_start && !continuation) {
        at_line_start = false;
        if (c != '#') {
          const std::size_t indent = i - line_start;
          while (!indents.empty() && indents.back() > indent) indents.pop_back();
          if (indents.empty() || indents.back() < indent) indents.push_back(indent);
        }
      }
      at_line_start = false;
      if (c == '#' && (i == line_start || IsBlank(text[i - 1]))) {
        while (i < n && text[i] != '\n') ++i;
        break;
      }
      if (block_indicator_at != 0 &&
          !(c == '+' || c == '-' || (c >= '0' && c <= '9'))) {
        block_indicator_at = 0;
      }
      if ((c == '|' || c == '>') && quote == Quote::kNone && flow_depth == 0 &&
          (previous == ':' || previous == '-' || previous == '\0')) {
        block_indicator_at = i - line_start + 1;
        if (previous == ':') {
          block_parent = key_column > 0 ? key_column - 1 : 0;
        } else if (previous == '-') {
          block_parent = last_dash_column;
        } else {
          block_parent = i - line_start;
        }
      }
      if ((c == '\'' || c == '"') && StartsToken(previous)) {
        quote = c == '\'' ? Quote::kSingle : Quote::kDouble;
        continue;
      }
      if (c == '[' || c == '{') {
        ++flow_depth;
      } else if ((c == ']' || c == '}') && flow_depth > 0) {
        --flow_depth;
      } else if ((c == '-' || c == '?') && (previous == '\0' || previous == '-' ||
                                            previous == '?') &&
                 (i + 1 == n || IsBlank(text[i + 1]) || text[i + 1] == '\n')) {
        ++dashes;
        last_dash_column = i - line_start;
      } else if (key_column == 0) {
        key_column = i - line_start + 1;
      }
      const std::size_t depth = indents.size() + static_cast<std::size_t>(dashes) +
                                static_cast<std::size_t>(flow_depth);
      if (depth > static_cast<std::size_t>(kMaxScenarioDepth)) TooDeep(file, line, column);
      previous = c;
    }
    if (block_indicator_at != 0 && quote == Quote::kNone) {
      in_block_scalar = true;
      block_threshold = block_parent;
    }
    if (i < n) ++i;  // the newline
    ++line;
  }
}

void CheckScenarioTree(const YAML::Node& root, const std::string& file) {
  // Iterative: the tree may be deep or alias-expanded, and this walk is what
  // proves it is neither before recursive code touches it.
  std::vector<std::pair<YAML::Node, int>> stack;
  stack.emplace_back(root, 1);
  std::size_t nodes = 0;
  while (!stack.empty()) {
    YAML::Node node = stack.back().first;
    const int depth = stack.back().second;
    stack.pop_back();
    const YAML::Mark mark = node.Mark();
    const std::size_t line = mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0;
    const std::size_t column = mark.column >= 0 ? static_cast<std::size_t>(mark.column) + 1 : 0;
    if (++nodes > kMaxScenarioNodes) {
      throw ScenarioError(file, line, column,
                          "scenario has more than " + std::to_string(kMaxScenarioNodes) +
                              " nodes (each use of an alias counts)");
    }
    if (depth > kMaxScenarioDepth) TooDeep(file, line, column);
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        if (node.Scalar().size() > kMaxScalarBytes) {
          throw ScenarioError(file, line, column,
                              "scalar is longer than " + std::to_string(kMaxScalarBytes) +
                                  " bytes");
        }
        RefuseControlCharacters(node.Scalar(), file, line, column);
        break;
      case YAML::NodeType::Sequence:
        for (const YAML::Node& child : node) stack.emplace_back(child, depth + 1);
        break;
      case YAML::NodeType::Map:
        for (const auto& entry : node) {
          stack.emplace_back(entry.first, depth + 1);
          stack.emplace_back(entry.second, depth + 1);
        }
        break;
      default:
        break;
    }
  }
}

YAML::Node LoadScenarioDocument(std::string_view text, const std::string& file) {
  PrescanScenarioText(text, file);
  std::vector<YAML::Node> documents;
  try {
    if (const std::optional<YAML::Mark> stall = DocumentStarts::FindStall(std::string(text))) {
      throw ScenarioError(file, static_cast<std::size_t>(stall->line) + 1,
                          static_cast<std::size_t>(stall->column) + 1,
                          "invalid YAML: cannot parse past this point (a stray ',' outside "
                          "brackets?)");
    }
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
    const std::size_t column = e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0;
    throw ScenarioError(file, line, line == 0 ? 0 : column, "invalid YAML: " + message);
  }
  if (documents.empty() || documents[0].IsNull()) {
    throw ScenarioError(file, 0, 0, "scenario file is empty");
  }
  if (documents.size() > 1) {
    const YAML::Mark mark = documents[1].Mark();
    throw ScenarioError(file, mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0,
                        mark.column >= 0 ? static_cast<std::size_t>(mark.column) + 1 : 0,
                        "a scenario file holds one YAML document, this one has " +
                            std::to_string(documents.size()));
  }
  CheckScenarioTree(documents[0], file);
  return documents[0];
}

}  // namespace witness::assertions::internal
