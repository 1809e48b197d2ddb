// Every field matcher, once satisfied and once not, through the public
// engine (scenario text in, report out).

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;

// Checks `{"op":"r", <fields>}` against an expectation whose field `v` is
// `matcher` (YAML flow text).
Report RunMatcher(const std::string& matcher, const std::string& fields) {
  const std::string yaml = "scenario: m\nexpect:\n  - op: r\n    v: " + matcher + "\n";
  std::string record = "{\"op\":\"r\"";
  if (!fields.empty()) record += "," + fields;
  record += "}\n";
  return testing::CheckInline(yaml, record);
}

bool Matches(const std::string& matcher, const std::string& fields) {
  return RunMatcher(matcher, fields).passed();
}

TEST(MatcherTest, ScalarEqualityIsTypedByTheRecord) {
  EXPECT_TRUE(Matches("web-1", R"("v":"web-1")"));
  EXPECT_FALSE(Matches("web-1", R"("v":"web-2")"));
  EXPECT_TRUE(Matches("2", R"("v":2)"));
  EXPECT_TRUE(Matches("2", R"("v":"2")"));
  EXPECT_FALSE(Matches("'2'", R"("v":2)"));  // quoted: strings only
  EXPECT_TRUE(Matches("2.5", R"("v":2.5)"));
  EXPECT_FALSE(Matches("3", R"("v":2)"));
  EXPECT_TRUE(Matches("true", R"("v":true)"));
  EXPECT_FALSE(Matches("true", R"("v":false)"));
  EXPECT_TRUE(Matches("~", R"("v":null)"));
  EXPECT_FALSE(Matches("~", R"("v":"")"));
  EXPECT_FALSE(Matches("web-1", ""));  // absent never equals
}

TEST(MatcherTest, ListEquality) {
  EXPECT_TRUE(Matches("[a, b]", R"("v":["a","b"])"));
  EXPECT_FALSE(Matches("[a, b]", R"("v":["b","a"])"));
  EXPECT_FALSE(Matches("[a, b]", R"("v":["a"])"));
  EXPECT_FALSE(Matches("[a]", R"("v":"a")"));
  EXPECT_TRUE(Matches("[a, {prefix: b}]", R"("v":["a","bcd"])"));
}

TEST(MatcherTest, AbsentAndPresent) {
  EXPECT_TRUE(Matches("{absent: true}", ""));
  EXPECT_FALSE(Matches("{absent: true}", R"("v":"")"));
  EXPECT_TRUE(Matches("{present: true}", R"("v":"")"));
  EXPECT_FALSE(Matches("{present: true}", ""));
}

TEST(MatcherTest, RegexIsAFullMatch) {
  EXPECT_TRUE(Matches(R"({regex: '.*/fixture-[0-9]+\.img'})", R"("v":"/x/fixture-12.img")"));
  EXPECT_FALSE(Matches(R"({regex: 'fixture-[0-9]+'})", R"("v":"/x/fixture-12.img")"));
  EXPECT_FALSE(Matches("{regex: '.*'}", R"("v":5)"));  // not a string
}

TEST(MatcherTest, GlobStarCrossesSlashes) {
  EXPECT_TRUE(Matches("{glob: '*/web-1/seed.iso'}", R"("v":"/h/vms/web-1/seed.iso")"));
  EXPECT_FALSE(Matches("{glob: '*/web-1/seed.iso'}", R"("v":"/h/vms/web-2/seed.iso")"));
  EXPECT_TRUE(Matches("{glob: 'fixture-?.img'}", R"("v":"fixture-3.img")"));
}

TEST(MatcherTest, PrefixSuffixContains) {
  EXPECT_TRUE(Matches("{prefix: /tmp/}", R"("v":"/tmp/x")"));
  EXPECT_FALSE(Matches("{prefix: /tmp/}", R"("v":"/var/tmp/x")"));
  EXPECT_TRUE(Matches("{suffix: .raw}", R"("v":"disk.raw")"));
  EXPECT_FALSE(Matches("{suffix: .raw}", R"("v":"disk.qcow2")"));
  EXPECT_TRUE(Matches("{contains: web}", R"("v":"a-web-b")"));
  EXPECT_FALSE(Matches("{contains: web}", R"("v":"db")"));
}

TEST(MatcherTest, ContainsOnAListNeedsAMatchingElement) {
  EXPECT_TRUE(Matches("{contains: b}", R"("v":["a","b"])"));
  EXPECT_FALSE(Matches("{contains: c}", R"("v":["a","b"])"));
  EXPECT_TRUE(Matches("{contains: {suffix: .img}}", R"("v":["a","x.img"])"));
  EXPECT_FALSE(Matches("{contains: {suffix: .img}}", R"("v":["a.iso"])"));
}

TEST(MatcherTest, OneOfNotAllOf) {
  EXPECT_TRUE(Matches("{one_of: [a, b]}", R"("v":"b")"));
  EXPECT_FALSE(Matches("{one_of: [a, b]}", R"("v":"c")"));
  EXPECT_TRUE(Matches("{not: a}", R"("v":"b")"));
  EXPECT_FALSE(Matches("{not: a}", R"("v":"a")"));
  EXPECT_TRUE(Matches("{not: {present: true}}", ""));
  EXPECT_TRUE(Matches("{all_of: [{prefix: a}, {suffix: z}]}", R"("v":"abcz")"));
  EXPECT_FALSE(Matches("{all_of: [{prefix: a}, {suffix: z}]}", R"("v":"abc")"));
  // Several matcher keys in one mapping mean all of them.
  EXPECT_TRUE(Matches("{prefix: a, suffix: z}", R"("v":"az")"));
  EXPECT_FALSE(Matches("{prefix: a, suffix: z}", R"("v":"ay")"));
}

