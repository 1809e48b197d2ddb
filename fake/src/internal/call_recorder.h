// Turns backend calls into records, shared by FakeBackend and
// RecordingBackend so both write exactly the same format.
//
//   auto recorder = std::make_shared<CallRecorder>("/tmp/run/record.jsonl");
//   recorder::Event stop = CallEvent(recorder::ops::kStop, "web-1");
//   recorder->Record(stop, CallName(stop));  // throws BackendError
#ifndef WITNESS_BACKEND_INTERNAL_CALL_RECORDER_H_
#define WITNESS_BACKEND_INTERNAL_CALL_RECORDER_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "witness/backend/backend.h"
#include "witness/recorder/writer.h"

namespace witness::backend::internal {

// Where the records of one backend go. Thread-safe; shared (by
// shared_ptr) between a backend and the networks and VMs it made, so
// those may outlive the backend.
class CallRecorder {
 public:
  // Recording off: Record() does nothing.
  CallRecorder() = default;
  // Records to the file at `path` ("" turns recording off). The file is
  // opened now, so this process's session record is written even if no
  // call follows; when that fails, every Record() retries the open and
  // throws its error until it succeeds.
  explicit CallRecorder(std::string path);
  // Records to `writer`, which must not be null.
  explicit CallRecorder(std::shared_ptr<recorder::Writer> writer);

  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;

  bool enabled() const noexcept { return !path_.empty(); }
  const std::string& path() const noexcept { return path_; }

  // Appends `event`. A record that cannot be written throws BackendError
  // "cannot record <call>: <the recorder's message>", so a broken recorder
  // fails the backend call instead of letting a test pass without records.
  void Record(const recorder::Event& event, std::string_view call) const;

 private:
  std::shared_ptr<recorder::Writer> AcquireWriter() const;

  std::string path_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<recorder::Writer> writer_;
};

// An event with only op and name set.
recorder::Event CallEvent(std::string_view op, std::string_view name);

// The create event carrying every field of `config`; its views point into
// `config`, which must outlive it.
recorder::Event CreateEvent(const Config& config);

// How messages name a call: "create 'web-1'", "close network".
std::string CallName(const recorder::Event& event);

}  // namespace witness::backend::internal

#endif  // WITNESS_BACKEND_INTERNAL_CALL_RECORDER_H_
