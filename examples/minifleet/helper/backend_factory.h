// The backend a minifleet-helper binary drives, chosen when it is built:
// each helper executable compiles backend_factory.cc once, with
// WITNESS_FAKE_BACKEND set by witness_select_backend(), so the fake's code
// reaches only the binaries built to contain it.
//
//   std::unique_ptr<witness::Backend> backend = MakeBackend();
//   std::cout << BackendName();   // "fake" or "none"
#ifndef MINIFLEET_HELPER_BACKEND_FACTORY_H_
#define MINIFLEET_HELPER_BACKEND_FACTORY_H_

#include <memory>
#include <string_view>

#include "witness/backend/backend.h"

namespace minifleet::helper {

// A new backend. The fake reads its FLEETBOX_FAKE_* variables here.
std::unique_ptr<witness::Backend> MakeBackend();

// What hello reports: "fake" for the fake build, "none" for the normal one.
std::string_view BackendName() noexcept;

}  // namespace minifleet::helper

#endif  // MINIFLEET_HELPER_BACKEND_FACTORY_H_
