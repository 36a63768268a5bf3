"""Chapter 05 (on chapter 04's context switch): each process keeps its own x87/SSE registers."""
import re

from harness import scenario
from harness.registry import chapter_of, chapters


@scenario(since="05-processes")
def sse_registers_stay_private(t):
    """Two copies of fpu_check start from the clean state, then fill xmm0-xmm15, MXCSR and the x87
    control word with patterns of their own, give the CPU to each other 200 times, and find their
    registers as they left them."""
    m = t.boot(test="run", run="fpu_check fpu_check")
    # Chapter 06 switches the registers only for tasks that have used them: fpu_check's first
    # x87/SSE instruction traps (#NM), and its clean start below says that trap loaded its state.
    names = chapters()
    lazy_start = names.index(chapter_of(t.tree)) >= names.index("06-ipc")
    how = "switched for the tasks that use it" if lazy_start else "switched eagerly"
    m.expect(rf"^fpu: SSE on \(CR0 0x[0-9a-f]+, CR4 0x[0-9a-f]+\), 512 bytes of x87/SSE state per task, {how}$", 60)
    m.expect(r"^run: all 2 programs collected$", 120)
    lines = "\n".join(m.lines)
    pids = sorted(set(re.findall(r"^fpu_check\[(\d+)\]: ", lines, re.M)))
    if len(pids) != 2:
        m.fail(bad=f"lines from pids {pids}", missing="lines from two copies of fpu_check")
    # The two copies are independent: their lines are matched per pid, in any order between them.
    for pid in pids:
        for want in (rf"fpu_check\[{pid}\]: started with clean x87/SSE registers: yes",
                     rf"fpu_check\[{pid}\]: 20 rounds of 10 yields and sleeps: 0 registers changed behind my back",
                     rf"run: fpu_check \(pid {pid}\) exited with code 0"):
            if not re.search(rf"^{want}$", lines, re.M):
                mismatch = re.search(rf"^fpu_check\[{pid}\]: (at start|round \d+): .*$", lines, re.M)
                m.fail(bad=mismatch.group(0) if mismatch else None, missing=want)
        m.good.append(f"pid {pid}: clean start, 0 of its registers changed in 20 rounds")
    m.expect_shutdown("pass")
