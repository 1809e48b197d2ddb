# CTest integration: run a command under `witness run` and check its
# recording against a scenario, one CTest test per scenario.
#
#   find_package(witness CONFIG REQUIRED)   # or add_subdirectory(witness)
#   witness_add_scenario(NAME solo SCENARIO scenarios/solo.yaml
#                        COMMAND $<TARGET_FILE:my-client> up --members solo
#                        VARS root=${CMAKE_CURRENT_BINARY_DIR}/solo TIMEOUT 60)
#   witness_discover_scenarios(scenarios COMMAND $<TARGET_FILE:my-client> up)
#   witness_add_scenario(NAME rollback SCENARIO scenarios/rollback.yaml
#                        COMMAND $<TARGET_FILE:my-client> up --members a,b
#                        ENV FLEETBOX_FAKE_FAIL_CREATE=b
#                        EXPECT_EXIT 1 EXPECT_OUTPUT "rolled back")
#
# JUnit reports land in ${CMAKE_BINARY_DIR}/witness-junit/<name>.xml, where
# CI systems that collect JUnit XML pick them up. With HTML_REPORT (or
# WITNESS_HTML_REPORTS=ON for every scenario) <name>.html and <name>.json land
# beside it: the page a person opens, and what
#   witness report --index witness-junit/index.html witness-junit/*.json
# merges into one page linking to each.

include_guard(GLOBAL)

set(WITNESS_JUNIT_DIR ${CMAKE_BINARY_DIR}/witness-junit
    CACHE PATH "Where witness_add_scenario tests write their JUnit reports")
option(WITNESS_HTML_REPORTS
       "witness_add_scenario tests also write HTML and JSON reports beside their JUnit report" OFF)

function(_witness_command_path out)
  if(TARGET witness::witness)
    set(${out} "$<TARGET_FILE:witness::witness>" PARENT_SCOPE)
  elseif(TARGET witness)
    set(${out} "$<TARGET_FILE:witness>" PARENT_SCOPE)
  else()
    message(FATAL_ERROR "witness_add_scenario: no witness command target; "
                        "find_package(witness) or add_subdirectory(witness) first")
  endif()
endfunction()

