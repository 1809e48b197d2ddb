// The record scanner. Every rule here is the full parser's rule or stricter:
// when in doubt a line is not certified, and the full parser reads it.
#include "witness/recorder/internal/record_scan.h"

#include <array>
#include <cstring>
#include <limits>

#include "witness/recorder/format.h"
#include "witness/recorder/internal/json_text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace witness::recorder::internal {
namespace {

// More keys than this in one line go to the full parser: the duplicate-key
// check compares each key with the ones before it.
constexpr std::size_t kMaxScannedKeys = 32;

// Known keys by length, so that classifying a key costs a length test and
// at most a few compares instead of a walk over the whole field table.
constexpr std::size_t kMaxKnownKeyLength = 16;
constexpr std::size_t kMaxKeysPerLength = 4;

struct KnownKeysByLength {
  std::array<std::array<signed char, kMaxKeysPerLength>, kMaxKnownKeyLength> index{};
};

constexpr KnownKeysByLength BuildKnownKeysByLength() {
  KnownKeysByLength table;
  for (auto& row : table.index) {
    for (auto& slot : row) slot = -1;
  }
  for (std::size_t i = 0; i < std::size(kKnownFields); ++i) {
    auto& row = table.index[kKnownFields[i].key.size()];
    std::size_t slot = 0;
    while (row[slot] >= 0) ++slot;
    row[slot] = static_cast<signed char>(i);
  }
  return table;
}

constexpr KnownKeysByLength kKnownKeysByLength = BuildKnownKeysByLength();

static_assert(
    [] {
      for (const KnownField& field : kKnownFields) {
        if (field.key.size() >= kMaxKnownKeyLength) return false;
      }
      return true;
    }(),
    "a known key is longer than the scanner's table allows");

const KnownField* ClassifyKey(std::string_view key) noexcept {
  if (key.size() >= kMaxKnownKeyLength) return nullptr;
  for (signed char i : kKnownKeysByLength.index[key.size()]) {
    if (i < 0) return nullptr;
    const KnownField& field = kKnownFields[static_cast<std::size_t>(i)];
    if (std::memcmp(field.key.data(), key.data(), key.size()) == 0) return &field;
  }
  return nullptr;
}

bool IsSpace(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

int HexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A cursor over one line that fails closed: every method returns false at
// the first byte it cannot certify.
class Scanner {
 public:
  explicit Scanner(std::string_view line) noexcept
      : begin_(line.data()), p_(line.data()), end_(line.data() + line.size()) {}

  void SkipSpace() noexcept {
    while (p_ < end_ && IsSpace(*p_)) ++p_;
  }
  bool Consume(char c) noexcept {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool Peek(char c) noexcept {
    SkipSpace();
    return p_ < end_ && *p_ == c;
  }
  bool AtEnd() noexcept {
    SkipSpace();
    return p_ == end_;
  }

  // A string starting at the cursor's quote; its body and whether it holds
  // escapes go to `out`.
  bool String(JsonStringText& out) noexcept {
    SkipSpace();
    if (p_ == end_ || *p_ != '"') return false;
    const char* body = ++p_;
    bool escaped = false;
    for (;;) {
#if defined(__SSE2__)
      // Sixteen bytes a step while none is a quote, a backslash, a control
      // byte or a non-ASCII byte (the last two are negative or below 0x20
      // as signed bytes: one compare finds both).
      const __m128i quote = _mm_set1_epi8('"');
      const __m128i backslash = _mm_set1_epi8('\\');
      const __m128i space = _mm_set1_epi8(0x20);
      while (end_ - p_ >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
        const __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                         _mm_cmplt_epi8(bytes, space));
        const int mask = _mm_movemask_epi8(special);
        if (mask != 0) {
          p_ += __builtin_ctz(static_cast<unsigned>(mask));
          break;
        }
        p_ += 16;
      }
#endif
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.body = std::string_view(body, static_cast<std::size_t>(p_ - body));
        out.escaped = escaped;
        out.present = true;
        ++p_;
        return true;
      }
      if (c == '\\') {
        escaped = true;
        if (!Escape()) return false;
        continue;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        std::size_t consumed = 0;
        const std::size_t length = Utf8SequenceLength(
            std::string_view(begin_, static_cast<std::size_t>(end_ - begin_)),
            static_cast<std::size_t>(p_ - begin_), consumed);
        if (length == 0) return false;
        p_ += length;
        continue;
      }
      ++p_;
    }
  }

  // An integer (no fraction, no exponent) that fits int64.
  bool Integer() noexcept {
    SkipSpace();
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    const char* digits = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == digits) return false;
    if (*digits == '0' && p_ - digits > 1) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    return ParseInteger(std::string_view(start, static_cast<std::size_t>(p_ - start))).has_value();
  }

