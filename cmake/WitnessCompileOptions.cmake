# Warnings and sanitizers for Witness's own targets. A consumer that adds
# Witness with add_subdirectory keeps its own flags: nothing here is global.

add_library(witness_compile_options INTERFACE)
target_compile_options(witness_compile_options INTERFACE -Wall -Wextra -Wpedantic)
if(WITNESS_WERROR)
  target_compile_options(witness_compile_options INTERFACE -Werror)
endif()

if(WITNESS_SANITIZE)
  # Sanitizers must reach every object and the link line, so they are global
  # in a sanitized tree (only ever the top-level project's own build).
  add_compile_options(-fsanitize=${WITNESS_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${WITNESS_SANITIZE})
  if(WITNESS_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()

# witness_target_defaults(<target>): the warning set for a Witness target.
function(witness_target_defaults target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:witness_compile_options>)
endfunction()
