// A user program's answer to Result::value() taken from an error (lib/core/result.hpp): a bug in
// the program, so it says where in the log and exits with code -3.
#include "lib/core/result.hpp"
#include "user/runtime/print.hpp"

void result_value_of_error(Error error, const char* file, int line) {
    print("runtime: Result::value() of an error ({}) at {}:{}", error_name(error), file, line);
    sys::exit(-3);
}
