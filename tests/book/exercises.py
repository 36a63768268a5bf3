#!/usr/bin/env python3
"""Check your answer to one of the book's exercises by booting it in QEMU.

    python3 tests/book/exercises.py list
    python3 tests/book/exercises.py check 00-setup/greeting --tree my-00

`check` builds the tree (by default the chapter's own folder, chapter-NN-name/; pass --tree for
the copy you work in), boots it with the course's test harness (shared/harness, the same machine
`make run` and `make test` use), and checks what the exercise asks for. A failed check lists the
lines it saw as GOOD, what was wrong as BAD and what never came as MISSING, and keeps the whole
serial log in tests/build/exercises/.

These checks are not part of `make test`: on the unchanged chapter they fail, since the exercise
is not done yet. The exercises themselves are described in the chapter pages of the book.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "shared"))
from harness import ScenarioFailure, Target  # noqa: E402

LOGS = ROOT / "tests" / "build" / "exercises"


@dataclass
class Exercise:
    name: str      # chapter/short-name, as the book gives it
    title: str
    check: Callable[[Target], None]


EXERCISES: dict[str, Exercise] = {}


def exercise(name: str, title: str):
    def register(func):
        EXERCISES[name] = Exercise(name, title, func)
        return func
    return register


def _append_to_boot_cfg(*lines: str):
    def edit(esp: Path) -> None:
        with open(esp / "boot.cfg", "a") as cfg:
            cfg.write("".join(line + "\n" for line in lines))
    return edit


# ---- chapter 00 ------------------------------------------------------------------------------

@exercise("00-setup/greeting", "print a greeting taken from boot.cfg")
def greeting(t: Target) -> None:
    m = t.boot("with-greeting", greeting="hello from boot.cfg", test="exercise")
    m.expect(r"^RustOsLinux loader: hello from UEFI$", 60)
    m.expect(r"^loader: greeting: hello from boot\.cfg$")
    m.expect_shutdown("pass", 60)
    m = t.boot("without-greeting", test="exercise")
    m.expect_shutdown("pass", 60)
    extra = [line for line in m.lines if line.startswith("loader: greeting")]
    if extra:
        m.fail(bad=f"without a greeting key the loader printed: {extra[0]}")


@exercise("00-setup/firmware", "name the firmware that started the loader")
def firmware(t: Target) -> None:
    m = t.boot(test="exercise")
    m.expect(r"^RustOsLinux loader: hello from UEFI$", 60)
    m.expect(r"^loader: firmware: EDK II, revision 0x[0-9a-f]+$")
    m.expect_shutdown("pass", 60)


@exercise("00-setup/malformed-line", "say which line of boot.cfg is malformed")
def malformed_line(t: Target) -> None:
    # The ESP's boot.cfg has two comment lines; the typo becomes line 3.
    m = t.boot(edit_esp=_append_to_boot_cfg("this line has no equals sign", "test = exercise"))
    m.expect(r"^loader: warning: boot\.cfg has a malformed line \(line 3, ignored\)$", 60)
    m.expect_shutdown("pass", 60)


# ---- chapter 01 ------------------------------------------------------------------------------

@exercise("01-uefi/memory-regions", "list the memory map in the kernel")
def memory_regions(t: Target) -> None:
    m = t.boot(test="exercise")
    m.expect(r"^RustOsLinux kernel: hello from the higher half$", 60)
    m.expect(r"^kernel: region 0x[0-9a-f]+, \d+ pages, usable$")
    m.expect_shutdown("pass", 60)
    kinds = {line.rsplit(", ", 1)[-1] for line in m.lines if line.startswith("kernel: region ")}
    for wanted in ("usable", "kernel image", "boot data", "reserved"):
        if wanted not in kinds:
            m.fail(missing=f"a region line of kind '{wanted}' (seen: {sorted(kinds)})")
        m.good.append(f"a region of kind '{wanted}'")


@exercise("01-uefi/stale-key", "make the first ExitBootServices attempt fail, and recover")
def stale_key(t: Target) -> None:
    m = t.boot(test="exercise")
    m.expect(r"^loader: exiting boot services$", 60)
    m.expect(r"^loader: boot services exited after 2 attempt\(s\)$")
    m.expect(r"^RustOsLinux kernel: hello from the higher half$")
    m.expect_shutdown("pass", 60)


# ---- chapter 02 ------------------------------------------------------------------------------

def _kernel_symbol(t: Target, name: str) -> int:
    """The address of `name` in the tree's build/kernel.elf (nm)."""
    kernel = t.tree / "build" / "kernel.elf"
    out = subprocess.run(["nm", str(kernel)], capture_output=True, text=True, timeout=30).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    raise ScenarioFailure(f"  MISSING the symbol {name} in {kernel}")


