#include "cluster_host.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <utility>

#include "helper_log.h"
#include "minifleet/internal/join.h"
#include "minifleet/protocol.h"

namespace minifleet::helper {
namespace {

using nlohmann::json;

// How long status waits for a running guest's address.
constexpr std::chrono::seconds kIpTimeout{10};

}  // namespace

struct ClusterHost::Member {
  explicit Member(std::string member_name) : name(std::move(member_name)) {}

  // Set on `calls` (create), read there and by the waits it posts.
  std::shared_ptr<witness::VM> Vm() {
    std::lock_guard<std::mutex> lock(vm_mutex);
    return vm;
  }
  void SetVm(std::shared_ptr<witness::VM> created) {
    std::lock_guard<std::mutex> lock(vm_mutex);
    vm = std::move(created);
  }

  const std::string name;
  std::mutex vm_mutex;
  std::shared_ptr<witness::VM> vm;
  // Last, so they are joined before the VM they drive is destroyed.
  // `calls` runs every request in the order it arrived; a status that must
  // wait for the address hands the wait to `waits`, which answers it.
  MemberThread waits;
  MemberThread calls;
};

ClusterHost::ClusterHost(witness::Backend& backend, std::string_view backend_name,
                         LineChannel& channel, Faults faults)
    : backend_(backend), backend_name_(backend_name), channel_(channel), faults_(faults) {}

ClusterHost::~ClusterHost() {
  members_.clear();
  std::lock_guard<std::mutex> lock(network_mutex_);
  network_.reset();
}

int ClusterHost::Serve() {
  std::optional<std::string> line;
  try {
    line = channel_.ReadLine();
  } catch (const ProtocolError& e) {
    Log(e.what());
    return Reap();
  }
  if (!line) return Reap();  // the client went away before saying hello

  json hello_id = nullptr;
  try {
    json hello = ParseMessage(*line);
    if (auto id = hello.find("id"); id != hello.end()) hello_id = *id;
    CheckHello(hello);
  } catch (const ProtocolError& e) {
    Reply(MakeError(hello_id, e.what()));
    Log(std::string("refusing the client: ") + e.what());
    return 2;
  }
  Reply(MakeResult(hello_id, json{{"protocol", kProtocolName},
                                  {"version", kProtocolVersion},
                                  {"backend", backend_name_},
                                  {"pid", ::getpid()}}));

  for (;;) {
    try {
      line = channel_.ReadLine();
    } catch (const ProtocolError& e) {
      Log(e.what());
      break;
    }
    if (!line || !Dispatch(*line)) break;
  }
  return Reap();
}

bool ClusterHost::Dispatch(const std::string& line) {
  json request;
  try {
    request = ParseMessage(line);
  } catch (const ProtocolError& e) {
    Reply(MakeError(nullptr, e.what()));
    Log(std::string("ending the session: ") + e.what());
    return false;
  }
  auto id = request.find("id");
  if (id == request.end() || !id->is_number_integer()) {
    Reply(MakeError(nullptr, "request without an integer id: " + line.substr(0, 120)));
    Log("ending the session: a request without an integer id");
    return false;
  }
  try {
    std::string op = RequireString(request, "op");
    if (op == ops::kClose) {
      int stopped = 0;
      std::vector<std::string> errors = CloseCluster(&stopped);
      Reply(errors.empty() ? MakeResult(*id, json{{"stopped", stopped}})
                           : MakeError(*id, internal::Join(errors, "; ")));
      return true;
    }
    std::string name;
    if (op == ops::kCreate) {
      auto config = request.find("config");
      if (config == request.end() || !config->is_object()) {
        throw ProtocolError("create request without a config object");
      }
      name = RequireString(*config, "name");
    } else if (op == ops::kReserve || op == ops::kStart || op == ops::kStatus || op == ops::kStop) {
      name = RequireString(request, "name");
    } else if (op == ops::kHello) {
      throw ProtocolError("hello may only open the session");
    } else {
      throw ProtocolError("unknown op '" + op + "'");
    }
    if (name.empty()) throw ProtocolError("empty member name");
    PostRequest(MemberNamed(name), std::move(request));
  } catch (const std::exception& e) {
    Reply(MakeError(*id, e.what()));
  }
  return true;
}

ClusterHost::Member& ClusterHost::MemberNamed(const std::string& name) {
  std::unique_ptr<Member>& member = members_[name];
  if (!member) member = std::make_unique<Member>(name);
  return *member;
}

void ClusterHost::PostRequest(Member& member, json request) {
  member.calls.Post([this, &member, request = std::move(request)] {
    const json& id = request["id"];
    try {
      if (request["op"] == ops::kStatus) {
        AnswerStatus(member, id);
      } else {
        Reply(MakeResult(id, Handle(member, request)));
      }
    } catch (const std::exception& e) {
      Reply(MakeError(id, e.what()));
    }
  });
}

void ClusterHost::AnswerStatus(Member& member, const json& id) {
  const std::shared_ptr<witness::VM> vm = member.Vm();
  if (!vm) throw ProtocolError("member '" + member.name + "' has no VM: create it first");
  const witness::State state = vm->CurrentState();
  if (state != witness::State::kRunning) {
    Reply(MakeResult(id, json{{"state", witness::ToString(state)}, {"ip", ""}}));
    return;
  }
  member.waits.Post([this, vm, id, state] {
    try {
      const std::string ip = vm->WaitForIP(kIpTimeout);
      Reply(MakeResult(id, json{{"state", witness::ToString(state)}, {"ip", ip}}));
    } catch (const std::exception& e) {
      Reply(MakeError(id, e.what()));
    }
  });
}

json ClusterHost::Handle(Member& member, const json& request) {
  const std::string op = request["op"].get<std::string>();
  if (op == ops::kReserve) {
    const std::string ip_hint = request.value("ip_hint", std::string());
    witness::Network* network;
    {
      std::lock_guard<std::mutex> lock(network_mutex_);
      if (!network_) network_ = backend_.CreateNetwork();
      network = network_.get();
    }
    // The network lives until close, which waits for this thread first.
    witness::Reservation reservation = network->Reserve(member.name, ip_hint);
    return json{{"ip", reservation.ip}, {"mac", reservation.mac}};
  }
  if (op == ops::kCreate) {
    witness::Config config = ConfigFromJson(request["config"]);
    if (member.Vm()) throw ProtocolError("member '" + member.name + "' already has a VM");
    witness::Network* network;
    {
      std::lock_guard<std::mutex> lock(network_mutex_);
      network = network_.get();
    }
    if (network == nullptr) {
      throw ProtocolError("no network for '" + member.name + "': reserve it first");
    }
    member.SetVm(backend_.Create(config, *network));
    return json{{"state", witness::ToString(member.Vm()->CurrentState())}};
  }
  const std::shared_ptr<witness::VM> vm = member.Vm();
  if (!vm) {
    if (op == ops::kStop) return json{{"state", "absent"}};  // nothing to stop
    throw ProtocolError("member '" + member.name + "' has no VM: create it first");
  }
  if (op == ops::kStart) {
    vm->Start();
    return json{{"state", witness::ToString(vm->CurrentState())}};
  }
  // ops::kStop. A VM that never started, or already stopped, is left alone:
  // stopping it again would be a second stop the backend never needed.
  if (vm->CurrentState() != witness::State::kStopped) vm->Stop();
  return json{{"state", witness::ToString(vm->CurrentState())}};
}

std::vector<std::string> ClusterHost::CloseCluster(int* stopped) {
  std::atomic<int> stop_count{0};
  std::mutex errors_mutex;
  std::vector<std::string> errors;
  std::vector<std::future<void>> done;
  for (auto& entry : members_) {
    Member* member = entry.second.get();
    auto finished = std::make_shared<std::promise<void>>();
    done.push_back(finished->get_future());
    // Queued behind whatever the member is still doing, so nothing it was
    // asked before is cut short.
    member->calls.Post([&stop_count, &errors_mutex, &errors, member, finished] {
      try {
        const std::shared_ptr<witness::VM> vm = member->Vm();
        if (vm && vm->CurrentState() != witness::State::kStopped) {
          vm->Stop();
          ++stop_count;
        }
      } catch (const std::exception& e) {
        // Backends usually name the call themselves: say it once.
        const std::string call = "stop '" + member->name + "'";
        const std::string error = e.what();
        std::lock_guard<std::mutex> lock(errors_mutex);
        errors.push_back(error.compare(0, call.size() + 1, call + ":") == 0 ? error
                                                                            : call + ": " + error);
      }
      finished->set_value();
    });
  }
  for (std::future<void>& future : done) future.wait();
  if (!errors.empty() && faults_.Has(Fault::kKeepNetworkAfterFailedStop)) {
    *stopped = stop_count.load();
    return errors;  // the bug: the members and the network are left as they are
  }
  // VMs go before the network they were created on.
  members_.clear();
  std::lock_guard<std::mutex> lock(network_mutex_);
  if (network_) {
    try {
      network_->Close();
    } catch (const std::exception& e) {
      errors.push_back(std::string("close: ") + e.what());
    }
    network_.reset();
  }
  *stopped = stop_count.load();
  return errors;
}

int ClusterHost::Reap() {
  if (faults_.Has(Fault::kSkipReap)) return 0;  // the bug: everything is abandoned
  bool had_network;
  {
    std::lock_guard<std::mutex> lock(network_mutex_);
    had_network = network_ != nullptr;
  }
  int stopped = 0;
  std::vector<std::string> errors = CloseCluster(&stopped);
  if (stopped > 0 || had_network) {
    Log("client gone: stopped " + std::to_string(stopped) + " member(s)" +
        (had_network ? ", closed the network" : ""));
  }
  for (const std::string& error : errors) Log("reaping: " + error);
  return errors.empty() ? 0 : 1;
}

void ClusterHost::Reply(const json& message) {
  try {
    // A false return means the client is gone; the reading thread sees
    // that too and the death watch takes over.
    channel_.Send(message.dump());
  } catch (const std::exception& e) {
    Log(std::string("cannot answer the client: ") + e.what());
  }
}

}  // namespace minifleet::helper
