"""Chapter 05: processes in ring 3, system calls, faults that kill one process only."""
import re

from harness import NOTHING_LEAKED, RUN_END, chapters, scenario
from harness.registry import chapter_of


def _exits(m):
    """{program: (pid, how)} from the runner's lines, how = 'code N' or 'killed V code N'."""
    found = {}
    for line in m.lines:
        if (g := re.match(r"^run: (\w+) \(pid (\d+)\) exited with code (-?\d+)$", line)):
            found[g.group(1)] = (int(g.group(2)), f"code {g.group(3)}")
        elif (g := re.match(r"^run: (\w+) \(pid (\d+)\) was killed by exception (\d+), exit code (\d+)$", line)):
            found[g.group(1)] = (int(g.group(2)), f"killed {g.group(3)} code {g.group(4)}")
    return found


@scenario(since="05-processes", capture={"boot.log": "05-processes-ring3.log"})
def program_runs_in_ring3(t):
    """A program reads its CS selector and prints CPL 3 through the log system call; it sleeps,
    maps and unmaps memory, and its exit code (3) reaches the kernel, as hello's (0) does."""
    m = t.boot(test="run", run="ring3 hello")
    m.expect(r"^syscall: entry at 0xffffffff8[0-9a-f]+, sysret to cs 0x23 ss 0x1b$", 60)
    m.expect(r"^boot image: \d+ files, \d+ KiB$")
    m.expect(RUN_END, 60)
    lines = "\n".join(m.lines)
    # Chapter 06 moves the stack from the top of the lower half to just below the program.
    names = chapters()
    stack_top = "0x3ff000" if names.index(chapter_of(t.tree)) >= names.index("06-ipc") else "0x7fffffffe000"
    pid = re.search(rf"^process (\d+) 'ring3' started: entry 0x4[0-9a-f]{{5}}, stack top {stack_top}$", lines, re.M)
    if not pid:
        m.fail(missing=f"process N 'ring3' started: entry 0x4....., stack top {stack_top}")
    for want in (rf"ring3\[{pid.group(1)}\]: running with cs = 0x23: CPL 3",
                 rf"ring3\[{pid.group(1)}\]: my pid is {pid.group(1)}",
                 r"ring3\[\d+\]: slept 30 ms",
                 r"ring3\[\d+\]: mapped 16 KiB at 0x100000000000, zeroed: yes, wrote 42",
                 r"hello\[\d+\]: hello from user space, pid \d+"):
        if not re.search(rf"^{want}$", lines, re.M):
            m.fail(missing=want)
        m.good.append(want)
    exits = _exits(m)
    if exits.get("ring3", (0, ""))[1] != "code 3" or exits.get("hello", (0, ""))[1] != "code 0":
        m.fail(bad=f"exit statuses {exits}", missing="ring3 with code 3 and hello with code 0")
    m.good.append(f"exit statuses {exits}")
    m.expect_shutdown("pass")


@scenario(since="05-processes", capture={"boot.log": "05-processes-faults.log"})
def faulting_programs_die_alone(t):
    """Three programs that read kernel memory, execute hlt and divide by zero are each killed
    with a report; a fourth runs beside them to its end, and the kernel finishes its test."""
    m = t.boot(test="run", run="ticker bad_kernel_read bad_privileged bad_divide")
    m.expect(RUN_END, 60)
    lines = "\n".join(m.lines)
    for program, vector, report in (("bad_kernel_read", 14, r"PAGE FAULT: user read at 0xffffffff80000000: "
                                     r"protection violation \(the page is present\), rip 0x4[0-9a-f]+"),
                                    ("bad_privileged", 13, r"EXCEPTION: #GP general protection fault \(vector 13\)"),
                                    ("bad_divide", 0, r"EXCEPTION: #DE divide error \(vector 0\)")):
        if not re.search(rf"^{report}", lines, re.M):
            m.fail(missing=report)
        if not re.search(rf"^process \d+ '{program}' killed: .*; exit code {128 + vector}$", lines, re.M):
            m.fail(missing=f"process N '{program}' killed: ...; exit code {128 + vector}")
        if re.search(rf"^{program}\[\d+\]: .*(not protected|not enforced|no exception)", lines, re.M):
            m.fail(bad=f"{program} went on after its fault")
        m.good.append(f"{program} killed by vector {vector}")
    exits = _exits(m)
    want = {"bad_kernel_read": "killed 14 code 142", "bad_privileged": "killed 13 code 141",
            "bad_divide": "killed 0 code 128", "ticker": "code 0"}
    if {k: v[1] for k, v in exits.items()} != want:
        m.fail(bad=f"exit statuses {exits}", missing=f"{want}")
    # The ticker runs beside the others: its lines and the kills interleave in any order (its
    # 50 ms sleeps do not order them). That it printed all five ticks and exited with 0 shows
    # that no other process's fault touched it.
    ticks = [int(g.group(1)) for line in m.lines if (g := re.match(r"^ticker\[\d+\]: tick (\d)$", line))]
    if ticks != [1, 2, 3, 4, 5]:
        m.fail(bad=f"ticks {ticks}", missing="ticks 1-5")
    m.good.append("ticker ran to its end beside the faulting programs")
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="05-processes")
def bad_syscall_arguments_return_errors(t):
    """Kernel pointers, null, unmapped pages, ranges past the user half, oversize lengths,
    unknown numbers, W+X mappings: each system call returns its error code, the kernel lives.
    A length of 0 goes with any pointer (log_write(nullptr, 0), and from chapter 06 process_spawn
    with the default empty handle list): those succeed."""
    m = t.boot(test="run", run="bad_pointers")
    expected = [("log_write of kernel memory", "bad address"), ("log_write of a null pointer", "bad address"),
                ("log_write of an unmapped page", "bad address"),
                ("log_write running past the user half", "bad address"),
                ("log_write of 1 MiB", "invalid argument"), ("unknown system call 999", "unsupported"),
                ("map_memory writable and executable", "not permitted"),
                ("map_memory of 100 bytes", "invalid argument"), ("map_memory over the kernel", "bad address"),
                ("map_memory over our own code", "overlap"), ("unmap_memory of nothing", "not found"),
                ("sleep for a year", "invalid argument"), ("log_write of nothing at a null pointer", "ok"),
                ("log_write of nothing at a kernel address", "ok")]
    names = chapters()
    if names.index(chapter_of(t.tree)) >= names.index("06-ipc"):
        expected.append(("process_spawn with no handles", "ok"))
    for what, error in expected:
        m.expect(rf"^bad_pointers\[\d+\]: {re.escape(what)}: {error}$", 60)
    m.expect(rf"^bad_pointers\[\d+\]: 0 of {len(expected)} calls did not behave as expected$")
    m.expect(r"^run: bad_pointers \(pid \d+\) exited with code 0$")
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
