// A process that never blocks: it computes for a while (about ten timer ticks on the guest clock)
// and says when it is done. Beside ipc_storm it shows that a busy process still gets its share.
#include "user/runtime/print.hpp"

int main() {
    volatile uint64_t sum = 0;
    for (uint64_t i = 0; i < 4'000'000; ++i) sum = sum + i;
    print("done computing");
    return 0;
}
