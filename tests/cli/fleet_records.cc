#include "fleet_records.h"

#include <cstdio>

namespace witness::cli::testing {

std::string FleetMac(std::size_t index) {
  char mac[32];
  std::snprintf(mac, sizeof mac, "52:54:00:12:34:%02zx", index + 1);
  return mac;
}

void RecordFleet(recorder::Writer& writer, const FleetOptions& options) {
  const std::vector<std::string>& members = options.members;
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::string mac = FleetMac(i);
    std::string ip = "203.0.113." + std::to_string(11 + i);
    recorder::Event reserve;
    reserve.op = "reserve";
    reserve.name = members[i];
    reserve.mac = mac;
    reserve.assigned_ip = ip;
    writer.Append(reserve);

    std::string dir = options.home + "/vms/" + members[i];
    std::string disk = dir + "/disk.raw";
    std::string seed = dir + "/seed.iso";
    std::string create_mac = options.swap_mac && i == 1 ? FleetMac(0) : mac;
    recorder::Event create;
    create.op = "create";
    create.name = members[i];
    create.disk_path = disk;
    create.seed_path = seed;
    create.mac = create_mac;
    create.assigned_ip = ip;
    create.cpus = 2;
    create.memory_bytes = 1 << 30;
    writer.Append(create);

    recorder::Event start;
    start.op = "start";
    start.name = members[i];
    writer.Append(start);
  }
  for (const std::string& member : members) {
    recorder::Event stop;
    stop.op = "stop";
    stop.name = member;
    writer.Append(stop);
  }
  if (!options.skip_close) {
    recorder::Event close;
    close.op = "close";
    writer.Append(close);
  }
}

}  // namespace witness::cli::testing
