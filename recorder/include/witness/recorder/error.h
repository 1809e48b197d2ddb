// The one base of every error Witness throws, so a caller (and the witness
// command) catches one type. Messages are lower case and say what could not
// be done and why: "cannot open record file '/x': permission denied".
//
//   try { ... } catch (const witness::Error& e) { std::cerr << "witness: " << e.what() << "\n"; }
//
// It lives in the recorder because every other Witness library depends on
// the recorder. The backend interface's BackendError is not one: real
// backends throw it too, and the interface depends on nothing.
#ifndef WITNESS_RECORDER_ERROR_H_
#define WITNESS_RECORDER_ERROR_H_

#include <stdexcept>

namespace witness {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace witness

#endif  // WITNESS_RECORDER_ERROR_H_
