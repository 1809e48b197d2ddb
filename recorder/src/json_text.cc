// JSON string escaping for record lines. The writer calls this for every
// string of every record, so the common case (printable ASCII) is one table
// lookup per byte and one append per run of plain bytes.
#include "witness/recorder/internal/json_text.h"

#include <array>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace witness::recorder::internal {
namespace {

enum ByteClass : std::uint8_t {
  kPlain = 0,    // copied as is
  kEscape = 1,   // '"', '\\' or a control character
  kNonAscii = 2  // start or middle of a multi-byte sequence: validate
};

constexpr std::array<std::uint8_t, 256> MakeByteClasses() {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
      classes[c] = kEscape;
    } else if (c >= 0x80) {
      classes[c] = kNonAscii;
    } else {
      classes[c] = kPlain;
    }
  }
  return classes;
}

constexpr std::array<std::uint8_t, 256> kByteClasses = MakeByteClasses();
constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// True when one of the eight bytes in `word` may be a control character,
// '"', '\\', DEL or non-ASCII (false positives only cost a slower scan).
constexpr bool MayNeedAttention(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  const auto has_zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighBits; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  return ((word & kHighBits) | below_space | has_zero_byte(word ^ (kOnes * '"')) |
          has_zero_byte(word ^ (kOnes * '\\')) | has_zero_byte(word ^ (kOnes * 0x7F))) != 0;
}

// How many bytes at the start of `text` (of `size`) are plain: copied as
// they are. Sixteen at a time with SSE2 (exact, so the first special byte
// is found directly), else eight at a time, then byte by byte.
std::size_t PlainPrefix(const char* text, std::size_t size) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i del = _mm_set1_epi8(0x7F);
  for (; i + 16 <= size; i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    // Signed comparison: below 0x20 catches the control characters and,
    // as negative numbers, every byte from 0x80 up.
    const __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(bytes, space), _mm_cmpeq_epi8(bytes, quote)),
                     _mm_or_si128(_mm_cmpeq_epi8(bytes, backslash), _mm_cmpeq_epi8(bytes, del)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text + i, sizeof word);
    if (MayNeedAttention(word)) break;
  }
  while (i < size && kByteClasses[static_cast<unsigned char>(text[i])] == kPlain) ++i;
  return i;
}

bool IsContinuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

char* WriteEscaped(unsigned char c, char* out) noexcept {
  *out++ = '\\';
  switch (c) {
    case '"':
      *out++ = '"';
      return out;
    case '\\':
      *out++ = '\\';
      return out;
    case '\b':
      *out++ = 'b';
      return out;
    case '\f':
      *out++ = 'f';
      return out;
    case '\n':
      *out++ = 'n';
      return out;
    case '\r':
      *out++ = 'r';
      return out;
    case '\t':
      *out++ = 't';
      return out;
    default:
      *out++ = 'u';
      *out++ = '0';
      *out++ = '0';
      *out++ = kHexDigits[c >> 4];
      *out++ = kHexDigits[c & 0xF];
      return out;
  }
}

}  // namespace

std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos,
                               std::size_t& consumed) noexcept {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(pos);
  if (lead < 0x80) return 1;
  // The range allowed for the second byte depends on the lead byte: this is
  // what excludes overlong forms (E0, F0), surrogates (ED) and code points
  // above U+10FFFF (F4) — Table 3-7 of the Unicode standard.
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3;
    high = 0x9F;
  } else if (lead == 0xF0) {
    length = 4;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    high = 0x8F;
  } else {
    consumed = 1;  // a stray continuation byte, C0, C1 or F5..FF
    return 0;
  }
  if (pos + 1 >= text.size() || at(pos + 1) < low || at(pos + 1) > high) {
    consumed = 1;
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (pos + i >= text.size() || !IsContinuation(at(pos + i))) {
      consumed = i;
      return 0;
    }
  }
  return length;
}

char* WriteJsonStringBody(std::string_view text, char* out) noexcept {
  const std::size_t size = text.size();
  const char* const data = text.data();
  std::size_t run_start = 0;
  std::size_t pos = 0;
  const auto flush_run = [&] {
    if (pos == run_start) return;  // also keeps a null `data` away from memcpy
    std::memcpy(out, data + run_start, pos - run_start);
    out += pos - run_start;
  };
  for (;;) {
    pos += PlainPrefix(data + pos, size - pos);
    if (pos >= size) break;
    const unsigned char c = static_cast<unsigned char>(data[pos]);
    if (kByteClasses[c] == kNonAscii) {
      std::size_t consumed = 0;
      const std::size_t length = Utf8SequenceLength(text, pos, consumed);
      if (length != 0) {
        pos += length;  // well-formed: stays in the plain run
        continue;
      }
      flush_run();
      std::memcpy(out, kReplacementCharacter.data(), kReplacementCharacter.size());
      out += kReplacementCharacter.size();
      pos += consumed;
      run_start = pos;
      continue;
    }
    flush_run();
    out = WriteEscaped(c, out);
    ++pos;
    run_start = pos;
  }
  flush_run();
  return out;
}

char* WriteInteger(std::int64_t value, char* out) noexcept {
  return std::to_chars(out, out + kMaxIntegerBytes, value).ptr;
}

char* WriteUnsigned(std::uint64_t value, char* out) noexcept {
  return std::to_chars(out, out + kMaxIntegerBytes, value).ptr;
}

}  // namespace witness::recorder::internal
