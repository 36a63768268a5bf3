#include "kernel/boot_config.hpp"

#include "arch/x86_64/cpu.hpp"
#include "arch/x86_64/qemu_exit.hpp"
#include "kernel/log.hpp"

namespace boot_config {
namespace {
BootOptions boot_options;
}  // namespace

void init(const BootInfo& boot) {
    const auto* text = reinterpret_cast<const char*>(boot.direct_map_base + boot.boot_options);
    boot_options = BootOptions(StringView(text, boot.boot_options_size));
}

const BootOptions& options() { return boot_options; }

bool is_test_run() { return boot_options.has("test"); }

StringView test_name() { return boot_options.get_or("test", ""); }

void finish_test(bool passed) {
    klog::info(passed ? "shutdown: pass" : "shutdown: fail");
    qemu_exit(passed ? QemuExit::Success : QemuExit::Failure);
    cpu_halt_forever();
}

}  // namespace boot_config
