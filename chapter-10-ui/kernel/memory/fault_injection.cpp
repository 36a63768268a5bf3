#include "kernel/memory/fault_injection.hpp"

namespace fault_injection {
namespace {

uint64_t countdown = 0;  // 0: disarmed; otherwise allocations left until the one that fails
bool has_fired = false;

}  // namespace

void fail_nth(uint64_t n) {
    countdown = n;
    has_fired = false;
}

void disarm() { countdown = 0; }

bool fired() { return has_fired; }

bool should_fail() {
    if (countdown == 0 || --countdown != 0) return false;
    has_fired = true;
    return true;
}

}  // namespace fault_injection
