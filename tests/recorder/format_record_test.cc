// FormatRecord: the exact bytes of record format v1, and valid JSON for any
// input string. Round trips go through nlohmann's strict parser, which
// rejects invalid UTF-8, so "parses" here also means "is valid UTF-8".
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "witness/recorder/format.h"
#include "witness/recorder/internal/record_text.h"
#include "witness/recorder/writer.h"

namespace witness::recorder {
namespace {

using testing::ReadWholeFile;
using testing::SplitLines;

const std::string kReplacement = "\xEF\xBF\xBD";

std::string Format(const Event& event, std::int64_t pid = 1, std::uint64_t seq = 2,
                   std::int64_t ts_ns = 3) {
  std::string line;
  FormatRecord(event, pid, seq, ts_ns, line);
  return line;
}

// The line for {"op":"x","name":<name>}, with the JSON string body of name.
std::string NameBody(const std::string& name) {
  Event event;
  event.op = "x";
  event.name = name;
  const std::string line = Format(event);
  const std::string prefix = "{\"op\":\"x\",\"name\":\"";
  const std::string suffix = "\",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n";
  EXPECT_EQ(line.compare(0, prefix.size(), prefix), 0) << line;
  EXPECT_GE(line.size(), prefix.size() + suffix.size()) << line;
  return line.substr(prefix.size(), line.size() - prefix.size() - suffix.size());
}

TEST(FormatRecordTest, FullRecordMatchesGoldenLineKeyForKey) {
  const std::vector<std::string_view> fixtures = {"/v/web-1/fixture-0.img",
                                                  "/v/web-1/fixture-1.img"};
  Event event;
  event.op = ops::kCreate;
  event.name = "web-1";
  event.disk_path = "/v/web-1/disk.raw";
  event.seed_path = "/v/web-1/seed.iso";
  event.efi_path = "/v/web-1/efi.fd";
  event.fixture_paths = fixtures;
  event.assigned_ip = "10.0.0.5";
  event.mac = "52:54:00:ab:cd:ef";
  event.ip_hint = "10.0.0.9";
  event.cpus = 2;
  event.memory_bytes = 2147483648;
  event.serial_log_path = "/v/web-1/serial.log";
  event.error =
      "create 'web-1': failure injected by rule 'create:web-1=fail' (FLEETBOX_FAKE_FAULTS)";
  event.fault = "fail";
  event.fault_rule = "create:web-1=fail";
  event.extra = {{"trace_id", "t-42"}};
  EXPECT_EQ(Format(event, 4242, 7, 1700000000123456789),
            ReadWholeFile(WITNESS_TESTDATA_DIR "/records/format-v1-create.jsonl"));
}

TEST(FormatRecordTest, EmptyFieldsAreOmittedAsTheGoReferenceOmitsThem) {
  Event event;
  event.op = ops::kClose;
  EXPECT_EQ(Format(event), "{\"op\":\"close\",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n");
}

TEST(FormatRecordTest, OpIsWrittenFirstEvenWhenEmpty) {
  Event event;
  event.name = "a";
  const std::string line = Format(event);
  EXPECT_EQ(line.rfind(kRecordPrefix, 0), 0u) << line;
  EXPECT_EQ(line, "{\"op\":\"\",\"name\":\"a\",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n");
}

TEST(FormatRecordTest, MatchesTheGoReferenceLineForTheSameCall) {
  // Line 2 of the Go sample: the same call, formatted by Witness, must carry
  // the same keys in the same order, plus provenance at the end.
  const std::vector<std::string> go_lines =
      SplitLines(ReadWholeFile(WITNESS_TESTDATA_DIR "/records/go-reference-solo.jsonl"));
  ASSERT_GE(go_lines.size(), 2u);
  const std::string& go_line = go_lines[1];
  const nlohmann::json go = nlohmann::json::parse(go_line);

  std::vector<std::string> fixture_storage = go["fixture_paths"].get<std::vector<std::string>>();
  const std::vector<std::string_view> fixtures(fixture_storage.begin(), fixture_storage.end());
  const std::string name = go["name"], disk = go["disk_path"], seed = go["seed_path"],
                    efi = go["efi_path"], mac = go["mac"];
  Event event;
  event.op = ops::kCreate;
  event.name = name;
  event.disk_path = disk;
  event.seed_path = seed;
  event.efi_path = efi;
  event.fixture_paths = fixtures;
  event.mac = mac;
  const std::string line = Format(event, 9, 1, 5);
  const std::string go_without_brace = go_line.substr(0, go_line.size() - 1);
  EXPECT_EQ(line, go_without_brace + ",\"pid\":9,\"seq\":1,\"ts_ns\":5}\n");
}

TEST(FormatRecordTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(NameBody("a\"b\\c/d"), "a\\\"b\\\\c/d");
}

TEST(FormatRecordTest, EscapesEveryControlCharacter) {
  EXPECT_EQ(NameBody("\b\f\n\r\t"), "\\b\\f\\n\\r\\t");
  EXPECT_EQ(NameBody(std::string("a\0b", 3)), "a\\u0000b");
  EXPECT_EQ(NameBody("\x01\x1f\x7f"), "\\u0001\\u001f\\u007f");
  for (int c = 0; c < 0x20; ++c) {
    const std::string body = NameBody(std::string(1, static_cast<char>(c)));
    ASSERT_EQ(body[0], '\\') << "control character " << c << " written raw";
    const nlohmann::json parsed = nlohmann::json::parse("\"" + body + "\"");
    EXPECT_EQ(parsed.get<std::string>(), std::string(1, static_cast<char>(c)));
  }
}

TEST(FormatRecordTest, WellFormedNonAsciiIsWrittenUnchanged) {
  const std::string text =
      "caf\xC3\xA9 \xE2\x98\x83 \xF0\x9D\x84\x9E \xF4\x8F\xBF\xBF "
      "\xED\x9F\xBF \xEE\x80\x80 x<y>&z";
  EXPECT_EQ(NameBody(text), text);
}

struct InvalidUtf8Case {
  const char* what;
  std::string input;
  std::string expected;
};

TEST(FormatRecordTest, IllFormedUtf8BecomesOneReplacementPerMaximalSubpart) {
  const std::string r = kReplacement;
  const std::vector<InvalidUtf8Case> cases = {
      {"lone 0xff", "\xFF", r},
      {"0xfe and 0xf5", "\xFE\xF5", r + r},
      {"stray continuation",
       "a\x80"
       "b",
       "a" + r + "b"},
      {"overlong slash (C0 AF)", "\xC0\xAF", r + r},
      {"overlong NUL (C1 80)", "\xC1\x80", r + r},
      {"overlong three-byte (E0 80 AF)", "\xE0\x80\xAF", r + r + r},
      {"overlong four-byte (F0 80 80 AF)", "\xF0\x80\x80\xAF", r + r + r + r},
      {"high surrogate (ED A0 80)", "\xED\xA0\x80", r + r + r},
      {"low surrogate (ED BF BF)", "\xED\xBF\xBF", r + r + r},
      {"above U+10FFFF (F4 90 80 80)", "\xF4\x90\x80\x80", r + r + r + r},
      {"truncated two-byte at end", "ok\xC3", "ok" + r},
      {"truncated three-byte at end", "\xE2\x82", r},
      {"truncated three-byte before ascii", "\xE2\x82x", r + "x"},
      {"truncated four-byte at end", "\xF0\x9F\x98", r},
      {"truncated four-byte before a quote", "\xF0\x9F\"", r + "\\\""},
      {"two truncated sequences", "\xE2\x82\xE2\x82", r + r},
  };
  for (const InvalidUtf8Case& c : cases) {
    const std::string body = NameBody(c.input);
    EXPECT_EQ(body, c.expected) << c.what;
    EXPECT_TRUE(nlohmann::json::accept("\"" + body + "\"")) << c.what;
  }
}

TEST(FormatRecordTest, SpecialBytesAreFoundAtEveryPositionOfALongString) {
  // Long strings are scanned in blocks of 8 and 16 bytes: a special byte
  // must be found wherever it sits relative to the block boundaries.
  struct Special {
    std::string raw;
    std::string escaped;
  };
  const std::vector<Special> specials = {{"\"", "\\\""},
                                         {"\\", "\\\\"},
                                         {"\n", "\\n"},
                                         {"\x01", "\\u0001"},
                                         {"\x7f", "\\u007f"},
                                         {"\xff", kReplacement},
                                         {"\xC3\xA9", "\xC3\xA9"},
                                         {"\xE2\x82", kReplacement}};
  for (const Special& special : specials) {
    for (std::size_t length = 0; length <= 48; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        const std::string plain(length, 'p');
        const std::string input = plain.substr(0, at) + special.raw + plain.substr(at);
        ASSERT_EQ(NameBody(input), plain.substr(0, at) + special.escaped + plain.substr(at))
            << "length " << length << ", at " << at;
      }
    }
  }
}

TEST(FormatRecordTest, EveryTwoByteInputRoundTripsThroughAStrictParser) {
  Event event;
  event.op = "x";
  std::string line;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string input = {static_cast<char>(a), static_cast<char>(b)};
      event.name = input;
      FormatRecord(event, 1, 1, 1, line);
      nlohmann::json parsed;
      ASSERT_NO_THROW(parsed = nlohmann::json::parse(line)) << a << "," << b << ": " << line;
      // Valid input comes back byte for byte; invalid input contains U+FFFD.
      const std::string name = parsed["name"].get<std::string>();
      if (name != input) {
        EXPECT_NE(name.find(kReplacement), std::string::npos) << a << "," << b;
      }
    }
  }
}

