// Text from records and scenarios, made safe to show to people. Record
// values are whatever the program under test wrote; printed raw, an escape
// sequence in a member's name could clear a terminal, hide a failure or
// rewrite a CI log. Every renderer (text reports, JUnit XML, `witness show`,
// the matchers' messages) passes such text through Printable as it writes
// it, so the rule is the same wherever the text appears.
//
//   out += "member " + witness::recorder::Printable(name) + "\n";
#ifndef WITNESS_RECORDER_PRINTABLE_H_
#define WITNESS_RECORDER_PRINTABLE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace witness::recorder {

// `text` with every byte a terminal might act on written as an escape:
//   C0 controls (0x00-0x1f, newline and tab included) and DEL  -> \x1b
//   C1 controls U+0080-U+009F, in their UTF-8 form              -> \u009b
//   each byte of ill-formed UTF-8 (stray, truncated, overlong,
//   surrogate, above U+10FFFF)                                   -> \xff
// Everything else, valid multi-byte UTF-8 included, is kept as it is. A
// backslash is kept too, so already-escaped text (a reader diagnostic's
// excerpt) is not escaped twice.
std::string Printable(std::string_view text);

// The same, appended to `out`.
void AppendPrintable(std::string_view text, std::string& out);

// The offset of the first byte in `text` that a terminal would act on and
// that Printable never lets through raw: a C0 control other than newline
// and tab, DEL, or a C1 control in its UTF-8 form; npos when there is none.
// What tests and fuzzers hold every rendered report to.
std::size_t FindTerminalControl(std::string_view text) noexcept;

// A JSON document with the characters a terminal may act on but JSON does
// not require escaping (DEL, the C1 controls) written as \u007f..\u009f
// escapes; a parser reads back the same strings. `json` must be valid UTF-8
// with its control characters already escaped, as nlohmann::json's dump
// writes it: then those bytes can only be inside strings.
std::string PrintableJson(std::string json);

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_PRINTABLE_H_