  bool Literal(std::string_view word) noexcept {
    SkipSpace();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // [ "a", "b" ], possibly empty.
  bool StringArray() noexcept {
    if (!Consume('[')) return false;
    if (Consume(']')) return true;
    JsonStringText element;
    do {
      if (!String(element)) return false;
    } while (Consume(','));
    return Consume(']');
  }

  // A value of a key the format does not define: a string, an integer,
  // true, false or null. Anything else (arrays, objects, fractions) goes to
  // the full parser, which also knows what a number too large for a double
  // is.
  bool UnknownValue() noexcept {
    SkipSpace();
    if (p_ == end_) return false;
    switch (*p_) {
      case '"': {
        JsonStringText ignored;
        return String(ignored);
      }
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Integer();
    }
  }

 private:
  // A backslash at the cursor and what follows it. \u escapes of UTF-16
  // surrogates go to the full parser, which knows their pairing rules.
  bool Escape() noexcept {
    if (end_ - p_ < 2) return false;
    const char kind = p_[1];
    switch (kind) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        p_ += 2;
        return true;
      case 'u': {
        if (end_ - p_ < 6) return false;
        int code = 0;
        for (int i = 2; i < 6; ++i) {
          const int digit = HexValue(p_[i]);
          if (digit < 0) return false;
          code = code * 16 + digit;
        }
        if (code >= 0xD800 && code <= 0xDFFF) return false;
        p_ += 6;
        return true;
      }
      default:
        return false;
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
};

// Skips one valid JSON value at text[pos]; returns the index after it.
std::size_t SkipValue(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return pos;
  const char first = text[pos];
  if (first == '"') {
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      }
    }
    return text.size();
  }
  if (first == '{' || first == '[') {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = pos; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return text.size();
  }
  std::size_t i = pos;
  while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' &&
         !IsSpace(text[i]) && text[i] != '\n') {
    ++i;
  }
  return i;
}

std::size_t SkipJsonSpace(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (IsSpace(text[pos]) || text[pos] == '\n')) ++pos;
  return pos;
}

std::uint32_t Hex4(std::string_view text, std::size_t pos) {
  std::uint32_t code = 0;
  for (std::size_t i = pos; i < pos + 4 && i < text.size(); ++i) {
    const int digit = HexValue(text[i]);
    code = code * 16 + static_cast<std::uint32_t>(digit < 0 ? 0 : digit);
  }
  return code;
}

}  // namespace

bool ScanRecordLine(std::string_view line, ScannedLine& out) noexcept {
  Scanner scan(line);
  if (!scan.Consume('{')) return false;
  std::array<std::string_view, kMaxScannedKeys> seen;
  std::size_t keys = 0;
  out = ScannedLine{};
  if (scan.Peek('}')) return false;  // no op: the full parser says so
  do {
    JsonStringText key;
    if (!scan.String(key) || key.escaped) return false;
    if (keys == kMaxScannedKeys) return false;
    for (std::size_t i = 0; i < keys; ++i) {
      if (seen[i] == key.body) return false;
    }
    seen[keys++] = key.body;
    if (!scan.Consume(':')) return false;
    const KnownField* known = ClassifyKey(key.body);
    if (known == nullptr) {
      if (!scan.UnknownValue()) return false;
      continue;
    }
    switch (known->type) {
      case FieldType::kString: {
        JsonStringText value;
        if (!scan.String(value)) return false;
        if (known->key == keys::kOp) out.op = value;
        if (known->key == keys::kName) out.name = value;
        break;
      }
      case FieldType::kInteger:
        if (!scan.Integer()) return false;
        break;
      case FieldType::kStringArray:
        if (!scan.StringArray()) return false;
        break;
    }
  } while (scan.Consume(','));
  if (!scan.Consume('}') || !scan.AtEnd()) return false;
  return out.op.present;
}

std::optional<std::string_view> FindValueText(std::string_view object, std::string_view key) {
  std::size_t i = SkipJsonSpace(object, 0);
  if (i >= object.size() || object[i] != '{') return std::nullopt;
  ++i;
  for (;;) {
    i = SkipJsonSpace(object, i);
    if (i >= object.size() || object[i] != '"') return std::nullopt;
    const std::size_t key_end = SkipValue(object, i);
    const std::string_view raw_key = object.substr(i + 1, key_end - i - 2);
    i = SkipJsonSpace(object, key_end);
    if (i >= object.size() || object[i] != ':') return std::nullopt;
    i = SkipJsonSpace(object, i + 1);
    const std::size_t value_end = SkipValue(object, i);
    const bool same = raw_key.find('\\') == std::string_view::npos
                          ? raw_key == key
                          : DecodeJsonString(raw_key) == key;
    if (same) return object.substr(i, value_end - i);
    i = SkipJsonSpace(object, value_end);
    if (i >= object.size() || object[i] != ',') return std::nullopt;
    ++i;
  }
}

std::string DecodeJsonString(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    const char kind = body[++i];
    switch (kind) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t code = Hex4(body, i + 1);
        i += 4;
        if (code >= 0xD800 && code <= 0xDBFF && i + 6 < body.size() + 0 && body[i + 1] == '\\' &&
            body[i + 2] == 'u') {
          const std::uint32_t low = Hex4(body, i + 3);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(code, out);
        break;
      }
      default:  // '"', '\\', '/'
        out += kind;
        break;
    }
  }
  return out;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) noexcept {
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  if (i == text.size()) return std::nullopt;
  // Accumulated as a negative number: int64's range is one wider below zero.
  std::int64_t value = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_sub_overflow(value, c - '0', &value)) {
      return std::nullopt;
    }
  }
  if (negative) return value;
  if (value == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
  return -value;
}

}  // namespace witness::recorder::internal
