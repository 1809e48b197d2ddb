#include "witness/cli/diff_command.h"

#include <stdexcept>

#include "witness/assertions/recording_diff.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

// Reads one side; a bad line is an input error naming where it is.
recorder::Recording ReadSide(const std::string& path) {
  recorder::Recording recording = recorder::ReadRecordFile(path);
  if (!recording.diagnostics.empty()) {
    const std::size_t more = recording.diagnostics.size() - 1;
    throw UsageError(
        "cannot compare '" + path + "': " + recording.diagnostics.front().ToString() +
        (more > 0 ? " (and " + std::to_string(more) + " more bad line" + (more > 1 ? "s" : "") + ")"
                  : ""));
  }
  return recording;
}

}  // namespace

DiffFormat ParseDiffFormat(std::string_view text) {
  if (text == "text") return DiffFormat::kText;
  if (text == "json") return DiffFormat::kJson;
  throw UsageError("invalid format '" + std::string(text) + "' for diff: expected text or json");
}

int RunDiffCommand(const DiffCommandOptions& options, std::ostream& out, std::ostream& err) {
  assertions::RecordingDiffOptions diff_options;
  for (const std::string& field : options.ignored_fields) {
    if (field.empty()) throw UsageError("--ignore needs a field name");
    diff_options.ignored_fields.insert(field);
  }
  if (options.file_a == recorder::kStandardInput && options.file_b == recorder::kStandardInput) {
    throw UsageError("only one of the two recordings can be read from standard input");
  }
  const recorder::Recording a = ReadSide(options.file_a);
  const recorder::Recording b = ReadSide(options.file_b);
  assertions::RecordingDiff diff;
  try {
    diff = assertions::DiffRecordings(a, b, diff_options);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--ignore: ") + e.what());
  }
  out << (options.format == DiffFormat::kJson ? assertions::RenderRecordingDiffJson(diff)
                                              : assertions::RenderRecordingDiffText(diff));
  out.flush();
  if (diff.Same()) return kExitPass;
  // The verdict counts what the output lists, per member (the first few).
  constexpr std::size_t kMembersNamed = 8;
  const std::size_t count = diff.DifferenceCount();
  err << "witness: '" << recorder::Printable(options.file_a) << "' and '"
      << recorder::Printable(options.file_b) << "' differ: " << count << " difference"
      << (count > 1 ? "s" : "") << " (";
  for (std::size_t i = 0; i < diff.members.size() && i < kMembersNamed; ++i) {
    const assertions::MemberDiff& member = diff.members[i];
    err << (i > 0 ? ", " : "")
        << (member.member ? recorder::Printable(*member.member) : "(no member)") << ": "
        << member.differences.size();
  }
  if (diff.members.size() > kMembersNamed) {
    err << ", " << diff.members.size() - kMembersNamed << " more members";
  }
  err << ")\n";
  return kExitFailed;
}

}  // namespace witness::cli
