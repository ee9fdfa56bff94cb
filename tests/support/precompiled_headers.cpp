// Empty on purpose: the translation unit that builds the test executables'
// shared precompiled header (tests/CMakeLists.txt, sklaws_test_pch).
