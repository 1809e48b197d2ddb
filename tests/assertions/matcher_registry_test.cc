// The matcher registry is the one list of field matchers: the editor schema
// (docs/scenario.schema.json) and the language reference (docs/scenarios.md)
// must state the same matchers with the same argument shapes.

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "internal/matcher_definition.h"

namespace witness::assertions::internal {
namespace {

using nlohmann::json;

std::string ReadDoc(const std::string& name) {
  std::ifstream in(std::string(WITNESS_SOURCE_DIR) + "/docs/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> RegisteredKeys() {
  std::vector<std::string> keys;
  for (const MatcherDefinition* definition : KeyedMatchers()) keys.emplace_back(definition->key);
  return keys;
}

TEST(MatcherRegistryTest, EveryDefinitionIsComplete) {
  std::set<std::string> seen;
  for (const MatcherDefinition* definition : KeyedMatchers()) {
    SCOPED_TRACE(std::string(definition->key));
    EXPECT_FALSE(definition->key.empty());
    EXPECT_TRUE(seen.insert(std::string(definition->key)).second) << "registered twice";
    EXPECT_NE(definition->parse, nullptr);
    EXPECT_NE(definition->matches, nullptr);
    EXPECT_NE(definition->describe, nullptr);
    EXPECT_NO_THROW(json::parse(definition->schema)) << definition->schema;
    EXPECT_EQ(FindMatcher(definition->key), definition);
  }
  EXPECT_EQ(FindMatcher("no_such_matcher"), nullptr);
}

TEST(MatcherRegistryTest, SchemaListsTheRegisteredMatchersWithTheirArguments) {
  const json schema = json::parse(ReadDoc("scenario.schema.json"));
  const json& properties = schema.at("definitions").at("matcherObject").at("properties");
  std::vector<std::string> documented;
  for (const auto& [key, value] : properties.items()) documented.push_back(key);
  // nlohmann::json orders object keys; compare as sets, then shape by shape.
  EXPECT_THAT(documented, ::testing::UnorderedElementsAreArray(RegisteredKeys()));
  for (const MatcherDefinition* definition : KeyedMatchers()) {
    const std::string key(definition->key);
    if (!properties.contains(key)) continue;
    EXPECT_EQ(properties.at(key), json::parse(definition->schema))
        << "docs/scenario.schema.json states {" << key << ": ...} differently from its "
        << "definition: " << properties.at(key).dump() << " vs " << definition->schema;
  }
}

TEST(MatcherRegistryTest, ReferenceTableListsTheRegisteredMatchers) {
  const std::string doc = ReadDoc("scenarios.md");
  const std::size_t start = doc.find("### Field matchers");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("\n\n", doc.find("| --- |", start));
  const std::string table = doc.substr(start, end - start);
  std::set<std::string> documented;
  const std::regex key_pattern(R"(`\{([a-z_]+):)");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), key_pattern);
       it != std::sregex_iterator(); ++it) {
    documented.insert((*it)[1]);
  }
  const std::vector<std::string> keys = RegisteredKeys();
  EXPECT_EQ(documented, std::set<std::string>(keys.begin(), keys.end()));
}

TEST(MatcherRegistryTest, SnapshotSpellingGoesThroughTheRegistry) {
  EXPECT_EQ(MatcherYaml("format", "mac"), "{format: mac}");
  EXPECT_THROW(MatcherYaml("formatt", "mac"), std::logic_error);
}

}  // namespace
}  // namespace witness::assertions::internal
