// A file descriptor closed when its owner goes away, on every path out:
// the reader, the writer's open and the child-process code share it.
//
//   UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
//   if (!fd) return Fail(errno);
//   ::read(fd.get(), ...);            // closed when fd goes out of scope
#ifndef WITNESS_RECORDER_INTERNAL_UNIQUE_FD_H_
#define WITNESS_RECORDER_INTERNAL_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace witness::recorder::internal {

class UniqueFd {
 public:
  UniqueFd() noexcept = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Gives the descriptor up without closing it.
  int release() noexcept { return std::exchange(fd_, -1); }
  // Closes the descriptor held (if any) and holds `fd` instead.
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_UNIQUE_FD_H_
