// errno in the words of Witness's messages: lower case, as in "cannot run
// 'x': no such file or directory".
#ifndef WITNESS_CLI_INTERNAL_SYSTEM_ERROR_TEXT_H_
#define WITNESS_CLI_INTERNAL_SYSTEM_ERROR_TEXT_H_

#include <string>

namespace witness::cli::internal {

// strerror's text with its first letter lowered (acronyms like "ENOSPC"
// style all-caps words are left alone). Thread-safe.
std::string SystemErrorText(int error_number);

}  // namespace witness::cli::internal

#endif  // WITNESS_CLI_INTERNAL_SYSTEM_ERROR_TEXT_H_
