// A fault in ring 3 belongs to the process that made it: it dies alone, the kernel goes on. The
// exception handler lives in arch/, below the process layer, and must not include it. So arch/
// declares here the one thing it needs, and the process layer defines it
// (kernel/proc/user_fault.cpp): the upper layer depends on the lower one, never the reverse.
#pragma once
#include <cstdint>

#include "lib/core/string_view.hpp"

namespace exceptions {

/// Ends the current process for CPU exception `vector` (`reason` names it in the log) and runs
/// the next task. Never returns. Defined by the process layer.
[[noreturn]] void kill_faulting_process(uint64_t vector, StringView reason);
/// Ends the current process, if it was killed (process_kill), before an interrupt returns to
/// ring 3; does nothing otherwise. Defined by the process layer.
void end_if_killed();

}  // namespace exceptions
