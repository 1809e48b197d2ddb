#include "support/appenders.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>

#include "witness/recorder/writer.h"

namespace witness::bench {
namespace {

constexpr int kAppendFlags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC;

std::runtime_error SystemError(const std::string& what, const std::string& path, int error) {
  return std::runtime_error(what + " '" + path + "': " + std::strerror(error));
}

// One write(2) for the whole line; a short write is an error, as it is for
// Witness, never finished with a second write.
void WriteLine(int fd, const std::string& line, const std::string& path) {
  for (;;) {
    const ssize_t n = ::write(fd, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SystemError("cannot append to", path, errno);
    if (static_cast<std::size_t>(n) != line.size()) {
      throw std::runtime_error("short write to '" + path + "'");
    }
    return;
  }
}

class RawWriteAppender final : public Appender {
 public:
  explicit RawWriteAppender(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), kAppendFlags, 0600);
    if (fd_ < 0) throw SystemError("cannot open", path_, errno);
  }
  ~RawWriteAppender() override { ::close(fd_); }

  void Append(RecordStamper& stamper, std::uint64_t index) override {
    WriteLine(fd_, stamper.Line(index), path_);
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// What the reference Go fake does for every backend call: take its mutex,
// os.OpenFile(O_APPEND|O_CREATE|O_WRONLY), Write, Close.
class GoFakeAppender final : public Appender {
 public:
  explicit GoFakeAppender(std::string path) : path_(std::move(path)) {}

  void Append(RecordStamper& stamper, std::uint64_t index) override {
    const std::string& line = stamper.Line(index);
    std::lock_guard<std::mutex> lock(mutex_);
    const int fd = ::open(path_.c_str(), kAppendFlags, 0644);
    if (fd < 0) throw SystemError("cannot open", path_, errno);
    try {
      WriteLine(fd, line, path_);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) throw SystemError("cannot close", path_, errno);
  }

 private:
  std::string path_;
  std::mutex mutex_;
};

// spdlog with the pattern reduced to the message, so it writes the same
// bytes; flush_on(info) makes every record reach the file before log()
// returns, which a recorder must guarantee (the test reads the file next).
class SpdlogAppender final : public Appender {
 public:
  explicit SpdlogAppender(const std::string& path)
      : logger_("witness-bench",
                std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, /*truncate=*/false)) {
    logger_.set_pattern("%v");
    logger_.set_level(spdlog::level::info);
    logger_.flush_on(spdlog::level::info);
  }

  void Append(RecordStamper& stamper, std::uint64_t index) override {
    const std::string& line = stamper.Line(index);
    // spdlog adds the newline itself.
    logger_.log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size() - 1));
  }

 private:
  spdlog::logger logger_;
};

class StdioAppender final : public Appender {
 public:
  explicit StdioAppender(std::string path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "ae");
    if (file_ == nullptr) throw SystemError("cannot open", path_, errno);
  }
  ~StdioAppender() override { std::fclose(file_); }

  void Append(RecordStamper& stamper, std::uint64_t index) override {
    if (std::fputs(stamper.Line(index).c_str(), file_) == EOF || std::fflush(file_) == EOF) {
      throw SystemError("cannot append to", path_, errno);
    }
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

class WitnessAppender final : public Appender {
 public:
  explicit WitnessAppender(const std::string& path) : writer_(recorder::Writer::Open(path)) {}

  void Append(RecordStamper& stamper, std::uint64_t index) override {
    writer_->Append(stamper.EventFor(index));
  }

 private:
  std::shared_ptr<recorder::Writer> writer_;
};

}  // namespace

std::string_view VariantName(Variant variant) noexcept {
  switch (variant) {
    case Variant::kRawWrite: return "raw_write";
    case Variant::kGoFake: return "go_fake";
    case Variant::kSpdlog: return "spdlog";
    case Variant::kStdio: return "stdio";
    case Variant::kWitness: return "witness";
  }
  return "?";
}

LineTail ExpectedTail(Variant variant) noexcept {
  return variant == Variant::kWitness ? LineTail::kProvenance : LineTail::kExact;
}

std::unique_ptr<Appender> MakeAppender(Variant variant, const std::string& path) {
  switch (variant) {
    case Variant::kRawWrite: return std::make_unique<RawWriteAppender>(path);
    case Variant::kGoFake: return std::make_unique<GoFakeAppender>(path);
    case Variant::kSpdlog: return std::make_unique<SpdlogAppender>(path);
    case Variant::kStdio: return std::make_unique<StdioAppender>(path);
    case Variant::kWitness: return std::make_unique<WitnessAppender>(path);
  }
  throw std::invalid_argument("unknown append variant");
}

}  // namespace witness::bench
