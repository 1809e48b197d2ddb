#include "witness/recorder/printable.h"

#include "witness/recorder/internal/json_text.h"

namespace witness::recorder {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendByteEscape(unsigned char byte, std::string& out) {
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

void AppendC1Escape(unsigned char low_byte, std::string& out) {
  out += "\\u00";
  out += kHex[low_byte >> 4];
  out += kHex[low_byte & 0xF];
}

// U+0080..U+009F are C2 80..C2 9F in UTF-8.
bool IsC1(std::string_view text, std::size_t pos) {
  if (static_cast<unsigned char>(text[pos]) != 0xC2 || pos + 1 >= text.size()) return false;
  const auto next = static_cast<unsigned char>(text[pos + 1]);
  return next >= 0x80 && next <= 0x9F;
}

}  // namespace

std::size_t FindTerminalControl(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F || IsC1(text, i)) return i;
  }
  return std::string_view::npos;
}

void AppendPrintable(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x20 || byte == 0x7F) {
      AppendByteEscape(byte, out);
      ++pos;
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
      ++pos;
    } else {
      std::size_t consumed = 0;
      const std::size_t length = internal::Utf8SequenceLength(text, pos, consumed);
      if (length == 0) {
        for (std::size_t i = 0; i < consumed; ++i) {
          AppendByteEscape(static_cast<unsigned char>(text[pos + i]), out);
        }
        pos += consumed;
      } else if (IsC1(text, pos)) {
        AppendC1Escape(static_cast<unsigned char>(text[pos + 1]), out);
        pos += length;
      } else {
        out.append(text, pos, length);
        pos += length;
      }
    }
  }
}

std::string Printable(std::string_view text) {
  std::string out;
  AppendPrintable(text, out);
  return out;
}

std::string PrintableJson(std::string json) {
  std::size_t pos = 0;
  while (pos < json.size() && json[pos] != '\x7F' && !IsC1(json, pos)) ++pos;
  if (pos == json.size()) return json;  // the usual case: nothing to rewrite
  std::string out(json, 0, pos);
  out.reserve(json.size() + 16);
  while (pos < json.size()) {
    if (json[pos] == '\x7F') {
      out += "\\u007f";
      ++pos;
    } else if (IsC1(json, pos)) {
      AppendC1Escape(static_cast<unsigned char>(json[pos + 1]), out);
      pos += 2;
    } else {
      out += json[pos++];
    }
  }
  return out;
}

}  // namespace witness::recorder
