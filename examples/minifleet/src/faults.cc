#include "minifleet/faults.h"

#include <array>
#include <cstdlib>

namespace minifleet {
namespace {

constexpr std::array<Fault, 6> kAllFaults = {Fault::kMacNotThreaded, Fault::kDropFixture,
                                             Fault::kSkipRollback, Fault::kRollbackRemovesExisting,
                                             Fault::kSkipReap,       Fault::kDoubleStart};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string KnownNames() {
  std::string names;
  for (Fault fault : kAllFaults) {
    if (!names.empty()) names += ", ";
    names += ToString(fault);
  }
  return names;
}

}  // namespace

std::string_view ToString(Fault fault) noexcept {
  switch (fault) {
    case Fault::kMacNotThreaded:
      return "mac-not-threaded";
    case Fault::kDropFixture:
      return "drop-fixture";
    case Fault::kSkipRollback:
      return "skip-rollback";
    case Fault::kRollbackRemovesExisting:
      return "rollback-removes-existing";
    case Fault::kSkipReap:
      return "skip-reap";
    case Fault::kDoubleStart:
      return "double-start";
  }
  return "unknown";
}

Faults Faults::Parse(std::string_view spec) {
  Faults faults;
  while (!spec.empty()) {
    std::size_t comma = spec.find(',');
    std::string_view entry = Trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (entry.empty()) continue;
    bool known = false;
    for (Fault fault : kAllFaults) {
      if (entry == minifleet::ToString(fault)) {
        faults.bits_ |= static_cast<unsigned>(fault);
        known = true;
      }
    }
    if (!known) {
      throw FaultSpecError(std::string(kFaultVariable) + ": unknown fault '" + std::string(entry) +
                           "' (known: " + KnownNames() + ")");
    }
  }
  return faults;
}

Faults Faults::FromEnvironment() {
  const char* spec = std::getenv(kFaultVariable);
  return spec == nullptr ? Faults() : Parse(spec);
}

std::string Faults::ToString() const {
  std::string names;
  for (Fault fault : kAllFaults) {
    if (!Has(fault)) continue;
    if (!names.empty()) names += ",";
    names += minifleet::ToString(fault);
  }
  return names;
}

}  // namespace minifleet
