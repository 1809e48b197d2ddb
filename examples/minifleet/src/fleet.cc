#include "minifleet/fleet.h"

#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

#include "minifleet/internal/join.h"
#include "minifleet/member_files.h"

namespace minifleet {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxFixtures = 64;

}  // namespace

struct Fleet::Work {
  std::string name;
  MemberFiles files;
  bool reused = false;
  witness::Config previous;  // the persisted Config of a reused member
  witness::Reservation reservation;
  bool reserved = false;
  bool created = false;
  // The first failure of this member, naming the step: "create 'db-2': ...".
  std::string error;
};

namespace {

// Runs `step` for every work item that has not failed: in order, stopping at
// the first failure, or all at once on a thread each. Exceptions become the
// item's error.
template <typename WorkT>
void RunStep(std::vector<WorkT>& works, bool concurrent,
             const std::function<void(std::size_t)>& step) {
  auto guarded = [&](std::size_t i) {
    try {
      step(i);
    } catch (const std::exception& e) {
      works[i].error = e.what();
    }
  };
  if (!concurrent) {
    for (std::size_t i = 0; i < works.size(); ++i) {
      guarded(i);
      if (!works[i].error.empty()) return;
    }
    return;
  }
  std::vector<std::thread> threads;
  threads.reserve(works.size());
  for (std::size_t i = 0; i < works.size(); ++i) threads.emplace_back(guarded, i);
  for (std::thread& thread : threads) thread.join();
}

template <typename WorkT>
const WorkT* FirstFailure(const std::vector<WorkT>& works) {
  for (const WorkT& work : works) {
    if (!work.error.empty()) return &work;
  }
  return nullptr;
}

}  // namespace

Fleet::Fleet(HelperClient& helper, std::string root, Faults faults)
    : helper_(helper), root_(std::move(root)), faults_(faults) {}

std::vector<MemberReport> Fleet::Up(const std::vector<std::string>& names,
                                    const UpOptions& options) {
  if (names.empty()) throw std::invalid_argument("no members given");
  if (options.fixtures < 0 || options.fixtures > kMaxFixtures) {
    throw std::invalid_argument("--fixtures must be between 0 and " + std::to_string(kMaxFixtures) +
                                ", got " + std::to_string(options.fixtures));
  }
  std::set<std::string> seen(up_.begin(), up_.end());
  std::vector<Work> works(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    ValidateMemberName(names[i]);
    if (!seen.insert(names[i]).second) {
      throw std::invalid_argument("member '" + names[i] + "' is named twice or already up");
    }
    Work& work = works[i];
    work.name = names[i];
    work.files = MemberFiles::For(root_, names[i], options.fixtures);
    work.reused = MemberExists(work.files);
    // A damaged member fails here, before anything is reserved.
    if (work.reused) work.previous = LoadConfig(work.files);
  }

  bool opened_network = !network_open_;
  std::vector<MemberReport> reports(names.size());
  RunStep(works, options.concurrent, [&](std::size_t i) { Reserve(works[i]); });
  // The helper opens the network on the first reservation it serves.
  for (const Work& work : works) network_open_ = network_open_ || work.reserved;
  if (FirstFailure(works) == nullptr) {
    RunStep(works, options.concurrent, [&](std::size_t i) { Launch(works[i], reports[i]); });
  }

  if (const Work* failed = FirstFailure(works)) {
    std::string message = "cannot bring up " + internal::Join(names, ", ") + ": " + failed->error;
    if (!faults_.Has(Fault::kSkipRollback)) message += "; " + Rollback(works, opened_network);
    throw UpError(message);
  }
  up_.insert(up_.end(), names.begin(), names.end());
  return reports;
}

void Fleet::Reserve(Work& work) {
  // A re-upped member asks for its old address back.
  work.reservation = helper_.Reserve(work.name, work.previous.assigned_ip);
  work.reserved = true;
  std::lock_guard<std::mutex> lock(last_reservation_mutex_);
  last_reservation_ = work.reservation;
}

