#include "harness/torture.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <sstream>

#include "harness/child_process.h"
#include "harness/record_file.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"

namespace witness::reliability {
namespace {

constexpr std::size_t kMaxProblems = 20;

class Tally {
 public:
  Tally(const TortureOptions& options, TortureResult& result)
      : options_(options),
        result_(result),
        seen_(static_cast<std::size_t>(options.processes) * options.threads * options.records, 0) {}

  void Add(const recorder::Recording& recording, const PieceOrigin& origin) {
    for (const recorder::Diagnostic& d : recording.diagnostics) {
      ++result_.diagnostics;
      Problem("reader diagnostic at file offset " + std::to_string(origin.offset + d.where.offset) +
              ": " + d.ToString());
    }
    for (const recorder::Record& record : recording.records) {
      std::string op = record.Op();
      if (op == recorder::ops::kSession) {
        ++result_.sessions;
        continue;
      }
      if (op == recorder::ops::kSessionEnd) {
        ++result_.session_ends;
        continue;
      }
      std::size_t index = 0;
      if (op != "torture" || !Index(record.Name(), index)) {
        ++result_.unexpected;
        Problem(record.where().ToString() + ": unexpected record " + record.Dump().substr(0, 120));
        continue;
      }
      ++result_.recovered;
      std::string problem = VerifyChecksummedRecord(record);
      if (!problem.empty()) {
        ++result_.corrupt;
        Problem(problem);
      }
      if (seen_[index]++ != 0) {
        ++result_.duplicates;
        Problem(record.where().ToString() + ": record '" + record.Name() + "' read back again");
      }
    }
  }

  void Finish() {
    for (std::size_t i = 0; i < seen_.size(); ++i) {
      if (seen_[i] != 0) continue;
      ++result_.missing;
      std::size_t per_process = static_cast<std::size_t>(options_.threads) * options_.records;
      Problem("record 'p" + std::to_string(i / per_process) + "-t" +
              std::to_string(i % per_process / options_.records) + "-" +
              std::to_string(i % options_.records) + "' was never read back");
    }
  }

 private:
  bool Index(const std::string& name, std::size_t& index) const {
    int process = -1, thread = -1, record = -1;
    char tail = 0;
    if (std::sscanf(name.c_str(), "p%d-t%d-%d%c", &process, &thread, &record, &tail) != 3) {
      return false;
    }
    if (process < 0 || process >= options_.processes || thread < 0 || thread >= options_.threads ||
        record < 0 || record >= options_.records) {
      return false;
    }
    index =
        (static_cast<std::size_t>(process) * options_.threads + thread) * options_.records + record;
    return true;
  }

  void Problem(std::string text) {
    if (result_.problems.size() < kMaxProblems) result_.problems.push_back(std::move(text));
  }

  const TortureOptions& options_;
  TortureResult& result_;
  std::vector<unsigned char> seen_;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

bool TortureResult::ok() const {
  return problems.empty() && recovered == expected && corrupt == 0 && duplicates == 0 &&
         missing == 0 && unexpected == 0 && diagnostics == 0 &&
         sessions == static_cast<std::uint64_t>(processes) &&
         session_ends == static_cast<std::uint64_t>(processes);
}

std::string TortureResult::Summary() const {
  std::ostringstream out;
  out << "records expected:   " << expected << "\n"
      << "records recovered:  " << recovered << " (corrupt " << corrupt << ", duplicated "
      << duplicates << ", missing " << missing << ", unexpected " << unexpected << ")\n"
      << "reader diagnostics: " << diagnostics << "\n"
      << "session records:    " << sessions << " opened, " << session_ends << " closed, of "
      << processes << " processes\n"
      << "file size:          " << file_bytes << " bytes\n"
      << "write time:         " << write_seconds << " s\n"
      << "read+verify time:   " << read_seconds << " s\n";
  for (const std::string& problem : problems) out << "problem: " << problem << "\n";
  return out.str();
}

TortureResult RunTorture(const TortureOptions& options) {
  TortureResult result;
  result.processes = options.processes;
  result.expected =
      static_cast<std::uint64_t>(options.processes) * options.threads * options.records;

  auto start = std::chrono::steady_clock::now();
  std::vector<ChildProcess> writers;
  for (int p = 0; p < options.processes; ++p) {
    writers.push_back(ChildProcess::Start(
        {options.tool, "write", "--path", options.path, "--threads",
         std::to_string(options.threads), "--records", std::to_string(options.records), "--sizes",
         options.sizes.ToString(), "--seed", std::to_string(options.seed * 1000 + p), "--tag",
         "p" + std::to_string(p), "--op", "torture"}));
  }
  for (int p = 0; p < options.processes; ++p) {
    std::string err;
    int status = writers[p].Wait(nullptr, &err);
    ChildResult finished{status, "", err};
    if (!finished.Exited(0)) {
      result.problems.push_back("writer p" + std::to_string(p) + " " + DescribeStatus(status) +
                                ": " + err.substr(0, 500));
    }
  }
  result.write_seconds = SecondsSince(start);

  start = std::chrono::steady_clock::now();
  struct stat st {};
  if (stat(options.path.c_str(), &st) == 0)
    result.file_bytes = static_cast<std::uint64_t>(st.st_size);
  Tally tally(options, result);
  if (result.file_bytes <= options.whole_file_limit) {
    tally.Add(recorder::ReadRecordFile(options.path), PieceOrigin{});
  } else {
    ReadInPieces(options.path, 256u << 20,
                 [&tally](const recorder::Recording& piece, const PieceOrigin& origin) {
                   tally.Add(piece, origin);
                 });
  }
  tally.Finish();
  result.read_seconds = SecondsSince(start);
  return result;
}

}  // namespace witness::reliability