TEST(MatcherTest, LengthAndEach) {
  EXPECT_TRUE(Matches("{length: 2}", R"("v":[1,2])"));
  EXPECT_FALSE(Matches("{length: 2}", R"("v":[1])"));
  EXPECT_TRUE(Matches("{length: 3}", R"("v":"abc")"));
  EXPECT_TRUE(Matches("{each: {prefix: /v/}}", R"("v":["/v/a","/v/b"])"));
  EXPECT_FALSE(Matches("{each: {prefix: /v/}}", R"("v":["/v/a","/w/b"])"));
  EXPECT_FALSE(Matches("{each: {prefix: /v/}}", R"("v":"/v/a")"));
}

TEST(MatcherTest, Formats) {
  EXPECT_TRUE(Matches("{format: mac}", R"("v":"02:5a:11:00:0A:ff")"));
  EXPECT_FALSE(Matches("{format: mac}", R"("v":"02:5a:11:00:0a")"));
  EXPECT_FALSE(Matches("{format: mac}", R"("v":"02-5a-11-00-0a-ff")"));
  EXPECT_TRUE(Matches("{format: ipv4}", R"("v":"203.0.113.7")"));
  EXPECT_FALSE(Matches("{format: ipv4}", R"("v":"203.0.113.256")"));
  EXPECT_FALSE(Matches("{format: ipv4}", R"("v":"fe80::1")"));
}

TEST(MatcherTest, IpIn) {
  EXPECT_TRUE(Matches("{ip_in: 203.0.113.0/24}", R"("v":"203.0.113.9")"));
  EXPECT_FALSE(Matches("{ip_in: 203.0.113.0/24}", R"("v":"203.0.114.9")"));
  EXPECT_TRUE(Matches("{ip_in: 0.0.0.0/0}", R"("v":"8.8.8.8")"));
  EXPECT_FALSE(Matches("{ip_in: 10.0.0.0/8}", R"("v":"not an ip")"));
}

TEST(MatcherTest, FileChecksLookAtTheHostAtCheckTime) {
  char dir_template[] = "/tmp/witness-matcher-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string empty = dir + "/empty";
  const std::string full = dir + "/full";
  std::ofstream(empty).close();
  std::ofstream(full) << "data";
  EXPECT_TRUE(Matches("{file: exists}", "\"v\":\"" + empty + "\""));
  EXPECT_FALSE(Matches("{file: exists}", "\"v\":\"" + dir + "/missing\""));
  EXPECT_TRUE(Matches("{file: non_empty}", "\"v\":\"" + full + "\""));
  EXPECT_FALSE(Matches("{file: non_empty}", "\"v\":\"" + empty + "\""));
  std::remove(empty.c_str());
  std::remove(full.c_str());
  ::rmdir(dir.c_str());
}

TEST(MatcherTest, CaptureBindsAndReferenceRequiresTheSameValue) {
  const std::string yaml =
      "scenario: c\nexpect:\n  - {op: reserve, mac: {capture: mac}}\n"
      "  - {op: create, mac: '${mac}'}\n";
  EXPECT_TRUE(testing::CheckInline(yaml,
                                   "{\"op\":\"reserve\",\"mac\":\"aa\"}\n"
                                   "{\"op\":\"create\",\"mac\":\"aa\"}\n")
                  .passed());
  const Report report = testing::CheckInline(yaml,
                                             "{\"op\":\"reserve\",\"mac\":\"aa\"}\n"
                                             "{\"op\":\"create\",\"mac\":\"bb\"}\n");
  EXPECT_FALSE(report.passed());
  EXPECT_THAT(testing::FailureText(report),
              HasSubstr("mac: expected ${mac} (\"aa\"), actual \"bb\""));
}

TEST(MatcherTest, CaptureRequiresThePresenceOfTheField) {
  EXPECT_TRUE(Matches("{capture: x}", R"("v":1)"));
  EXPECT_FALSE(Matches("{capture: x}", ""));
}

TEST(MatcherTest, InterpolatedValuesMatchLiterallyInPatterns) {
  // A member name full of regex and glob syntax matches only itself.
  const std::string yaml =
      "scenario: i\nmembers: ['a.b*[c]']\nper_member:\n  expect:\n"
      "    - {op: r, name: '${member}', p: {regex: '/${member}/.*'}, g: {glob: '*/${member}'}}\n";
  const std::string good =
      R"({"op":"r","name":"a.b*[c]","p":"/a.b*[c]/x","g":"/h/a.b*[c]"})"
      "\n";
  const std::string bad =
      R"({"op":"r","name":"a.b*[c]","p":"/aXbbb[c]/x","g":"/h/a.bzc"})"
      "\n";
  EXPECT_TRUE(testing::CheckInline(yaml, good).passed());
  const Report report = testing::CheckInline(yaml, bad);
  EXPECT_FALSE(report.passed());
}

TEST(MatcherTest, DescriptionsAppearInNearMisses) {
  const Report report = RunMatcher("{regex: 'a+'}", R"("v":"b")");
  ASSERT_EQ(report.expectations.size(), 1u);
  ASSERT_EQ(report.expectations[0].near_misses.size(), 1u);
  const NearMiss& miss = report.expectations[0].near_misses[0];
  ASSERT_EQ(miss.fields.size(), 2u);
  EXPECT_EQ(miss.fields[1].field, "v");
  EXPECT_EQ(miss.fields[1].expected, "matching regex \"a+\"");
  EXPECT_EQ(miss.fields[1].actual, "\"b\"");
  EXPECT_FALSE(miss.fields[1].matched);
  EXPECT_TRUE(miss.fields[0].matched);
}

}  // namespace
}  // namespace witness::assertions
