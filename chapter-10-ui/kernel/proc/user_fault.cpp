// The process layer's answer to a fault in ring 3, which the exception handler (arch/) declares
// but cannot implement without knowing what a process is.
#include "kernel/arch/x86_64/user_fault.hpp"

#include "kernel/proc/process.hpp"

namespace exceptions {

void kill_faulting_process(uint64_t vector, StringView reason) {
    process::kill_current(vector, reason);
}

void end_if_killed() { process::exit_if_killed(); }

}  // namespace exceptions
