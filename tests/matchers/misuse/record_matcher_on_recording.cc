// Does not compile, on purpose: a record matcher asserted on a whole
// recording. The build must stop at Witness's static_assert, which says to
// wrap it in HasRecord or a container matcher.
#include "witness/matchers.h"

void AssertOnTheRecording(const witness::recorder::Recording& rec) {
  EXPECT_THAT(rec, witness::Op("create"));
}
