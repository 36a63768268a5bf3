// process_wait: how a parent (the process server) learns that a child ended, and frees it.
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/syscall/timeout.hpp"
#include "kernel/memory/user_memory.hpp"

namespace syscalls {

Result<uint64_t> process_wait(const SyscallFrame& frame) {
    // Check the buffer before collecting: a child's exit status must not be lost to a bad pointer.
    UserOut<sys::ChildExit> user_exit = frame.user_out<sys::ChildExit>(0);
    TRY(user_exit.write(sys::ChildExit{}));
    sys::ChildExit exit =
        TRY(process::wait_child(*process::current(), timeout_ticks(frame.arg[1])));
    TRY(user_exit.write(exit));
    return exit.pid;
}

}  // namespace syscalls
