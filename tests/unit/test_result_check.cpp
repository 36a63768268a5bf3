// Result::value() of an error is a checked bug (issue 9). lib/result.hpp calls a hook each
// program defines; the host tests' hook (here) throws what it was told, so a test can see that
// the hook ran, for which error, and where the bad value() call was.
#include <catch2/catch.hpp>

#include <string>

#include "lib/result.hpp"

namespace {

/// What the host tests' hook throws.
struct ValueOfError {
    Error error;
    std::string file;
    int line;
};

}  // namespace

void result_value_of_error(Error error, const char* file, int line) { throw ValueOfError{error, file, line}; }

TEST_CASE("result: value() of an error calls the hook with the caller's file and line", "[result]") {
    Result<int> bad = Error::NotFound;
    bool called = false;
    int line = __LINE__ + 2;
    try {
        (void)bad.value();
    } catch (const ValueOfError& e) {
        called = true;
        CHECK(e.error == Error::NotFound);
        CHECK(e.line == line);
        CHECK(e.file.find("test_result_check.cpp") != std::string::npos);
    }
    CHECK(called);

    const Status failed = Error::BadAddress;
    CHECK_THROWS_AS((void)failed.value(), ValueOfError);
}

TEST_CASE("result: value() of a success returns it without the hook", "[result]") {
    Result<int> good = 42;
    CHECK_NOTHROW((void)good.value());
    CHECK(good.value() == 42);
    auto twice = [](Result<int> r) -> Result<int> { return TRY(r) * 2; };
    CHECK(twice(21).value() == 42);
    CHECK(twice(Error::TimedOut).error() == Error::TimedOut);
}
