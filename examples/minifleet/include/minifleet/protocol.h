// The minifleet wire protocol: what the client and its helper say to each
// other, one JSON object per line over a socket pair.
//
//   client -> {"id":1,"op":"hello","protocol":"minifleet","version":1}
//   helper <- {"id":1,"ok":true,"result":{"protocol":"minifleet","version":1,"backend":"fake"}}
//   client -> {"id":2,"op":"reserve","name":"web-1","ip_hint":""}
//   helper <- {"id":2,"ok":true,"result":{"ip":"","mac":"a2:da:71:da:e0:db"}}
//
// Every request carries an id that its response repeats, so a client may
// have many requests in flight and responses may come back in any order
// (each member's requests run on that member's own thread in the helper).
// The first request must be hello; a helper that speaks another version
// answers with an error naming both versions and ends the session.
//
// minifleet stands in for a user's own orchestrator, so it lives in its own
// namespace rather than under witness::.
#ifndef MINIFLEET_PROTOCOL_H_
#define MINIFLEET_PROTOCOL_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "witness/backend/backend.h"

namespace minifleet {

// Sent in hello; a mismatch on either side ends the session.
inline constexpr std::string_view kProtocolName = "minifleet";
// Bumped for any change an older peer would misunderstand.
inline constexpr int kProtocolVersion = 1;

// A line longer than this is a protocol error: both peers refuse to buffer
// without bound. Configs are a few hundred bytes.
inline constexpr std::size_t kMaxMessageBytes = std::size_t{1} << 20;

// Request operations.
namespace ops {
inline constexpr std::string_view kHello = "hello";
inline constexpr std::string_view kReserve = "reserve";
inline constexpr std::string_view kCreate = "create";
inline constexpr std::string_view kStart = "start";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kStop = "stop";
inline constexpr std::string_view kClose = "close";
}  // namespace ops

// A peer broke the protocol: a malformed line, a missing or mistyped field,
// a version mismatch. what() says which and where.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// {"id":id,"op":op}; callers add the operation's fields.
nlohmann::json MakeRequest(std::int64_t id, std::string_view op);
// {"id":id,"ok":true,"result":result}; id is the request's, as it came.
nlohmann::json MakeResult(const nlohmann::json& id, nlohmann::json result);
// {"id":id,"ok":false,"error":message}. id may be null for a request whose
// id could not be read.
nlohmann::json MakeError(const nlohmann::json& id, std::string_view message);

// The hello a client of `version` sends.
nlohmann::json MakeHello(std::int64_t id, int version = kProtocolVersion);
// Checks a hello request; throws ProtocolError with a message naming both
// versions ("protocol version mismatch: client speaks minifleet/2, this helper
// speaks minifleet/1") when it is not one this helper speaks.
void CheckHello(const nlohmann::json& hello);

// The Config of a create request, field for field (the names of the record
// format, so a protocol dump reads like a record file).
nlohmann::json ConfigToJson(const witness::Config& config);
// Throws ProtocolError naming the first missing or mistyped field.
witness::Config ConfigFromJson(const nlohmann::json& json);

// Parses one protocol line; throws ProtocolError ("malformed message: ...")
// when it is not a JSON object.
nlohmann::json ParseMessage(std::string_view line);

// The string field `key` of `message`; throws ProtocolError when it is
// missing or not a string.
std::string RequireString(const nlohmann::json& message, std::string_view key);

}  // namespace minifleet

#endif  // MINIFLEET_PROTOCOL_H_
