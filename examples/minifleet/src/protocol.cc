#include "minifleet/protocol.h"

#include <string>
#include <utility>

namespace minifleet {
namespace {

using nlohmann::json;

const json* Field(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string OptionalString(const json& object, std::string_view key) {
  const json* value = Field(object, key);
  if (value == nullptr || value->is_null()) return "";
  if (!value->is_string()) {
    throw ProtocolError("config field '" + std::string(key) + "' must be a string, got " +
                        value->dump());
  }
  return value->get<std::string>();
}

std::int64_t OptionalInteger(const json& object, std::string_view key) {
  const json* value = Field(object, key);
  if (value == nullptr || value->is_null()) return 0;
  if (!value->is_number_integer()) {
    throw ProtocolError("config field '" + std::string(key) + "' must be an integer, got " +
                        value->dump());
  }
  return value->get<std::int64_t>();
}

}  // namespace

json MakeRequest(std::int64_t id, std::string_view op) { return json{{"id", id}, {"op", op}}; }

json MakeResult(const json& id, json result) {
  return json{{"id", id}, {"ok", true}, {"result", std::move(result)}};
}

json MakeError(const json& id, std::string_view message) {
  return json{{"id", id}, {"ok", false}, {"error", message}};
}

json MakeHello(std::int64_t id, int version) {
  json hello = MakeRequest(id, ops::kHello);
  hello["protocol"] = kProtocolName;
  hello["version"] = version;
  return hello;
}

void CheckHello(const json& hello) {
  const json* op = Field(hello, "op");
  if (op == nullptr || !op->is_string() || *op != ops::kHello) {
    throw ProtocolError("expected hello as the first request, got " + hello.dump());
  }
  const json* protocol = Field(hello, "protocol");
  if (protocol == nullptr || !protocol->is_string() || *protocol != kProtocolName) {
    throw ProtocolError("hello names protocol " +
                        (protocol == nullptr ? std::string("(none)") : protocol->dump()) +
                        ", this helper speaks " + std::string(kProtocolName));
  }
  const json* version = Field(hello, "version");
  if (version == nullptr || !version->is_number_integer()) {
    throw ProtocolError("hello carries no integer version");
  }
  if (version->get<std::int64_t>() != kProtocolVersion) {
    throw ProtocolError("protocol version mismatch: client speaks " + std::string(kProtocolName) +
                        "/" + version->dump() + ", this helper speaks " +
                        std::string(kProtocolName) + "/" + std::to_string(kProtocolVersion));
  }
}

json ConfigToJson(const witness::Config& config) {
  return json{{"name", config.name},
              {"disk_path", config.disk_path},
              {"seed_path", config.seed_path},
              {"efi_path", config.efi_path},
              {"mac", config.mac},
              {"cpus", config.cpus},
              {"memory_bytes", config.memory_bytes},
              {"serial_log_path", config.serial_log_path},
              {"fixture_paths", config.fixture_paths},
              {"assigned_ip", config.assigned_ip}};
}

witness::Config ConfigFromJson(const json& object) {
  if (!object.is_object()) throw ProtocolError("config must be an object, got " + object.dump());
  witness::Config config;
  config.name = OptionalString(object, "name");
  if (config.name.empty()) throw ProtocolError("config has no name");
  config.disk_path = OptionalString(object, "disk_path");
  config.seed_path = OptionalString(object, "seed_path");
  config.efi_path = OptionalString(object, "efi_path");
  config.mac = OptionalString(object, "mac");
  config.cpus = static_cast<int>(OptionalInteger(object, "cpus"));
  config.memory_bytes = OptionalInteger(object, "memory_bytes");
  config.serial_log_path = OptionalString(object, "serial_log_path");
  config.assigned_ip = OptionalString(object, "assigned_ip");
  if (const json* fixtures = Field(object, "fixture_paths");
      fixtures != nullptr && !fixtures->is_null()) {
    if (!fixtures->is_array()) {
      throw ProtocolError("config field 'fixture_paths' must be a list, got " + fixtures->dump());
    }
    for (const json& path : *fixtures) {
      if (!path.is_string()) {
        throw ProtocolError("config field 'fixture_paths' holds a non-string " + path.dump());
      }
      config.fixture_paths.push_back(path.get<std::string>());
    }
  }
  return config;
}

json ParseMessage(std::string_view line) {
  json message = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    throw ProtocolError("malformed message (not JSON): " + std::string(line.substr(0, 120)));
  }
  if (!message.is_object()) {
    throw ProtocolError("malformed message (not an object): " + std::string(line.substr(0, 120)));
  }
  return message;
}

std::string RequireString(const json& message, std::string_view key) {
  const json* value = Field(message, key);
  if (value == nullptr || !value->is_string()) {
    throw ProtocolError("request field '" + std::string(key) + "' must be a string");
  }
  return value->get<std::string>();
}

}  // namespace minifleet