def _writable_segments(t: Target) -> list[tuple[int, int]]:
    """(start, end) of every writable PT_LOAD segment of the tree's build/kernel.elf (readelf)."""
    kernel = t.tree / "build" / "kernel.elf"
    out = subprocess.run(["readelf", "-lW", str(kernel)], capture_output=True, text=True, timeout=30).stdout
    ranges = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 7 and parts[0] == "LOAD" and "W" in "".join(parts[6:-1]):
            start, memsz = int(parts[2], 16), int(parts[5], 16)
            ranges.append((start, start + memsz))
    return ranges


@exercise("02-gdt-idt/stack-usage", "report how much of the boot stack the boot has used")
def stack_usage(t: Target) -> None:
    m = t.boot(test="boot")
    m.expect(r"^idt: 32 exception handlers installed", 60)
    used = int(m.expect(r"^kernel: boot stack: (\d+) of 65536 bytes used$").group(1))
    # kernel_main and the formatting under it use a few hundred bytes at least; all 64 KiB
    # would mean the scan found no zero at all.
    if not 256 <= used < 65536:
        m.fail(bad=f"{used} bytes used: not a plausible amount (scan upwards from boot_stack_bottom "
                   f"for the first byte that is not zero)")
    m.expect_shutdown("pass", 60)


@exercise("02-gdt-idt/page-fault", "a boot test that reads the guard page below the boot stack")
def page_fault(t: Target) -> None:
    bottom = _kernel_symbol(t, "boot_stack_bottom")
    m = t.boot(test="page-fault", allow_fatal=True)
    m.expect(r"^test: reading the guard page$", 60)
    code = int(m.expect(r"^EXCEPTION: #PF page fault \(vector 14\), error code 0x([0-9a-f]+)$").group(1), 16)
    if code & 1:
        m.fail(bad=f"error code 0x{code:x}: bit 0 set means the page was present, so that was not the guard page")
    cr2 = int(m.expect(r"^  rsp 0x[0-9a-f]{16}  ss 0x[0-9a-f]+  cr2 0x([0-9a-f]+)$").group(1), 16)
    if not bottom - 4096 <= cr2 < bottom:
        m.fail(bad=f"cr2 0x{cr2:x} is not in the guard page 0x{bottom - 4096:x}..0x{bottom - 1:x}")
    m.good.append(f"cr2 0x{cr2:x} is in the guard page")
    m.expect(r"^PANIC: unhandled page fault in the kernel$")
    m.expect_shutdown("fail", 60)


@exercise("02-gdt-idt/debug-log", "debug lines for the GDT and the IDT, shown only with log = debug")
def debug_log(t: Target) -> None:
    writable = _writable_segments(t)
    m = t.boot("with-debug", log="debug", test="boot")
    found = m.expect(r"^debug: gdt: tss at 0x([0-9a-f]+), double-fault stack top 0x([0-9a-f]+)$", 60)
    tss, stack_top = int(found.group(1), 16), int(found.group(2), 16)
    table = int(m.expect(r"^debug: idt: table at 0x([0-9a-f]+)$").group(1), 16)
    m.expect_shutdown("pass", 60)
    for what, address in (("the TSS", tss), ("the double-fault stack top", stack_top - 1), ("the IDT", table)):
        if not any(start <= address < end for start, end in writable):
            m.fail(bad=f"{what} at 0x{address:x} is not in a writable segment of kernel.elf")
    if stack_top % 16:
        m.fail(bad=f"the double-fault stack top 0x{stack_top:x} is not 16-byte aligned")
    m.good.append("the addresses are in the kernel's data, the stack top 16-byte aligned")
    m = t.boot("without-debug", test="boot")
    m.expect_shutdown("pass", 60)
    extra = [line for line in m.lines if line.startswith("debug:")]
    if extra:
        m.fail(bad=f"without log = debug the kernel printed: {extra[0]}")


# ---- chapter 03 ------------------------------------------------------------------------------

def _kernel_symbols(t: Target) -> list[tuple[int, int, str]]:
    """(address, size, demangled name) of every sized symbol of the tree's build/kernel.elf (nm)."""
    kernel = t.tree / "build" / "kernel.elf"
    out = subprocess.run(["nm", "-S", "-C", str(kernel)], capture_output=True, text=True, timeout=30).stdout
    symbols = []
    for line in out.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) == 4 and re.fullmatch(r"[0-9a-f]+", parts[1]):
            symbols.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
    return symbols


