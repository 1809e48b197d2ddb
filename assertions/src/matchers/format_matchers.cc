// Matchers of what a string stands for: {format: mac|ipv4}, {ip_in: CIDR},
// {file: exists|non_empty}.
#include <arpa/inet.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdint>
#include <string>

#include "internal/matcher.h"
#include "internal/matcher_parser.h"

namespace witness::assertions::internal {
namespace {

bool ParseIpv4(const std::string& s, std::uint32_t& address) {
  if (s.find('\0') != std::string::npos) return false;
  in_addr parsed{};
  if (inet_pton(AF_INET, s.c_str(), &parsed) != 1) return false;
  address = ntohl(parsed.s_addr);
  return true;
}

}  // namespace

bool IsMacAddress(const std::string& text) {
  if (text.size() != 17) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2 ? c != ':' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsIpv4Address(const std::string& text) {
  std::uint32_t address = 0;
  return ParseIpv4(text, address);
}

namespace {

std::uint32_t NetworkMask(int bits) { return bits == 0 ? 0u : ~0u << (32 - bits); }

void ParseCidr(MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
  const std::string text = parser.Flat(argument, "'ip_in'");
  const std::size_t slash = text.find('/');
  std::uint32_t address = 0;
  bool ok = slash != std::string::npos && ParseIpv4(text.substr(0, slash), address);
  int bits = -1;
  if (ok) {
    const std::string suffix = text.substr(slash + 1);
    ok = !suffix.empty() && suffix.size() <= 2 &&
         suffix.find_first_not_of("0123456789") == std::string::npos;
    if (ok) bits = std::stoi(suffix);
    ok = ok && bits >= 0 && bits <= 32;
  }
  if (!ok) {
    parser.yaml().Fail(argument, "bad CIDR " + Quoted(text) +
                                     " (expected an IPv4 network such as 10.0.0.0/8)");
  }
  spec.cidr_address = address & NetworkMask(bits);
  spec.cidr_bits = bits;
  spec.cidr_text = text;
}

// `format` and `file` take one word of a fixed set; the word picks the test.
enum : std::uint64_t { kMac, kIpv4, kExists, kNonEmpty };

const MatcherDefinition kFormat = {
    "format",
    R"({"enum": ["mac", "ipv4"]})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      const std::string format = parser.yaml().RequireString(argument, "'format'");
      if (format == "mac") {
        spec.number = kMac;
      } else if (format == "ipv4") {
        spec.number = kIpv4;
      } else {
        parser.yaml().Fail(argument, "unknown format " + Quoted(format) + " (expected mac or ipv4)");
      }
    },
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      return s != nullptr && (m.number == kMac ? IsMacAddress(*s) : IsIpv4Address(*s));
    },
    [](const BoundMatcher& m) -> std::string {
      return m.number == kMac ? "a MAC address (xx:xx:xx:xx:xx:xx)" : "an IPv4 address";
    },
};

const MatcherDefinition kIpIn = {
    "ip_in",
    R"({"type": "string", "description": "An IPv4 CIDR block such as 10.0.0.0/8."})",
    ParseCidr,
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      std::uint32_t address = 0;
      if (s == nullptr || !ParseIpv4(*s, address)) return false;
      return (address & NetworkMask(m.cidr_bits)) == m.cidr_address;
    },
    [](const BoundMatcher& m) { return "an IPv4 address in " + m.cidr_text; },
};

const MatcherDefinition kFile = {
    "file",
    R"({"enum": ["exists", "non_empty"]})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      const std::string check = parser.yaml().RequireString(argument, "'file'");
      if (check == "exists") {
        spec.number = kExists;
      } else if (check == "non_empty") {
        spec.number = kNonEmpty;
      } else {
        parser.yaml().Fail(argument, "unknown file check " + Quoted(check) +
                                         " (expected exists or non_empty)");
      }
    },
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      if (s == nullptr || s->empty() || s->find('\0') != std::string::npos) return false;
      struct stat info {};
      if (::stat(s->c_str(), &info) != 0) return false;
      return m.number == kExists || (S_ISREG(info.st_mode) && info.st_size > 0);
    },
    [](const BoundMatcher& m) -> std::string {
      return m.number == kExists ? "the path of an existing file"
                                 : "the path of a non-empty regular file";
    },
};

}  // namespace

std::vector<const MatcherDefinition*> FormatMatchers() { return {&kFormat, &kIpIn, &kFile}; }

}  // namespace witness::assertions::internal
