// Records and values as failure messages quote them, one rule for every
// output (`witness check`, the reports, the C++ matchers): compact JSON, a
// record's `op` and `name` first as writers put them, control bytes escaped
// (recorder::PrintableJson), and text past a limit cut on a UTF-8 boundary
// with the full size said.
//
//   ValueExcerpt(json("web-1"))        // "\"web-1\""
//   RecordExcerpt(record, 400)         // {"op":"create","name":"web-1",...}
#ifndef WITNESS_RECORDER_EXCERPT_H_
#define WITNESS_RECORDER_EXCERPT_H_

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "witness/recorder/record.h"

namespace witness::recorder {

// How much of a record or value a failure message quotes by default.
inline constexpr std::size_t kExcerptBytes = 400;

std::string ValueExcerpt(const nlohmann::json& value, std::size_t limit = kExcerptBytes);
std::string RecordExcerpt(const Record& record, std::size_t limit = kExcerptBytes);

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_EXCERPT_H_
