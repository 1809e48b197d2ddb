# CTest integration: run a command under `witness run` and check its
# recording against a scenario, one CTest test per scenario.
#
#   find_package(witness CONFIG REQUIRED)   # or add_subdirectory(witness)
#   witness_add_scenario(NAME solo SCENARIO scenarios/solo.yaml
#                        COMMAND $<TARGET_FILE:my-client> up --members solo
#                        VARS root=${CMAKE_CURRENT_BINARY_DIR}/solo TIMEOUT 60)
#   witness_discover_scenarios(scenarios COMMAND $<TARGET_FILE:my-client> up)
#
# JUnit reports land in ${CMAKE_BINARY_DIR}/witness-junit/<name>.xml, where
# CI systems that collect JUnit XML pick them up.

include_guard(GLOBAL)

set(WITNESS_JUNIT_DIR ${CMAKE_BINARY_DIR}/witness-junit
    CACHE PATH "Where witness_add_scenario tests write their JUnit reports")

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
#                      [VARS K=V...] [TIMEOUT <seconds>] [WORKING_DIRECTORY <dir>])
# Registers CTest test <name>: `witness run` makes a fresh record file,
# exports it to COMMAND, and checks the recording against SCENARIO.
function(witness_add_scenario)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "NAME;SCENARIO;TIMEOUT;WORKING_DIRECTORY" "COMMAND;VARS")
  foreach(required IN ITEMS NAME SCENARIO COMMAND)
    if(NOT ARG_${required})
      message(FATAL_ERROR "witness_add_scenario: ${required} is required")
    endif()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "witness_add_scenario: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(scenario "${ARG_SCENARIO}" ABSOLUTE)
  if(NOT EXISTS "${scenario}")
    message(FATAL_ERROR "witness_add_scenario: scenario file '${scenario}' does not exist")
  endif()
  _witness_command_path(witness_command)
  set(var_args "")
  foreach(var IN LISTS ARG_VARS)
    list(APPEND var_args --var "${var}")
  endforeach()
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  add_test(NAME ${ARG_NAME}
           COMMAND ${witness_command} run "${scenario}" ${var_args}
                   --junit "${WITNESS_JUNIT_DIR}/${ARG_NAME}.xml"
                   -- ${ARG_COMMAND}
           WORKING_DIRECTORY ${ARG_WORKING_DIRECTORY})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS witness-scenario)
  if(ARG_TIMEOUT)
    set_tests_properties(${ARG_NAME} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  endif()
endfunction()

# witness_discover_scenarios(<dir> COMMAND <cmd...> [VARS K=V...]
#                            [TIMEOUT <seconds>] [PREFIX <prefix>])
# One witness_add_scenario test per <dir>/*.yaml, named <prefix><file stem>.
function(witness_discover_scenarios dir)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TIMEOUT;PREFIX" "COMMAND;VARS")
  if(NOT ARG_COMMAND)
    message(FATAL_ERROR "witness_discover_scenarios: COMMAND is required")
  endif()
  get_filename_component(dir "${dir}" ABSOLUTE)
  file(GLOB scenarios CONFIGURE_DEPENDS "${dir}/*.yaml" "${dir}/*.yml")
  if(NOT scenarios)
    message(FATAL_ERROR "witness_discover_scenarios: no *.yaml scenario in '${dir}'")
  endif()
  foreach(scenario IN LISTS scenarios)
    get_filename_component(stem "${scenario}" NAME_WE)
    set(extra "")
    if(ARG_TIMEOUT)
      list(APPEND extra TIMEOUT ${ARG_TIMEOUT})
    endif()
    witness_add_scenario(NAME "${ARG_PREFIX}${stem}" SCENARIO "${scenario}"
                         COMMAND ${ARG_COMMAND} VARS ${ARG_VARS} ${extra})
  endforeach()
endfunction()