def _loader_segments(m) -> list[tuple[int, int, str, int]]:
    """(virtual, size, rights, physical) of each `loader: segment` line seen so far."""
    segments = []
    for line in m.lines:
        if (found := re.match(r"^loader: segment 0x([0-9a-f]+) size 0x([0-9a-f]+) ([r-][w-][x-]) "
                              r"at physical 0x([0-9a-f]+)$", line)):
            segments.append((int(found.group(1), 16), int(found.group(2), 16), found.group(3),
                             int(found.group(4), 16)))
    return segments


@exercise("03-paging/df-guard", "a guard page under the double-fault stack")
def df_guard(t: Target) -> None:
    stacks = [(address, size) for address, size, name in _kernel_symbols(t) if name.endswith("double_fault_stack")]
    if len(stacks) != 1:
        raise ScenarioFailure("  MISSING one symbol named double_fault_stack in build/kernel.elf (gdt.cpp)")
    stack, size = stacks[0]
    m = t.boot("df-guard", test="df-guard", allow_fatal=True)
    guard = int(m.expect(r"^paging: guard page at 0x([0-9a-f]+) below the double-fault stack$", 60).group(1), 16)
    if guard % 4096:
        m.fail(bad=f"the guard page 0x{guard:x} is not page aligned")
    # Either the array's first page (alignas(4096), one page bigger) or the page right below it.
    if guard not in (stack, stack - 4096) or stack % 4096:
        m.fail(bad=f"the guard page 0x{guard:x} is not the page below the double-fault stack "
                   f"(double_fault_stack: 0x{stack:x}, {size} bytes)",
               missing="a page-aligned double_fault_stack, its guard at its first page or right below it")
    m.good.append(f"the guard page 0x{guard:x} is right below the double-fault stack")
    m.expect(r"^test: reading the guard page below the double-fault stack$")
    m.expect(rf"^PAGE FAULT: kernel read at 0x{guard:x}: the page is not present, rip 0x[0-9a-f]+$")
    m.expect(r"^PANIC: unhandled page fault in the kernel$")
    m.expect_shutdown("fail", 60)
    # The double-fault handler must still have a good stack above the guard.
    m = t.boot("stack-overflow", test="stack-overflow", allow_fatal=True)
    m.expect(r"^paging: guard page at 0x[0-9a-f]+ below the double-fault stack$", 60)
    m.expect(r"^EXCEPTION: #DF double fault \(vector 8\), error code 0x0$")
    m.expect(r"^PANIC: unhandled double fault in the kernel$")
    m.expect_shutdown("fail", 60)


@exercise("03-paging/reclaim", "give the firmware's boot-time memory to the frame allocator")
def reclaim(t: Target) -> None:
    m = t.boot(test="boot")
    free_before = int(m.expect(r"^frames: \d+ free \((\d+) MiB\), \d+ in use, bitmap of \d+ KiB at 0x[0-9a-f]+$",
                               60).group(1))
    reclaimable = int(m.expect(r"^memory: \d+ MiB free now, (\d+) MiB reclaimable later, ").group(1))
    found = m.expect(r"^frames: reclaimed (\d+) MiB, (\d+) MiB free$")
    reclaimed, free_after = int(found.group(1)), int(found.group(2))
    m.expect_shutdown("pass", 60)
    # Both figures round down to MiB, so a region split across the sum may cost one.
    if not reclaimable - 1 <= reclaimed <= reclaimable or reclaimed == 0:
        m.fail(bad=f"reclaimed {reclaimed} MiB", missing=f"the {reclaimable} MiB the memory: line calls reclaimable")
    m.good.append(f"reclaimed {reclaimed} MiB of {reclaimable} MiB reclaimable")
    # Between the two lines the kernel takes a few frames: page tables, perhaps the heap (~1 MiB).
    if not free_before + reclaimed - 3 <= free_after <= free_before + reclaimed + 1:
        m.fail(bad=f"{free_after} MiB free after reclaiming {reclaimed} MiB, {free_before} MiB before",
               missing=f"about {free_before} + {reclaimed} MiB free: the reclaimed frames must be free")
    m.good.append(f"{free_before} MiB free before, {free_after} MiB after")


_HEAP_LINE = r"^heap: (\d+) pages, (\d+) bytes in (\d+) live blocks, (\d+) free blocks, largest (\d+) bytes$"


