// The writer's own bookkeeping records (session, session_end), serialised
// with the same rules as FormatRecord. Not API.
#ifndef WITNESS_RECORDER_INTERNAL_SESSION_LINES_H_
#define WITNESS_RECORDER_INTERNAL_SESSION_LINES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace witness::recorder::internal {

// {"op":"session","pid":P,"ts_ns":T,"schema":1,"argv0":"...","host":"..."}\n
void FormatSessionRecord(std::int64_t pid, std::int64_t ts_ns, std::string_view argv0,
                         std::string_view host, std::string& out);

// {"op":"session_end","pid":P,"ts_ns":T,"records":N,"write_errors":E}\n
void FormatSessionEndRecord(std::int64_t pid, std::int64_t ts_ns, std::uint64_t records,
                            std::uint64_t write_errors, std::string& out);

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_SESSION_LINES_H_
