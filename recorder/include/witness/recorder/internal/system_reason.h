// The system's reason for an errno, in the lower-case style of Witness
// messages ("no such file or directory"). Not API.
#ifndef WITNESS_RECORDER_INTERNAL_SYSTEM_REASON_H_
#define WITNESS_RECORDER_INTERNAL_SYSTEM_REASON_H_

#include <string>

namespace witness::recorder::internal {

// strerror(error_number) with its first letter lowered, unless the first
// word is an acronym ("I/O error" stays as it is). Thread-safe.
std::string SystemReason(int error_number);

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_SYSTEM_REASON_H_
