// What runs between crt0's _start and main: global constructors, main, exit with its result.
#include <cstddef>
#include <cstdint>

#include "user/runtime/startup.hpp"
#include "user/runtime/syscall.hpp"

/// Every program defines it; its return value becomes the exit code.
int main();

using Constructor = void (*)();
extern "C" const Constructor __init_array_start[], __init_array_end[];  // user/user.ld

namespace {
uint64_t arguments[4];
}  // namespace

uint64_t startup_argument(size_t index) { return index < 4 ? arguments[index] : 0; }

extern "C" [[noreturn]] void runtime_start(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    arguments[0] = a0;
    arguments[1] = a1;
    arguments[2] = a2;
    arguments[3] = a3;
    for (const Constructor* c = __init_array_start; c != __init_array_end; ++c) (*c)();
    sys::exit(main());
}

/// Called if a pure virtual function is ever called (a bug): end the program with a message.
extern "C" [[noreturn]] void __cxa_pure_virtual() {
    (void)sys::log("runtime: pure virtual function called");
    sys::exit(-1);
}
