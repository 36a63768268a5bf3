// A preemption point: where a long system call lets a waiting interrupt in. System calls run
// with interrupts off (kernel/sync/interrupts_off.hpp), so a call must be short; one whose work
// grows with its argument (vmo_create zeroes up to 65,536 frames) calls this between bounded
// pieces instead. Interrupts go on for one instruction: a pending tick is taken, and may switch
// to another task, exactly as if the call had blocked there; then they go off again.
//
// The rule for the caller is the one for blocking: at this point the state the call shares with
// other tasks must be consistent, and the call must not rely on anything it read before. A
// half-built object only the caller's stack knows about is fine.
#pragma once

namespace syscalls {

/// Lets pending interrupts in, and tells the interrupts-off meter that a section ends here.
void preemption_point();

}  // namespace syscalls
