// What every HTML page Witness writes shares: the escaping rules for text
// and for embedded data, and the document around a page's body (styles,
// one inline script, a Content-Security-Policy that lets nothing else run
// and nothing load). The report page and the index page are built on it.
//
//   std::string body = "<h1>" + HtmlText(report.scenario) + "</h1>";
//   body += DataScript("witness-data", data.dump());
//   WriteOutputFile(path, HtmlDocument("scenario " + report.scenario, body, kReportScript));
#ifndef WITNESS_CLI_INTERNAL_HTML_PAGE_H_
#define WITNESS_CLI_INTERNAL_HTML_PAGE_H_

#include <string>
#include <string_view>

namespace witness::cli::internal {

// Record and scenario text as HTML element content or a quoted attribute
// value: Printable first (control bytes and broken UTF-8 as visible escapes),
// then & < > " ' as character references, so no value can open a tag.
std::string HtmlText(std::string_view text);
void AppendHtmlText(std::string_view text, std::string& out);
// The same for a tooltip of several lines: each line escaped as above,
// the newlines between them kept.
void AppendHtmlLines(std::string_view text, std::string& out);

// A JSON document (as nlohmann's dump writes it: valid UTF-8) made safe to
// sit inside <script type="application/json">: PrintableJson, then < > &
// and U+2028/U+2029 as \u escapes, so no value can close the script
// element; JSON.parse reads back the same strings.
std::string ScriptSafeJson(std::string json);

// <script type="application/json" id="ID">...</script> around ScriptSafeJson.
std::string DataScript(std::string_view id, std::string json);

// A whole page: the shared styles, `body`, then `script` (JavaScript that
// reads the page's data; may be empty). The policy allows that one script,
// by its SHA-256, and inline styles; no other script, handler, image, font
// or connection, so the page works from file:// and loads nothing.
std::string HtmlDocument(std::string_view title, std::string_view body, std::string_view script);

// The styles every page carries (html_assets.cc).
extern const std::string_view kPageStyle;
// The report page's script: selection, details, filters, search, keys
// (html_assets.cc).
extern const std::string_view kReportScript;

}  // namespace witness::cli::internal

#endif  // WITNESS_CLI_INTERNAL_HTML_PAGE_H_
