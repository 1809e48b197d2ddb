#include "minifleet/line_channel.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "minifleet/protocol.h"

namespace minifleet {

LineChannel::LineChannel(int fd) : fd_(fd) {}

LineChannel::~LineChannel() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> LineChannel::ReadLine() {
  for (;;) {
    std::size_t newline = buffer_.find('\n', scanned_);
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      scanned_ = 0;
      return line;
    }
    scanned_ = buffer_.size();
    if (buffer_.size() > kMaxMessageBytes) {
      throw ProtocolError("message longer than " + std::to_string(kMaxMessageBytes) + " bytes");
    }
    char chunk[16384];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return std::nullopt;  // a partial last line is dropped: see header
    if (errno == EINTR) continue;
    if (errno == ECONNRESET) return std::nullopt;
    throw ProtocolError(std::string("cannot read from the peer: ") + std::strerror(errno));
  }
}

bool LineChannel::Send(std::string_view line) {
  if (line.find('\n') != std::string_view::npos) {
    throw ProtocolError("a message may not contain a newline");
  }
  if (line.size() > kMaxMessageBytes) {
    throw ProtocolError("message longer than " + std::to_string(kMaxMessageBytes) + " bytes");
  }
  std::string framed;
  framed.reserve(line.size() + 1);
  framed.append(line);
  framed.push_back('\n');
  // One lock per line: a stream socket may accept a large line in several
  // pieces, and another thread's line must not land between them.
  std::lock_guard<std::mutex> lock(send_mutex_);
  std::size_t sent = 0;
  while (sent < framed.size()) {
    ssize_t n = ::send(fd_, framed.data() + sent, framed.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EPIPE || errno == ECONNRESET) return false;
    throw ProtocolError(std::string("cannot write to the peer: ") + std::strerror(errno));
  }
  return true;
}

void LineChannel::ShutdownWrite() noexcept { ::shutdown(fd_, SHUT_WR); }

void LineChannel::ShutdownBoth() noexcept { ::shutdown(fd_, SHUT_RDWR); }

}  // namespace minifleet
