// gmock's own container matchers on a Recording: Contains, Each,
// ElementsAre, UnorderedElementsAre, IsEmpty, SizeIs and Contains().Times(n)
// see its call records (session records left out), and a failure lists the
// records by file:line with the index gmock's explanation names.
#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "matcher_text.h"
#include "witness/matchers.h"
#include "witness/recorder/reader.h"

namespace witness {
namespace {

using recorder::Recording;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Ge;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;
using testing_support::Explain;

// Two members reserved, created and stopped, then a close, between the
// writer's session records.
constexpr char kCluster[] = R"({"op":"session","pid":7,"schema":1,"argv0":"helper","host":"ci"})"
                            "\n"
                            R"({"op":"reserve","name":"web-1","mac":"52:54:00:00:00:01","pid":7})"
                            "\n"
                            R"({"op":"reserve","name":"web-2","mac":"52:54:00:00:00:02","pid":7})"
                            "\n"
                            R"({"op":"create","name":"web-1","mac":"52:54:00:00:00:01","pid":7})"
                            "\n"
                            R"({"op":"create","name":"web-2","mac":"52:54:00:00:00:02","pid":7})"
                            "\n"
                            R"({"op":"stop","name":"web-1","pid":7})"
                            "\n"
                            R"({"op":"stop","name":"web-2","pid":7})"
                            "\n"
                            R"({"op":"close","pid":7})"
                            "\n"
                            R"({"op":"session_end","pid":7,"records":7,"write_errors":0})"
                            "\n";

// What gmock's header line and listing say for kCluster.
constexpr char kClusterPrinted[] =
    "7 records, 2 session records from 'rec.jsonl':\n"
    R"(    #0 rec.jsonl:2 {"op":"reserve","name":"web-1","mac":"52:54:00:00:00:01","pid":7})"
    "\n"
    R"(    #1 rec.jsonl:3 {"op":"reserve","name":"web-2","mac":"52:54:00:00:00:02","pid":7})"
    "\n"
    R"(    #2 rec.jsonl:4 {"op":"create","name":"web-1","mac":"52:54:00:00:00:01","pid":7})"
    "\n"
    R"(    #3 rec.jsonl:5 {"op":"create","name":"web-2","mac":"52:54:00:00:00:02","pid":7})"
    "\n"
    R"(    #4 rec.jsonl:6 {"op":"stop","name":"web-1","pid":7})"
    "\n"
    R"(    #5 rec.jsonl:7 {"op":"stop","name":"web-2","pid":7})"
    "\n"
    R"(    #6 rec.jsonl:8 {"op":"close","pid":7})";

Recording Parse(const std::string& content) { return recorder::ParseRecords(content, "rec.jsonl"); }

// The message of the one failure `assertion` reports, as a test log shows it.
template <typename Assertion>
std::string FailureOf(Assertion assertion) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    assertion();
  }
  if (failures.size() != 1) return std::to_string(failures.size()) + " failures";
  return failures.GetTestPartResult(0).message();
}

class ContainerMatchersTest : public ::testing::Test {
 protected:
  const Recording cluster_ = Parse(kCluster);
};

TEST_F(ContainerMatchersTest, ContainsFindsACallRecord) {
  EXPECT_THAT(cluster_, Contains(AllOf(Op("create"), Name("web-2"))));
  EXPECT_THAT(cluster_, Contains(RecordWith(Op("stop"), Name("web-1"))));
  EXPECT_THAT(cluster_, Not(Contains(Op("session"))));
  EXPECT_THAT(cluster_, Not(Contains(Op("session_end"))));
}

TEST_F(ContainerMatchersTest, ContainsFailureListsTheRecordsByFileAndLine) {
  EXPECT_EQ(FailureOf([&] { EXPECT_THAT(cluster_, Contains(Op("boot"))); }),
            "Value of: cluster_\n"
            "Expected: contains at least one element that has field `op` that is equal to "
            "\"boot\"\n"
            "  Actual: " +
                std::string(kClusterPrinted) + " (of type witness::recorder::Recording)");
}

TEST_F(ContainerMatchersTest, EachSaysWhichElementFailsAndWhy) {
  EXPECT_THAT(cluster_, Each(Field("pid", 7)));
  EXPECT_THAT(cluster_, Each(HasField("op")));
  EXPECT_THAT(cluster_, Not(Each(HasField("mac"))));
  // #4 is rec.jsonl:6 in the listing the failure prints.
  EXPECT_EQ(Explain(Each(HasField("mac")), cluster_),
            "whose element #4 doesn't match, which has no field `mac`");
}

