# Third-party libraries, all from Debian packages (scripts/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(CLI11 CONFIG REQUIRED)

# yaml-cpp 0.7 exports a bare `yaml-cpp` target; give it the namespaced name
# newer releases use, so the rest of the build reads the same either way.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp INTERFACE IMPORTED)
  set_target_properties(yaml-cpp::yaml-cpp PROPERTIES INTERFACE_LINK_LIBRARIES yaml-cpp)
endif()

# witness::matchers extends GoogleMock, so GTest is always needed.
find_package(GTest REQUIRED)
if(WITNESS_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