@exercise("03-paging/fragmentation", "count the heap's free blocks, before and after making holes")
def fragmentation(t: Target) -> None:
    m = t.boot("after-self-test", test="boot")
    grew = int(m.expect(r"^heap: self-test passed: .*grew to (\d+) pages", 60).group(1))
    pages, used, live, holes, largest = (int(g) for g in m.expect(_HEAP_LINE).groups())
    m.expect_shutdown("pass", 60)
    if pages != grew or used != 0 or live != 0:
        m.fail(bad=f"{pages} pages, {used} bytes in {live} live blocks",
               missing=f"{grew} pages (the self-test's figure), nothing live: the self-test freed everything")
    # Everything is free and free neighbours merge: one free block per arena, arenas of >= 4 pages.
    if not 1 <= holes <= pages // 4 or not 0 < largest < pages * 4096:
        m.fail(bad=f"{holes} free blocks, largest {largest} bytes",
               missing=f"between 1 and {pages // 4} free blocks (one per arena), largest under {pages * 4096}")
    m.good.append(f"after the self-test: {holes} free blocks, largest {largest} bytes")
    m = t.boot("heap-holes", test="heap-holes")
    m.expect(r"^test: 100 blocks of 64 bytes, every second one freed$", 60)
    pages, used, live, after, largest = (int(g) for g in m.expect(_HEAP_LINE).groups())
    m.expect_shutdown("pass", 60)
    if live != 50 or used != 50 * 64:
        m.fail(bad=f"{used} bytes in {live} live blocks", missing="3200 bytes in 50 live blocks (every second of 100)")
    if after < holes + 50:
        m.fail(bad=f"{after} free blocks with 50 holes", missing=f"at least {holes + 50}: the 50 holes cannot merge")
    m.good.append(f"with holes: {after} free blocks, largest {largest} bytes")


@exercise("03-paging/walk", "walk the page tables by hand, as the CPU does")
def walk(t: Target) -> None:
    m = t.boot(test="walk")
    m.expect(r"^heap: self-test passed: ", 60)
    segments = _loader_segments(m)
    walks = {}
    for _ in range(3):
        found = m.expect(r"^walk: 0x([0-9a-f]+): PML4\[(\d+)\] PDPT\[(\d+)\] PD\[(\d+)\] PT\[(\d+)\] "
                         r"-> frame 0x([0-9a-f]+), ([r-][w-][x-])$")
        walks[int(found.group(1), 16)] = found
    m.expect_shutdown("pass", 60)
    for virt, rights, phys in ((s[0], s[2], s[3]) for s in segments[:3]):
        found = walks.get(virt)
        if not found:
            m.fail(missing=f"walk: 0x{virt:x}: ... (the start of the loader's {rights} segment)")
        indices = [int(found.group(i)) for i in range(2, 6)]
        wanted = [(virt >> (39 - 9 * level)) & 511 for level in range(4)]
        if indices != wanted:
            m.fail(bad=found.group(0), missing=f"the indices {wanted} of 0x{virt:x}")
        if int(found.group(6), 16) != phys or found.group(7) != rights:
            m.fail(bad=found.group(0), missing=f"frame 0x{phys:x}, {rights}, as the loader's segment line says")
        m.good.append(found.group(0))


# ---- chapter 04 ------------------------------------------------------------------------------

@exercise("04-scheduler/cpu-time", "each task says how many ticks it ran when it exits")
def cpu_time(t: Target) -> None:
    m = t.boot(test="preemption")
    m.expect(r"^sched: first task switch, to stepper at tick \d+$", 60)
    m.expect(r"^test: three tasks that never yield all finished, \d+ task switches$")
    m.expect_shutdown("pass", 60)
    ran = [int(found.group(1)) for found in
           (re.match(r"^sched: task \d+ 'stepper' exits after (\d+) ticks on the CPU$", line) for line in m.lines)
           if found]
    if len(ran) != 3:
        m.fail(bad=f"{len(ran)} exit line(s) for the three steppers",
               missing="one line per stepper: sched: task <id> 'stepper' exits after <n> ticks on the CPU")
    # The test lasts about 37 ticks and the steppers share them: each runs about a third.
    for ticks in ran:
        if not 4 <= ticks <= 30:
            m.fail(bad=f"a stepper ran {ticks} ticks", missing="between 4 and 30 ticks per stepper")
    m.good.append(f"the steppers ran {ran} ticks")


@exercise("04-scheduler/switch-cost", "measure a context switch in TSC cycles")
def switch_cost(t: Target) -> None:
    m = t.boot(test="switch-cost")
    found = m.expect(r"^test: (\d+) switches, (\d+) TSC cycles each$", 120)
    switches, cycles = int(found.group(1)), int(found.group(2))
    if switches < 1000:
        m.fail(bad=f"only {switches} switches measured", missing="at least 1000, so the average means something")
    if not 10 <= cycles <= 10_000_000:
        m.fail(bad=f"{cycles} cycles per switch", missing="a plausible cost: between 10 and 10 000 000 cycles")
    m.good.append(f"{cycles} cycles per switch over {switches} switches")
    m.expect_shutdown("pass", 60)