TEST(FormatRecordTest, RandomBytesAlwaysGiveParseableLines) {
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 40);
  Event event;
  event.op = "x";
  std::string line;
  for (int i = 0; i < 5000; ++i) {
    std::string input;
    const int n = length(random);
    for (int j = 0; j < n; ++j) {
      // Biased towards the bytes that start or continue sequences.
      const int b = byte(random);
      input += static_cast<char>(i % 2 == 0 ? b : 0x80 | (b & 0x7F));
    }
    event.name = input;
    event.error = input;
    FormatRecord(event, 1, 1, 1, line);
    ASSERT_TRUE(nlohmann::json::accept(line)) << line;
  }
}

TEST(FormatRecordTest, ASpecialByteInAnyOneStringEscapesItAndLeavesTheOthersExact) {
  // Plain records are copied without escaping, and the whole record is
  // written again when any one string needs it: wherever that string is,
  // the line must come out as if every string had been escaped.
  const std::string special = "tab\there \"quoted\" back\\slash \x01 \xFF end";
  const std::string escaped = "tab\\there \\\"quoted\\\" back\\\\slash \\u0001 " +
                              kReplacement + " end";
  const std::string plain = "/srv/fb/vms/web-1/plain-value";
  for (int field = 0; field < 16; ++field) {
    std::vector<std::string> values(16, plain);
    values[static_cast<std::size_t>(field)] = special;
    const std::vector<std::string_view> fixtures = {values[5], values[6]};
    Event event;
    event.op = values[0];
    event.name = values[1];
    event.disk_path = values[2];
    event.seed_path = values[3];
    event.efi_path = values[4];
    event.fixture_paths = fixtures;
    event.assigned_ip = values[7];
    event.mac = values[8];
    event.ip_hint = values[9];
    event.cpus = 2;
    event.memory_bytes = 1024;
    event.serial_log_path = values[10];
    event.error = values[11];
    event.fault = values[14];
    event.fault_rule = values[15];
    event.extra = {{values[12], values[13]}};
    std::vector<std::string> bodies(values);
    bodies[static_cast<std::size_t>(field)] = escaped;
    const auto q = [&](std::size_t i) { return "\"" + bodies[i] + "\""; };
    EXPECT_EQ(Format(event),
              "{\"op\":" + q(0) + ",\"name\":" + q(1) + ",\"disk_path\":" + q(2) +
                  ",\"seed_path\":" + q(3) + ",\"efi_path\":" + q(4) + ",\"fixture_paths\":[" +
                  q(5) + "," + q(6) + "],\"assigned_ip\":" + q(7) + ",\"mac\":" + q(8) +
                  ",\"ip_hint\":" + q(9) +
                  ",\"cpus\":2,\"memory_bytes\":1024,\"serial_log_path\":" + q(10) +
                  ",\"error\":" + q(11) + ",\"fault\":" + q(14) + ",\"fault_rule\":" + q(15) + "," +
                  q(12) + ":" + q(13) + ",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n")
        << "special string in field " << field;
  }
}

