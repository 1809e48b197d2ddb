// JSON string escaping and integers for record lines. The writer calls this
// for every string of every record, so the common case (printable ASCII) is
// judged and copied sixteen bytes a step; only the bytes that need escaping
// or UTF-8 validation are looked at one by one.
#include "witness/recorder/internal/json_text.h"

#include <array>
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

constexpr std::array<std::uint8_t, 256> MakeByteClasses() noexcept {
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

// The plain prefix of a string shorter than 16 bytes (most values: ops,
// names, MACs, addresses). Two overlapping 8- or 4-byte words judge it
// whole without reading past its end; only a string holding a special byte
// is walked byte by byte.
std::size_t CopyShortPlainPrefix(const char* text, std::size_t size, char* out) noexcept {
  if (size >= 8) {
    std::uint64_t head;
    std::uint64_t tail;
    std::memcpy(&head, text, 8);
    std::memcpy(&tail, text + size - 8, 8);
    if (!MayNeedAttention(head) && !MayNeedAttention(tail)) {
      std::memcpy(out, &head, 8);
      std::memcpy(out + size - 8, &tail, 8);
      return size;
    }
  } else if (size >= 4) {
    std::uint32_t head;
    std::uint32_t tail;
    std::memcpy(&head, text, 4);
    std::memcpy(&tail, text + size - 4, 4);
    // Widened with a plain space byte pattern, so only the copied bytes count.
    constexpr std::uint64_t kSpaces = 0x2020202000000000ull;
    if (!MayNeedAttention(head | kSpaces) && !MayNeedAttention(tail | kSpaces)) {
      std::memcpy(out, &head, 4);
      std::memcpy(out + size - 4, &tail, 4);
      return size;
    }
  }
  std::size_t i = 0;
  while (i < size && kByteClasses[static_cast<unsigned char>(text[i])] == kPlain) {
    out[i] = text[i];
    ++i;
  }
  return i;
}

#if defined(__SSE2__)
// Bit i is set when byte i of `bytes` is not plain. Signed comparison: below
// 0x20 catches the control characters and, as negative numbers, every byte
// from 0x80 up.
unsigned NotPlainMask(__m128i bytes) noexcept {
  const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                                    _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'))),
                                       _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\')),
                                                    _mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x7F))));
  return static_cast<unsigned>(_mm_movemask_epi8(special));
}
#endif

// Copies the plain bytes at the start of `text` (of `size`) to `out` and
// returns how many there were. Bytes past that count may be stored too, but
// never past out + size, which the caller's room always covers; whatever
// follows the plain prefix is written over them.
std::size_t CopyPlainPrefix(const char* text, std::size_t size, char* out) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step, stored before they are judged: the first special
  // byte ends the run, and what was stored past it is overwritten next.
  for (; i + 16 <= size; i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bytes);
    const unsigned mask = NotPlainMask(bytes);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  const std::size_t rest = size - i;
  if (rest == 0) return i;
  if (i != 0) {
    // The last 16 bytes, overlapping bytes already judged plain: rewriting
    // them with the same values costs less than a byte loop.
    const std::size_t from = size - 16;
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + from));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + from), bytes);
    const unsigned mask = NotPlainMask(bytes) >> (16 - rest);
    return mask == 0 ? size : i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  return CopyShortPlainPrefix(text, size, out);
#else
  if (size < 16) return CopyShortPlainPrefix(text, size, out);
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text + i, sizeof word);
    if (MayNeedAttention(word)) break;
  }
  while (i < size && kByteClasses[static_cast<unsigned char>(text[i])] == kPlain) ++i;
  if (i != 0) std::memcpy(out, text, i);
  return i;
#endif
}

}  // namespace

// No early exit and no escaping code: the bytes are copied in as few moves
// as their length allows while one flag gathers whether any needs
// attention. The caller checks that flag once per record.
bool CopyIfPlain(std::string_view text, char* out) noexcept {
  const char* const data = text.data();
  const std::size_t size = text.size();
#if defined(__SSE2__)
  if (size >= 16) {
    unsigned special = 0;
    for (std::size_t i = 0; i + 16 < size; i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bytes);
      special |= NotPlainMask(bytes);
    }
    // The last sixteen, overlapping bytes already copied.
    const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + size - 16));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + size - 16), last);
    return (special | NotPlainMask(last)) == 0;
  }
#endif
  if (size >= 8) {
    bool special = false;
    std::uint64_t word;
    for (std::size_t i = 0; i + 8 < size; i += 8) {
      std::memcpy(&word, data + i, 8);
      std::memcpy(out + i, &word, 8);
      special |= MayNeedAttention(word);
    }
    std::memcpy(&word, data + size - 8, 8);
    std::memcpy(out + size - 8, &word, 8);
    return !(special | MayNeedAttention(word));
  }
  if (size >= 4) {
    std::uint32_t head;
    std::uint32_t tail;
    std::memcpy(&head, data, 4);
    std::memcpy(&tail, data + size - 4, 4);
    std::memcpy(out, &head, 4);
    std::memcpy(out + size - 4, &tail, 4);
    // Widened with plain spaces, so only the copied bytes count.
    constexpr std::uint64_t kSpaces = 0x2020202000000000ull;
    return !(MayNeedAttention(head | kSpaces) | MayNeedAttention(tail | kSpaces));
  }
  bool special = false;
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = data[i];
    special |= kByteClasses[static_cast<unsigned char>(data[i])] != kPlain;
  }
  return !special;
}

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

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