@exercise("04-scheduler/stack-guard", "a task that overflows its stack hits its guard page")
def task_stack_overflow(t: Target) -> None:
    region, slot = 0xFFFF_D000_0000_0000, 32 * 1024 + 4096  # kernel_stacks.hpp: a guard page, then 32 KiB
    m = t.boot(test="task-stack-overflow", allow_fatal=True)
    m.expect(r"^test: overflowing the stack of a task$", 60)
    m.expect(r"^EXCEPTION: (#DF double fault \(vector 8\)|#PF page fault \(vector 14\)), error code 0x[0-9a-f]+$")
    cr2 = int(m.expect(r"^  rsp 0x[0-9a-f]{16}  ss 0x[0-9a-f]+  cr2 0x([0-9a-f]+)$").group(1), 16)
    if cr2 < region or (cr2 - region) % slot >= 4096:
        m.fail(bad=f"cr2 0x{cr2:x} is not in the guard page of a task stack "
                   f"(0x{region:x} + slot * 0x{slot:x}, one page each)")
    m.good.append(f"cr2 0x{cr2:x} is in the guard page of stack slot {(cr2 - region) // slot}")
    m.expect(r"^PANIC: unhandled (double fault|page fault) in the kernel$")
    m.expect_shutdown("fail", 60)


@exercise("04-scheduler/weights", "time-slice weights: a task of weight 3 gets three times the CPU")
def weights(t: Target) -> None:
    m = t.boot(test="weights")
    found = m.expect(r"^test: weights 1 and 3 got (\d+) and (\d+) ticks$", 60)
    light, heavy = int(found.group(1)), int(found.group(2))
    if light < 20:
        m.fail(bad=f"the task of weight 1 ran {light} ticks", missing="at least 20 ticks, to compare")
    if not 2.4 <= heavy / light <= 3.6:
        m.fail(bad=f"{heavy} / {light} = {heavy / light:.2f}", missing="a ratio of 3 (2.4 to 3.6)")
    m.good.append(f"ratio {heavy / light:.2f}")
    m.expect_shutdown("pass", 60)


@exercise("04-scheduler/join", "wait for a task to finish")
def join(t: Target) -> None:
    m = t.boot(test="join")
    done = int(m.expect(r"^worker: done at tick (\d+)$", 60).group(1))
    joined = int(m.expect(r"^test: joined the worker at tick (\d+)$").group(1))
    if not done <= joined <= done + 2:
        m.fail(bad=f"the worker finished at tick {done}, join returned at tick {joined}",
               missing="join returning within 2 ticks after the worker finished")
    m.expect(r"^test: joined a finished task at once$")
    m.expect_shutdown("pass", 60)


# ---- chapter 05 ------------------------------------------------------------------------------

USER_STACK_TOP = 0x7FFF_FFFF_E000  # kernel/proc/program_loader.hpp: user_stack_top


def _started_pid(m, program: str) -> int:
    """The pid of `program` from the kernel's `process N 'name' started` line (seen so far)."""
    for line in m.lines:
        if (found := re.match(rf"^process (\d+) '{re.escape(program)}' started", line)):
            return int(found.group(1))
    m.fail(missing=f"process N '{program}' started: ... (is user/apps/{program}.cpp there?)")
    return 0


def _line(m, pattern: str) -> str:
    """The first serial line (seen so far) that matches `pattern` in full; fails when there is none."""
    for line in m.lines:
        if re.fullmatch(pattern, line):
            return line
    m.fail(missing=f"a line matching /{pattern}/")
    return ""


@exercise("05-processes/uptime", "a system call that returns the time since boot")
def uptime(t: Target) -> None:
    m = t.boot(test="run", run="clock")
    first = int(m.expect(r"^clock\[\d+\]: uptime (\d+) ms$", 60).group(1))
    second = int(m.expect(r"^clock\[\d+\]: uptime (\d+) ms after sleeping 100 ms$").group(1))
    if first <= 0:
        m.fail(bad=f"uptime {first} ms", missing="a positive uptime: the timer has ticked before any program runs")
    if not 100 <= second - first <= 300:
        m.fail(bad=f"{second} - {first} = {second - first} ms across a sleep of 100 ms",
               missing="between 100 and 300 ms (a sleep lasts at least as long as asked)")
    m.good.append(f"{second - first} ms passed across the sleep")
    m.expect(r"^run: clock \(pid \d+\) exited with code 0$")
    m.expect_shutdown("pass", 60)


