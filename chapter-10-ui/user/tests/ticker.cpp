// Prints five numbered ticks, 50 ms apart, then exits with code 0: a process that keeps running
// while others beside it crash.
#include "user/runtime/print.hpp"

int main() {
    for (int i = 1; i <= 5; ++i) {
        print("tick {}", i);
        if (!sys::sleep_ms(50).ok()) return 1;
    }
    return 0;
}
