// What the records of one file share: the file's name, the bytes their
// lines are read from, and the interned op and name strings.
//
// The reader fills a store; from then on it is read only, and every Record
// read from the file holds it, so its bytes live as long as any record does.
#ifndef WITNESS_RECORDER_INTERNAL_RECORD_STORE_H_
#define WITNESS_RECORDER_INTERNAL_RECORD_STORE_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "witness/recorder/record.h"

namespace witness::recorder::internal {

// Lets the reader move a record's text into a store's kept copies when it
// frees the chunk the text was in.
struct RecordText {
  static const char* Get(const Record& record) noexcept { return record.text_; }
  static void Set(Record& record, const char* text) noexcept { record.text_ = text; }
};

class RecordStore {
 public:
  explicit RecordStore(std::string file) : file_(std::move(file)) {}
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;
  ~RecordStore();

  const std::string& file() const noexcept { return file_; }

  // A buffer of `size` bytes that lives as long as the store. Large ones
  // are huge-page blocks (huge_page_allocator.h says why).
  char* NewChunk(std::size_t size);
  // Frees the chunk NewChunk returned last (no record refers to it).
  void DropLastChunk() noexcept;
  // Frees the chunk NewChunk returned last after copying the text of every
  // record of `records` that points into it; used when a few small records
  // would otherwise keep a large chunk of skipped bytes alive.
  template <typename Records>
  void CompactLastChunk(Records& records, std::size_t first) {
    if (chunks_.empty()) return;
    const Chunk& chunk = chunks_.back();
    for (std::size_t i = first; i < records.size(); ++i) {
      const char* text = RecordText::Get(records[i]);
      if (text < chunk.data || text >= chunk.data + chunk.size) continue;
      RecordText::Set(records[i], Keep(records[i].text()).data());
    }
    DropLastChunk();
  }

  // A copy of `text` that lives as long as the store.
  std::string_view Keep(std::string_view text);

  // The id of `value` (>= 1; the same value, the same id).
  std::uint32_t Intern(std::string_view value);
  // The value of an id; "" for 0. The same id, the same string object.
  const std::string& Interned(std::uint32_t id) const noexcept {
    return id == 0 ? Empty() : *values_[id - 1];
  }

 private:
  struct Chunk {
    char* data;
    std::size_t size;
    bool mapped;
  };
  static void Free(const Chunk& chunk) noexcept;

  std::string file_;
  std::vector<Chunk> chunks_;
  std::deque<std::string> kept_;
  std::deque<std::string> strings_;
  static const std::string& Empty() noexcept;

  std::vector<const std::string*> values_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_RECORD_STORE_H_