@exercise("05-processes/cpu-limit", "kill a process that uses more CPU time than boot.cfg allows")
def cpu_limit(t: Target) -> None:
    m = t.boot(test="run", run="spin ticker", cpu_limit="50")
    m.expect(r"^run: all 2 programs collected$", 90)
    spin = _started_pid(m, "spin")
    lines = "\n".join(m.lines)
    if not re.search(rf"^process {spin} 'spin' killed: CPU limit of 50 ticks; exit code 137$", lines, re.M):
        m.fail(missing=f"process {spin} 'spin' killed: CPU limit of 50 ticks; exit code 137")
    m.good.append("spin was killed at its CPU limit")
    if not re.search(rf"^run: spin \(pid {spin}\) .*exit code 137$", lines, re.M):
        m.fail(missing=f"the runner's line for spin (pid {spin}) ending in 'exit code 137'")
    ticks = [line for line in m.lines if re.match(r"^ticker\[\d+\]: tick \d$", line)]
    if len(ticks) != 5 or not re.search(r"^run: ticker \(pid \d+\) exited with code 0$", lines, re.M):
        m.fail(bad=f"ticker printed {len(ticks)} ticks", missing="ticker's 5 ticks and its exit code 0: it sleeps, "
                                                                  "so it must stay far below the limit")
    m.good.append("ticker, which sleeps, ran to its end")
    m.expect_shutdown("pass", 60)


@exercise("05-processes/protect", "change the permissions of mapped pages: code generated at run time")
def protect(t: Target) -> None:
    m = t.boot(test="run", run="jit")
    page = int(m.expect(r"^jit\[\d+\]: code page at 0x([0-9a-f]+)$", 60).group(1), 16)
    m.expect(r"^jit\[\d+\]: the generated code returned 42$")
    m.expect(r"^jit\[\d+\]: writable and executable: not permitted$")
    fault = m.expect(r"^PAGE FAULT: user write at 0x([0-9a-f]+): protection violation \(the page is present\)")
    if int(fault.group(1), 16) // 4096 != page // 4096:
        m.fail(bad=f"the write faulted at 0x{fault.group(1)}", missing=f"a write fault on the code page 0x{page:x}")
    m.expect(r"^process \d+ 'jit' killed: page fault; exit code 142$")
    m.expect(r"^run: jit \(pid \d+\) was killed by exception 14, exit code 142$")
    m.expect_shutdown("pass", 60)


@exercise("05-processes/stack-growth", "a user stack that grows on demand, up to 1 MiB")
def stack_growth(t: Target) -> None:
    m = t.boot("deep", test="run", run="deep")
    m.expect(r"^deep\[\d+\]: used 512 KiB of stack$", 60)
    m.expect(r"^run: deep \(pid \d+\) exited with code 0$")
    m.expect_shutdown("pass", 60)
    limit = USER_STACK_TOP - (1 << 20)
    m = t.boot("bottomless", test="run", run="bottomless")
    cr2 = int(m.expect(r"^PAGE FAULT: user write at 0x([0-9a-f]+): the page is not present", 60).group(1), 16)
    if not limit - 64 * 1024 <= cr2 < limit:
        m.fail(bad=f"the stack overflowed at 0x{cr2:x}",
               missing=f"an overflow just below the 1 MiB limit, 0x{limit:x} (the stack grew to the limit, no further)")
    m.good.append(f"the overflow at 0x{cr2:x} is just below the limit 0x{limit:x}")
    m.expect(r"^process \d+ 'bottomless' killed: page fault; exit code 142$")
    m.expect_shutdown("pass", 60)


# ---- chapter 06 ------------------------------------------------------------------------------

@exercise("06-ipc/handle-rights", "a system call that tells which rights a handle has")
def handle_rights(t: Target) -> None:
    m = t.boot(test="run", run="rights_probe")
    m.expect(r"^rights_probe\[\d+\]: a new channel end has rights 0xf$", 60)
    m.expect(r"^rights_probe\[\d+\]: its read-only duplicate has rights 0x9$")
    m.expect(r"^rights_probe\[\d+\]: the boot image handle has rights 0x1d$")
    m.expect(r"^rights_probe\[\d+\]: after closing the duplicate: bad handle$")
    m.expect(r"^run: rights_probe \(pid \d+\) exited with code 0$")
    m.expect_shutdown("pass", 60)


