# jiaodu_library(<name> SOURCES ... DEPS ...): one folder = one library.
# The DEPS list is the layering: the domain links only core, adapters link
# the domain, never the reverse, so a wrong #include fails to link.
function(jiaodu_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  jiaodu_warnings(${name})
endfunction()

# jiaodu_test(<name> SOURCES ... DEPS ...): one test binary per area (cheap
# links on 2 cores), tests discovered by ctest at test time.
function(jiaodu_test name)
  if(NOT JIAODU_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    JIAODU_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/data"
    JIAODU_TEST_FIXTURE_DIR="${PROJECT_SOURCE_DIR}/tests/fixtures")
  jiaodu_warnings(${name})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
    PROPERTIES LABELS unit)
endfunction()
