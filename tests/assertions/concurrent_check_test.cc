// One Scenario checked from several threads at once, as a parallel test
// runner does with a scenario loaded once.
//
// Green proves: the compiled scenario is only read during Check (under
// ThreadSanitizer, any write to shared state would be reported) and every
// thread gets the same verdict. It does not prove anything about loading
// scenarios concurrently with changes to the process environment.

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

TEST(ConcurrentCheckTest, ThreadsShareOneScenario) {
  const Scenario scenario = ParseScenario(
      "scenario: shared\nmembers: [a, b]\nper_member:\n  expect:\n"
      "    - {id: reserve, op: reserve, name: '${member}', mac: {capture: mac}}\n"
      "    - {id: create, op: create, name: '${member}', mac: '${mac}', "
      "disk: {regex: '/v/${member}/.*'}}\n  order: [reserve, create]\n"
      "expect:\n  - {op: stop, count: 0}\nunique:\n  - {id: create, field: mac}\nstrict: true\n",
      "shared.yaml");
  const recorder::Recording good = recorder::ParseRecords(
      R"({"op":"session","pid":1})" "\n"
      R"({"op":"reserve","name":"a","mac":"m1","pid":1})" "\n"
      R"({"op":"reserve","name":"b","mac":"m2","pid":1})" "\n"
      R"({"op":"create","name":"a","mac":"m1","disk":"/v/a/d","pid":1})" "\n"
      R"({"op":"create","name":"b","mac":"m2","disk":"/v/b/d","pid":1})" "\n",
      "good.jsonl");
  const recorder::Recording bad = recorder::ParseRecords(
      R"({"op":"reserve","name":"a","mac":"m1"})" "\n"
      R"({"op":"create","name":"a","mac":"m2","disk":"/v/a/d"})" "\n",
      "bad.jsonl");
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::vector<int> passes(kThreads, 0);
  std::vector<int> fails(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      CheckOptions options;
      options.listing = true;
      for (int round = 0; round < kRounds; ++round) {
        if (Check(scenario, good, options).passed()) ++passes[t];
        const Report report = Check(scenario, bad, options);
        if (report.outcome == Outcome::kFail && !RenderText(report).empty()) ++fails[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(passes[t], kRounds) << "thread " << t;
    EXPECT_EQ(fails[t], kRounds) << "thread " << t;
  }
}

}  // namespace
}  // namespace witness::assertions
