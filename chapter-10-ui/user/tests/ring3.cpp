// Proves where it runs: reads its own code segment selector (the low two bits are the current
// privilege level, CPL), then uses each basic system call once and exits with code 3.
#include "user/runtime/print.hpp"

extern "C" uint16_t read_code_segment();  // user/runtime/cpu_probe.S

int main() {
    uint16_t cs = read_code_segment();
    print("running with cs = 0x{:x}: CPL {}", cs, cs & 3);
    print("my pid is {}", sys::pid());
    sys::yield();
    if (!sys::sleep_ms(30).ok()) return 1;
    print("slept 30 ms");

    // Four pages of fresh memory: writable, zeroed, ours; then given back.
    auto pages = sys::map_memory(0, 4 * 4096, sys::Read | sys::Write);
    if (!pages.ok()) return 2;
    auto* bytes = reinterpret_cast<volatile uint8_t*>(pages.value());
    bool zeroed = bytes[0] == 0 && bytes[4 * 4096 - 1] == 0;
    bytes[5000] = 42;
    print("mapped 16 KiB at 0x{:x}, zeroed: {}, wrote {}", pages.value(), zeroed ? "yes" : "no",
          bytes[5000]);
    if (!sys::unmap_memory(pages.value(), 4 * 4096).ok()) return 4;
    print("unmapped it again; exiting with code 3");
    return 3;
}
