// Deliberate faults and self-tests a test run can ask for with `test = <name>` in boot.cfg.
// They prove the kernel's safety nets: each fault must give a readable report, never a reboot.
#pragma once
#include "lib/core/string_view.hpp"

/// Runs the boot test called `name`. Tests that succeed return (and the run ends with
/// `shutdown: pass`); deliberate faults end in the exception report and a panic. `boot` is the
/// test that only boots; an unknown name ends the run with `shutdown: fail`.
void run_boot_test(StringView name);
