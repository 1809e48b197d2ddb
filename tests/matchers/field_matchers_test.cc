// Record matchers: each one's match, mismatch, and the exact text of its
// description, negation and explanation.
#include <cstdint>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "matcher_text.h"
#include "witness/matchers.h"
#include "witness/recorder/reader.h"

namespace witness {
namespace {

using recorder::Record;
using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

using Subject = const Record&;
using testing_support::Describe;
using testing_support::DescribeNegation;
using testing_support::Explain;

class FieldMatchersTest : public ::testing::Test {
 protected:
  const recorder::Recording recording_ = recorder::ParseRecords(
      R"({"op":"reserve","name":"web-1","mac":"52:54:00:00:00:01","ip_hint":"10.0.0.5"})"
      "\n"
      R"({"op":"create","name":"web-1","disk_path":"/v/web-1/disk.raw","seed_path":"/v/web-1/seed.iso",)"
      R"("efi_path":"/v/web-1/efi.fd","fixture_paths":["/v/web-1/fixture-0.img"],)"
      R"("mac":"52:54:00:00:00:01","assigned_ip":"10.0.0.5","cpus":2,"ratio":0.5,"nested":true,"note":null})"
      "\n"
      R"({"op":"start","name":"web-1","error":"boot failed: no disk"})"
      "\n"
      R"({"op":"close"})"
      "\n",
      "rec.jsonl");
  const Record& reserve_ = recording_.records.at(0);
  const Record& create_ = recording_.records.at(1);
  const Record& start_ = recording_.records.at(2);
  const Record& close_ = recording_.records.at(3);
};

TEST_F(FieldMatchersTest, OpMatchesItsLiteral) {
  EXPECT_THAT(create_, Op("create"));
  EXPECT_THAT(create_, Not(Op("stop")));
  EXPECT_EQ(Describe<Subject>(Op("create")), R"(has field `op` that is equal to "create")");
  EXPECT_EQ(DescribeNegation<Subject>(Op("create")),
            R"(has no field `op`, or has field `op` that is not a string or isn't equal to "create")");
  EXPECT_EQ(Explain(Op("create"), create_), R"(whose field `op` is "create")");
  EXPECT_EQ(Explain(Op("stop"), create_), R"(whose field `op` is "create")");
}

TEST_F(FieldMatchersTest, EachNamedMatcherReadsItsOwnKey) {
  struct Case {
    ::testing::Matcher<const Record&> matcher;
    std::string description;
  };
  const std::vector<Case> cases = {
      {Name("web-1"), R"(has field `name` that is equal to "web-1")"},
      {DiskPath("/v/web-1/disk.raw"), R"(has field `disk_path` that is equal to "/v/web-1/disk.raw")"},
      {SeedPath("/v/web-1/seed.iso"), R"(has field `seed_path` that is equal to "/v/web-1/seed.iso")"},
      {EfiPath("/v/web-1/efi.fd"), R"(has field `efi_path` that is equal to "/v/web-1/efi.fd")"},
      {Mac("52:54:00:00:00:01"), R"(has field `mac` that is equal to "52:54:00:00:00:01")"},
      {AssignedIp("10.0.0.5"), R"(has field `assigned_ip` that is equal to "10.0.0.5")"},
      {FixturePaths({"/v/web-1/fixture-0.img"}),
       R"(has field `fixture_paths` that is a list of strings and is equal to { "/v/web-1/fixture-0.img" })"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(c.matcher.Matches(create_)) << c.description;
    EXPECT_FALSE(c.matcher.Matches(close_)) << c.description;
    EXPECT_EQ(Describe<Subject>(c.matcher), c.description);
  }
  EXPECT_THAT(reserve_, IpHint("10.0.0.5"));
  EXPECT_THAT(create_, Not(IpHint("10.0.0.5")));
  EXPECT_THAT(start_, Error(HasSubstr("no disk")));
  EXPECT_THAT(create_, Not(Error(testing::_)));
}

TEST_F(FieldMatchersTest, AbsentFieldNeverMatchesAndSaysSo) {
  EXPECT_THAT(close_, Not(Mac(testing::_)));
  EXPECT_THAT(close_, Not(Mac(Not(StartsWith("52")))));
  EXPECT_EQ(Explain(Mac("52:54:00:00:00:01"), close_), "which has no field `mac`");
}

TEST_F(FieldMatchersTest, AMisspeltKeySaysItIsNoFieldOfTheFormat) {
  // A typo never matches, so it would read as "no such record" for ever.
  EXPECT_EQ(Explain(Field<std::string>("eror", "boom"), create_),
            "which has no field `eror` (not a field of the record format; did you mean `error`?)");
  EXPECT_EQ(Explain(Field<std::string>("zzzzzz", "x"), create_),
            "which has no field `zzzzzz` (not a field of the record format)");
}

TEST_F(FieldMatchersTest, TakesAnyGmockStringMatcher) {
  EXPECT_THAT(create_, Mac(StartsWith("52:54:")));
  EXPECT_THAT(create_, Name(MatchesRegex("web-[0-9]+")));
  EXPECT_THAT(create_, Op(AnyOf("reserve", "create")));
  EXPECT_THAT(create_, Not(Mac(EndsWith(":02"))));
  EXPECT_EQ(Describe<Subject>(Mac(StartsWith("52:54:"))), R"(has field `mac` that starts with "52:54:")");
  EXPECT_EQ(DescribeNegation<Subject>(Mac(StartsWith("52:54:"))),
            R"(has no field `mac`, or has field `mac` that is not a string or doesn't start with "52:54:")");
}

TEST_F(FieldMatchersTest, InnerExplanationFollowsTheValue) {
  const auto matcher = FixturePaths(SizeIs(2));
  EXPECT_THAT(create_, Not(matcher));
  EXPECT_EQ(Describe<Subject>(matcher),
            "has field `fixture_paths` that is a list of strings and size is equal to 2");
  EXPECT_EQ(Explain(matcher, create_),
            R"(whose field `fixture_paths` is ["/v/web-1/fixture-0.img"], whose size 1 doesn't match)");
  EXPECT_THAT(create_, FixturePaths(ElementsAre(MatchesRegex(".*/fixture-[0-9]+\\.img"))));
}

TEST_F(FieldMatchersTest, FieldDeducesTheTypeFromALiteral) {
  EXPECT_THAT(create_, Field("cpus", 2));
  EXPECT_THAT(create_, Not(Field("cpus", 3)));
  EXPECT_THAT(create_, Field("ratio", 0.5));
  EXPECT_THAT(create_, Field("nested", true));
  EXPECT_THAT(create_, Field("disk_path", "/v/web-1/disk.raw"));
  EXPECT_THAT(create_, Field("disk_path", std::string("/v/web-1/disk.raw")));
  EXPECT_EQ(Describe<Subject>(Field("cpus", 2)), "has field `cpus` that is an integer and is equal to 2");
  EXPECT_EQ(DescribeNegation<Subject>(Field("cpus", 2)),
            "has no field `cpus`, or has field `cpus` that is not an integer or isn't equal to 2");
  EXPECT_EQ(Describe<Subject>(Field("nested", true)), "has field `nested` that is a boolean and is equal to true");
}

TEST_F(FieldMatchersTest, FieldTakesAnExplicitTypeForMatchers) {
  EXPECT_THAT(create_, Field<std::int64_t>("cpus", Ge(2)));
  EXPECT_THAT(create_, Field<double>("cpus", Ge(1.5)));  // an integer is a number
  EXPECT_THAT(create_, Field<std::vector<std::string>>("fixture_paths", SizeIs(1)));
  EXPECT_THAT(create_, Field<nlohmann::json>("note", nlohmann::json(nullptr)));
  EXPECT_THAT(create_, Not(Field("serial_log_path", testing::_)));
  EXPECT_EQ(Describe<Subject>(Field<std::int64_t>("cpus", Ge(2))), "has field `cpus` that is an integer and is >= 2");
  EXPECT_EQ(Describe<Subject>(Field<nlohmann::json>("note", testing::_)), "has field `note` that is anything");
}

TEST_F(FieldMatchersTest, ValueOfAnotherTypeDoesNotMatch) {
  EXPECT_THAT(create_, Not(Field("cpus", "2")));
  EXPECT_EQ(Explain(Field("cpus", "2"), create_), "whose field `cpus` is 2, which is not a string");
  EXPECT_EQ(Explain(Field("mac", 1), create_),
            R"(whose field `mac` is "52:54:00:00:00:01", which is not an integer)");
  EXPECT_EQ(Explain(Field("note", "x"), create_), "whose field `note` is null, which is not a string");
  EXPECT_EQ(Explain(FixturePaths(SizeIs(1)), reserve_), "which has no field `fixture_paths`");
}

TEST_F(FieldMatchersTest, HasFieldTellsAbsentFromEmptyOrNull) {
  EXPECT_THAT(create_, HasField("mac"));
  EXPECT_THAT(create_, HasField("note"));  // null is present
  EXPECT_THAT(close_, Not(HasField("mac")));
  EXPECT_EQ(Describe<Subject>(HasField("mac")), "has field `mac`");
  EXPECT_EQ(DescribeNegation<Subject>(HasField("mac")), "has no field `mac`");
  EXPECT_EQ(Explain(HasField("mac"), create_), R"(whose field `mac` is "52:54:00:00:00:01")");
  EXPECT_EQ(Explain(HasField("mac"), close_), "which has no field `mac`");
}

TEST_F(FieldMatchersTest, MatchesThroughPointers) {
  const Record* create = &create_;
  EXPECT_THAT(create, Op("create"));
  EXPECT_THAT(recording_.CallRecords(), Contains(Mac("52:54:00:00:00:01")).Times(2));
  const Record* null = nullptr;
  EXPECT_THAT(null, Not(Op("create")));
  EXPECT_EQ(Explain(Op("create"), null), "which is null");
}

TEST_F(FieldMatchersTest, RecordWithExplainsEveryFailingField) {
  const auto matcher = RecordWith(Op("reserve"), Name("web-2"), Mac("52:54:00:00:00:01"));
  EXPECT_THAT(create_, Not(matcher));
  EXPECT_THAT(reserve_, RecordWith(Op("reserve"), Mac("52:54:00:00:00:01")));
  EXPECT_EQ(Describe<Subject>(RecordWith(Op("reserve"), Name("web-2"))),
            R"(has field `op` that is equal to "reserve", and has field `name` that is equal to "web-2")");
  EXPECT_EQ(DescribeNegation<Subject>(RecordWith(Op("reserve"), Name("web-2"))),
            R"(has no field `op`, or has field `op` that is not a string or isn't equal to "reserve", or )"
            R"(has no field `name`, or has field `name` that is not a string or isn't equal to "web-2")");
  EXPECT_EQ(Explain(matcher, create_),
            R"(whose field `op` is "create", and whose field `name` is "web-1")");
  EXPECT_EQ(Explain(matcher, reserve_), R"(whose field `name` is "web-1")");
  EXPECT_EQ(Explain(RecordWith(Op("reserve"), Name("web-1")), reserve_),
            R"(whose field `op` is "reserve", and whose field `name` is "web-1")");
}

TEST_F(FieldMatchersTest, RecordWithFlattensNestedPatternsAndTakesOpaqueMatchers) {
  const auto matcher = RecordWith(RecordWith(Op("create"), Name("web-1")), AllOf(Mac("x"), HasField("cpus")));
  EXPECT_THAT(create_, Not(matcher));
  EXPECT_EQ(Explain(matcher, create_), R"(whose field `mac` is "52:54:00:00:00:01")");
}

TEST_F(FieldMatchersTest, ComposesWithContainerMatchers) {
  const std::vector<Record> calls = CallRecords(recording_);
  EXPECT_THAT(calls, ElementsAre(Op("reserve"), Op("create"), Op("start"), Op("close")));
  EXPECT_THAT(calls, Contains(AllOf(Op("create"), Mac(StartsWith("52:54:")))).Times(1));
  EXPECT_THAT(calls, Each(AnyOf(Op("close"), Name(StartsWith("web-")))));
  EXPECT_THAT(calls, Not(Each(HasField("name"))));
}

TEST_F(FieldMatchersTest, PrintsRecordsWithTheirLocation) {
  EXPECT_EQ(::testing::PrintToString(reserve_),
            R"(rec.jsonl:1 {"op":"reserve","name":"web-1","ip_hint":"10.0.0.5","mac":"52:54:00:00:00:01"})");
  EXPECT_EQ(::testing::PrintToString(&close_), R"(rec.jsonl:4 {"op":"close"})");
}

}  // namespace
}  // namespace witness
