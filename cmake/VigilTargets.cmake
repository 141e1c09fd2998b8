# Helpers shared by every folder's CMakeLists.txt.

# vigil_warnings(target): the project's warning set; -Werror unless VIGIL_WERROR is OFF.
function(vigil_warnings target)
  # -Wno-missing-field-initializers: designated initializers that leave
  # members to their default member initializers are intended.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wimplicit-fallthrough -Wno-missing-field-initializers)
  if(VIGIL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# vigil_library(name SOURCES ... DEPS ...): one library per src/ folder.
# Headers are included as "folder/file.h" relative to src/.
function(vigil_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  vigil_warnings(${name})
endfunction()

# vigil_unit_tests(name SOURCES ... DEPS ...): one GoogleTest binary per folder,
# registered with ctest (each TEST becomes a ctest case).
function(vigil_unit_tests name)
  if(NOT VIGIL_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  vigil_warnings(${name})
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/test-tmp)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "VIGIL_TEST_TMPDIR=${CMAKE_BINARY_DIR}/test-tmp")
endfunction()

# vigil_executable_allocator(target): links the production allocator into an
# executable (see VIGIL_TCMALLOC).
function(vigil_executable_allocator target)
  if(VIGIL_TCMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::TCMALLOC)
  endif()
endfunction()

# vigil_fuzzer(name SOURCES ... DEPS ...): a libFuzzer target, built only with
# the `fuzz` preset (clang; every library instrumented). Not run by CI.
function(vigil_fuzzer name)
  if(NOT VIGIL_FUZZ)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  vigil_warnings(${name})
endfunction()