@exercise("06-ipc/many-clients", "one server, three clients, a reply channel in every request")
def many_clients(t: Target) -> None:
    m = t.boot(test="run", run="echo_demo")
    m.expect(r"^run: all 1 programs collected$", 90)
    clients = sorted({int(p) for p in re.findall(r"^process (\d+) 'echo_client' started", "\n".join(m.lines), re.M)})
    if len(clients) != 3:
        m.fail(bad=f"{len(clients)} echo_client processes started", missing="three")
    for pid in clients:
        for want in (rf"echo_client\[{pid}\]: reading the server's channel: access denied",
                     rf"echo_client\[{pid}\]: echo ok",
                     rf"echo_server\[\d+\]: request from pid {pid}"):
            m.good.append(_line(m, want))
    m.good.append(_line(m, r"echo_server\[\d+\]: answered 3 requests, then: peer closed"))
    m.good.append(_line(m, r"run: echo_demo \(pid \d+\) exited with code 0"))
    m.expect_shutdown("pass", 60)


@exercise("06-ipc/wait-any", "wait for the first of several channels to have something to read")
def wait_any(t: Target) -> None:
    m = t.boot(test="run", run="wait_any")
    m.expect(r"^wait_any\[\d+\]: ready: 2 \(a message was waiting\)$", 60)
    m.expect(r"^wait_any\[\d+\]: nothing ready: timed out$")
    found = m.expect(r"^wait_any\[\d+\]: ready: 1 \(written by pid (\d+) while we waited\)$")
    writer = _started_pid(m, "late_writer")
    if int(found.group(1)) != writer:
        m.fail(bad=f"the message came from pid {found.group(1)}", missing=f"late_writer's pid, {writer}")
    m.expect(r"^run: wait_any \(pid \d+\) exited with code 0$")
    m.expect_shutdown("pass", 60)


@exercise("06-ipc/cycle", "refuse the message that would make a channel endpoint keep itself alive")
def cycle(t: Target) -> None:
    m = t.boot(test="run", run="cycle")
    m.expect(r"^cycle\[\d+\]: send a channel's peer through it: not permitted$", 60)
    m.expect(r"^cycle\[\d+\]: 20000 endpoints sent and freed$", 180)
    m.expect(r"^run: cycle \(pid \d+\) exited with code 0$")
    m.expect_shutdown("pass", 60)


# ---- chapter 07 ------------------------------------------------------------------------------

def _qmp_type(m, text: str) -> None:
    """Types `text` on the guest's PS/2 keyboard with QMP send-key (key names: QEMU's qcodes)."""
    names = {" ": "spc", "\n": "ret", "\x1b": "esc"}
    for ch in text:
        m.qmp.command("send-key", keys=[{"type": "qcode", "data": names.get(ch, ch)}])
        time.sleep(0.05)


def _servers_up(m) -> int:
    """Waits until the client of chapter 07 reads keys; returns how many files ramfs loaded."""
    m.expect(r"^client\[\d+\]: type something: keys travel from the keyboard driver to here$", 90)
    lines = "\n".join(m.lines)
    loaded = re.search(r"^ramfs\[\d+\]: (\d+) files, \d+ KiB, copied from the boot image; serving$", lines, re.M)
    if not loaded:
        m.fail(missing="ramfs[N]: M files, K KiB, copied from the boot image; serving")
    return int(loaded.group(1))


def _typed_line_arrives(m, text: str) -> None:
    """Types `text` and Enter; the client must echo the whole line."""
    _qmp_type(m, text + "\n")
    m.expect(rf"^client\[\d+\]: you typed \"{re.escape(text)}\"$", 30)


@exercise("07-servers/walls", "each process can do what its handles allow, and nothing else")
def walls(t: Target) -> None:
    m = t.boot()
    _servers_up(m)
    _typed_line_arrives(m, "ok")
    lines = "\n".join(m.lines)
    for program, what, error in (("ramfs", "spawning hello with the read-only boot image", "access denied"),
                                 ("kbd", "reading port 0x70 (the RTC)", "access denied"),
                                 ("client", "reading port 0x60 through the file channel", "invalid argument")):
        found = re.search(rf"^{program}\[\d+\]: {re.escape(what)}: (.*)$", lines, re.M)
        if not found:
            m.fail(missing=f"{program}[N]: {what}: {error}")
        if found.group(1) != error:
            m.fail(bad=found.group(0), missing=f"{program}[N]: {what}: {error}")
        m.good.append(found.group(0))
    if re.search(r"^process \d+ 'hello' started", lines, re.M):
        m.fail(bad="hello was started: the file server's boot image handle let it spawn a program")
    m.quit()