TEST(FormatRecordTest, FaultFieldsFollowTheErrorAndAreOmittedWhenEmpty) {
  Event event;
  event.op = ops::kWaitForIp;
  event.name = "web-1";
  event.fault = "delay";
  event.fault_rule = "wait_for_ip:web-1=delay:2s";
  EXPECT_EQ(Format(event),
            "{\"op\":\"wait_for_ip\",\"name\":\"web-1\",\"fault\":\"delay\","
            "\"fault_rule\":\"wait_for_ip:web-1=delay:2s\",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n");
  event.fault = "";
  event.fault_rule = "";
  EXPECT_EQ(Format(event),
            "{\"op\":\"wait_for_ip\",\"name\":\"web-1\",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n");
}

TEST(FormatRecordTest, FixturePathsAreAnArrayOfEscapedStrings) {
  const std::vector<std::string_view> fixtures = {"a\"b", "", "\xFF"};
  Event event;
  event.op = "create";
  event.fixture_paths = fixtures;
  const nlohmann::json parsed = nlohmann::json::parse(Format(event));
  EXPECT_EQ(parsed["fixture_paths"], nlohmann::json({"a\"b", "", kReplacement}));
}

TEST(FormatRecordTest, ExtraFieldsFollowTheKnownOnesInOrderEvenWhenEmpty) {
  Event event;
  event.op = "start";
  event.error = "boom";
  event.extra = {{"zeta", "1"}, {"alpha", ""}, {"k\"ey", "v"}};
  EXPECT_EQ(Format(event),
            "{\"op\":\"start\",\"error\":\"boom\",\"zeta\":\"1\",\"alpha\":\"\",\"k\\\"ey\":\"v\","
            "\"pid\":1,\"seq\":2,\"ts_ns\":3}\n");
}

