// The error a subcommand throws for bad arguments or input it cannot use
// (exit code 2), as opposed to a scenario that was checked and failed.
//
//   if (text.empty()) throw UsageError("--var needs KEY=VALUE, got ''");
#ifndef WITNESS_CLI_USAGE_ERROR_H_
#define WITNESS_CLI_USAGE_ERROR_H_

#include <stdexcept>

#include "witness/recorder/error.h"

namespace witness::cli {

// what() is one lower-case line, printed after "witness: ".
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace witness::cli

#endif  // WITNESS_CLI_USAGE_ERROR_H_