namespace {

// The rest of a string from text[pos], the first byte that is not plain;
// `out` is where that byte goes.
char* WriteFromSpecialByte(std::string_view text, std::size_t pos, char* out) noexcept {
  const std::size_t size = text.size();
  const char* const data = text.data();
  while (pos < size) {
    const unsigned char c = static_cast<unsigned char>(data[pos]);
    if (kByteClasses[c] == kNonAscii) {
      std::size_t consumed = 0;
      const std::size_t length = Utf8SequenceLength(text, pos, consumed);
      if (length != 0) {
        std::memcpy(out, data + pos, length);  // well-formed: copied as it is
        out += length;
        pos += length;
      } else {
        std::memcpy(out, kReplacementCharacter.data(), kReplacementCharacter.size());
        out += kReplacementCharacter.size();
        pos += consumed;
      }
    } else {
      out = WriteEscaped(c, out);
      ++pos;
    }
    const std::size_t plain = CopyPlainPrefix(data + pos, size - pos, out);
    pos += plain;
    out += plain;
  }
  return out;
}

}  // namespace

char* WriteJsonStringBody(std::string_view text, char* out) noexcept {
  const std::size_t plain = CopyPlainPrefix(text.data(), text.size(), out);
  if (plain == text.size()) return out + plain;
  return WriteFromSpecialByte(text, plain, out + plain);
}

namespace {

// "00" "01" ... "99": two digits per step instead of one.
constexpr std::array<char, 200> MakeDigitPairs() {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}
constexpr std::array<char, 200> kDigitPairs = MakeDigitPairs();

constexpr std::array<std::uint64_t, 20> MakePowersOfTen() {
  std::array<std::uint64_t, 20> powers{};
  std::uint64_t power = 1;
  for (std::uint64_t& entry : powers) {
    entry = power;
    power *= 10;
  }
  return powers;
}
constexpr std::array<std::uint64_t, 20> kPowersOfTen = MakePowersOfTen();

// The number of decimal digits of `value`, from its bit length: 1233/4096
// is just above log10(2), so the guess is the count or one less. (Zero is
// taken as one, which has as many digits.)
int DecimalDigits(std::uint64_t value) noexcept {
  const std::uint64_t nonzero = value | 1;
  const int guess = ((64 - __builtin_clzll(nonzero)) * 1233) >> 12;
  return guess + (nonzero >= kPowersOfTen[static_cast<std::size_t>(guess)] ? 1 : 0);
}

// Writes the digit pairs of `value` backwards, ending at `end`, and returns
// where they begin.
char* WritePairsBackwards(std::uint32_t value, char* end) noexcept {
  while (value >= 100) {
    end -= 2;
    std::memcpy(end, &kDigitPairs[2 * (value % 100)], 2);
    value /= 100;
  }
  if (value >= 10) {
    end -= 2;
    std::memcpy(end, &kDigitPairs[2 * value], 2);
  } else {
    *--end = static_cast<char>('0' + value);
  }
  return end;
}

// Exactly eight digits of `value` (< 10^8), zeros in front: the four pairs
// come from independent 32-bit divisions, which the processor overlaps.
void WriteEightDigits(std::uint32_t value, char* out) noexcept {
  const std::uint32_t high = value / 10000;
  const std::uint32_t low = value % 10000;
  std::memcpy(out, &kDigitPairs[2 * (high / 100)], 2);
  std::memcpy(out + 2, &kDigitPairs[2 * (high % 100)], 2);
  std::memcpy(out + 4, &kDigitPairs[2 * (low / 100)], 2);
  std::memcpy(out + 6, &kDigitPairs[2 * (low % 100)], 2);
}

}  // namespace

// Every record carries a seq and a 19-digit ts_ns. The count of digits is
// known first, so they are written in place from the last: blocks of eight
// split off in 64-bit arithmetic and written in 32-bit, the rest in pairs.
// Kept small on purpose: after the write(2) of the previous record this
// code is out of the instruction cache, and every line of it costs. (Next
// to real appends, the 8-digit blocks measured ~10 ns a record cheaper
// than one loop of pairs, and a table-free SWAR version no cheaper.)
char* WriteUnsigned(std::uint64_t value, char* out) noexcept {
  constexpr std::uint64_t kEightDigits = 100000000;
  char* const end = out + DecimalDigits(value);
  if (value < kEightDigits) {
    WritePairsBackwards(static_cast<std::uint32_t>(value), end);
    return end;
  }
  WriteEightDigits(static_cast<std::uint32_t>(value % kEightDigits), end - 8);
  value /= kEightDigits;
  if (value >= kEightDigits) {
    WriteEightDigits(static_cast<std::uint32_t>(value % kEightDigits), end - 16);
    value /= kEightDigits;
    WritePairsBackwards(static_cast<std::uint32_t>(value), end - 16);
  } else {
    WritePairsBackwards(static_cast<std::uint32_t>(value), end - 8);
  }
  return end;
}

char* WriteInteger(std::int64_t value, char* out) noexcept {
  if (value >= 0) return WriteUnsigned(static_cast<std::uint64_t>(value), out);
  *out++ = '-';
  // Negated in unsigned arithmetic: -INT64_MIN does not fit an int64_t.
  return WriteUnsigned(0 - static_cast<std::uint64_t>(value), out);
}

void AppendUtf8(std::uint32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace witness::recorder::internal
