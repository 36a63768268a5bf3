// What boot.cfg said, for the whole run: the options, and whether this is a test run.
#pragma once
#include "lib/boot/boot_info.hpp"
#include "lib/boot/boot_options.hpp"

namespace boot_config {

/// Keeps a view of the boot options the loader copied next to BootInfo (boot data: never freed).
void init(const BootInfo& boot);
/// The options from boot.cfg.
[[nodiscard]] const BootOptions& options();
/// True when the test harness started this boot (`test = <name>` in boot.cfg).
[[nodiscard]] bool is_test_run();
/// The test's name, empty when this is not a test run.
[[nodiscard]] StringView test_name();

/// Ends a test run: prints `shutdown: pass` or `shutdown: fail` and powers QEMU off through
/// isa-debug-exit (exit status 33 or 35). Halts if there is no such device.
[[noreturn]] void finish_test(bool passed);

}  // namespace boot_config
