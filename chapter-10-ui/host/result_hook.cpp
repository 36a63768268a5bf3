// Result::value() of an error in a host tool: a bug; say where and stop.
#include <cstdio>
#include <cstdlib>

#include "lib/core/result.hpp"

void result_value_of_error(Error error, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: value() of an error (%s)\n", file, line, error_name(error));
    std::abort();
}
