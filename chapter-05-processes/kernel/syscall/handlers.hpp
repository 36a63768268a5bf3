// The system call handlers, one per sys::Number (abi/syscalls.hpp). Each takes the frame
// syscall_entry.S built and returns a value or an error; syscall_table.cpp turns that into rax.
// A handler validates every argument: they are whatever the user put in the registers.
#pragma once
#include <cstdint>

#include "kernel/syscall/syscall_frame.hpp"
#include "lib/core/result.hpp"

namespace syscalls {

/// What every handler looks like.
using Handler = Result<uint64_t> (*)(const SyscallFrame& frame);

/// exit(code): ends the calling process.
Result<uint64_t> exit(const SyscallFrame& frame);
/// log_write(text, length): logs at most max_log_write bytes of text, in at most max_log_lines
/// lines (more lines: InvalidArgument, nothing logged). A length of 0 logs nothing, from any
/// pointer.
Result<uint64_t> log_write(const SyscallFrame& frame);
/// yield(): lets the next ready task run.
Result<uint64_t> yield(const SyscallFrame& frame);
/// sleep(milliseconds): at most max_sleep_ms.
Result<uint64_t> sleep(const SyscallFrame& frame);
/// get_pid(): the caller's process id.
Result<uint64_t> get_pid(const SyscallFrame& frame);
/// map_memory(address or 0, bytes, protection): fresh zeroed pages.
Result<uint64_t> map_memory(const SyscallFrame& frame);
/// unmap_memory(address, bytes).
Result<uint64_t> unmap_memory(const SyscallFrame& frame);

/// Longest text one log_write accepts.
inline constexpr uint64_t max_log_write = 256;
/// Most lines one log_write logs: interrupts are off in a system call, and every line costs
/// serial output and screen drawing; a program with more lines makes more calls.
inline constexpr uint64_t max_log_lines = 8;
/// Longest sleep: one hour.
inline constexpr uint64_t max_sleep_ms = 3'600'000;
/// Most memory one map_memory call maps.
inline constexpr uint64_t max_map_bytes = 256ull << 20;

}  // namespace syscalls
