// JSON string escaping shared by the record writer (the hot path) and the
// reader's excerpts. Not API: may change without notice.
#ifndef WITNESS_RECORDER_INTERNAL_JSON_TEXT_H_
#define WITNESS_RECORDER_INTERNAL_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace witness::recorder::internal {

// The most bytes one input byte can become: a control character is
// written as \u00XX; an ill-formed byte becomes U+FFFD (3 bytes).
inline constexpr std::size_t kMaxEscapedBytesPerByte = 6;
// The most bytes a 64-bit integer takes in decimal, sign included.
inline constexpr std::size_t kMaxIntegerBytes = 20;

// Writes `text` at `out` as the inside of a JSON string (no quotes) and
// returns the end; `out` must have room for kMaxEscapedBytesPerByte bytes
// per byte of `text`. `"`, `\` and control characters (U+0000..U+001F,
// U+007F) are escaped; every maximal ill-formed UTF-8 subsequence
// (overlong forms, surrogates, code points above U+10FFFF, truncated or
// stray bytes) becomes one U+FFFD, as the Unicode standard recommends, so
// the output is always valid UTF-8.
char* WriteJsonStringBody(std::string_view text, char* out) noexcept;

// Copies `text` to `out` unchanged (exactly text.size() bytes) and returns
// true when that copy is a valid JSON string body: false when a byte of it
// needs escaping or UTF-8 validation, and WriteJsonStringBody must write it.
bool CopyIfPlain(std::string_view text, char* out) noexcept;

// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 when
// the bytes there are ill-formed. `consumed` receives the length of the
// maximal ill-formed subpart (>= 1) when 0 is returned.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos,
                               std::size_t& consumed) noexcept;

// Appends the UTF-8 encoding of code point `code` (at most U+10FFFF).
void AppendUtf8(std::uint32_t code, std::string& out);

// Writes the decimal form of `value` (at most kMaxIntegerBytes) at `out`
// and returns the end.
char* WriteInteger(std::int64_t value, char* out) noexcept;
char* WriteUnsigned(std::uint64_t value, char* out) noexcept;

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_JSON_TEXT_H_
