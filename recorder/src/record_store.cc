#include "witness/recorder/internal/record_store.h"

#include <sys/mman.h>

#include <new>

namespace witness::recorder::internal {
namespace {

constexpr std::size_t kHugePageBytes = 2u << 20;

}  // namespace

const std::string& RecordStore::Empty() noexcept {
  static const std::string empty;
  return empty;
}

RecordStore::~RecordStore() {
  for (const Chunk& chunk : chunks_) Free(chunk);
}

void RecordStore::Free(const Chunk& chunk) noexcept {
  if (chunk.mapped) {
    ::munmap(chunk.data, chunk.size);
  } else {
    delete[] chunk.data;
  }
}

char* RecordStore::NewChunk(std::size_t size) {
  if (size >= kHugePageBytes) {
    void* memory =
        ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::bad_alloc();
    // Advice only: where huge pages are off, the chunk is ordinary memory.
    ::madvise(memory, size, MADV_HUGEPAGE);
    chunks_.push_back(Chunk{static_cast<char*>(memory), size, true});
  } else {
    chunks_.push_back(Chunk{new char[size == 0 ? 1 : size], size, false});
  }
  return chunks_.back().data;
}

void RecordStore::DropLastChunk() noexcept {
  if (chunks_.empty()) return;
  Free(chunks_.back());
  chunks_.pop_back();
}

std::string_view RecordStore::Keep(std::string_view text) {
  return kept_.emplace_back(text);
}

std::uint32_t RecordStore::Intern(std::string_view value) {
  const auto found = ids_.find(value);
  if (found != ids_.end()) return found->second;
  const std::string& stored = strings_.emplace_back(value);
  values_.push_back(&stored);
  const auto id = static_cast<std::uint32_t>(values_.size());
  ids_.emplace(stored, id);
  return id;
}

}  // namespace witness::recorder::internal
