#include "harness/crash.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "harness/child_process.h"
#include "harness/record_file.h"
#include "harness/segments.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"

namespace witness::reliability {
namespace {

constexpr std::size_t kMaxProblems = 20;
using Clock = std::chrono::steady_clock;

void Problem(CrashResult& result, std::string text) {
  if (result.problems.size() < kMaxProblems) result.problems.push_back(std::move(text));
}

// Names the writers acknowledged, one per line; a last line without its
// newline is ignored (a pipe write of a short line is atomic, so there is
// none unless a writer misbehaves).
void CollectAcks(const std::string& out, std::unordered_set<std::string>& acked) {
  std::size_t start = 0;
  for (std::size_t newline = out.find('\n'); newline != std::string::npos;
       newline = out.find('\n', start)) {
    acked.insert(out.substr(start, newline - start));
    start = newline + 1;
  }
}

// One round: start the writers, wait until one has appended, wait a random
// while, kill them all (at once or one by one).
void RunRound(const CrashOptions& options, const std::string& path, int round, std::mt19937_64& rng,
              std::unordered_set<std::string>& acked, CrashResult& result) {
  std::vector<ChildProcess> writers;
  std::vector<std::string> outs(options.processes);
  std::vector<std::string> errs(options.processes);
  for (int p = 0; p < options.processes; ++p) {
    writers.push_back(ChildProcess::Start(
        {options.tool, "write", "--path", path, "--threads", std::to_string(options.threads),
         "--records", "0", "--sizes", options.sizes.ToString(), "--seed", std::to_string(rng()),
         "--tag", "r" + std::to_string(round) + "-p" + std::to_string(p), "--op", "crash",
         "--ack"}));
  }
  auto drain = [&] {
    for (int p = 0; p < options.processes; ++p) writers[p].Drain(outs[p], &errs[p]);
  };
  auto any_ack = [&] {
    return std::any_of(outs.begin(), outs.end(), [](const std::string& o) { return !o.empty(); });
  };
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (!any_ack() && Clock::now() < deadline) {
    writers[0].WaitForOutput(std::chrono::milliseconds(1));
    drain();
  }
  if (!any_ack())
    Problem(result, "round " + std::to_string(round) + ": no writer appended within 60 s");
  auto kill_at = Clock::now() + std::chrono::microseconds(std::uniform_int_distribution<int>(
                                    0, options.max_delay_ms * 1000)(rng));
  while (Clock::now() < kill_at) {
    drain();
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  std::vector<int> order(options.processes);
  for (int p = 0; p < options.processes; ++p) order[p] = p;
  std::shuffle(order.begin(), order.end(), rng);
  bool staggered = std::bernoulli_distribution(0.5)(rng);
  for (int p : order) {
    writers[p].Kill(SIGKILL);
    if (staggered) {
      std::this_thread::sleep_for(
          std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng)));
    }
  }
  for (int p = 0; p < options.processes; ++p) {
    int status = writers[p].Wait(&outs[p], &errs[p]);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      ++result.kills;
    } else {
      Problem(result, "round " + std::to_string(round) + " writer " + std::to_string(p) + " " +
                          DescribeStatus(status) +
                          " before it was killed: " + errs[p].substr(0, 300));
    }
    CollectAcks(outs[p], acked);
  }
}