# witness_add_scenario(NAME <name> SCENARIO <file.yaml> COMMAND <cmd...>
#                      [VARS K=V...] [ENV NAME=VALUE...]
#                      [EXPECT_EXIT <N|nonzero>] [EXPECT_OUTPUT <text>...]
#                      [EXPECT_OUTPUT_REGEX <re>...]
#                      [TIMEOUT <seconds>] [WORKING_DIRECTORY <dir>]
#                      [HTML_REPORT])
# Registers CTest test <name>: `witness run` makes a fresh record file,
# exports it to COMMAND, and checks the recording against SCENARIO.
# ENV sets variables in COMMAND's environment (--env). EXPECT_EXIT is the
# exit status COMMAND must end with (0-255, or nonzero for any failure; a
# death by signal never matches), so a run that is meant to fail is a
# passing test; EXPECT_OUTPUT and EXPECT_OUTPUT_REGEX each name text that
# COMMAND's stdout+stderr must hold (--expect-output, --expect-output-regex:
# a regex matches within one line). The test passes only when all of them
# hold and the scenario does. HTML_REPORT also writes <name>.html and
# <name>.json beside the JUnit file (as WITNESS_HTML_REPORTS does for all).
# No argument can hold a ';' (it separates CMake list items): in a regex,
# write it \x3b.
function(witness_add_scenario)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "HTML_REPORT" "NAME;SCENARIO;TIMEOUT;WORKING_DIRECTORY;EXPECT_EXIT"
                        "COMMAND;VARS;ENV;EXPECT_OUTPUT;EXPECT_OUTPUT_REGEX")
  foreach(required IN ITEMS NAME SCENARIO COMMAND)
    if(NOT ARG_${required})
      message(FATAL_ERROR "witness_add_scenario: ${required} is required")
    endif()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "witness_add_scenario: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  # Checked here, not when the test runs: a typo would otherwise surface as
  # a red test that reads like a failure of the program under test.
  if(DEFINED ARG_EXPECT_EXIT OR "EXPECT_EXIT" IN_LIST ARG_KEYWORDS_MISSING_VALUES)
    if(NOT ARG_EXPECT_EXIT MATCHES "^(nonzero|0|[1-9][0-9]?[0-9]?)$"
       OR (NOT ARG_EXPECT_EXIT STREQUAL "nonzero" AND ARG_EXPECT_EXIT GREATER 255))
      message(FATAL_ERROR "witness_add_scenario(${ARG_NAME}): EXPECT_EXIT must be an exit "
                          "status 0-255 or nonzero, not '${ARG_EXPECT_EXIT}'")
    endif()
  endif()
  foreach(entry IN LISTS ARG_ENV)
    if(NOT entry MATCHES "^[^=]+=")
      message(FATAL_ERROR "witness_add_scenario(${ARG_NAME}): ENV entries are NAME=VALUE, "
                          "not '${entry}'")
    endif()
  endforeach()
  get_filename_component(scenario "${ARG_SCENARIO}" ABSOLUTE)
  if(NOT EXISTS "${scenario}")
    message(FATAL_ERROR "witness_add_scenario: scenario file '${scenario}' does not exist")
  endif()
  _witness_command_path(witness_command)
  set(run_args "")
  foreach(var IN LISTS ARG_VARS)
    list(APPEND run_args --var "${var}")
  endforeach()
  foreach(entry IN LISTS ARG_ENV)
    list(APPEND run_args --env "${entry}")
  endforeach()
  if(DEFINED ARG_EXPECT_EXIT)
    list(APPEND run_args --expect-exit "${ARG_EXPECT_EXIT}")
  endif()
  foreach(text IN LISTS ARG_EXPECT_OUTPUT)
    list(APPEND run_args --expect-output "${text}")
  endforeach()
  foreach(regex IN LISTS ARG_EXPECT_OUTPUT_REGEX)
    list(APPEND run_args --expect-output-regex "${regex}")
  endforeach()
  if(ARG_HTML_REPORT OR WITNESS_HTML_REPORTS)
    list(APPEND run_args --html "${WITNESS_JUNIT_DIR}/${ARG_NAME}.html"
                         --json "${WITNESS_JUNIT_DIR}/${ARG_NAME}.json")
  endif()
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  add_test(NAME ${ARG_NAME}
           COMMAND ${witness_command} run "${scenario}" ${run_args}
                   --junit "${WITNESS_JUNIT_DIR}/${ARG_NAME}.xml"
                   -- ${ARG_COMMAND}
           WORKING_DIRECTORY ${ARG_WORKING_DIRECTORY})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS witness-scenario)
  # For witness_discover_scenarios' report of the scenarios no test runs.
  set_property(GLOBAL APPEND PROPERTY WITNESS_REGISTERED_SCENARIOS "${scenario}")
  if(ARG_TIMEOUT)
    set_tests_properties(${ARG_NAME} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  endif()
endfunction()

# Warns about what a scenario folder holds that no test will run: scenario
# files below <dir> that no witness_add_scenario registered (those in
# subfolders, which witness_discover_scenarios does not search, or leftovers
# of a removed test) and pending updates (*.yaml.new, written by
# `witness check|run --update`) waiting for `witness review`. A scenario
# file is a .yaml/.yml file with a top-level `scenario:` line.
function(_witness_report_unregistered_scenarios dir)
  if(NOT IS_DIRECTORY "${dir}")
    return()  # never glob from "/" for an empty or vanished folder
  endif()
  file(GLOB_RECURSE candidates CONFIGURE_DEPENDS "${dir}/*.yaml" "${dir}/*.yml")
  file(GLOB_RECURSE pending CONFIGURE_DEPENDS "${dir}/*.yaml.new" "${dir}/*.yml.new")
  get_property(registered GLOBAL PROPERTY WITNESS_REGISTERED_SCENARIOS)
  set(stale "")
  foreach(candidate IN LISTS candidates)
    if(NOT candidate IN_LIST registered)
      file(STRINGS "${candidate}" scenario_key REGEX "^scenario:" LIMIT_COUNT 1)
      if(scenario_key)
        string(APPEND stale "\n  ${candidate}")
      endif()
    endif()
  endforeach()
  if(stale)
    message(WARNING "witness_discover_scenarios: scenario files that no test runs:${stale}\n"
                    "Register them, or remove them if their test is gone.")
  endif()
  if(pending)
    list(JOIN pending "\n  " pending_list)
    message(WARNING "witness_discover_scenarios: pending scenario updates:\n  ${pending_list}\n"
                    "Accept or reject them: witness review ${dir}")
  endif()
endfunction()

# witness_discover_scenarios(<dir> COMMAND <cmd...> [VARS K=V...] [ENV NAME=VALUE...]
#                            [EXPECT_EXIT <N|nonzero>] [EXPECT_OUTPUT <text>...]
#                            [EXPECT_OUTPUT_REGEX <re>...]
#                            [TIMEOUT <seconds>] [PREFIX <prefix>] [HTML_REPORT])
# One witness_add_scenario test per <dir>/*.yaml, named <prefix><file stem>;
# every test gets the same command and the same expectations of it. At the
# end of the configure (CMake 3.19 and later; before, at once) it warns
# about scenario files below <dir> that no test registers and about pending
# updates there (see _witness_report_unregistered_scenarios).
function(witness_discover_scenarios dir)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "HTML_REPORT" "TIMEOUT;PREFIX;EXPECT_EXIT"
                        "COMMAND;VARS;ENV;EXPECT_OUTPUT;EXPECT_OUTPUT_REGEX")
  if(NOT ARG_COMMAND)
    message(FATAL_ERROR "witness_discover_scenarios: COMMAND is required")
  endif()
  get_filename_component(dir "${dir}" ABSOLUTE)
  file(GLOB scenarios CONFIGURE_DEPENDS "${dir}/*.yaml" "${dir}/*.yml")
  if(NOT scenarios)
    message(FATAL_ERROR "witness_discover_scenarios: no *.yaml scenario in '${dir}'")
  endif()
  set(extra "")
  if(ARG_TIMEOUT)
    list(APPEND extra TIMEOUT ${ARG_TIMEOUT})
  endif()
  if(DEFINED ARG_EXPECT_EXIT OR "EXPECT_EXIT" IN_LIST ARG_KEYWORDS_MISSING_VALUES)
    list(APPEND extra EXPECT_EXIT "${ARG_EXPECT_EXIT}")
  endif()
  foreach(keyword IN ITEMS ENV EXPECT_OUTPUT EXPECT_OUTPUT_REGEX)
    if(ARG_${keyword})
      list(APPEND extra ${keyword} ${ARG_${keyword}})
    endif()
  endforeach()
  if(ARG_HTML_REPORT)
    list(APPEND extra HTML_REPORT)
  endif()
  foreach(scenario IN LISTS scenarios)
    get_filename_component(stem "${scenario}" NAME_WE)
    witness_add_scenario(NAME "${ARG_PREFIX}${stem}" SCENARIO "${scenario}"
                         COMMAND ${ARG_COMMAND} VARS ${ARG_VARS} ${extra})
  endforeach()
  # Deferred, so that scenarios registered after this call (a subfolder's own
  # witness_add_scenario) are not reported.
  # A deferred call's arguments are expanded when it runs, where this
  # function's variables are gone: the folder is written into the call.
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.19)
    cmake_language(EVAL CODE "cmake_language(DEFER DIRECTORY [[${CMAKE_SOURCE_DIR}]] CALL _witness_report_unregistered_scenarios [[${dir}]])")
  else()
    _witness_report_unregistered_scenarios("${dir}")
  endif()
endfunction()
