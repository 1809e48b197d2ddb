// Walking the call records of a recording: the records of backend calls, in
// recording order, with the writer's own session records stepped over.
//
//   const Recording rec = ReadRecordFile(path);
//   for (const Record& call : rec) Use(call);   // Recording::begin() and end()
//
// Recording::begin() and end() hand these out, which is what makes a
// Recording a container to gmock's Contains, Each and ElementsAre. The
// iterator points into the records it was made from: it is invalidated
// when they are moved or changed, as a std::vector's own iterators are.
#ifndef WITNESS_RECORDER_CALL_RECORD_ITERATOR_H_
#define WITNESS_RECORDER_CALL_RECORD_ITERATOR_H_

#include <cstddef>
#include <iterator>

#include "witness/recorder/format.h"
#include "witness/recorder/record.h"

namespace witness::recorder {

// A forward iterator over the records in [first, last) that are not session
// records. A default-constructed iterator is equal to any iterator that has
// reached its end.
class CallRecordIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Record;
  using difference_type = std::ptrdiff_t;
  using pointer = const Record*;
  using reference = const Record&;

  CallRecordIterator() noexcept = default;
  CallRecordIterator(const Record* first, const Record* last) noexcept : at_(first), last_(last) {
    SkipSessionRecords();
  }

  reference operator*() const noexcept { return *at_; }
  pointer operator->() const noexcept { return at_; }

  CallRecordIterator& operator++() noexcept {
    ++at_;
    SkipSessionRecords();
    return *this;
  }
  CallRecordIterator operator++(int) noexcept {
    CallRecordIterator before = *this;
    ++*this;
    return before;
  }

  friend bool operator==(const CallRecordIterator& a, const CallRecordIterator& b) noexcept {
    return a.Position() == b.Position();
  }
  friend bool operator!=(const CallRecordIterator& a, const CallRecordIterator& b) noexcept {
    return !(a == b);
  }

 private:
  // Op() is interned at read time, so the test costs no scan of the line.
  void SkipSessionRecords() noexcept {
    while (at_ != last_ && IsSessionOp(at_->Op())) ++at_;
  }
  // An iterator at its end compares as the default-constructed one.
  const Record* Position() const noexcept { return at_ == last_ ? nullptr : at_; }

  const Record* at_ = nullptr;
  const Record* last_ = nullptr;
};

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_CALL_RECORD_ITERATOR_H_
