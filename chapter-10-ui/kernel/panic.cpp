#include "kernel/panic.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/boot_config.hpp"

void panic_stop() {
    if (boot_config::is_test_run()) boot_config::finish_test(false);
    klog::info("The kernel stopped. Close QEMU (Ctrl-A X on the terminal) to end the run.");
    cpu_halt_forever();
}
