#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "witness/matchers.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/printable.h"

namespace witness {
namespace {

// A file of garbage should not bury the test's output under thousands of
// failures: the rest are counted in one.
constexpr std::size_t kMaxReportedBadLines = 20;

void ReportBadLines(const recorder::Recording& recording) {
  const auto& diagnostics = recording.diagnostics;
  for (std::size_t i = 0; i < diagnostics.size() && i < kMaxReportedBadLines; ++i) {
    const recorder::Diagnostic& d = diagnostics[i];
    ADD_FAILURE_AT(d.where.file.c_str(), static_cast<int>(d.where.line))
        << "bad line in record file: " << matchers::internal::DiagnosticText(d)
        << "\n(read with witness::BadLines::kTolerate to accept bad lines)";
  }
  if (diagnostics.size() > kMaxReportedBadLines) {
    const recorder::Diagnostic& d = diagnostics[kMaxReportedBadLines];
    ADD_FAILURE_AT(d.where.file.c_str(), static_cast<int>(d.where.line))
        << diagnostics.size() - kMaxReportedBadLines << " more bad lines in record file, from "
        << d.where.ToString() << " on";
  }
}

}  // namespace

recorder::Recording ReadRecords(const std::string& path, BadLines bad_lines) {
  recorder::Recording recording = recorder::ReadRecordFile(path);
  if (bad_lines == BadLines::kFail) ReportBadLines(recording);
  return recording;
}

recorder::Recording ReadRecords(const std::vector<std::string>& paths, BadLines bad_lines) {
  recorder::Recording recording = recorder::ReadRecordFiles(paths);
  if (bad_lines == BadLines::kFail) ReportBadLines(recording);
  return recording;
}

std::vector<recorder::Record> CallRecords(const recorder::Recording& recording) {
  return std::vector<recorder::Record>(recording.begin(), recording.end());
}

namespace recorder {

namespace {

// As many elements as gtest prints of any container.
constexpr std::size_t kMaxPrintedRecords = 32;

}  // namespace

void PrintTo(const Record& record, std::ostream* os) {
  *os << matchers::internal::RecordText(record);
}

void PrintTo(const Record* record, std::ostream* os) {
  if (record == nullptr) {
    *os << "NULL";
  } else {
    PrintTo(*record, os);
  }
}

void PrintTo(const Recording& recording, std::ostream* os) {
  const matchers::internal::RecordSet set = matchers::internal::View(recording);
  *os << set.ordinary.size() << (set.ordinary.size() == 1 ? " record" : " records");
  if (!set.sessions.empty()) {
    *os << ", " << set.sessions.size()
        << (set.sessions.size() == 1 ? " session record" : " session records");
  }
  if (!recording.diagnostics.empty()) {
    *os << ", " << recording.diagnostics.size()
        << (recording.diagnostics.size() == 1 ? " bad line" : " bad lines");
  }
  if (!recording.files.empty()) {
    *os << " from ";
    for (std::size_t i = 0; i < recording.files.size(); ++i) {
      *os << (i > 0 ? ", " : "") << "'" << recorder::Printable(recording.files[i]) << "'";
    }
  }
  // gmock's container matchers name elements by index ("whose element #3
  // doesn't match"): the list says which record each index is.
  if (set.ordinary.empty()) return;
  *os << ":";
  for (std::size_t i = 0; i < set.ordinary.size() && i < kMaxPrintedRecords; ++i) {
    *os << "\n    #" << i << " " << matchers::internal::RecordText(*set.ordinary[i]);
  }
  if (set.ordinary.size() > kMaxPrintedRecords) {
    *os << "\n    ... and " << set.ordinary.size() - kMaxPrintedRecords << " more";
  }
}

}  // namespace recorder
}  // namespace witness