@exercise("07-servers/remove", "remove a file through the file protocol")
def remove(t: Target) -> None:
    m = t.boot()
    m.expect(r"^client\[\d+\]: \| written by the client, read back through the file server$", 90)
    before = int(m.expect(r"^client\[\d+\]: the file server holds (\d+) files$").group(1))
    after = int(m.expect(r"^client\[\d+\]: removed notes\.txt; the file server holds (\d+) files$").group(1))
    m.expect(r"^client\[\d+\]: cannot open notes\.txt: not found$")
    loaded = _servers_up(m)
    if before != loaded + 1 or after != loaded:
        m.fail(bad=f"{before} files before the removal, {after} after; ramfs loaded {loaded}",
               missing=f"{loaded + 1} files before (the boot image's and notes.txt), {loaded} after")
    m.good.append(f"{before} files before the removal, {after} after")
    m.quit()


@exercise("07-servers/restart", "init restarts the keyboard driver when it crashes")
def restart(t: Target) -> None:
    m = t.boot()
    _servers_up(m)
    lines = "\n".join(m.lines)
    first = re.search(r"^init\[1\]: started kbd as pid (\d+)$", lines, re.M)
    if not first:
        m.fail(missing="init[1]: started kbd as pid N")
    old = int(first.group(1))
    _typed_line_arrives(m, "before")
    _qmp_type(m, "\x1b")
    m.expect(rf"^process {old} 'kbd' killed: page fault; exit code 142$", 30)
    m.expect(rf"^init\[1\]: kbd \(pid {old}\) was killed by exception 14; collected$", 30)
    new = int(m.expect(r"^init\[1\]: restarted kbd as pid (\d+)$", 30).group(1))
    m.expect(rf"^kbd\[{new}\]: PS/2 keyboard driver ready: IRQ 1 arrives as messages$", 30)
    _typed_line_arrives(m, "after")
    m.quit()


@exercise("07-servers/caps-lock", "the keyboard driver sets the Caps Lock light")
def caps_lock(t: Target) -> None:
    m = t.boot()
    _servers_up(m)
    answered = r"LEDs set, keyboard answered 0xfa 0xfa"
    m.qmp.command("send-key", keys=[{"type": "qcode", "data": "caps_lock"}])
    m.expect(rf"^kbd\[\d+\]: Caps Lock on, {answered}$", 30)
    _qmp_type(m, "abc\n")
    m.expect(r'^client\[\d+\]: you typed "ABC"$', 30)
    m.qmp.command("send-key", keys=[{"type": "qcode", "data": "caps_lock"}])
    m.expect(rf"^kbd\[\d+\]: Caps Lock off, {answered}$", 30)
    _typed_line_arrives(m, "abc")
    m.quit()


# ---- running them ----------------------------------------------------------------------------

def run(ex: Exercise, tree: Path) -> bool:
    print(f"exercise {ex.name}: {ex.title}\nbuilding {tree} ...", flush=True)
    build = subprocess.run(["make", "-C", str(tree), "all"], capture_output=True, text=True)
    if build.returncode != 0:
        print((build.stdout + build.stderr)[-4000:])
        print(f"FAIL {ex.name}: {tree} does not build")
        return False
    target = Target(tree, ex.name.replace("/", "-"), LOGS)
    started = time.monotonic()
    try:
        ex.check(target)
        ok, report = True, "\n".join(f"  GOOD {g}" for m in target.machines for g in m.good)
    except ScenarioFailure as failure:
        ok, report = False, str(failure)
    finally:
        target.cleanup()
    print(report)
    print(f"{'PASS' if ok else 'FAIL'} {ex.name} ({time.monotonic() - started:.1f} s)")
    return ok


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the exercises that have a check")
    c = sub.add_parser("check", help="build a tree and check it against an exercise")
    c.add_argument("exercise", help="e.g. 00-setup/greeting")
    c.add_argument("--tree", type=Path, help="the folder with your answer (default: chapter-NN-name)")
    args = ap.parse_args(argv)
    if args.command == "list":
        for ex in EXERCISES.values():
            print(f"{ex.name:28} {ex.title}")
        return 0
    ex = EXERCISES.get(args.exercise)
    if ex is None:
        print(f"no exercise {args.exercise!r}; `list` shows them", file=sys.stderr)
        return 2
    tree = (args.tree or ROOT / f"chapter-{ex.name.split('/')[0]}").resolve()
    if not (tree / "Makefile").exists():
        print(f"{tree} is not a chapter tree (it has no Makefile)", file=sys.stderr)
        return 2
    return 0 if run(ex, tree) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
