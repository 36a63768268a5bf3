#!/usr/bin/env python3
"""`make bench`: this OS beside Debian's Linux on the same emulated machine, in one table.

Both systems boot through OVMF from an ESP in the same QEMU machine (shared/qemu/launch.py: q35,
`-cpu qemu64,+nx`, one CPU, 256 MiB, TCG), and each runs one benchmark program that prints the
same three figures by the same method, in guest TSC ticks:

    bench: null-syscall median <n> ticks (10000 samples)   get_pid  / syscall(SYS_getppid)
    bench: round-trip median <n> ticks (1000 samples)      channel_call / two pipes, 8 bytes
    bench: yield median <n> ticks (1000 samples)           yield / sched_yield, one switch

`rdtsc` around one operation per sample, warm-up operations first, the median of the samples.
Chapter 08 adds three file figures on a FAT disk, each the ticks of one whole job:

    bench: fat-write 16 MiB <n> ticks          16 MiB in 64 KiB writes to a new file, then fsync
    bench: fat-read 16 MiB <n> ticks           read back in 64 KiB reads (Linux drops its caches)
    bench: fat-create 1000 files <n> ticks     1000 new files of 4 KiB in a new directory, sync

Both systems get the same disk: one FAT32 image made here once per run of this script
(`mkfs.fat -F 32`, 128 MiB), a fresh copy of it for every boot (the harness copies a tree's
disks), attached the same way (a modern virtio-blk function at 00:04.0, where the OS's FAT disk
always is; the OS also gets its data disk at 00:05.0, as in every boot). Linux mounts it as vfat;
the OS mounts it at /fat (init) and init starts final/user/apps/fsbench with the full namespace.
One difference, Linux's only: CFS may decline a `sched_yield` (return without switching), and such
a call is not a switch, so it is not a sample; the program prints how many calls it declined.
The OS's program is final/user/apps/bench.cpp (boot.cfg `test = run`, `run = bench`, so its lines
read `bench[pid]: ...`); Linux's is tests/bench/linux/bench.c, the /init of a tiny initramfs in a
unified kernel image (tests/bench/linux/build.py). A fourth figure is the boot: seconds from
QEMU's start (host clock) to the first line of the first user process, Linux's bench program
and the OS's init in a normal boot of final/.

Each system boots --runs times (default 3), interleaved (Linux, OS, Linux, OS...) so that a
change in the host's load hits both. A figure is the median of the per-boot medians; its spread
is the highest minus the lowest per-boot median, in percent of the median. Under TCG every guest instruction is translated, so
the ticks are not hardware figures: the ratios (this OS / Linux) are what compare. Nothing here
is a test; `make test` does not run it. --capture also writes the table to book/captures/bench.txt.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))
sys.path.insert(0, str(ROOT / "tests" / "bench" / "linux"))
from harness.machine import Machine, ScenarioFailure  # noqa: E402
import build as linux_build  # noqa: E402  (tests/bench/linux/build.py)

LINUX_TREE = ROOT / "tests" / "build" / "bench" / "linux"  # build/esp inside, as Machine expects
CAPTURE = ROOT / "book" / "captures" / "bench.txt"
OS_PROGRAM = "bench"
OS_FS_PROGRAM = "fsbench"
FAT_MIB = 128
# init's boot option that starts a program with the full namespace after the mounts.
OS_FS_OPTIONS = {"init.run": OS_FS_PROGRAM}

# (key, the figure's words in the table, the pattern after `bench: ` / `bench[pid]: `, goal)
FIGURES = [
    ("null", "null system call (TSC ticks)", r"null-syscall median (\d+) ticks \(10000 samples\)$", 0.15),
    ("trip", "8-byte round trip (TSC ticks)", r"round-trip median (\d+) ticks \(1000 samples\)$", 0.25),
    ("yield", "one yield switch (TSC ticks)", r"yield median (\d+) ticks \(1000 samples\)$", 0.25),
]
# The file figures: ticks of one whole job each; goal: at least Linux's throughput.
FILE_FIGURES = [
    ("write", "FAT write 16 MiB + sync (ticks)", r"fat-write 16 MiB (\d+) ticks$", 1.00),
    ("read", "FAT read 16 MiB (ticks)", r"fat-read 16 MiB (\d+) ticks$", 1.00),
    ("create", "FAT 1000 files of 4 KiB (ticks)", r"fat-create 1000 files (\d+) ticks$", 1.00),
]
KEYS = ("null", "trip", "yield", "write", "read", "create", "boot")
OS_FIRST_LINE = r"^init\[\d+\]: process server running as pid \d+$"  # init's first line


@dataclass
class System:
    name: str
    runs: dict[str, list[float]] = field(default_factory=lambda: {key: [] for key in KEYS})
    notes: list[str] = field(default_factory=list)


def boot_linux(run: int, logs: Path, linux: System) -> None:
    """One boot of Linux: the bench program prints its first line, the figures, then powers off."""
    m = Machine(LINUX_TREE, f"linux-{run}", logs).start()
    try:
        m.expect(r"^bench: first user process$", 180)
        linux.runs["boot"].append(m.elapsed())
        for key, _, pattern, _ in FIGURES:
            linux.runs[key].append(int(m.expect(rf"^bench: {pattern}", 300).group(1)))
        check = m.expect(r"^bench: yield check: (\d+) calls returned without the peer running", 60)
        linux.notes.append(f"{int(check.group(1)):,}")
        for key, _, pattern, _ in FILE_FIGURES:
            linux.runs[key].append(int(m.expect(rf"^bench: {pattern}", 600).group(1)))
        m.expect(r"^bench: done$", 60)
        if (code := m.wait_exit(60)) != 0:
            m.fail(bad=f"QEMU exit status {code}", missing="a power-off (exit status 0)")
    finally:
        m.close()


def boot_os(tree: Path, run: int, logs: Path, os_: System) -> None:
    """Three boots of the OS: the bench program run by the kernel, fsbench started by init after
    the mounts, then a normal boot up to init."""
    m = Machine(tree, f"os-{run}", logs, {"test": "run", "run": OS_PROGRAM}).start()
    try:
        for key, _, pattern, _ in FIGURES:
            os_.runs[key].append(int(m.expect(rf"^{OS_PROGRAM}\[\d+\]: {pattern}", 300).group(1)))
        m.expect_shutdown("pass", 120)
    finally:
        m.close()
    m = Machine(tree, f"os-fs-{run}", logs, OS_FS_OPTIONS).start()
    try:
        for key, _, pattern, _ in FILE_FIGURES:
            os_.runs[key].append(int(m.expect(rf"^{OS_FS_PROGRAM}\[\d+\]: {pattern}", 600,
                                               source=OS_FS_PROGRAM).group(1)))
    finally:
        m.quit()
        m.close()
    m = Machine(tree, f"os-boot-{run}", logs).start()
    try:
        m.expect(OS_FIRST_LINE, 180)
        os_.runs["boot"].append(m.elapsed())
    finally:
        m.quit()
        m.close()


def number(value: float, key: str) -> str:
    return f"{value:.2f}" if key == "boot" else f"{round(value):,}"


def spread_percent(values: list[float]) -> int:
    """How far apart the per-boot medians are: (highest - lowest) / median, in percent."""
    return round(100 * (max(values) - min(values)) / statistics.median(values))


def table(linux: System, os_: System, release: str, runs: int) -> str:
    short = ".".join(release.split(".")[:2])  # 6.1.0-57-amd64 -> 6.1
    rows = [(key, words, goal) for key, words, _, goal in FIGURES + FILE_FIGURES]
    rows.append(("boot", "boot to first user process (s)", None))
    lines = [f"{'figure':<32}{'Linux ' + short:>15}{'this OS':>18}{'ratio':>9}   {'goal':<17}"
             f"{'spread':>12}"]
    for key, words, goal in rows:
        mine, theirs = statistics.median(os_.runs[key]), statistics.median(linux.runs[key])
        ratio = mine / theirs
        verdict = "" if goal is None else f"<= {goal:.2f}x {'met' if ratio <= goal else 'NOT met'}"
        spread = " / ".join(f"{spread_percent(s.runs[key])}%" for s in (linux, os_))
        lines.append(f"{words:<32}{number(theirs, key):>15}{number(mine, key):>18}{ratio:>8.2f}x   "
                     f"{verdict:<17}{spread:>12}")
    lines += [
        "",
        f"Medians of {runs} boots each, interleaved, in one QEMU machine model (q35, qemu64,+nx, 1 CPU,",
        "256 MiB, OVMF, TCG); ratio = this OS / Linux; spread (Linux / this OS) = highest minus",
        "lowest per-boot median, in percent of the median.",
        f"Linux {release} (Debian). CFS may decline a yield (no switch): such calls are not samples;",
        f"per boot {', '.join(linux.notes)} were declined (tests/bench/linux/bench.c says why).",
        f"File figures: one job each on a fresh copy of one FAT32 image ({FAT_MIB} MiB, mkfs.fat",
        "defaults: 512-byte clusters), virtio-blk at 00:04.0; Linux: vfat, 64 KiB write()/read(),",
        "fsync/sync, caches dropped before the read; this OS: fsbench through /fat (init's FAT",
        "server), the client's shared buffer.",
    ]
    return "\n".join(lines) + "\n"


def check_os_tree(tree: Path) -> None:
    image = tree / "build" / "esp" / "bootimage.tar"
    if not image.exists():
        sys.exit(f"bench: {image} is missing: build the OS first (make -C {tree.name} all)")
    with tarfile.open(image) as tar:
        if OS_PROGRAM not in tar.getnames():
            sys.exit(f"bench: the OS has no program `{OS_PROGRAM}` in {image}: the OS side of the benchmark "
                     f"(final/user/apps/{OS_PROGRAM}.cpp, printing `{OS_PROGRAM}[pid]: null-syscall median ...`) "
                     "is missing")
        if OS_FS_PROGRAM not in tar.getnames():
            sys.exit(f"bench: the OS has no program `{OS_FS_PROGRAM}` in {image} "
                     f"(final/user/apps/{OS_FS_PROGRAM}.cpp, the file figures)")
    if not (tree / "build" / "data.img").exists():
        sys.exit(f"bench: {tree / 'build' / 'data.img'} is missing: build the OS first")


def make_disks(os_tree: Path, work: Path) -> Path:
    """One fresh FAT32 image for both systems: Linux's tree gets it as its only disk, and a tree
    made here for the OS gets it with the OS's own data disk (its ESP is a link to the OS's).
    The harness copies a tree's disks for every boot, so each boot starts from this image."""
    fat = work / "fat.img"
    subprocess.run(["mkfs.fat", "-F", "32", "-n", "BENCH", "-C", str(fat), str(FAT_MIB * 1024)],
                   check=True, capture_output=True)
    shutil.copyfile(fat, LINUX_TREE / "build" / "fat.img")
    tree = work / "os"
    (tree / "build").mkdir(parents=True)
    (tree / "build" / "esp").symlink_to((os_tree / "build" / "esp").resolve())
    shutil.copyfile(fat, tree / "build" / "fat.img")
    shutil.copyfile(os_tree / "build" / "data.img", tree / "build" / "data.img")
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="boots of each system (default 3)")
    parser.add_argument("--capture", action="store_true", help=f"also write the table to {CAPTURE.relative_to(ROOT)}")
    parser.add_argument("--os-tree", type=Path, default=ROOT / "final", help="the OS tree, built (default final/)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    check_os_tree(args.os_tree)
    release = linux_build.build(LINUX_TREE)
    logs = Path(tempfile.mkdtemp(prefix="rustoslinux-bench-"))
    disks = tempfile.TemporaryDirectory(prefix="rustoslinux-bench-disks-")
    os_tree = make_disks(args.os_tree, Path(disks.name))
    print(f"bench: Linux {release} and this OS, {args.runs} boots each, interleaved; transcripts in {logs}",
          flush=True)
    linux, os_ = System("Linux"), System("this OS")
    try:
        for run in range(args.runs):
            boot_linux(run, logs, linux)
            print(f"  run {run + 1} Linux:   " + describe(linux), flush=True)
            boot_os(os_tree, run, logs, os_)
            print(f"  run {run + 1} this OS: " + describe(os_), flush=True)
    except ScenarioFailure as failure:
        print(f"bench: a boot went wrong:\n{failure}", file=sys.stderr)
        return 1
    finally:
        disks.cleanup()
    text = table(linux, os_, release, args.runs)
    print("\n" + text, end="")
    if args.capture:
        CAPTURE.parent.mkdir(parents=True, exist_ok=True)
        CAPTURE.write_text(text)
        print(f"bench: wrote {CAPTURE.relative_to(ROOT)}")
    return 0


def describe(system: System) -> str:
    """The last boot's figures, for the progress lines."""
    r = system.runs
    return (f"null {r['null'][-1]:,}, round trip {r['trip'][-1]:,}, yield {r['yield'][-1]:,} ticks; "
            f"write {r['write'][-1]:,}, read {r['read'][-1]:,}, create {r['create'][-1]:,} ticks; "
            f"boot {r['boot'][-1]:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