TEST(FormatRecordTest, ExtraFieldThatCollidesWithARecordKeyIsRefused) {
  Event event;
  event.op = "start";
  event.extra = {{"pid", "7"}};
  std::string line = "untouched";
  EXPECT_THROW(FormatRecord(event, 1, 1, 1, line), std::invalid_argument);
  event.extra = {{"fault_rule", "start"}};
  EXPECT_THROW(FormatRecord(event, 1, 1, 1, line), std::invalid_argument);
  event.extra = {{"a", "1"}, {"a", "2"}};
  EXPECT_THROW(FormatRecord(event, 1, 1, 1, line), std::invalid_argument);
  event.extra = {{"", "1"}};
  EXPECT_THROW(FormatRecord(event, 1, 1, 1, line), std::invalid_argument);
}

TEST(FormatRecordTest, NumbersCoverTheWholeInt64Range) {
  Event event;
  event.op = "create";
  event.cpus = -1;
  event.memory_bytes = std::numeric_limits<std::int64_t>::max();
  const std::string line = Format(event, std::numeric_limits<std::int64_t>::min(),
                                  std::numeric_limits<std::uint64_t>::max(), 0);
  EXPECT_EQ(line,
            "{\"op\":\"create\",\"cpus\":-1,\"memory_bytes\":9223372036854775807,"
            "\"pid\":-9223372036854775808,\"seq\":18446744073709551615,\"ts_ns\":0}\n");
}

TEST(FormatRecordTest, IntegersOfEveryLengthAreWrittenInFull) {
  // Integers are written in blocks of eight digits: each number of digits,
  // and each block boundary, must come out as std::to_string writes it.
  Event event;
  event.op = "x";
  std::vector<std::uint64_t> values = {0, 1, 9};
  for (std::uint64_t power = 10; power <= 1000000000000000000ull; power *= 10) {
    values.insert(values.end(), {power - 1, power, power + 1, power * 9 / 10 + 7});
  }
  values.push_back(std::numeric_limits<std::uint64_t>::max() - 1);
  std::mt19937_64 random(7);
  for (int i = 0; i < 1000; ++i) values.push_back(random() >> (i % 64));
  for (const std::uint64_t value : values) {
    const auto as_signed = static_cast<std::int64_t>(value >> 1);
    EXPECT_EQ(Format(event, -as_signed, value, as_signed),
              "{\"op\":\"x\",\"pid\":" + std::to_string(-as_signed) + ",\"seq\":" +
                  std::to_string(value) + ",\"ts_ns\":" + std::to_string(as_signed) + "}\n");
  }
}

TEST(FormatRecordTest, ReplacesWhateverTheBufferHeld) {
  Event event;
  event.op = "stop";
  std::string line = "stale bytes from the previous record";
  FormatRecord(event, 1, 2, 3, line);
  EXPECT_EQ(line, "{\"op\":\"stop\",\"pid\":1,\"seq\":2,\"ts_ns\":3}\n");
}

TEST(FormatRecordTest, OneMebibyteRecordIsOneLine) {
  const std::string name(1 << 20, 'n');
  Event event;
  event.op = "create";
  event.name = name;
  const std::string line = Format(event);
  EXPECT_GT(line.size(), std::size_t{1} << 20);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(nlohmann::json::parse(line)["name"].get<std::string>().size(), name.size());
}

TEST(FormatRecordTest, SessionRecordsHaveTheDocumentedShape) {
  std::string line;
  internal::FormatSessionRecord(12, 34, "/usr/bin/helper \"x\"", "host-1", line);
  EXPECT_EQ(line,
            "{\"op\":\"session\",\"pid\":12,\"ts_ns\":34,\"schema\":1,"
            "\"argv0\":\"/usr/bin/helper \\\"x\\\"\",\"host\":\"host-1\"}\n");
  internal::FormatSessionEndRecord(12, 56, 3, 1, line);
  EXPECT_EQ(line,
            "{\"op\":\"session_end\",\"pid\":12,\"ts_ns\":56,\"records\":3,\"write_errors\":1}\n");
}

}  // namespace
}  // namespace witness::recorder
