// The boot test `spawn-failures`: a spawn runs out of memory at every allocation it makes in turn.
#pragma once

/// Spawns "hello" over and over with fault injection (kernel/memory/fault_injection.hpp): the
/// 1st, 2nd, ... allocation of the spawn fails, until a spawn makes no more allocations than
/// that and succeeds. Every failed spawn must return OutOfMemory and leave memory exactly as it
/// was (frames, kernel stacks, heap blocks); spawns after that must work. Ends the test run.
void spawn_fault_test();
