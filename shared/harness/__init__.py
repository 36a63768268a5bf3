"""The course's QEMU test harness: boot a tree, read its serial log, look at its screen.

Scenario files in tests/scenarios/ use it like this:

    from harness import scenario

    @scenario(since="01-uefi")
    def kernel_banner(t):
        m = t.boot(test="boot")
        m.expect(r"RustOsLinux kernel: hello")
        m.expect_shutdown("pass")
"""
from harness.machine import Machine, ScenarioFailure, EXIT_PASS, EXIT_FAIL  # noqa: F401
from harness.registry import scenario, Target, all_scenarios, chapters  # noqa: F401
from harness.runner_lines import RUN_END, NOTHING_LEAKED  # noqa: F401
