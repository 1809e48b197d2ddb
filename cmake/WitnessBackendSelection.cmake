# The compile-time switch between the fake backend and a real one, the
# counterpart of a Go build tag: the fake's code reaches a binary only when
# its build asks for it, so a normal build's artifacts never contain it.
#
#   add_executable(my-helper helper.cc)
#   witness_select_backend(my-helper REAL my_hypervisor_backend)  # follows WITNESS_FAKE_BACKEND
#   witness_select_backend(my-helper-fake FAKE ON)                # always the fake
#
# and in helper.cc:
#
#   #if WITNESS_FAKE_BACKEND
#   #include "witness/fake/fake_backend.h"
#   std::unique_ptr<witness::Backend> MakeBackend() {
#     return std::make_unique<witness::fake::FakeBackend>();
#   }
#   #else
#   ... the real backend ...
#   #endif
#
# Works the same with Witness added by add_subdirectory and by
# find_package(witness): it names only the namespaced targets.

include_guard(GLOBAL)

option(WITNESS_FAKE_BACKEND
  "Build helpers that call witness_select_backend() without FAKE against the fake backend" OFF)

# _witness_bool(<out> <context> <name> <value>)
#
# Sets <out> to ON or OFF for a CMake boolean constant (ON/OFF, TRUE/FALSE,
# YES/NO, Y/N, 1/0, any case) and stops the configure for anything else.
# if() takes most other strings as true, so a typo such as OFFF would
# silently link the fake into a build that asked for the real backend.
# <context> is the call the message blames, e.g. "witness_select_backend(h)".
function(_witness_bool out context name value)
  string(TOUPPER "${value}" upper)
  if(upper MATCHES "^(ON|TRUE|YES|Y|1)$")
    set(${out} ON PARENT_SCOPE)
  elseif(upper MATCHES "^(OFF|FALSE|NO|N|0)$")
    set(${out} OFF PARENT_SCOPE)
  else()
    message(FATAL_ERROR
      "${context}: ${name} must be ON or OFF "
      "(or another CMake boolean: TRUE/FALSE, YES/NO, 1/0), not '${value}'")
  endif()
endfunction()

# witness_select_backend(<target> [FAKE <bool>] [REAL <item>...])
#
# Links <target> (PRIVATE, keyword form) against witness::backend and then:
#   FAKE true:  witness::fake, and defines WITNESS_FAKE_BACKEND=1;
#   FAKE false: the REAL items (targets or libraries of the real backend),
#               and defines WITNESS_FAKE_BACKEND=0.
# FAKE takes ON or OFF (or another CMake boolean constant) and defaults to
# the WITNESS_FAKE_BACKEND option, which is held to the same rule; any other
# value stops the configure. The REAL items are not linked into a fake
# build, which must build where the hypervisor's libraries do not exist.
# The choice is stored in the target's WITNESS_BACKEND property ("fake" or
# "real").
function(witness_select_backend target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "FAKE" "REAL")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "witness_select_backend(${target}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if("FAKE" IN_LIST ARG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "witness_select_backend(${target}): FAKE needs a value (ON or OFF)")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "witness_select_backend(${target}): no such target")
  endif()
  if(NOT TARGET witness::backend)
    message(FATAL_ERROR
      "witness_select_backend(${target}): witness::backend is not defined; "
      "add Witness (add_subdirectory or find_package(witness)) first")
  endif()
  if(DEFINED ARG_FAKE OR "FAKE" IN_LIST ARGN)
    # An empty FAKE "" leaves ARG_FAKE undefined (before CMP0174); it is
    # still a value given, and not the default.
    _witness_bool(ARG_FAKE "witness_select_backend(${target})" FAKE "${ARG_FAKE}")
  else()
    _witness_bool(ARG_FAKE "witness_select_backend(${target})"
                  "WITNESS_FAKE_BACKEND (the default of FAKE)" "${WITNESS_FAKE_BACKEND}")
  endif()

  target_link_libraries(${target} PRIVATE witness::backend)
  if(ARG_FAKE)
    if(NOT TARGET witness::fake)
      message(FATAL_ERROR "witness_select_backend(${target}): witness::fake is not defined")
    endif()
    target_link_libraries(${target} PRIVATE witness::fake)
    target_compile_definitions(${target} PRIVATE WITNESS_FAKE_BACKEND=1)
    set_property(TARGET ${target} PROPERTY WITNESS_BACKEND fake)
  else()
    foreach(item IN LISTS ARG_REAL)
      if(item MATCHES "^(witness::fake|witness_fake)$")
        message(FATAL_ERROR
          "witness_select_backend(${target}): REAL names the fake; use FAKE ON to select it")
      endif()
    endforeach()
    if(ARG_REAL)
      target_link_libraries(${target} PRIVATE ${ARG_REAL})
    endif()
    target_compile_definitions(${target} PRIVATE WITNESS_FAKE_BACKEND=0)
    set_property(TARGET ${target} PROPERTY WITNESS_BACKEND real)
  endif()
endfunction()
