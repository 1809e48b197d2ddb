// Reading a record file too large to hold as one Recording: the file is
// mapped and handed to the reader in pieces cut at line ends, so no record
// straddles two pieces and memory stays bounded by one piece's records.
//
//   ReadInPieces(path, 256 << 20, [&](const recorder::Recording& piece,
//                                    const PieceOrigin& origin) { Count(piece); });
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_RECORD_FILE_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_RECORD_FILE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "witness/recorder/reader.h"

namespace witness::reliability {

// Where a piece starts in the file: add these to the piece's (0-based offset,
// 1-based line) locations to get file positions.
struct PieceOrigin {
  std::uint64_t offset = 0;
  std::size_t lines_before = 0;
};

// A read-only mapping of a whole file; an empty file maps to an empty view.
// Throws std::runtime_error when the file cannot be opened or mapped.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const noexcept { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Calls `visit` for consecutive pieces of about `piece_bytes` (a single line
// longer than that is one piece). Returns the number of pieces.
std::size_t ReadInPieces(
    const std::string& path, std::size_t piece_bytes,
    const std::function<void(const recorder::Recording&, const PieceOrigin&)>& visit);

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_RECORD_FILE_H_
