# Installation, the CMake package (find_package(witness)), pkg-config files
# and the Debian package. Every library target installs under its namespaced
# name, so consumers write the same witness::<name> whether they use the
# installed package, add_subdirectory or FetchContent.

include(CMakePackageConfigHelpers)

set(WITNESS_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/witness
    CACHE STRING "Where witness-config.cmake is installed")

# Library targets in dependency order: name of the CMake target, the
# component folder that holds its headers, its pkg-config requirements.
set(_witness_libraries
  "witness_recorder|recorder|nlohmann_json"
  "witness_backend|fake|"
  "witness_fault_rules|fake|witness-recorder"
  "witness_recording_backend|fake|witness-recorder"
  "witness_fake|fake|witness-recorder witness-fault-rules libcrypto"
  "witness_assertions|assertions|witness-recorder witness-fault-rules yaml-cpp re2"
  "witness_matchers|matchers|witness-assertions gmock gtest"
)

set(_witness_installed_targets "")
set(_witness_header_dirs "")
foreach(entry IN LISTS _witness_libraries)
  string(REPLACE "|" ";" fields "${entry}")
  list(GET fields 0 target)
  list(GET fields 1 component)
  list(GET fields 2 requires)
  if(NOT TARGET ${target})
    continue()
  endif()
  list(APPEND _witness_installed_targets ${target})
  list(APPEND _witness_header_dirs ${PROJECT_SOURCE_DIR}/${component}/include/)

  get_target_property(type ${target} TYPE)
  get_target_property(export_name ${target} EXPORT_NAME)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    set(WITNESS_PC_LIBS "-l${target}")
  else()
    set(WITNESS_PC_LIBS "")
  endif()
  string(REPLACE "_" "-" pc_name ${target})
  set(WITNESS_PC_NAME ${pc_name})
  set(WITNESS_PC_DESCRIPTION "Witness ${export_name} library")
  set(WITNESS_PC_REQUIRES "${requires}")
  configure_file(${CMAKE_CURRENT_LIST_DIR}/templates/witness.pc.in
                 ${PROJECT_BINARY_DIR}/pkgconfig/${pc_name}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/${pc_name}.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
endforeach()

list(REMOVE_DUPLICATES _witness_header_dirs)
install(DIRECTORY ${_witness_header_dirs}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
        FILES_MATCHING PATTERN "*.h")

install(TARGETS ${_witness_installed_targets}
        EXPORT witness-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

if(TARGET witness)
  if(NOT TARGET witness::witness)
    add_executable(witness::witness ALIAS witness)
  endif()
  install(TARGETS witness EXPORT witness-targets
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

  # Shell completion and a man page per subcommand, written by the built
  # command from the table its --help prints (WitnessGenerateDocs.cmake).
  if(NOT CMAKE_CROSSCOMPILING)
    set(_witness_generated ${PROJECT_BINARY_DIR}/generated)
    add_custom_command(
      OUTPUT ${_witness_generated}/stamp
      COMMAND ${CMAKE_COMMAND} -DWITNESS=$<TARGET_FILE:witness>
              -DOUTPUT_DIR=${_witness_generated}
              -P ${CMAKE_CURRENT_LIST_DIR}/WitnessGenerateDocs.cmake
      COMMAND ${CMAKE_COMMAND} -E touch ${_witness_generated}/stamp
      DEPENDS witness ${CMAKE_CURRENT_LIST_DIR}/WitnessGenerateDocs.cmake
      COMMENT "Writing witness's shell completion and man pages"
      VERBATIM)
    add_custom_target(witness_generated_docs ALL DEPENDS ${_witness_generated}/stamp)
    install(FILES ${_witness_generated}/completion/witness
            DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
            COMPONENT runtime)
    # Debian's zsh reads packaged completions from vendor-completions.
    install(FILES ${_witness_generated}/completion/_witness
            DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT runtime)
    install(DIRECTORY ${_witness_generated}/man/
            DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime
            FILES_MATCHING PATTERN "*.1")
  endif()
endif()

install(EXPORT witness-targets
        NAMESPACE witness::
        FILE witness-targets.cmake
        DESTINATION ${WITNESS_INSTALL_CMAKEDIR} COMPONENT development)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/templates/witness-config.cmake.in
  ${PROJECT_BINARY_DIR}/witness-config.cmake
  INSTALL_DESTINATION ${WITNESS_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/witness-config-version.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
          ${PROJECT_BINARY_DIR}/witness-config.cmake
          ${PROJECT_BINARY_DIR}/witness-config-version.cmake
          ${CMAKE_CURRENT_LIST_DIR}/WitnessScenarios.cmake
          ${CMAKE_CURRENT_LIST_DIR}/WitnessBackendSelection.cmake
        DESTINATION ${WITNESS_INSTALL_CMAKEDIR} COMPONENT development)

foreach(schema IN ITEMS scenario.schema.json report.schema.json)
  if(EXISTS ${PROJECT_SOURCE_DIR}/docs/${schema})
    install(FILES ${PROJECT_SOURCE_DIR}/docs/${schema}
            DESTINATION ${CMAKE_INSTALL_DATADIR}/witness COMPONENT development)
  endif()
endforeach()

# The Debian package: `bash scripts/package.sh` (or `make package`).
set(CPACK_PACKAGE_NAME witness)
set(CPACK_PACKAGE_VENDOR "Witness developers")
set(CPACK_PACKAGE_CONTACT "Witness developers <witness@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The libraries are static and their headers include these, so a consumer
# needs the -dev packages; the witness command itself needs their runtimes.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libyaml-cpp-dev, nlohmann-json3-dev, libre2-dev, libssl-dev, libgtest-dev, libgmock-dev")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
