// Does not compile, on purpose: a relation inside Contains, which hands it
// one record at a time. The build must stop at Witness's static_assert,
// which says to use record matchers there.
#include "witness/matchers.h"

void AssertOnEachRecord(const witness::recorder::Recording& rec) {
  EXPECT_THAT(rec, ::testing::Contains(witness::HasRecord(witness::Op("create"))));
}
