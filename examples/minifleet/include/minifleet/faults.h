// The test-only fault switch: MINIFLEET_FAULT names bugs to put back into
// minifleet, so a test can show that the scenarios catch them.
//
//   MINIFLEET_FAULT=mac-not-threaded minifleet cluster --root /tmp/r --members a,b,c
//
//   Faults faults = Faults::FromEnvironment();   // throws on an unknown name
//   if (faults.Has(Fault::kDropFixture)) ...
//
// Each fault is a bug a real orchestrator has shipped in some form; a
// scenario that stays green with one of them switched on proves nothing.
// With the variable unset or empty, minifleet behaves correctly.
#ifndef MINIFLEET_FAULTS_H_
#define MINIFLEET_FAULTS_H_

#include <stdexcept>
#include <string>
#include <string_view>

namespace minifleet {

// The environment variable read by both the client and the helper.
inline constexpr const char* kFaultVariable = "MINIFLEET_FAULT";

enum class Fault : unsigned {
  // Client: create receives the MAC of the most recent reservation, not the
  // member's own (a value kept in the wrong scope).
  kMacNotThreaded = 1u << 0,
  // Client: the last fixture image is written but not passed to create (an
  // off-by-one in the loop that builds the Config).
  kDropFixture = 1u << 1,
  // Client: a failed create propagates without rolling back the members this
  // call created.
  kSkipRollback = 1u << 2,
  // Client: rollback removes the directories of every member of the call,
  // including members that existed before it (their disks are lost).
  kRollbackRemovesExisting = 1u << 3,
  // Helper: when the client goes away, the helper exits without stopping its
  // members or closing the network.
  kSkipReap = 1u << 4,
  // Client: a member is started a second time after a start that succeeded
  // (a retry loop that does not look at the first answer).
  kDoubleStart = 1u << 5,
};

// "mac-not-threaded", "drop-fixture", "skip-rollback",
// "rollback-removes-existing", "skip-reap".
std::string_view ToString(Fault fault) noexcept;

// MINIFLEET_FAULT had a name that is not a fault.
class FaultSpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A set of faults. Cheap to copy.
class Faults {
 public:
  Faults() = default;
  // Parses a comma-separated list of fault names ("" is none). Throws
  // FaultSpecError naming the unknown entry and listing the known ones.
  static Faults Parse(std::string_view spec);
  // Parse(getenv(kFaultVariable)).
  static Faults FromEnvironment();

  bool Has(Fault fault) const noexcept { return (bits_ & static_cast<unsigned>(fault)) != 0; }
  bool Empty() const noexcept { return bits_ == 0; }
  // The names, comma-separated, in declaration order.
  std::string ToString() const;

 private:
  unsigned bits_ = 0;
};

}  // namespace minifleet

#endif  // MINIFLEET_FAULTS_H_
