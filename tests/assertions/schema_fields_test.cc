// The scenario schema names every field of the record format, so editors
// complete and flag them: held to the format's one field table here, so the
// two cannot drift apart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "witness/recorder/format.h"

namespace witness::assertions {
namespace {

TEST(ScenarioSchemaTest, ExpectationsListEveryFieldOfTheRecordFormatAndStillAllowOthers) {
  std::ifstream in(std::string(WITNESS_SOURCE_DIR) + "/docs/scenario.schema.json");
  ASSERT_TRUE(in) << "cannot read docs/scenario.schema.json";
  const nlohmann::json schema =
      nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  const nlohmann::json& expectation = schema.at("definitions").at("expectation");

  std::set<std::string> listed;
  for (const auto& [key, value] : expectation.at("properties").items()) listed.insert(key);
  std::set<std::string> expected = {"id", "count", "nth", "within", "next"};
  for (const recorder::KnownField& field : recorder::kKnownFields) {
    expected.insert(std::string(field.key));
  }
  EXPECT_EQ(listed, expected);
  // Unknown keys name fields other writers add: allowed, as matchers.
  EXPECT_TRUE(expectation.at("additionalProperties").is_object());
}

}  // namespace
}  // namespace witness::assertions
