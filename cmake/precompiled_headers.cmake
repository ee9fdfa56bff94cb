# Precompiled headers for the third-party headers that dominate compile time.
#
# A typical translation unit here spends more time parsing Boost.Multiprecision
# (2.5 s for <boost/multiprecision/mpfr.hpp> alone), Boost.Math's special
# functions, nlohmann/json (1.7 s) and Catch2 v2's single header (1 s) than
# compiling its own code. Each library target precompiles the heavy headers
# most of its sources include (measured with -M over compile_commands.json);
# the test executables share one precompiled header (tests/CMakeLists.txt),
# since their flags are identical.
#
# Clang builds only (the ASan+UBSan tree of the suite, the longest stage of
# CI): with GCC 12 a precompiled header changes inlining enough to wake its
# false -Wstringop-overflow / -Warray-bounds reports inside libstdc++'s
# std::string (boost::multiprecision's mpfr str() in
# theory/src/power_law_exponents.cpp; tests/numerics/fast_exp_test.cpp), and
# a warning-free build matters more than the Release tree's compile time.
#
# Only third-party headers go in (our own headers change too often, and a
# precompiled header of ours would rebuild every file of a target on each
# edit), with one exception: Boost.Multiprecision's MPFR header is reached
# through numerics/precision.hpp, which must be the first to include it in
# every translation unit (it makes the default precision per thread).
# SKLAWS_PRECOMPILED_HEADERS=OFF builds without them (the same code must
# compile either way; a file must still include what it uses).

set(SKLAWS_PCH_NUMERICS
  ${CMAKE_SOURCE_DIR}/numerics/include/sklaws/numerics/precision.hpp
  <boost/math/special_functions/gamma.hpp>
  <boost/math/special_functions/digamma.hpp>
  <boost/math/special_functions/trigamma.hpp>
  <boost/math/special_functions/bernoulli.hpp>
  <cmath> <vector> <string> <algorithm>)
set(SKLAWS_PCH_JSON <nlohmann/json.hpp> <filesystem> <iostream>)
set(SKLAWS_PCH_TBB <tbb/parallel_for.h> <tbb/task_arena.h>)
set(SKLAWS_PCH_TESTS <catch2/catch.hpp> ${SKLAWS_PCH_NUMERICS} ${SKLAWS_PCH_JSON})

# The heavy headers each library's sources include (keyed by target name);
# a target not listed gets no precompiled header (too few sources to repay
# compiling one).
set(SKLAWS_PCH_sklaws_theory ${SKLAWS_PCH_NUMERICS})
set(SKLAWS_PCH_sklaws_validation ${SKLAWS_PCH_NUMERICS} ${SKLAWS_PCH_JSON} ${SKLAWS_PCH_TBB})
set(SKLAWS_PCH_sklaws_reports ${SKLAWS_PCH_JSON})

# sklaws_precompile_headers(<target> [<header>...]): precompiles <header>...,
# or the list registered above for <target>.
function(sklaws_precompile_headers target)
  if(NOT SKLAWS_PRECOMPILED_HEADERS OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    return()
  endif()
  set(headers ${ARGN})
  if(NOT headers)
    set(headers ${SKLAWS_PCH_${target}})
  endif()
  if(headers)
    target_precompile_headers(${target} PRIVATE ${headers})
  endif()
endfunction()
