// Newline-delimited messages over a connected stream socket: the framing of
// the minifleet protocol.
//
//   LineChannel channel(fd);               // takes ownership of fd
//   channel.Send(R"({"id":1,"op":"hello"})");
//   while (std::optional<std::string> line = channel.ReadLine()) Handle(*line);
//
// Thread-safety: Send may be called from any number of threads at once (each
// line goes out whole, never interleaved with another); ReadLine belongs to
// one reading thread. Shutdown* may be called from any thread, and
// ShutdownBoth from a signal handler.
#ifndef MINIFLEET_LINE_CHANNEL_H_
#define MINIFLEET_LINE_CHANNEL_H_

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace minifleet {

class LineChannel {
 public:
  // Takes ownership of `fd`, a connected SOCK_STREAM socket.
  explicit LineChannel(int fd);
  LineChannel(const LineChannel&) = delete;
  LineChannel& operator=(const LineChannel&) = delete;
  ~LineChannel();

  // The next line without its newline; nullopt when the peer has closed its
  // end (or the socket was shut down for reading). A final line without a
  // newline is a peer that died mid-message: it is dropped, and so reported
  // as the end of the stream. Throws ProtocolError for a line longer than
  // kMaxMessageBytes and for read errors other than a reset connection.
  std::optional<std::string> ReadLine();

  // Sends `line` and a newline. False when the peer is gone (EPIPE,
  // ECONNRESET): a gone peer is an expected event, not an exception.
  // Never raises SIGPIPE. Throws ProtocolError for a line containing a
  // newline or longer than kMaxMessageBytes.
  bool Send(std::string_view line);

  // No more sends: the peer's ReadLine returns nullopt once it has read
  // what was already sent.
  void ShutdownWrite() noexcept;
  // Wakes a blocked ReadLine (which then returns nullopt) and stops sends.
  // Async-signal-safe.
  void ShutdownBoth() noexcept;

  int fd() const noexcept { return fd_; }

 private:
  int fd_;
  std::string buffer_;       // bytes read past the last returned line
  std::size_t scanned_ = 0;  // prefix of buffer_ known to hold no newline
  std::mutex send_mutex_;
};

}  // namespace minifleet

#endif  // MINIFLEET_LINE_CHANNEL_H_
