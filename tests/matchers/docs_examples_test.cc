// The examples of docs/matchers.md, on a recording they describe: each row
// of its tables compiles and holds (or, for the negative rows, fails).
#include <cstdint>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "witness/matchers.h"
#include "witness/recorder/reader.h"

namespace witness {
namespace {

using namespace ::testing;  // as a user's test would

constexpr char kVms[] = "/tmp/h/vms";

recorder::Recording Cluster() {
  std::string content = R"({"op":"session","pid":7})" "\n";
  int n = 0;
  for (const std::string member : {"web-1", "web-2", "web-3"}) {
    const std::string mac = "52:54:00:00:00:0" + std::to_string(++n);
    const std::string dir = std::string(kVms) + "/" + member;
    content += R"({"op":"reserve","name":")" + member + R"(","mac":")" + mac + R"(","ip_hint":"10.0.0.)" +
               std::to_string(n) + "\"}\n";
    content += R"({"op":"create","name":")" + member + R"(","disk_path":")" + dir + R"(/disk.raw","seed_path":")" +
               dir + R"(/seed.iso","fixture_paths":[")" + dir + R"(/fixture-0.img"],"mac":")" + mac +
               R"(","cpus":2,"memory_bytes":2147483648,"serial_log_path":")" + dir + "/serial.log\"}\n";
  }
  for (const std::string member : {"web-1", "web-2", "web-3"}) {
    content += R"({"op":"stop","name":")" + member + "\"}\n";
  }
  content += R"({"op":"close"})" "\n" R"({"op":"session_end","pid":7,"records":10})" "\n";
  return recorder::ParseRecords(content, "rec.jsonl");
}

TEST(DocsExamplesTest, FieldTableRowsHold) {
  const recorder::Recording rec = Cluster();
  const recorder::Record& create = *rec.CallRecords().at(1);
  const std::string vms = kVms;
  EXPECT_THAT(create, Op("create"));
  EXPECT_THAT(create, Name("web-1"));
  EXPECT_THAT(create, DiskPath(vms + "/web-1/disk.raw"));
  EXPECT_THAT(create, Mac(StartsWith("52:54:")));
  EXPECT_THAT(create, SeedPath(EndsWith("/seed.iso")));
  EXPECT_THAT(create, Name(MatchesRegex("web-[0-9]+")));
  EXPECT_THAT(create, Op(AnyOf("create", "stop")));
  EXPECT_THAT(create, Name(Not("boom")));
  EXPECT_THAT(create, Mac(AllOf(StartsWith("52:"), EndsWith(":01"))));
  EXPECT_THAT(create, Not(HasField("assigned_ip")));
  EXPECT_THAT(*rec.CallRecords().at(0), HasField("ip_hint"));
  EXPECT_THAT(create, FixturePaths({vms + "/web-1/fixture-0.img"}));
  EXPECT_THAT(create, FixturePaths(AllOf(SizeIs(1), Each(MatchesRegex(".*\\.img")))));
  EXPECT_THAT(create, FixturePaths(Contains(vms + "/web-1/fixture-0.img")));
  EXPECT_THAT(create, Field("cpus", 2));
  EXPECT_THAT(create, Field<std::int64_t>("memory_bytes", Ge(1 << 30)));
  EXPECT_THAT(create, Field("serial_log_path", EndsWith(".log")));
  EXPECT_THAT(create, Not(Error(HasSubstr("injected"))));
}

TEST(DocsExamplesTest, RelationTableRowsAndThePerMemberExampleHold) {
  const recorder::Recording rec = Cluster();
  const std::string vms = kVms;
  EXPECT_THAT(rec, HasRecord(Op("close")).Times(1));
  EXPECT_THAT(rec, HasRecord(Op("close")));
  EXPECT_THAT(rec, HasRecord(Op("stop"), Name("boom")).Times(0));
  EXPECT_THAT(rec, HasRecord(Op("stop")).Times(AllOf(Ge(2), Le(3))));
  EXPECT_THAT(rec, InOrder(Op("reserve"), Op("stop"), Op("close")));
  // Across members the creates interleave with the reserves: only a
  // member's own chain is ordered.
  EXPECT_THAT(rec, Not(InOrder(Op("reserve"), Op("create"), Op("stop"))));
  for (const std::string member : {"web-1", "web-2", "web-3"}) {
    SCOPED_TRACE(member);
    EXPECT_THAT(rec, HasRecord(Op("create"), Name(member), DiskPath(vms + "/" + member + "/disk.raw"),
                               FixturePaths(ElementsAre(MatchesRegex(".*/fixture-[0-9]+\\.img"))),
                               Not(HasField("assigned_ip")))
                         .Times(1));
    EXPECT_THAT(rec, InOrder(RecordWith(Op("reserve"), Name(member)), RecordWith(Op("create"), Name(member)),
                             RecordWith(Op("stop"), Name(member))));
  }
  EXPECT_THAT(rec, Threads("mac", Op("reserve"), Op("create")));
  EXPECT_THAT(rec, UniqueBy("mac", Op("create")));
  EXPECT_THAT(rec, HappensBefore(Op("stop"), Op("close")));
  EXPECT_THAT(CallRecords(rec), Contains(Op("create")).Times(3));
  EXPECT_THAT(CallRecords(rec), Not(Contains(Op("session"))));
}

TEST(DocsExamplesTest, ContainerMatcherTableRowsHold) {
  const recorder::Recording rec = Cluster();
  EXPECT_THAT(rec, Contains(AllOf(Op("create"), Name("web-2"))));
  EXPECT_THAT(rec, Contains(Op("create")).Times(3));
  EXPECT_THAT(rec, Contains(Op("create")).Times(Ge(2)));
  EXPECT_THAT(rec, Each(HasField("op")));
  EXPECT_THAT(rec, Not(Each(Field("cpus", 2))));
  EXPECT_THAT(rec, ElementsAre(Op("reserve"), Op("create"), Op("reserve"), Op("create"), Op("reserve"),
                               Op("create"), Op("stop"), Op("stop"), Op("stop"), Op("close")));
  EXPECT_THAT(rec, UnorderedElementsAre(Op("close"), Op("stop"), Op("stop"), Op("stop"), Op("create"),
                                        Op("create"), Op("create"), Op("reserve"), Op("reserve"),
                                        Op("reserve")));
  EXPECT_THAT(rec, Not(IsEmpty()));
  EXPECT_THAT(rec, SizeIs(10));
  EXPECT_THAT(rec, SizeIs(Ge(3)));
  std::size_t calls = 0;
  for (const recorder::Record& call : rec) calls += call.Op() != "session" ? 1 : 100;
  EXPECT_EQ(calls, rec.size());
}

}  // namespace
}  // namespace witness
