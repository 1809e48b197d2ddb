// Relations over a whole recording: each one's match, mismatch, and the
// exact text of its description, negation and explanation.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matcher_text.h"
#include "witness/matchers.h"
#include "witness/recorder/reader.h"

namespace witness {
namespace {

using recorder::Recording;
using ::testing::Ge;
using ::testing::Not;
using ::testing::StartsWith;

using Subject = const Recording&;
using testing_support::Describe;
using testing_support::DescribeNegation;
using testing_support::Explain;

// Two members, each reserved, created and stopped, then one close; the
// writer's session records around them.
constexpr char kCluster[] =
    R"({"op":"session","pid":7,"schema":1,"argv0":"helper","host":"ci"})" "\n"
    R"({"op":"reserve","name":"web-1","mac":"52:54:00:00:00:01","pid":7,"seq":1})" "\n"
    R"({"op":"reserve","name":"web-2","mac":"52:54:00:00:00:02","pid":7,"seq":2})" "\n"
    R"({"op":"create","name":"web-1","mac":"52:54:00:00:00:01","pid":7,"seq":3})" "\n"
    R"({"op":"create","name":"web-2","mac":"52:54:00:00:00:02","pid":7,"seq":4})" "\n"
    R"({"op":"stop","name":"web-1","pid":7,"seq":5})" "\n"
    R"({"op":"stop","name":"web-2","pid":7,"seq":6})" "\n"
    R"({"op":"close","pid":7,"seq":7})" "\n"
    R"({"op":"session_end","pid":7,"records":7,"write_errors":0})" "\n";

Recording Parse(const std::string& content) { return recorder::ParseRecords(content, "rec.jsonl"); }

class RelationMatchersTest : public ::testing::Test {
 protected:
  const Recording cluster_ = Parse(kCluster);
  const Recording empty_ = Parse("");
};

// --- HasRecord ---------------------------------------------------------------

TEST_F(RelationMatchersTest, HasRecordFindsAMatchingRecord) {
  EXPECT_THAT(cluster_, HasRecord(Op("create"), Name("web-2"), Mac(StartsWith("52:54:"))));
  EXPECT_EQ(Describe<Subject>(HasRecord(Op("create"), Name("web-2"))),
            R"(has a record that has field `op` that is equal to "create", and has field `name` that is equal to "web-2")");
  EXPECT_EQ(DescribeNegation<Subject>(HasRecord(Op("close"))),
            R"(has no record that has field `op` that is equal to "close")");
  EXPECT_EQ(Explain(HasRecord(Op("close")), cluster_),
            "which has 1 such record:\n"
            R"(    rec.jsonl:8 {"op":"close","pid":7,"seq":7})");
}

TEST_F(RelationMatchersTest, HasRecordShowsTheClosestRecordsWithEveryFailingField) {
  const auto matcher = HasRecord(Op("create"), Name("web-2"), Mac("52:54:00:00:00:09"));
  EXPECT_THAT(cluster_, Not(matcher));
  // Same op first, then most parts matching: create web-2, create web-1,
  // then reserve web-2.
  EXPECT_EQ(Explain(matcher, cluster_),
            "which has no such record\n"
            "    the closest records:\n"
            R"(      rec.jsonl:5  (2 of 3 fields match)  {"op":"create","name":"web-2","mac":"52:54:00:00:00:02","pid":7,"seq":4})" "\n"
            R"(        ok  op = "create")" "\n"
            R"(        ok  name = "web-2")" "\n"
            R"(        !!  mac: expected "52:54:00:00:00:09", actual "52:54:00:00:00:02")" "\n"
            R"(      rec.jsonl:4  (1 of 3 fields match)  {"op":"create","name":"web-1","mac":"52:54:00:00:00:01","pid":7,"seq":3})" "\n"
            R"(        ok  op = "create")" "\n"
            R"(        !!  name: expected "web-2", actual "web-1")" "\n"
            R"(        !!  mac: expected "52:54:00:00:00:09", actual "52:54:00:00:00:01")" "\n"
            R"(      rec.jsonl:3  (1 of 3 fields match)  {"op":"reserve","name":"web-2","mac":"52:54:00:00:00:02","pid":7,"seq":2})" "\n"
            R"(        !!  op: expected "create", actual "reserve")" "\n"
            R"(        ok  name = "web-2")" "\n"
            R"(        !!  mac: expected "52:54:00:00:00:09", actual "52:54:00:00:00:02")");
}

TEST_F(RelationMatchersTest, NearMissesDescribeMatchersAbsentFieldsAndOpaqueParts) {
  const auto matcher = HasRecord(Op("stop"), Name(StartsWith("web-1")), HasField("error"),
                                 testing::AllOf(HasField("pid"), HasField("assigned_ip")));
  EXPECT_EQ(Explain(matcher, Parse(R"({"op":"stop","name":"web-1","pid":7})" "\n")),
            "which has no such record\n"
            "    the closest record:\n"
            R"(      rec.jsonl:1  (2 of 4 parts match)  {"op":"stop","name":"web-1","pid":7})" "\n"
            R"(        ok  op = "stop")" "\n"
            R"(        ok  name = "web-1")" "\n"
            R"(        !!  error: expected present, actual (absent))" "\n"
            "        !!  does not satisfy: (has field `pid`) and (has field `assigned_ip`) "
            "(which has no field `assigned_ip`)");
  EXPECT_EQ(Explain(HasRecord(Op("create"), Mac(StartsWith("aa"))), Parse(R"({"op":"create","mac":"bb"})" "\n")),
            "which has no such record\n"
            "    the closest record:\n"
            R"(      rec.jsonl:1  (1 of 2 fields match)  {"op":"create","mac":"bb"})" "\n"
            R"(        ok  op = "create")" "\n"
            R"(        !!  mac: expected a value that starts with "aa", actual "bb")");
}

TEST_F(RelationMatchersTest, HasRecordWithoutAnyCloseRecordSummarisesTheOps) {
  EXPECT_EQ(Explain(HasRecord(Op("start")), cluster_),
            "which has no such record\n"
            "    the 7 records are 2 reserve, 2 create, 2 stop, 1 close");
  EXPECT_EQ(Explain(HasRecord(IpHint("10.0.0.1"), Error("x")), cluster_),
            "which has no such record\n"
            "    the 7 records are 2 reserve, 2 create, 2 stop, 1 close");
}

TEST_F(RelationMatchersTest, RecordBytesATerminalWouldObeyAreShownEscaped) {
  // A name that clears the screen and rings the bell, a value holding a C1
  // CSI and DEL, an op holding ESC: the explanation is printed to a
  // terminal by the test runner, so it shows them as `witness show` does.
  const Recording hostile = Parse(
      R"({"op":"create","name":"evil\u001b[2J\u0007","mac":"\u009b6n\u007f"})" "\n"
      R"({"op":"st\u001bop"})" "\n");
  EXPECT_EQ(Explain(HasRecord(Op("create"), Mac("aa")), hostile),
            "which has no such record\n"
            "    the closest record:\n"
            R"(      rec.jsonl:1  (1 of 2 fields match)  {"op":"create","name":"evil\u001b[2J\u0007","mac":"\u009b6n\u007f"})" "\n"
            R"(        ok  op = "create")" "\n"
            R"(        !!  mac: expected "aa", actual "\u009b6n\u007f")");
  EXPECT_EQ(Explain(HasRecord(Op("start")), hostile),
            "which has no such record\n"
            R"(    the 2 records are 1 create, 1 st\x1bop)");
}

TEST_F(RelationMatchersTest, HasRecordTimesCountsMatchingRecords) {
  EXPECT_THAT(cluster_, HasRecord(Op("stop")).Times(2));
  EXPECT_THAT(cluster_, HasRecord(Op("stop")).Times(Ge(1)));
  EXPECT_THAT(cluster_, Not(HasRecord(Op("stop")).Times(3)));
  EXPECT_EQ(Describe<Subject>(HasRecord(Op("stop")).Times(3)),
            R"(has N records that has field `op` that is equal to "stop", where N is equal to 3)");
  EXPECT_EQ(DescribeNegation<Subject>(HasRecord(Op("stop")).Times(3)),
            R"(has N records that has field `op` that is equal to "stop", where N isn't equal to 3)");
  EXPECT_EQ(Explain(HasRecord(Op("stop")).Times(3), cluster_),
            "which has 2 such records:\n"
            R"(    rec.jsonl:6 {"op":"stop","name":"web-1","pid":7,"seq":5})" "\n"
            R"(    rec.jsonl:7 {"op":"stop","name":"web-2","pid":7,"seq":6})");
}

TEST_F(RelationMatchersTest, NeverPassesOnlyWhenTheRecorderWasAlive) {
  const auto never = HasRecord(Op("stop"), Name("boom")).Times(0);
  EXPECT_THAT(cluster_, never);
  EXPECT_EQ(Explain(never, cluster_),
            "which has no such record (and a recorder was alive: session records at rec.jsonl:1 "
            "and rec.jsonl:9 (pid 7))");
  EXPECT_THAT(empty_, Not(never));
  EXPECT_EQ(Explain(never, empty_),
            "which proves nothing: the recorder never started: no session record and no other "
            "record in 'rec.jsonl'; is FLEETBOX_FAKE_RECORD passed to the process that records?");
  EXPECT_EQ(Describe<Subject>(never),
            R"(has N records that has field `op` that is equal to "stop", and has field `name` that is equal to "boom", )"
            "where N is equal to 0, and shows that a recorder was alive");
  EXPECT_EQ(DescribeNegation<Subject>(never),
            R"(has N records that has field `op` that is equal to "stop", and has field `name` that is equal to "boom", )"
            "where N isn't equal to 0, or shows no live recorder");
  // "At most" allows zero too.
  EXPECT_THAT(empty_, Not(HasRecord(Op("stop")).Times(testing::Le(1))));
}

TEST_F(RelationMatchersTest, GoReferenceRecordsProveALiveRecorderWithoutSessions) {
  const Recording go = recorder::ReadRecordFile(WITNESS_TESTDATA_DIR "/records/go-reference-cluster-failcreate.jsonl");
  EXPECT_THAT(go, RecorderWasAlive());
  EXPECT_THAT(go, HasRecord(Op("stop"), Name("db-2")).Times(0));
  EXPECT_THAT(go, HasRecord(Op("create"), Name("db-2")));
  EXPECT_THAT(go, HasRecord(Op("close")).Times(1));
}

// --- HappensBefore and InOrder -----------------------------------------------

TEST_F(RelationMatchersTest, HappensBeforeHoldsWhenEveryFirstPrecedesEverySecond) {
  const auto matcher = HappensBefore(Op("reserve"), Op("create"));
  EXPECT_THAT(cluster_, matcher);
  EXPECT_EQ(Describe<Subject>(matcher),
            R"(has (1) a record that has field `op` that is equal to "reserve" and (2) a record that has field `op` )"
            R"(that is equal to "create", with every record of kind 1 before every record of kind 2)");
  EXPECT_EQ(DescribeNegation<Subject>(matcher),
            R"(lacks (1) a record that has field `op` that is equal to "reserve" or (2) a record that has field `op` )"
            R"(that is equal to "create", or has a record of kind 2 that is not after every record of kind 1)");
  EXPECT_EQ(Explain(matcher, cluster_),
            "whose records come in order: (1) rec.jsonl:2 and rec.jsonl:3; (2) rec.jsonl:4 and rec.jsonl:5");
}

TEST_F(RelationMatchersTest, HappensBeforeNamesTheRecordsOutOfOrder) {
  // The pair named is the earliest record of kind 2 (the create at line 4)
  // and the latest of kind 1 (the stop at line 7).
  const auto matcher = HappensBefore(Op("stop"), Op("create"));
  EXPECT_THAT(cluster_, Not(matcher));
  EXPECT_EQ(Explain(matcher, cluster_),
            R"(whose record of kind 2, rec.jsonl:4 {"op":"create","name":"web-1","mac":"52:54:00:00:00:01","pid":7,"seq":3}, )"
            R"(comes before one of kind 1, rec.jsonl:7 {"op":"stop","name":"web-2","pid":7,"seq":6})");
  EXPECT_EQ(Explain(HappensBefore(Op("close"), Op("close")), cluster_),
            R"(whose record rec.jsonl:8 {"op":"close","pid":7,"seq":7} is of both kind 1 and kind 2)");
}

TEST_F(RelationMatchersTest, HappensBeforeNeedsBothKinds) {
  const auto matcher = HappensBefore(RecordWith(Op("stop"), Name("web-3")), Op("close"));
  EXPECT_THAT(cluster_, Not(matcher));
  EXPECT_EQ(Explain(matcher, cluster_),
            "which has no record of kind 1\n"
            "    the closest records:\n"
            R"(      rec.jsonl:6  (1 of 2 fields match)  {"op":"stop","name":"web-1","pid":7,"seq":5})" "\n"
            R"(        ok  op = "stop")" "\n"
            R"(        !!  name: expected "web-3", actual "web-1")" "\n"
            R"(      rec.jsonl:7  (1 of 2 fields match)  {"op":"stop","name":"web-2","pid":7,"seq":6})" "\n"
            R"(        ok  op = "stop")" "\n"
            R"(        !!  name: expected "web-3", actual "web-2")");
  EXPECT_THAT(empty_, Not(HappensBefore(Op("reserve"), Op("create"))));
  EXPECT_EQ(Explain(HappensBefore(Op("reserve"), Op("create")), empty_), "which has no record of kind 1");
}

TEST_F(RelationMatchersTest, InOrderChecksOneChain) {
  const auto chain = InOrder(Op("reserve"), Op("create"), Op("stop"), Op("close"));
  EXPECT_THAT(cluster_, chain);
  EXPECT_THAT(cluster_, InOrder(RecordWith(Op("reserve"), Name("web-2")), RecordWith(Op("create"), Name("web-1")),
                                RecordWith(Op("stop"), Name("web-2"))));
  EXPECT_THAT(cluster_, Not(InOrder(Op("reserve"), Op("stop"), Op("create"))));
  EXPECT_EQ(Describe<Subject>(InOrder(Op("reserve"), Op("create"), Op("close"))),
            R"(has (1) a record that has field `op` that is equal to "reserve", (2) a record that has field `op` )"
            R"(that is equal to "create", and (3) a record that has field `op` that is equal to "close", with every )"
            "record of each kind before every record of the next kind");
  EXPECT_EQ(DescribeNegation<Subject>(InOrder(Op("reserve"), Op("create"), Op("close"))),
            R"(lacks one of (1) a record that has field `op` that is equal to "reserve", (2) a record that has )"
            R"(field `op` that is equal to "create", (3) a record that has field `op` that is equal to "close", or )"
            "has a record of some kind that is not after every record of the kind before it");
  EXPECT_EQ(Explain(InOrder(Op("reserve"), Op("stop"), Op("create")), cluster_),
            R"(whose record of kind 3, rec.jsonl:4 {"op":"create","name":"web-1","mac":"52:54:00:00:00:01","pid":7,"seq":3}, )"
            R"(comes before one of kind 2, rec.jsonl:7 {"op":"stop","name":"web-2","pid":7,"seq":6})");
  EXPECT_EQ(Explain(InOrder(RecordWith(Op("reserve"), Name("web-1")), Op("close")), cluster_),
            "whose records come in order: (1) rec.jsonl:2; (2) rec.jsonl:8");
}

TEST_F(RelationMatchersTest, MultiPartKindsAreParenthesisedInDescriptions) {
  EXPECT_EQ(Describe<Subject>(HappensBefore(RecordWith(Op("stop"), Name("a")), Op("close"))),
            R"(has (1) a record that (has field `op` that is equal to "stop", and has field `name` that is equal )"
            R"(to "a") and (2) a record that has field `op` that is equal to "close", with every record of kind 1 )"
            "before every record of kind 2");
}

// --- Threads -------------------------------------------------------------------

TEST_F(RelationMatchersTest, ThreadsFollowsAFieldPerMember) {
  const auto matcher = Threads("mac", Op("reserve"), Op("create"));
  EXPECT_THAT(cluster_, matcher);
  EXPECT_EQ(Describe<Subject>(matcher),
            R"(threads field `mac` from each member's first record that has field `op` that is equal to "reserve" )"
            R"(to every record of that member that has field `op` that is equal to "create" (members being the )"
            "values of field `name`), for at least one member");
  EXPECT_EQ(DescribeNegation<Subject>(matcher),
            R"(does not thread field `mac` from each member's first record that has field `op` that is equal to )"
            R"("reserve" to every record of that member that has field `op` that is equal to "create" (members )"
            "being the values of field `name`), or not for any member");
  EXPECT_EQ(Explain(matcher, cluster_),
            R"(whose field `mac` is threaded for 2 members: "web-1" (rec.jsonl:2 -> rec.jsonl:4), )"
            R"("web-2" (rec.jsonl:3 -> rec.jsonl:5))");
}

TEST_F(RelationMatchersTest, ThreadsReportsEveryMemberThatLostTheValue) {
  const Recording broken = Parse(
      R"({"op":"reserve","name":"web-1","mac":"aa"})" "\n"
      R"({"op":"reserve","name":"web-2","mac":"bb"})" "\n"
      R"({"op":"create","name":"web-1","mac":"aa"})" "\n"
      R"({"op":"create","name":"web-2","mac":"cc"})" "\n"
      R"({"op":"create","name":"web-3","mac":"dd"})" "\n"
      R"({"op":"reserve","name":"web-4"})" "\n"
      R"({"op":"create","name":"web-4","mac":"ee"})" "\n"
      R"({"op":"reserve","name":"web-5","mac":"ff"})" "\n"
      R"({"op":"create","name":"web-5"})" "\n");
  const auto matcher = Threads("mac", Op("reserve"), Op("create"));
  EXPECT_THAT(broken, Not(matcher));
  EXPECT_EQ(Explain(matcher, broken),
            "whose field `mac` is not threaded:\n"
            R"(    member "web-2": target rec.jsonl:4 {"op":"create","name":"web-2","mac":"cc"} has `mac` "cc", )"
            R"(but source rec.jsonl:2 has "bb")" "\n"
            R"(    member "web-3": target rec.jsonl:5 {"op":"create","name":"web-3","mac":"dd"} has no source record)" "\n"
            R"(    member "web-4": source rec.jsonl:6 {"op":"reserve","name":"web-4"} has no field `mac`)" "\n"
            R"(    member "web-5": target rec.jsonl:9 {"op":"create","name":"web-5"} has no field `mac`, )"
            R"(but source rec.jsonl:8 has "ff")");
}

TEST_F(RelationMatchersTest, ThreadsIsNotVacuous) {
  const auto matcher = Threads("mac", Op("lease"), Op("create"));
  EXPECT_THAT(cluster_, Not(matcher));
  EXPECT_EQ(Explain(matcher, cluster_),
            R"(which has no source record (one that has field `op` that is equal to "lease"))" "\n"
            "    the 7 records are 2 reserve, 2 create, 2 stop, 1 close");
  EXPECT_EQ(Explain(Threads("mac", Op("reserve"), Op("start")), cluster_),
            R"(which has no target record (one that has field `op` that is equal to "start"))" "\n"
            "    the 7 records are 2 reserve, 2 create, 2 stop, 1 close");
}

// --- UniqueBy ------------------------------------------------------------------

TEST_F(RelationMatchersTest, UniqueByHoldsForDistinctValues) {
  const auto matcher = UniqueBy("mac", Op("create"));
  EXPECT_THAT(cluster_, matcher);
  EXPECT_EQ(Describe<Subject>(matcher),
            R"(has a record that has field `op` that is equal to "create", and every such record has field `mac` )"
            "with a value no other such record has");
  EXPECT_EQ(DescribeNegation<Subject>(matcher),
            R"(has no record that has field `op` that is equal to "create", or one without field `mac`, or two )"
            "with the same value of field `mac`");
  EXPECT_EQ(Explain(matcher, cluster_),
            "whose 2 such records have distinct field `mac`: rec.jsonl:4 and rec.jsonl:5");
}

TEST_F(RelationMatchersTest, UniqueByNamesDuplicatesAndRecordsWithoutTheField) {
  const Recording broken = Parse(
      R"({"op":"create","name":"a","mac":"aa"})" "\n"
      R"({"op":"create","name":"b","mac":"bb"})" "\n"
      R"({"op":"create","name":"c","mac":"aa"})" "\n"
      R"({"op":"create","name":"d"})" "\n"
      R"({"op":"create","name":"e","mac":"aa"})" "\n");
  EXPECT_THAT(broken, Not(UniqueBy("mac", Op("create"))));
  EXPECT_EQ(Explain(UniqueBy("mac", Op("create")), broken),
            "whose field `mac` is not unique:\n"
            R"(    rec.jsonl:4 {"op":"create","name":"d"} has no field `mac`)" "\n"
            R"(    `mac` "aa" is in 3 records: rec.jsonl:1, rec.jsonl:3 and rec.jsonl:5)");
  EXPECT_EQ(Explain(UniqueBy("mac", Op("lease")), broken),
            "which has no such record\n    the 5 records are 5 create");
}

TEST_F(RelationMatchersTest, UniqueByCatchesAWrongMacThreadedIntoCreateAsTheScenarioDoes) {
  // The same recording as the engine's test of `unique` (check_test.cc):
  // b's create carries a's MAC.
  const Recording wrong_mac = Parse(
      R"({"op":"reserve","name":"a","mac":"1"})" "\n"
      R"({"op":"create","name":"a","mac":"1"})" "\n"
      R"({"op":"reserve","name":"b","mac":"2"})" "\n"
      R"({"op":"create","name":"b","mac":"1"})" "\n");
  EXPECT_THAT(wrong_mac, Not(UniqueBy("mac", Op("create"))));
  EXPECT_EQ(Explain(UniqueBy("mac", Op("create")), wrong_mac),
            "whose field `mac` is not unique:\n"
            R"(    `mac` "1" is in 2 records: rec.jsonl:2 and rec.jsonl:4)");
}

// --- RecorderWasAlive and HasNoBadLines ------------------------------------------

TEST_F(RelationMatchersTest, RecorderWasAliveNeedsASessionOrAnyRecord) {
  EXPECT_THAT(cluster_, RecorderWasAlive());
  EXPECT_EQ(Explain(RecorderWasAlive(), cluster_),
            "whose recorder was alive: session records at rec.jsonl:1 and rec.jsonl:9 (pid 7)");
  EXPECT_THAT(empty_, Not(RecorderWasAlive()));
  EXPECT_EQ(Describe<Subject>(RecorderWasAlive()),
            "shows that a recorder was alive (a session record, or any other record)");
  EXPECT_EQ(DescribeNegation<Subject>(RecorderWasAlive()),
            "shows no live recorder (neither a session record nor any other record)");
  const Recording sessions_only = Parse(R"({"op":"session","pid":9})" "\n");
  EXPECT_THAT(sessions_only, RecorderWasAlive());
  const Recording no_sessions = Parse(R"({"op":"close"})" "\n");
  EXPECT_EQ(Explain(RecorderWasAlive(), no_sessions),
            "whose recorder was alive: no session record, but 1 record from rec.jsonl:1 on (a writer "
            "without session records, such as the Go reference)");
  const Recording garbage = Parse("not json\n");
  EXPECT_EQ(Explain(RecorderWasAlive(), garbage),
            "which proves nothing: the recorder never started: no session record and no other record "
            "in 'rec.jsonl' (1 bad line); is FLEETBOX_FAKE_RECORD passed to the process that records?");
}

TEST_F(RelationMatchersTest, HasNoBadLinesListsThem) {
  EXPECT_THAT(cluster_, HasNoBadLines());
  EXPECT_EQ(Explain(HasNoBadLines(), cluster_), "whose every line is a good record");
  const Recording torn = Parse(R"({"op":"close"})" "\n" "{\"op\":\"cre\n");
  ASSERT_EQ(torn.diagnostics.size(), 1u);
  EXPECT_THAT(torn, Not(HasNoBadLines()));
  EXPECT_EQ(Explain(HasNoBadLines(), torn), "which has 1 bad line:\n    " + torn.diagnostics[0].ToString());
  EXPECT_EQ(Describe<Subject>(HasNoBadLines()), "has no bad or torn line");
  EXPECT_EQ(DescribeNegation<Subject>(HasNoBadLines()), "has a bad or torn line");
}

// --- What relations accept --------------------------------------------------------

TEST_F(RelationMatchersTest, RelationsIgnoreSessionRecords) {
  EXPECT_THAT(cluster_, Not(HasRecord(Op("session"))));
  EXPECT_THAT(cluster_, HappensBefore(Op("reserve"), Op("close")));  // sessions before and after
  EXPECT_THAT(cluster_, Not(HappensBefore(Op("close"), HasField("records"))));
}

TEST_F(RelationMatchersTest, RelationsTakeVectorsOfRecordsAndOfPointers) {
  const std::vector<recorder::Record> calls = CallRecords(cluster_);
  ASSERT_EQ(calls.size(), 7u);
  EXPECT_THAT(calls, HappensBefore(Op("reserve"), Op("create")));
  EXPECT_THAT(calls, Threads("mac", Op("reserve"), Op("create")));
  EXPECT_THAT(calls, RecorderWasAlive());
  EXPECT_THAT(cluster_.CallRecords(), UniqueBy("mac", Op("create")));
  EXPECT_THAT(cluster_.CallRecords(), HasRecord(Op("stop")).Times(2));
  EXPECT_THAT(cluster_.records, HasRecord(Op("close")));
  EXPECT_EQ(Explain(RecorderWasAlive(), std::vector<recorder::Record>{}),
            "which proves nothing: the recorder never started: no session record and no other record; "
            "is FLEETBOX_FAKE_RECORD passed to the process that records?");
}

TEST_F(RelationMatchersTest, PrintsARecordingAsASummaryAndItsCallRecords) {
  EXPECT_EQ(::testing::PrintToString(Parse(R"({"op":"session","pid":7})" "\n"
                                           R"({"op":"close","pid":7})" "\n")),
            "1 record, 1 session record from 'rec.jsonl':\n"
            R"(    #0 rec.jsonl:2 {"op":"close","pid":7})");
  EXPECT_EQ(::testing::PrintToString(Parse("x\n")), "0 records, 1 bad line from 'rec.jsonl'");
}

}  // namespace
}  // namespace witness
