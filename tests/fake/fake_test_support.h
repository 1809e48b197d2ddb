// Helpers shared by the fake's and RecordingBackend's tests: a temporary
// directory, member configs laid out as the reference orchestrator lays
// them out, and record files read back without their provenance fields.
#ifndef WITNESS_TESTS_FAKE_FAKE_TEST_SUPPORT_H_
#define WITNESS_TESTS_FAKE_FAKE_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "witness/backend/backend.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"
#include "witness_test/temp_dir.h"

namespace witness::fake_test {

using witness::test_support::TempDir;

// A member's Config with paths shaped like the reference orchestrator's
// (<home>/.fleetbox/vms/<name>/disk.raw, ...) and `fixtures` fixture images.
inline Config MemberConfig(const std::string& home, const std::string& name, std::string mac,
                           int fixtures = 1) {
  const std::string dir = home + "/.fleetbox/vms/" + name;
  Config config;
  config.name = name;
  config.disk_path = dir + "/disk.raw";
  config.seed_path = dir + "/seed.iso";
  config.efi_path = dir + "/efi.fd";
  config.mac = std::move(mac);
  for (int i = 0; i < fixtures; ++i) {
    config.fixture_paths.push_back(dir + "/fixture-" + std::to_string(i) + ".img");
  }
  return config;
}

// The backend-call records of `path` (session records skipped), each
// without pid, seq and ts_ns, in file order. Fails the test on any
// diagnostic: the recorder must never write a bad line.
inline std::vector<nlohmann::json> CallFields(const std::string& path) {
  recorder::Recording recording = recorder::ReadRecordFile(path);
  for (const recorder::Diagnostic& diagnostic : recording.diagnostics) {
    ADD_FAILURE() << diagnostic.ToString();
  }
  std::vector<nlohmann::json> calls;
  for (const recorder::Record* record : recording.CallRecords()) {
    nlohmann::json fields = record->fields();
    fields.erase(std::string(recorder::keys::kPid));
    fields.erase(std::string(recorder::keys::kSeq));
    fields.erase(std::string(recorder::keys::kTsNs));
    calls.push_back(std::move(fields));
  }
  return calls;
}

}  // namespace witness::fake_test

#endif  // WITNESS_TESTS_FAKE_FAKE_TEST_SUPPORT_H_
