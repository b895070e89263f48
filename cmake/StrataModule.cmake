# strata_module(NAME DEPS ...): one static library per folder under src/, sources globbed so that
# adding a file needs no CMake edit. A module links only to modules below it (src/README.md).
# EXCLUDE lists subfolders that are modules of their own (src/index/vector, src/index/text).
function(strata_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  foreach(sub ${ARG_EXCLUDE})
    list(FILTER srcs EXCLUDE REGEX "^${CMAKE_CURRENT_SOURCE_DIR}/${sub}/")
  endforeach()
  if(srcs)
    add_library(strata_${name} STATIC ${srcs})
    target_include_directories(strata_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(strata_${name} PUBLIC ${ARG_DEPS})
  else()  # a module whose sources have not landed yet
    add_library(strata_${name} INTERFACE)
    target_include_directories(strata_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(strata_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# strata_test(MODULE DEPS ...): one GoogleTest binary per folder under tests/.
function(strata_test name)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(NOT srcs)
    return()
  endif()
  add_executable(strata_${name}_tests ${srcs})
  target_include_directories(strata_${name}_tests PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(strata_${name}_tests PRIVATE ${ARG_DEPS} strata_testing GTest::gtest_main GTest::gmock)
  include(GoogleTest)
  gtest_discover_tests(strata_${name}_tests
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${name};${ARG_LABELS}"
    # *Worker.* tests are child-process entry points that e2e tests re-execute; not tests alone.
    TEST_FILTER "-*Worker.*"
    DISCOVERY_TIMEOUT 60)
endfunction()
