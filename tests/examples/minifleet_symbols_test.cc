// The compile-time switch, checked on the built binaries: the normal
// minifleet-helper contains no code of the fake, minifleet-helper-fake does.
// Both come from the same sources; only witness_select_backend differs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The demangled names of the symbols defined in `binary` (nm -C), one a line.
std::string DefinedSymbols(const std::string& binary) {
  std::string command = "nm -C --defined-only '" + binary + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return "";
  std::string output;
  char buffer[65536];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get())) output.append(buffer, n);
  return output;
}

TEST(MinifleetSymbolsTest, TheNormalHelperContainsNoFakeCode) {
  std::string symbols = DefinedSymbols(MINIFLEET_HELPER_PATH);
  // A sanity check that nm read the binary at all.
  ASSERT_THAT(symbols, HasSubstr("minifleet::helper::ClusterHost::Serve"));
  EXPECT_THAT(symbols, Not(HasSubstr("witness::fake::")));
  EXPECT_THAT(symbols, Not(HasSubstr("FakeBackend")));
  EXPECT_THAT(symbols, HasSubstr("NoHypervisorBackend"));
}

TEST(MinifleetSymbolsTest, TheFakeHelperContainsTheFake) {
  std::string symbols = DefinedSymbols(MINIFLEET_HELPER_FAKE_PATH);
  ASSERT_THAT(symbols, HasSubstr("minifleet::helper::ClusterHost::Serve"));
  EXPECT_THAT(symbols, HasSubstr("witness::fake::FakeBackend::Create"));
  EXPECT_THAT(symbols, Not(HasSubstr("NoHypervisorBackend")));
}

}  // namespace
