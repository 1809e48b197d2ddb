#include "harness/record_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace witness::reliability {

MappedFile::MappedFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open '" + path + "': " + strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    int error = errno;
    close(fd);
    throw std::runtime_error("cannot stat '" + path + "': " + strerror(error));
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* data = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
      int error = errno;
      close(fd);
      throw std::runtime_error("cannot map '" + path + "': " + strerror(error));
    }
    data_ = static_cast<const char*>(data);
  }
  close(fd);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) munmap(const_cast<char*>(data_), size_);
}

std::size_t ReadInPieces(
    const std::string& path, std::size_t piece_bytes,
    const std::function<void(const recorder::Recording&, const PieceOrigin&)>& visit) {
  MappedFile file(path);
  std::string_view bytes = file.bytes();
  PieceOrigin origin;
  std::size_t pieces = 0;
  while (origin.offset < bytes.size()) {
    std::size_t begin = static_cast<std::size_t>(origin.offset);
    std::size_t end = std::min(bytes.size(), begin + piece_bytes);
    if (end < bytes.size()) {
      // Cut after the last newline in the piece, or after the first one
      // beyond it when a single line is longer than a piece.
      std::size_t newline = bytes.rfind('\n', end - 1);
      if (newline == std::string_view::npos || newline < begin) newline = bytes.find('\n', end);
      end = newline == std::string_view::npos ? bytes.size() : newline + 1;
    }
    std::string_view piece = bytes.substr(begin, end - begin);
    visit(recorder::ParseRecords(piece, path), origin);
    ++pieces;
    origin.lines_before += static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '\n'));
    origin.offset = end;
  }
  return pieces;
}

}  // namespace witness::reliability
