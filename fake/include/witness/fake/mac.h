// The MAC address the fake hands a member, derived from its name exactly as
// the reference Go fake derives it, so expectation files can state it.
//
//   std::string mac = witness::fake::MacForMember("solo");
//   // "a2:da:71:da:e0:db"
//
// Derivation: SHA-256 of "fleetbox:" followed by the name's bytes; the first
// six bytes of the digest; the first byte with the multicast bit cleared and
// the locally-administered bit set; lowercase hex, colon-separated. The
// same name always gets the same MAC, in every process and on every host.
#ifndef WITNESS_FAKE_MAC_H_
#define WITNESS_FAKE_MAC_H_

#include <string>
#include <string_view>

namespace witness::fake {

// Prepended to the member's name before hashing (the reference's salt).
inline constexpr std::string_view kMacSalt = "fleetbox:";

// The fake's MAC for member `name`, e.g. "a2:da:71:da:e0:db". Thread-safe.
// Throws std::runtime_error only if the SHA-256 implementation fails.
std::string MacForMember(std::string_view name);

}  // namespace witness::fake

#endif  // WITNESS_FAKE_MAC_H_
