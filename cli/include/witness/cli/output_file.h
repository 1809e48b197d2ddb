// Writing a report or a snapshot to the file the user named, whole or not
// at all: a CI job that collects report.xml never sees half a document.
//
//   WriteOutputFile("build/witness-junit/solo.xml", RenderJunit(report));
#ifndef WITNESS_CLI_OUTPUT_FILE_H_
#define WITNESS_CLI_OUTPUT_FILE_H_

#include <optional>
#include <string>
#include <string_view>

namespace witness::cli {

// Writes `content` to a temporary file next to `path`, then renames it over
// `path` (mode 0644 before umask). Missing parent directories are created.
// Throws UsageError: "cannot write 'out/report.xml': permission denied".
void WriteOutputFile(const std::string& path, std::string_view content);

// Appends `content` to `path`, creating it (mode 0644 before umask) and its
// missing parent directories. For files several writers add to in turn,
// such as a CI job's summary. Throws UsageError as WriteOutputFile does.
void AppendOutputFile(const std::string& path, std::string_view content);

// The bytes of `path`, or nullopt when it cannot be opened or read (errno
// then says why). The counterpart of WriteOutputFile for the commands that
// read a scenario or a pending update whole.
std::optional<std::string> ReadWholeFile(const std::string& path);

}  // namespace witness::cli

#endif  // WITNESS_CLI_OUTPUT_FILE_H_
