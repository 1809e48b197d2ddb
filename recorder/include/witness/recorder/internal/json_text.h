// JSON string escaping shared by the record writer (the hot path) and the
// reader's excerpts. Not API: may change without notice.
#ifndef WITNESS_RECORDER_INTERNAL_JSON_TEXT_H_
#define WITNESS_RECORDER_INTERNAL_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace witness::recorder::internal {

// Appends `text` to `out` as the inside of a JSON string (no quotes): `"`,
// `\` and control characters (U+0000..U+001F, U+007F) are escaped; every
// maximal ill-formed UTF-8 subsequence (overlong forms, surrogates, code
// points above U+10FFFF, truncated or stray bytes) becomes one U+FFFD, as
// the Unicode standard recommends, so the output is always valid UTF-8.
void AppendJsonStringBody(std::string_view text, std::string& out);

// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 when
// the bytes there are ill-formed. `consumed` receives the length of the
// maximal ill-formed subpart (>= 1) when 0 is returned.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos,
                               std::size_t& consumed) noexcept;

// Appends the decimal form of `value`.
void AppendInteger(std::int64_t value, std::string& out);
void AppendUnsigned(std::uint64_t value, std::string& out);

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_JSON_TEXT_H_
