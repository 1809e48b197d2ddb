#include "witness/cli/internal/html_page.h"

#include <openssl/evp.h>

#include <array>
#include <string>

#include "witness/recorder/printable.h"

namespace witness::cli::internal {
namespace {

// "sha256-<base64>" of `script`, the source a Content-Security-Policy
// allows by hash: the page's own script runs, anything injected does not.
std::string ScriptHash(std::string_view script) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(script.data(), script.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::array<unsigned char, 4 * (EVP_MAX_MD_SIZE / 3 + 1) + 1> base64{};
  const int written = EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(length));
  return "sha256-" + std::string(reinterpret_cast<const char*>(base64.data()),
                                 static_cast<std::size_t>(written));
}

}  // namespace

void AppendHtmlText(std::string_view text, std::string& out) {
  const std::string printable = recorder::Printable(text);
  for (const char c : printable) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

void AppendHtmlLines(std::string_view text, std::string& out) {
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find('\n', begin);
    AppendHtmlText(text.substr(begin, end == std::string_view::npos ? end : end - begin), out);
    if (end == std::string_view::npos) return;
    out += '\n';
    begin = end + 1;
  }
}

std::string HtmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlText(text, out);
  return out;
}

std::string ScriptSafeJson(std::string json) {
  const std::string printable = recorder::PrintableJson(std::move(json));
  std::string out;
  out.reserve(printable.size() + printable.size() / 16);
  for (std::size_t i = 0; i < printable.size(); ++i) {
    const char c = printable[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < printable.size() && printable[i + 1] == '\x80' &&
               (printable[i + 2] == '\xA8' || printable[i + 2] == '\xA9')) {
      // U+2028 and U+2029 end a line in older JavaScript parsers.
      out += printable[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string DataScript(std::string_view id, std::string json) {
  std::string out = "<script type=\"application/json\" id=\"";
  AppendHtmlText(id, out);
  out += "\">";
  out += ScriptSafeJson(std::move(json));
  out += "</script>\n";
  return out;
}

std::string HtmlDocument(std::string_view title, std::string_view body, std::string_view script) {
  std::string policy =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
      "form-action 'none'";
  if (!script.empty()) policy += "; script-src '" + ScriptHash(script) + "'";
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  AppendHtmlText(title, out);
  out += "</title>\n<style>";
  out += kPageStyle;
  out += "</style>\n</head>\n<body>\n";
  out += body;
  if (!script.empty()) {
    out += "<script>";
    out += script;
    out += "</script>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace witness::cli::internal