TEST_F(ContainerMatchersTest, ElementsAreMatchesTheCallsInOrder) {
  EXPECT_THAT(cluster_, ElementsAre(Op("reserve"), Op("reserve"), Op("create"), Op("create"),
                                    Op("stop"), Op("stop"), Op("close")));
  const auto swapped = ElementsAre(Op("reserve"), Op("reserve"), Op("create"), Op("create"),
                                   Op("stop"), Op("close"), Op("stop"));
  EXPECT_THAT(cluster_, Not(swapped));
  EXPECT_EQ(Explain(swapped, cluster_),
            "whose element #5 doesn't match, whose field `op` is \"stop\"");
  EXPECT_EQ(Explain(ElementsAre(Op("reserve")), cluster_), "which has 7 elements");
}

TEST_F(ContainerMatchersTest, UnorderedElementsAreMatchesTheCallsInAnyOrder) {
  EXPECT_THAT(cluster_, UnorderedElementsAre(Op("close"), Op("stop"), Op("stop"), Op("create"),
                                             Op("create"), Op("reserve"), Op("reserve")));
  EXPECT_THAT(cluster_, Not(UnorderedElementsAre(Op("close"), Op("stop"), Op("stop"), Op("create"),
                                                 Op("create"), Op("reserve"), Op("start"))));
}

TEST_F(ContainerMatchersTest, IsEmptyAndSizeIsCountCallRecordsOnly) {
  EXPECT_THAT(cluster_, SizeIs(7));
  EXPECT_THAT(cluster_, SizeIs(Ge(3)));
  EXPECT_THAT(cluster_, Not(IsEmpty()));
  EXPECT_EQ(Explain(IsEmpty(), cluster_), "whose size is 7");
  // A recorder that started and recorded no call: empty, though not a file
  // without records.
  const Recording sessions_only = Parse(R"({"op":"session","pid":7})"
                                        "\n"
                                        R"({"op":"session_end","pid":7,"records":0})"
                                        "\n");
  EXPECT_THAT(sessions_only.records, SizeIs(2));
  EXPECT_THAT(sessions_only, IsEmpty());
  EXPECT_THAT(sessions_only, SizeIs(0));
  EXPECT_THAT(Parse(""), IsEmpty());
}

TEST_F(ContainerMatchersTest, ContainsTimesCountsMatchingCallRecords) {
  EXPECT_THAT(cluster_, Contains(Op("create")).Times(2));
  EXPECT_THAT(cluster_, Contains(Name("web-1")).Times(3));
  EXPECT_THAT(cluster_, Contains(Op("session")).Times(0));
  EXPECT_EQ(Explain(Contains(Op("create")).Times(3), cluster_),
            "whose elements (2, 3) match but whose match quantity of 2 does not match");
}

TEST_F(ContainerMatchersTest, RecordsStillHoldsTheSessionRecords) {
  EXPECT_THAT(cluster_.records, SizeIs(9));
  EXPECT_THAT(cluster_.records, Contains(Op("session")).Times(1));
  EXPECT_THAT(CallRecords(cluster_), SizeIs(7));
}

TEST_F(ContainerMatchersTest, APrintedRecordingListsAtMost32Records) {
  std::string content;
  for (int i = 0; i < 40; ++i)
    content += R"({"op":"stop"})"
               "\n";
  const std::string printed = ::testing::PrintToString(Parse(content));
  EXPECT_THAT(printed, ::testing::StartsWith("40 records from 'rec.jsonl':\n"
                                             R"(    #0 rec.jsonl:1 {"op":"stop"})"));
  EXPECT_THAT(printed, ::testing::HasSubstr(R"(    #31 rec.jsonl:32 {"op":"stop"})"));
  EXPECT_THAT(printed, ::testing::Not(::testing::HasSubstr("#32")));
  EXPECT_THAT(printed, ::testing::EndsWith("\n    ... and 8 more"));
}

TEST_F(ContainerMatchersTest, APrintedRecordingEscapesControlBytes) {
  const std::string printed =
      ::testing::PrintToString(Parse(R"({"op":"stop","name":"a\u001b[31mb"})"
                                     "\n"));
  EXPECT_THAT(printed, Not(::testing::HasSubstr("\x1b")));
  EXPECT_THAT(printed,
              ::testing::HasSubstr(R"(#0 rec.jsonl:1 {"op":"stop","name":"a\u001b[31mb"})"));
}

}  // namespace
}  // namespace witness
