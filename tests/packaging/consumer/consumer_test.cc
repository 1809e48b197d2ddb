// Runs the helper in a child process and asserts on its record file.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "witness/matchers.h"

namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Each;
using ::testing::MatchesRegex;
using ::testing::Not;
using witness::Field;
using witness::HasRecord;
using witness::Mac;
using witness::Name;
using witness::Op;

TEST(ConsumerTest, HelperThreadsReservedMacIntoCreate) {
  const std::string record = ::testing::TempDir() + "consumer-record.jsonl";
  std::remove(record.c_str());
  const std::string command =
      "FLEETBOX_FAKE_RECORD='" + record + "' '" CONSUMER_HELPER "' alpha beta";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  const auto recording = witness::ReadRecords(record);
  EXPECT_THAT(recording, witness::RecorderWasAlive());
  EXPECT_THAT(recording, HasRecord(Op("create"), Name("alpha"), Mac(MatchesRegex("([0-9a-f]{2}:){5}[0-9a-f]{2}"))));
  EXPECT_THAT(recording, witness::Threads("mac", Op("reserve"), Op("create")));
  EXPECT_THAT(recording, witness::UniqueBy("mac", Op("create")));
  EXPECT_THAT(recording, witness::HappensBefore(Op("stop"), Op("close")));
  // gmock's container matchers over the call records, straight on ReadRecords.
  EXPECT_THAT(witness::ReadRecords(record), Contains(AllOf(Op("create"), Name("beta"))));
  EXPECT_THAT(recording, Contains(Op("create")).Times(2));
  EXPECT_THAT(recording, Each(Field<std::int64_t>("pid", ::testing::Gt(0))));
  EXPECT_THAT(recording, Not(Contains(Op("session"))));
}

}  // namespace
