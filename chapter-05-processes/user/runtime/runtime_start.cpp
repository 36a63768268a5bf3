// What runs between crt0's _start and main: global constructors, main, exit with its result.
#include <cstddef>
#include <cstdint>

#include "user/runtime/syscall.hpp"

/// Every program defines it; its return value becomes the exit code.
int main();

using Constructor = void (*)();
extern "C" const Constructor __init_array_start[], __init_array_end[];  // user/user.ld

extern "C" [[noreturn]] void runtime_start() {
    for (const Constructor* c = __init_array_start; c != __init_array_end; ++c) (*c)();
    sys::exit(main());
}

/// Called if a pure virtual function is ever called (a bug): end the program with a message.
extern "C" [[noreturn]] void __cxa_pure_virtual() {
    (void)sys::log("runtime: pure virtual function called");
    sys::exit(-1);
}
