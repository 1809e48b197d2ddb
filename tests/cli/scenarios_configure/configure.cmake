# Run by the WitnessScenariosConfigure.* tests as `cmake -D... -P`:
# configures the project beside this script (in BINARY_DIR, with
# EXPECT_EXIT, ENV_ENTRY, DISCOVER, STALE, HTML_REPORT and HTML_REPORTS passed on
# when set) and prints what the
# configure said and the test list it generated, where the registered
# `witness run` command shows which arguments witness_add_scenario gave it.
set(args -S ${CMAKE_CURRENT_LIST_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
         -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM} -DWITNESS_CMAKE_DIR=${WITNESS_CMAKE_DIR})
if(DEFINED EXPECT_EXIT)
  list(APPEND args "-DWITNESS_TEST_EXPECT_EXIT=${EXPECT_EXIT}")
endif()
if(DEFINED ENV_ENTRY)
  list(APPEND args "-DWITNESS_TEST_ENV=${ENV_ENTRY}")
endif()
if(DISCOVER)
  list(APPEND args -DWITNESS_TEST_DISCOVER=ON)
endif()
if(STALE)
  list(APPEND args -DWITNESS_TEST_STALE=ON)
endif()
if(HTML_REPORT)
  list(APPEND args -DWITNESS_TEST_HTML_REPORT=ON)
endif()
if(DEFINED HTML_REPORTS)
  list(APPEND args -DWITNESS_HTML_REPORTS=${HTML_REPORTS})
endif()
file(REMOVE_RECURSE ${BINARY_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE status
                OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the configure failed")
endif()
file(READ ${BINARY_DIR}/CTestTestfile.cmake registered)
message("registered:\n${registered}")
