// The precompiled header of the unit tests: Catch2's single header, which every test_*.cpp
// includes first and which takes a second or more of each compile to parse. The Makefile
// compiles it once, with exactly the flags of the test objects, and puts it in front of each
// test (-include); the test's own #include <catch2/catch.hpp> then finds it already included.
#include <catch2/catch.hpp>
