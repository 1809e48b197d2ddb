#include "witness/fake/mac.h"

#include <openssl/evp.h>

#include <stdexcept>
#include <string>

namespace witness::fake {

std::string MacForMember(std::string_view name) {
  std::string input(kMacSalt);
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha256(), nullptr) != 1 ||
      digest_size < 6) {
    throw std::runtime_error("cannot derive the mac of member '" + std::string(name) +
                             "': sha-256 failed");
  }
  // Unicast (bit 0 clear) and locally administered (bit 1 set): a MAC no
  // vendor owns, so it cannot collide with real hardware on the network.
  digest[0] = static_cast<unsigned char>((digest[0] & ~0x01u) | 0x02u);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string mac;
  mac.reserve(17);
  for (int i = 0; i < 6; ++i) {
    if (i != 0) mac += ':';
    mac += kHex[digest[i] >> 4];
    mac += kHex[digest[i] & 0x0f];
  }
  return mac;
}

}  // namespace witness::fake
