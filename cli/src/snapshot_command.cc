#include "witness/cli/snapshot_command.h"

#include <cstdlib>

#include "witness/assertions/snapshot.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

std::string Stem(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  std::size_t dot = base.find('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base.empty() ? "snapshot" : base;
}

}  // namespace

int RunSnapshotCommand(const SnapshotCommandOptions& options, std::ostream& out,
                       std::ostream& err) {
  assertions::SnapshotOptions snapshot;
  snapshot.name = options.name ? *options.name : Stem(options.record_files.front());
  for (const std::string& name : options.env_variables) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || value[0] == '\0') {
      throw UsageError("--var-from-env " + name + ": the environment variable " + name +
                       " is not set");
    }
    snapshot.path_variables[name] = value;
  }

  recorder::Recording recording = recorder::ReadRecordFiles(options.record_files);
  if (recording.CallRecords().empty()) {
    // A scenario of nothing would pass on any recording, an empty one too.
    throw UsageError("nothing to snapshot: no backend call recorded in '" +
                     options.record_files.front() + "'" +
                     (options.record_files.size() > 1 ? " and the other files" : ""));
  }
  for (const recorder::Diagnostic& d : recording.diagnostics) {
    err << "witness: warning: left out of the snapshot: " << recorder::Printable(d.ToString())
        << "\n";
  }

  std::string yaml = assertions::SnapshotScenario(recording, snapshot);
  if (options.output_file) {
    WriteOutputFile(*options.output_file, yaml);
  } else {
    out << yaml;
    out.flush();
  }
  return kExitPass;
}

}  // namespace witness::cli
