#include "witness/assertions/snapshot.h"

#include <stdexcept>
#include <string>

namespace witness::assertions {

std::string SnapshotScenario(const recorder::Recording&, const SnapshotOptions&) {
  throw std::logic_error("SnapshotScenario: not implemented yet");
}

}  // namespace witness::assertions