// Compares one file with the scan of its bytes.
void Verify(const std::string& path, const std::unordered_set<std::string>& acked,
            CrashResult& result) {
  MappedFile file(path);
  std::vector<Segment> segments = ScanSegments(file.bytes());
  result.file_bytes += file.bytes().size();
  recorder::Recording recording = recorder::ReadRecordFile(path);

  std::map<std::uint64_t, const recorder::Record*> records_at;
  std::unordered_set<std::string> names;
  for (const recorder::Record& record : recording.records) {
    records_at[record.where().offset] = &record;
    if (record.Op() != "crash") continue;
    ++result.recovered;
    std::string problem = VerifyChecksummedRecord(record);
    if (!problem.empty()) {
      ++result.corrupt;
      Problem(result, problem);
    }
    if (!names.insert(record.Name()).second) {
      ++result.duplicates;
      Problem(result, record.where().ToString() + ": record '" + record.Name() + "' read twice");
    }
  }
  std::map<std::uint64_t, const recorder::Diagnostic*> diagnostics_at;
  for (const recorder::Diagnostic& d : recording.diagnostics) diagnostics_at[d.where.offset] = &d;

  for (const Segment& segment : segments) {
    std::string where = path + ":" + std::to_string(segment.line) + " (offset " +
                        std::to_string(segment.offset) + ")";
    if (segment.kind == SegmentKind::kComplete) {
      ++result.complete_segments;
      auto found = records_at.find(segment.offset);
      if (found == records_at.end()) {
        ++result.lost;
        Problem(result, where + ": a complete record was not read back");
      } else if (found->second->where().line != segment.line) {
        Problem(result, where + ": record read back as line " +
                            std::to_string(found->second->where().line));
      }
      continue;
    }
    ++result.torn_segments;
    auto whole = records_at.find(segment.offset);
    if (whole != records_at.end()) {
      // The kill landed exactly before the newline: every byte of the record
      // arrived, so the reader rightly keeps it (and checks it above).
      ++result.torn_reported;
      ++result.whole_without_newline;
      continue;
    }
    auto found = diagnostics_at.find(segment.offset);
    if (found == diagnostics_at.end()) {
      Problem(result, where + ": torn record of " + std::to_string(segment.length) +
                          " bytes was not reported");
      continue;
    }
    const recorder::Diagnostic& d = *found->second;
    diagnostics_at.erase(found);
    bool kind_ok = d.kind == recorder::DiagnosticKind::kTornRecord ||
                   d.kind == recorder::DiagnosticKind::kIncompleteTail;
    if (!kind_ok || d.where.line != segment.line || d.where.file != path) {
      Problem(result, where + ": torn record reported as " + d.ToString());
      continue;
    }
    ++result.torn_reported;
    if (d.kind == recorder::DiagnosticKind::kIncompleteTail) ++result.tails_reported;
  }
  for (const auto& [offset, d] : diagnostics_at) {
    ++result.unexplained_diagnostics;
    Problem(result, "diagnostic at offset " + std::to_string(offset) +
                        " matches no torn record: " + d->ToString());
  }
  for (const std::string& name : acked) {
    if (names.count(name) == 0) {
      ++result.lost;
      Problem(result, path + ": record '" + name + "' was acknowledged but not read back");
    }
  }
}

}  // namespace

bool CrashResult::ok() const {
  return problems.empty() && corrupt == 0 && lost == 0 && duplicates == 0 &&
         unexplained_diagnostics == 0 && torn_reported == torn_segments;
}

std::string CrashResult::Summary() const {
  std::ostringstream out;
  out << "rounds:               " << rounds << " (" << files.size() << " files, " << file_bytes
      << " bytes)\n"
      << "writers killed:       " << kills << " (SIGKILL)\n"
      << "records acknowledged: " << acknowledged << "\n"
      << "records recovered:    " << recovered << " (corrupt " << corrupt << ", duplicated "
      << duplicates << ", lost " << lost << ")\n"
      << "complete records:     " << complete_segments << " by an independent scan\n"
      << "torn records:         " << torn_segments << " by the scan; reported at the right line "
      << "and offset: " << torn_reported << " (" << tails_reported
      << " as an incomplete last line)\n"
      << "                      " << whole_without_newline
      << " cut just before the newline and read as whole records\n"
      << "other diagnostics:    " << unexplained_diagnostics << "\n"
      << "time:                 " << seconds << " s\n";
  for (const std::string& problem : problems) out << "problem: " << problem << "\n";
  return out.str();
}

CrashResult RunCrashRounds(const CrashOptions& options) {
  CrashResult result;
  auto start = Clock::now();
  std::mt19937_64 rng(options.seed);
  std::unordered_set<std::string> acked;
  std::string path;
  for (int round = 0; round < options.rounds; ++round) {
    if (round % options.rounds_per_file == 0) {
      if (!path.empty()) Verify(path, acked, result);
      acked.clear();
      path = options.directory + "/crash-" + std::to_string(result.files.size()) + ".jsonl";
      result.files.push_back(path);
    }
    std::size_t before = acked.size();
    RunRound(options, path, round, rng, acked, result);
    result.acknowledged += acked.size() - before;
    ++result.rounds;
  }
  if (!path.empty()) Verify(path, acked, result);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace witness::reliability
