#include "internal/call_recorder.h"

#include <stdexcept>
#include <utility>

#include "witness/recorder/format.h"

namespace witness::backend::internal {

CallRecorder::CallRecorder(std::string path) : path_(std::move(path)) {
  if (path_.empty()) return;
  try {
    writer_ = recorder::Writer::Open(path_);
  } catch (const recorder::RecordWriteError&) {
    // Deliberately deferred: the first recorded call reports it, naming the
    // call, and so does every later one until the file can be opened.
  }
}

CallRecorder::CallRecorder(std::shared_ptr<recorder::Writer> writer)
    : writer_(std::move(writer)) {
  if (!writer_) throw std::invalid_argument("record writer is null");
  path_ = writer_->path();
}

std::shared_ptr<recorder::Writer> CallRecorder::AcquireWriter() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!writer_) writer_ = recorder::Writer::Open(path_);
  return writer_;
}

void CallRecorder::Record(const recorder::Event& event, std::string_view call) const {
  if (!enabled()) return;
  try {
    AcquireWriter()->Append(event);
  } catch (const recorder::RecordWriteError& e) {
    throw BackendError("cannot record " + std::string(call) + ": " + e.what());
  }
}

recorder::Event CallEvent(std::string_view op, std::string_view name) {
  recorder::Event event;
  event.op = op;
  event.name = name;
  return event;
}

recorder::Event CreateEvent(const Config& config) {
  recorder::Event event = CallEvent(recorder::ops::kCreate, config.name);
  event.disk_path = config.disk_path;
  event.seed_path = config.seed_path;
  event.efi_path = config.efi_path;
  event.fixture_paths.assign(config.fixture_paths.begin(), config.fixture_paths.end());
  event.assigned_ip = config.assigned_ip;
  event.mac = config.mac;
  event.cpus = config.cpus;
  event.memory_bytes = config.memory_bytes;
  event.serial_log_path = config.serial_log_path;
  return event;
}

std::string CallName(const recorder::Event& event) {
  std::string name(event.op);
  if (event.op == recorder::ops::kClose) return name + " network";
  name += " '";
  name += event.name;
  name += "'";
  return name;
}

}  // namespace witness::backend::internal
