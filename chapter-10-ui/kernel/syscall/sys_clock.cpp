// clock_ns: time finer than the tick. A network stack measures round trips and retransmission
// timeouts in milliseconds or less; the 100 Hz tick would round them to 10 ms.
#include "kernel/syscall/handlers.hpp"
#include "kernel/time/timer.hpp"

namespace syscalls {

Result<uint64_t> clock_ns(const SyscallFrame&) { return timer::nanoseconds(); }

}  // namespace syscalls
