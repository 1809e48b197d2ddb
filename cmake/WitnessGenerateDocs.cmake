# Writes the shell completion scripts and the man pages with the built
# `witness`, from the table its --help prints, so none can drift from it:
#   cmake -DWITNESS=<path to witness> -DOUTPUT_DIR=<dir> -P WitnessGenerateDocs.cmake
# leaves <dir>/completion/{witness,_witness} and <dir>/man/*.1.
foreach(variable IN ITEMS WITNESS OUTPUT_DIR)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "WitnessGenerateDocs.cmake needs -D${variable}=...")
  endif()
endforeach()

file(REMOVE_RECURSE ${OUTPUT_DIR}/completion ${OUTPUT_DIR}/man)
file(MAKE_DIRECTORY ${OUTPUT_DIR}/completion ${OUTPUT_DIR}/man)
foreach(shell_and_file IN ITEMS "bash|witness" "zsh|_witness")
  string(REPLACE "|" ";" fields "${shell_and_file}")
  list(GET fields 0 shell)
  list(GET fields 1 file)
  execute_process(COMMAND ${WITNESS} completion ${shell}
                  OUTPUT_FILE ${OUTPUT_DIR}/completion/${file}
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "'${WITNESS} completion ${shell}' failed: ${status}")
  endif()
endforeach()
execute_process(COMMAND ${WITNESS} man-pages ${OUTPUT_DIR}/man RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "'${WITNESS} man-pages' failed: ${status}")
endif()
