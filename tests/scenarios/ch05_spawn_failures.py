"""Chapter 05: a spawn that runs out of memory at any step undoes every step before it."""
from harness import scenario


@scenario(since="05-processes", timeout=300)
def failed_spawns_leave_nothing_behind(t):
    """The boot test makes the 1st, 2nd, ... allocation of a spawn fail (fault injection) until
    the spawn needs no more: each failed spawn returns out of memory and leaves every frame, kernel
    stack and heap block as it was; three spawns afterwards run and exit."""
    m = t.boot(test="spawn-failures")
    m.expect(r"^spawn-failures: before: 0 user frames, \d+ heap blocks, \d+ kernel stacks, \d+ other frames$", 60)
    got = m.expect(r"^spawn-failures: a spawn of hello makes (\d+) allocations; each failed in turn gave out of "
                   r"memory and left memory as it was$", 240)
    if int(got.group(1)) < 10:  # an address space, program pages, a stack, a kernel stack, a task
        m.fail(bad=got.group(0), missing="at least 10 allocations in a spawn")
    m.expect(r"^spawn-failures: 3 spawns afterwards ran; every frame, stack and heap block is back$", 60)
    m.expect_shutdown("pass")
