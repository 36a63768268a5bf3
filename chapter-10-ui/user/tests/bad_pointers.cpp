// Hands the kernel bad arguments on purpose. Each call must come back with an error code, and
// the kernel must not fault: it checks every user pointer and copies with fault-safe routines.
// A few edge cases must succeed instead: a length of 0 goes with any pointer, null included.
// Prints what each call returned; the exit code is the number of calls that did not fail as
// expected.
#include "user/runtime/print.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/startup.hpp"

namespace {

int mismatches = 0;
int calls = 0;

/// Logs the outcome of one bad call and compares it with the error we expect.
void check(StringView what, int64_t raw, Error expected) {
    Error got = raw < 0 ? static_cast<Error>(-raw) : Error::Ok;
    print("{}: {}", what, error_name(got));
    ++calls;
    if (got != expected) ++mismatches;
}

int64_t log_raw(uint64_t address, uint64_t size) {
    return sys::call(sys::Number::LogWrite, address, size);
}

}  // namespace

int main() {
    check("log_write of kernel memory", log_raw(0xFFFF'FFFF'8000'0000ull, 16), Error::BadAddress);
    check("log_write of a null pointer", log_raw(0, 16), Error::BadAddress);
    check("log_write of an unmapped page", log_raw(0x0000'2000'0000'0000ull, 16),
          Error::BadAddress);
    check("log_write running past the user half", log_raw(sys::user_top - 8, 64),
          Error::BadAddress);
    check("log_write of 1 MiB", log_raw(0x400000, 1 << 20), Error::InvalidArgument);
    check("unknown system call 999", raw_syscall(999), Error::Unsupported);
    check("map_memory writable and executable",
          sys::call(sys::Number::MapMemory, 0, 4096, sys::Write | sys::Execute),
          Error::NotPermitted);
    check("map_memory of 100 bytes", sys::call(sys::Number::MapMemory, 0, 100, sys::Read),
          Error::InvalidArgument);
    check("map_memory over the kernel",
          sys::call(sys::Number::MapMemory, 0xFFFF'8000'0000'0000ull, 4096, sys::Read),
          Error::BadAddress);
    check("map_memory over our own code",
          sys::call(sys::Number::MapMemory, 0x400000, 4096, sys::Read), Error::Overlap);
    check("unmap_memory of nothing",
          sys::call(sys::Number::UnmapMemory, 0x0000'3000'0000'0000ull, 4096), Error::NotFound);
    check("sleep for a year", sys::call(sys::Number::Sleep, 365ull * 24 * 3600 * 1000),
          Error::InvalidArgument);
    // Not bad at all: an empty buffer names no memory, so any pointer goes with a length of 0.
    check("log_write of nothing at a null pointer", log_raw(0, 0), Error::Ok);
    check("log_write of nothing at a kernel address", log_raw(0xFFFF'FFFF'8000'0000ull, 0),
          Error::Ok);
    // The default: no handles, a null span.
    auto spawned = sys::process_spawn(startup_argument(0), "hello");
    check("process_spawn with no handles",
          spawned.ok() ? 0 : -static_cast<int64_t>(spawned.error()), Error::Ok);
    print("{} of {} calls did not behave as expected", mismatches, calls);
    return mismatches;
}
