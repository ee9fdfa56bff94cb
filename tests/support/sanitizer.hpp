// Whether this test executable is built with AddressSanitizer (the ASan+UBSan
// tree of tests/run_sanitizer_build.cmake): GCC defines __SANITIZE_ADDRESS__,
// clang answers __has_feature(address_sanitizer). Tests whose measurement
// ASan changes (peak RSS: freed memory stays in its quarantine; leaks that
// Open MPI's plugins leave) read it.
#pragma once

namespace sklaws::test_support {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace sklaws::test_support
