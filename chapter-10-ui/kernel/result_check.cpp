// The kernel's answer to Result::value() taken from an error (lib/core/result.hpp): a kernel bug,
// so the kernel stops, naming the file and line of the call.
#include "lib/core/result.hpp"
#include "kernel/panic.hpp"

void result_value_of_error(Error error, const char* file, int line) {
    panic("Result::value() of an error ({}) at {}:{}", error_name(error), file, line);
}
