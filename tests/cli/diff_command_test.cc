// `witness diff`: two runs of the minifleet example in two temporary
// directories compare equal; one changed field, one added op, one removed
// op and a reordering each show as one line and exit 1; --ignore, --format
// json, and exit 2 for a missing file or a bad line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.h"
#include "fleet_records.h"
#include "witness/recorder/writer.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class DiffCommandTest : public ::testing::Test {
 protected:
  // A fleet recorded through the real Writer, its paths under `home`.
  std::string Record(const std::string& name, const std::string& home, FleetOptions options = {}) {
    const std::string path = dir_.File(name);
    options.home = home;
    {
      auto writer = recorder::Writer::Open(path);
      RecordFleet(*writer, options);
    }
    return path;
  }

  // A copy of `path` as `name`, with the first `from` written `to`.
  std::string EditedCopy(const std::string& path, const std::string& name, const std::string& from,
                         const std::string& to) {
    std::string text = ReadTextFile(path);
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    WriteTextFile(dir_.File(name), text);
    return dir_.File(name);
  }

  // The line of `path` that holds `needle`, newline included.
  static std::string LineWith(const std::string& path, const std::string& needle) {
    const std::string text = ReadTextFile(path);
    const std::size_t at = text.find(needle);
    if (at == std::string::npos) return "";
    const std::size_t begin = text.rfind('\n', at) + 1;
    return text.substr(begin, text.find('\n', at) + 1 - begin);
  }

  // A home directory in a temporary directory of its own, as each run of a
  // test suite gets one.
  std::string FreshHome() {
    homes_.push_back(std::make_unique<ScratchDir>());
    return homes_.back()->File("home");
  }

  ScratchDir dir_;
  std::vector<std::unique_ptr<ScratchDir>> homes_;
};

#if defined(MINIFLEET_CLIENT) && defined(MINIFLEET_HELPER_FAKE)
// Runs minifleet's cluster command with the fake helper in a fresh mkdtemp
// root, recording into `record`.
void RecordMinifleet(const std::string& record) {
  std::string root_template = "/tmp/witness-diff-root-XXXXXX";
  ASSERT_NE(mkdtemp(root_template.data()), nullptr);
  const std::string command =
      "FLEETBOX_FAKE_RECORD='" + record +
      "' '" MINIFLEET_CLIENT "' cluster --helper '" MINIFLEET_HELPER_FAKE "' --root '" +
      root_template + "' --members web-1,web-2,web-3 --fixtures 1 > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  std::system(("rm -rf '" + root_template + "'").c_str());
  ASSERT_EQ(status, 0) << command;
}
#endif

TEST_F(DiffCommandTest, TwoMinifleetRunsInTwoTemporaryDirectoriesAreTheSame) {
#if defined(MINIFLEET_CLIENT) && defined(MINIFLEET_HELPER_FAKE)
  const std::string a = dir_.File("a.jsonl");
  const std::string b = dir_.File("b.jsonl");
  RecordMinifleet(a);
  RecordMinifleet(b);
  // The recordings do differ byte for byte: paths, pids and times.
  ASSERT_NE(ReadTextFile(a), ReadTextFile(b));
  RunResult result = RunWitness({"diff", a, b});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "");

  // And a real difference in one of them is found.
  const std::string create = LineWith(b, "\"op\":\"create\",\"name\":\"web-2\"");
  ASSERT_FALSE(create.empty());
  const std::string red = EditedCopy(b, "red.jsonl", create, "");
  RunResult different = RunWitness({"diff", a, red});
  EXPECT_EQ(different.exit_code, 1) << different.out << different.err;
  EXPECT_THAT(different.out, StartsWith("web-2: - create\n"));
#else
  GTEST_SKIP() << "the minifleet example is not built (WITNESS_BUILD_EXAMPLES=OFF)";
#endif
}

TEST_F(DiffCommandTest, SameFleetInTwoTemporaryDirectoriesIsTheSame) {
  const std::string a = Record("a.jsonl", FreshHome());
  const std::string b = Record("b.jsonl", FreshHome());
  RunResult result = RunWitness({"diff", a, b});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(DiffCommandTest, HomesOutsideTemporaryDirectoriesAreRealDifferences) {
  const std::string a = Record("a.jsonl", "/srv/a");
  const std::string b = Record("b.jsonl", "/srv/b");
  RunResult result = RunWitness({"diff", a, b});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, StartsWith("web-1: create: disk_path '/srv/a/vms/web-1/disk.raw' -> "
                                     "'/srv/b/vms/web-1/disk.raw'\n"
                                     "web-1: create: seed_path '/srv/a/vms/web-1/seed.iso' -> "
                                     "'/srv/b/vms/web-1/seed.iso'\n"));
  EXPECT_EQ(CountOccurrences(result.out, "\n"), 6u) << result.out;
}

