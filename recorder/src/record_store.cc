#include "witness/recorder/internal/record_store.h"

#include "witness/recorder/huge_page_allocator.h"

namespace witness::recorder::internal {
const std::string& RecordStore::Empty() noexcept {
  static const std::string empty;
  return empty;
}

RecordStore::~RecordStore() {
  for (const Chunk& chunk : chunks_) Free(chunk);
}

void RecordStore::Free(const Chunk& chunk) noexcept {
  if (chunk.mapped) {
    FreeHugePageBlock(chunk.data, chunk.size);
  } else {
    delete[] chunk.data;
  }
}

char* RecordStore::NewChunk(std::size_t size) {
  if (size >= kHugePageBlockBytes) {
    chunks_.push_back(Chunk{static_cast<char*>(AllocateHugePageBlock(size)), size, true});
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
