// Reads a byte of the kernel's code. The page is mapped, but without the User bit: ring 3 gets a
// page fault, and the kernel kills this process alone.
#include "user/runtime/print.hpp"

int main() {
    auto* kernel_code = reinterpret_cast<volatile const uint8_t*>(0xFFFF'FFFF'8000'0000ull);
    print("reading kernel memory at 0x{:x}", reinterpret_cast<uint64_t>(kernel_code));
    print("read 0x{:x}: the kernel is not protected!", *kernel_code);
    return 1;
}