void Fleet::Launch(Work& work, MemberReport& report) {
  witness::Reservation reservation = work.reservation;
  if (faults_.Has(Fault::kMacNotThreaded)) {
    std::lock_guard<std::mutex> lock(last_reservation_mutex_);
    reservation = last_reservation_;
  }
  const MemberFiles& files = work.files;
  witness::Config config;
  try {
    if (work.reused) {
      // Disk, EFI variables and fixtures are the member's state: keep them.
      config = work.previous;
      if (!fs::exists(config.disk_path)) {
        throw MemberFilesError("its disk '" + config.disk_path + "' is missing");
      }
    } else {
      WriteNewMember(files, work.name);
      config.name = work.name;
      config.disk_path = files.disk;
      config.seed_path = files.seed;
      config.efi_path = files.efi;
      config.serial_log_path = files.serial_log;
      config.cpus = kMemberCpus;
      config.memory_bytes = kMemberMemoryBytes;
      std::size_t count = files.fixtures.size();
      if (faults_.Has(Fault::kDropFixture) && count > 0) --count;  // the off-by-one
      config.fixture_paths.assign(files.fixtures.begin(), files.fixtures.begin() + count);
    }
    config.mac = reservation.mac;
    config.assigned_ip = reservation.ip;
    WriteSeed(files, work.name, config.mac, config.assigned_ip);
    SaveConfig(files, config);
  } catch (const MemberFilesError& e) {
    throw MemberFilesError("prepare '" + work.name + "': " + e.what());
  }
  helper_.Create(config);
  work.created = true;
  helper_.Start(work.name);
  if (faults_.Has(Fault::kDoubleStart)) helper_.Start(work.name);  // the retry bug
  MemberStatus status = helper_.Status(work.name);
  report.name = work.name;
  report.state = status.state;
  report.ip = status.ip;
  report.mac = config.mac;
  report.reused = work.reused;
}

std::string Fleet::Rollback(std::vector<Work>& works, bool opened_network) {
  std::vector<std::string> stopped, removed, problems;
  for (auto it = works.rbegin(); it != works.rend(); ++it) {
    if (!it->created) continue;
    try {
      helper_.Stop(it->name);
      stopped.push_back(it->name);
    } catch (const HelperError& e) {
      problems.push_back(e.what());
    }
  }
  for (const Work& work : works) {
    // Only what this call made is undone: a member that existed before it
    // keeps its disk.
    if (work.reused && !faults_.Has(Fault::kRollbackRemovesExisting)) continue;
    std::error_code error;
    if (!fs::exists(work.files.dir, error)) continue;
    fs::remove_all(work.files.dir, error);
    if (error) {
      problems.push_back("cannot remove '" + work.files.dir + "': " + error.message());
    } else {
      removed.push_back(work.name);
    }
  }
  bool closed = false;
  if (opened_network && network_open_) {
    try {
      helper_.Close();
      network_open_ = false;
      closed = true;
    } catch (const HelperError& e) {
      problems.push_back(e.what());
    }
  }
  std::string summary = "rolled back:";
  if (!stopped.empty()) summary += " stopped " + internal::Join(stopped, ", ") + ";";
  if (!removed.empty()) summary += " removed " + internal::Join(removed, ", ") + ";";
  if (closed) summary += " closed the network;";
  if (stopped.empty() && removed.empty() && !closed) summary += " nothing to undo;";
  summary.pop_back();
  if (!problems.empty()) summary += "; rollback problems: " + internal::Join(problems, ", ");
  return summary;
}

void Fleet::Down() {
  std::vector<std::string> problems(up_.size());
  std::vector<std::thread> threads;
  threads.reserve(up_.size());
  for (std::size_t i = 0; i < up_.size(); ++i) {
    threads.emplace_back([this, &problems, i] {
      try {
        helper_.Stop(up_[i]);
      } catch (const HelperError& e) {
        problems[i] = e.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<std::string> failures;
  for (std::string& problem : problems) {
    if (!problem.empty()) failures.push_back(std::move(problem));
  }
  if (network_open_) {
    try {
      helper_.Close();
    } catch (const HelperError& e) {
      failures.push_back(e.what());
    }
    network_open_ = false;
  }
  up_.clear();
  if (!failures.empty()) throw HelperError("cannot tear down: " + internal::Join(failures, ", "));
}

}  // namespace minifleet
