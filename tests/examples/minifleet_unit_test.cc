// Unit tests of minifleet's pieces that need no helper process: the wire
// protocol, the line framing, the fault switch and the member files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "minifleet/faults.h"
#include "minifleet/line_channel.h"
#include "minifleet/member_files.h"
#include "minifleet/protocol.h"
#include "minifleet_test_support.h"

namespace minifleet {
namespace {

using ::testing::HasSubstr;

witness::Config FullConfig() {
  witness::Config config;
  config.name = "web-1";
  config.disk_path = "/r/vms/web-1/disk.raw";
  config.seed_path = "/r/vms/web-1/seed.iso";
  config.efi_path = "/r/vms/web-1/efi.fd";
  config.mac = "a2:da:71:da:e0:db";
  config.cpus = 2;
  config.memory_bytes = std::int64_t{3} << 30;
  config.serial_log_path = "/r/vms/web-1/serial.log";
  config.fixture_paths = {"/r/vms/web-1/fixture-0.img", "/r/vms/web-1/fixture-1.img"};
  config.assigned_ip = "192.0.2.7";
  return config;
}

TEST(ProtocolTest, ConfigSurvivesTheWireFieldForField) {
  witness::Config config = FullConfig();
  witness::Config back = ConfigFromJson(nlohmann::json::parse(ConfigToJson(config).dump()));
  EXPECT_EQ(back.name, config.name);
  EXPECT_EQ(back.disk_path, config.disk_path);
  EXPECT_EQ(back.seed_path, config.seed_path);
  EXPECT_EQ(back.efi_path, config.efi_path);
  EXPECT_EQ(back.mac, config.mac);
  EXPECT_EQ(back.cpus, config.cpus);
  EXPECT_EQ(back.memory_bytes, config.memory_bytes);
  EXPECT_EQ(back.serial_log_path, config.serial_log_path);
  EXPECT_EQ(back.fixture_paths, config.fixture_paths);
  EXPECT_EQ(back.assigned_ip, config.assigned_ip);
}

TEST(ProtocolTest, ConfigWithAMistypedFieldIsRefusedNamingTheField) {
  nlohmann::json json = ConfigToJson(FullConfig());
  json["fixture_paths"] = "/not/a/list";
  try {
    ConfigFromJson(json);
    FAIL() << "a string fixture_paths was accepted";
  } catch (const ProtocolError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'fixture_paths' must be a list"));
  }
  json = ConfigToJson(FullConfig());
  json["cpus"] = "two";
  EXPECT_THROW(ConfigFromJson(json), ProtocolError);
  json = ConfigToJson(FullConfig());
  json.erase("name");
  EXPECT_THROW(ConfigFromJson(json), ProtocolError);
}

TEST(ProtocolTest, HelloOfThisVersionIsAccepted) { EXPECT_NO_THROW(CheckHello(MakeHello(1))); }

TEST(ProtocolTest, HelloOfAnotherVersionIsRefusedNamingBothVersions) {
  try {
    CheckHello(MakeHello(1, kProtocolVersion + 1));
    FAIL() << "a hello of another version was accepted";
  } catch (const ProtocolError& e) {
    EXPECT_EQ(std::string(e.what()), "protocol version mismatch: client speaks minifleet/" +
                                         std::to_string(kProtocolVersion + 1) +
                                         ", this helper speaks minifleet/" +
                                         std::to_string(kProtocolVersion));
  }
}

TEST(ProtocolTest, AnyOtherFirstRequestIsRefused) {
  nlohmann::json reserve = MakeRequest(1, ops::kReserve);
  reserve["name"] = "web-1";
  EXPECT_THROW(CheckHello(reserve), ProtocolError);
  nlohmann::json other_protocol = MakeHello(1);
  other_protocol["protocol"] = "fleetbox";
  EXPECT_THROW(CheckHello(other_protocol), ProtocolError);
}

TEST(ProtocolTest, MessagesThatAreNotJsonObjectsAreRefused) {
  EXPECT_THROW(ParseMessage("{\"id\":1,"), ProtocolError);
  EXPECT_THROW(ParseMessage("[1,2]"), ProtocolError);
  EXPECT_EQ(ParseMessage(R"({"id":3})")["id"], 3);
}

// A connected pair: `ours` wraps one end; `theirs` is the raw other end.
struct SocketPair {
  SocketPair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
    ours = std::make_unique<LineChannel>(fds[0]);
    theirs = fds[1];
  }
  ~SocketPair() {
    if (theirs >= 0) ::close(theirs);
  }
  void Write(const std::string& bytes) const {
    ASSERT_EQ(::write(theirs, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  void CloseTheirs() {
    ::close(theirs);
    theirs = -1;
  }
  std::unique_ptr<LineChannel> ours;
  int theirs = -1;
};

TEST(LineChannelTest, ALineArrivingInPiecesIsReadWhole) {
  SocketPair pair;
  pair.Write(R"({"id":1,)");
  std::thread late_writer([&pair] { pair.Write("\"op\":\"start\"}\n{\"id\":2}\n"); });
  std::optional<std::string> first = pair.ours->ReadLine();
  late_writer.join();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, R"({"id":1,"op":"start"})");
  EXPECT_EQ(pair.ours->ReadLine(), std::optional<std::string>(R"({"id":2})"));
}

TEST(LineChannelTest, APartialLastLineIsDroppedAtEndOfStream) {
  SocketPair pair;
  pair.Write("{\"id\":1}\n{\"id\":2,\"op\":\"cre");
  pair.CloseTheirs();
  EXPECT_EQ(pair.ours->ReadLine(), std::optional<std::string>(R"({"id":1})"));
  EXPECT_EQ(pair.ours->ReadLine(), std::nullopt);
}

TEST(LineChannelTest, ALineLongerThanTheLimitIsAnError) {
  SocketPair pair;
  std::thread writer([&pair] {
    std::string chunk(64 << 10, 'x');
    // Stops once the reader gives up and the socket is closed.
    for (std::size_t sent = 0; sent <= kMaxMessageBytes + chunk.size();) {
      ssize_t n = ::send(pair.theirs, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
  });
  try {
    pair.ours->ReadLine();
    ADD_FAILURE() << "an endless line was accepted";
  } catch (const ProtocolError& e) {
    EXPECT_THAT(e.what(), HasSubstr("message longer than"));
  }
  pair.ours->ShutdownBoth();
  writer.join();
}

TEST(LineChannelTest, SendFramesOneLineAndRefusesEmbeddedNewlines) {
  SocketPair pair;
  ASSERT_TRUE(pair.ours->Send(R"({"id":7})"));
  char buffer[32] = {};
  ASSERT_EQ(::read(pair.theirs, buffer, sizeof buffer), 9);
  EXPECT_EQ(std::string(buffer, 9), "{\"id\":7}\n");
  EXPECT_THROW(pair.ours->Send("a\nb"), ProtocolError);
}

TEST(LineChannelTest, SendToAGonePeerReportsFalseWithoutASignal) {
  SocketPair pair;
  pair.CloseTheirs();
  // SIGPIPE would kill this test process: Send must not raise it.
  EXPECT_FALSE(pair.ours->Send(R"({"id":1})"));
}

TEST(FaultsTest, ParsesACommaSeparatedList) {
  Faults faults = Faults::Parse(" drop-fixture, skip-reap ,");
  EXPECT_TRUE(faults.Has(Fault::kDropFixture));
  EXPECT_TRUE(faults.Has(Fault::kSkipReap));
  EXPECT_FALSE(faults.Has(Fault::kMacNotThreaded));
  EXPECT_EQ(faults.ToString(), "drop-fixture,skip-reap");
  EXPECT_TRUE(Faults::Parse("").Empty());
}

TEST(FaultsTest, AnUnknownNameIsRefusedListingTheKnownOnes) {
  try {
    Faults::Parse("mac-not-threaded,drop-fixtures");
    FAIL() << "a misspelt fault was accepted";
  } catch (const FaultSpecError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown fault 'drop-fixtures'"));
    EXPECT_THAT(e.what(), HasSubstr("drop-fixture, skip-rollback"));
  }
}

TEST(FaultsTest, EveryFaultParsesBackFromItsName) {
  for (Fault fault : kAllFaults) {
    const Faults parsed = Faults::Parse(ToString(fault));
    EXPECT_TRUE(parsed.Has(fault)) << ToString(fault);
    EXPECT_EQ(parsed.ToString(), ToString(fault));
  }
}

TEST(FaultsTest, TheEnvironmentVariableIsRead) {
  testing::ScopedEnv fault(kFaultVariable, "skip-rollback");
  EXPECT_TRUE(Faults::FromEnvironment().Has(Fault::kSkipRollback));
}

TEST(MemberFilesTest, LayoutFollowsRootVmsName) {
  MemberFiles files = MemberFiles::For("/srv/fleet", "web-1", 2);
  EXPECT_EQ(files.dir, "/srv/fleet/vms/web-1");
  EXPECT_EQ(files.disk, "/srv/fleet/vms/web-1/disk.raw");
  EXPECT_EQ(files.seed, "/srv/fleet/vms/web-1/seed.iso");
  EXPECT_EQ(files.efi, "/srv/fleet/vms/web-1/efi.fd");
  EXPECT_EQ(files.config_json, "/srv/fleet/vms/web-1/config.json");
  EXPECT_THAT(files.fixtures, ::testing::ElementsAre("/srv/fleet/vms/web-1/fixture-0.img",
                                                     "/srv/fleet/vms/web-1/fixture-1.img"));
}

TEST(MemberFilesTest, NamesThatCouldEscapeTheRootAreRefused) {
  for (const char* bad : {"", "..", ".hidden", "a/b", "web 1", "-x"}) {
    EXPECT_THROW(ValidateMemberName(bad), std::invalid_argument) << "'" << bad << "'";
  }
  EXPECT_NO_THROW(ValidateMemberName("web-1.prod_2"));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

TEST(MemberFilesTest, NewMemberFilesAreWrittenAndTheSeedEmbedsMacAndIp) {
  testing::TempDir root;
  MemberFiles files = MemberFiles::For(root.path(), "db-1", 2);
  EXPECT_FALSE(MemberExists(files));
  WriteNewMember(files, "db-1");
  WriteSeed(files, "db-1", "4e:d4:2f:98:bb:9e", "");
  for (const std::string& path : {files.disk, files.efi, files.fixtures[0], files.fixtures[1]}) {
    EXPECT_GT(std::filesystem::file_size(path), 0u) << path;
  }
  std::string seed = ReadAll(files.seed);
  EXPECT_THAT(seed, HasSubstr("hostname: db-1"));
  EXPECT_THAT(seed, HasSubstr("4e:d4:2f:98:bb:9e"));
  EXPECT_THAT(seed, HasSubstr("address: dhcp"));
  WriteSeed(files, "db-1", "4e:d4:2f:98:bb:9e", "192.0.2.9");
  EXPECT_THAT(ReadAll(files.seed), HasSubstr("address: 192.0.2.9"));
}

TEST(MemberFilesTest, ConfigIsPersistedAndReadBack) {
  testing::TempDir root;
  MemberFiles files = MemberFiles::For(root.path(), "web-1", 0);
  WriteNewMember(files, "web-1");
  SaveConfig(files, FullConfig());
  EXPECT_TRUE(MemberExists(files));
  witness::Config back = LoadConfig(files);
  EXPECT_EQ(back.mac, FullConfig().mac);
  EXPECT_EQ(back.fixture_paths, FullConfig().fixture_paths);
}

TEST(MemberFilesTest, ADamagedConfigIsAnErrorNamingTheFile) {
  testing::TempDir root;
  MemberFiles files = MemberFiles::For(root.path(), "web-1", 0);
  WriteNewMember(files, "web-1");
  std::ofstream(files.config_json) << "{\"name\": 7}";
  try {
    LoadConfig(files);
    FAIL() << "a damaged config.json was accepted";
  } catch (const MemberFilesError& e) {
    EXPECT_THAT(e.what(), HasSubstr(files.config_json));
  }
}

}  // namespace
}  // namespace minifleet