TEST_F(DiffCommandTest, ChangedFieldNamesMemberOpFieldAndBothValues) {
  const std::string a = Record("a.jsonl", FreshHome());
  FleetOptions swapped;
  swapped.swap_mac = true;
  const std::string b = Record("b.jsonl", FreshHome(), swapped);
  RunResult result = RunWitness({"diff", a, b});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "web-2: create: mac '<mac of web-2>' -> '<mac of web-1>'\n");
  EXPECT_EQ(result.err, "witness: '" + a + "' and '" + b + "' differ: 1 difference (web-2: 1)\n");
}

TEST_F(DiffCommandTest, AddedAndRemovedOpsAndAReordering) {
  const std::string a = Record("a.jsonl", dir_.File("home"));
  FleetOptions no_close;
  no_close.skip_close = true;
  const std::string removed = Record("removed.jsonl", dir_.File("home"), no_close);
  RunResult result = RunWitness({"diff", a, removed});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "(no member): - close\n");

  const std::string stop = LineWith(a, "\"op\":\"stop\",\"name\":\"web-3\"");
  ASSERT_FALSE(stop.empty());
  const std::string added = EditedCopy(a, "added.jsonl", stop, stop + stop + stop);
  result = RunWitness({"diff", a, added});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "web-3: + stop x2\n");

  const std::string start = LineWith(a, "\"op\":\"start\",\"name\":\"web-1\"");
  const std::string create = LineWith(a, "\"op\":\"create\",\"name\":\"web-1\"");
  ASSERT_FALSE(start.empty());
  const std::string reordered = EditedCopy(a, "reordered.jsonl", create + start, start + create);
  result = RunWitness({"diff", a, reordered});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "web-1: create and start swapped\n");
}

TEST_F(DiffCommandTest, IgnoreLeavesAFieldOutAndOpCannotBeLeftOut) {
  const std::string a = Record("a.jsonl", dir_.File("home"));
  const std::string b = EditedCopy(a, "b.jsonl", "\"cpus\":2", "\"cpus\":8");
  EXPECT_EQ(RunWitness({"diff", a, b}).out, "web-1: create: cpus 2 -> 8\n");
  RunResult ignored = RunWitness({"diff", a, b, "--ignore", "cpus"});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.out;
  EXPECT_EQ(ignored.out, "");
  RunResult op = RunWitness({"diff", a, b, "--ignore", "op"});
  EXPECT_EQ(op.exit_code, 2);
  EXPECT_EQ(op.err,
            "witness: --ignore: the field 'op' places records in the comparison and cannot be "
            "ignored\n");
}

TEST_F(DiffCommandTest, JsonFormatIsOneDocumentWithEveryDifference) {
  const std::string a = Record("a.jsonl", dir_.File("home"));
  const std::string b = EditedCopy(a, "b.jsonl", "\"cpus\":2", "\"cpus\":8");
  RunResult result = RunWitness({"diff", a, b, "--format", "json", "--ignore", "memory_bytes"});
  EXPECT_EQ(result.exit_code, 1);
  const nlohmann::json doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["schema"], 1);
  EXPECT_EQ(doc["same"], false);
  EXPECT_EQ(doc["b"], b);
  EXPECT_THAT(doc["ignored"].get<std::vector<std::string>>(),
              ::testing::IsSupersetOf({"memory_bytes", "seq", "ts_ns"}));
  ASSERT_EQ(doc["members"].size(), 1u);
  EXPECT_EQ(doc["members"][0]["member"], "web-1");
  EXPECT_EQ(doc["members"][0]["differences"][0]["field"], "cpus");
  EXPECT_EQ(doc["members"][0]["differences"][0]["a"], 2);
  EXPECT_EQ(doc["members"][0]["differences"][0]["b"], 8);

  RunResult same = RunWitness({"diff", a, a, "--format", "json"});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(same.out)["same"], true);
}

TEST_F(DiffCommandTest, MissingFileAndBadLineAreInputErrorsSayingWhere) {
  const std::string a = Record("a.jsonl", dir_.File("home"));
  const std::string missing = dir_.File("missing.jsonl");
  RunResult result = RunWitness({"diff", a, missing});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, StartsWith("witness: cannot open record file '" + missing + "'"));

  const std::string bad = EditedCopy(a, "bad.jsonl", "{\"op\":\"stop\"", "{\"op\":stop");
  result = RunWitness({"diff", bad, a});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, StartsWith("witness: cannot compare '" + bad + "': " + bad + ":11:"));
  EXPECT_EQ(CountOccurrences(result.err, "\n"), 1u) << result.err;
}

}  // namespace
}  // namespace witness::cli::testing
