#!/usr/bin/env python3
"""`make bench`: this OS beside Debian's Linux on the same emulated machine, in one table.

Both systems boot through OVMF from an ESP in the same QEMU machine (shared/qemu/launch.py: q35,
`-cpu qemu64,+nx`, one CPU, 256 MiB, TCG), and each runs one benchmark program that prints the
same three figures by the same method, in guest TSC ticks:

    null-syscall  get_pid / syscall(SYS_getppid), 10000 samples a round
    round-trip    channel_call / two pipes, 8 bytes, 1000 samples a round
    yield         yield / sched_yield, one switch, 1000 samples a round

each printed as

    bench: <figure> best round median <n> ticks, median round <m> (<R> rounds of <S> samples)

`rdtsc` around one operation per sample, warm-up operations first; a round's figure is the median
of its samples. Each program measures every figure in R rounds (25), interleaved: a round of
each figure, then the next round of each, so that a figure's rounds spread over the whole run
(seconds) rather than one burst of milliseconds. A round starts 600 million ticks after the last
at the earliest (a spin on the TSC), on both systems: the OS's rounds are about four times
quicker, and without the pause they would span a quarter of Linux's time. The host's speed swings by up to a factor of two
within seconds, and a burst lands in the fast or the slow state at random; the figure of a boot
is its best round (the lowest round median: the round the host disturbed least, as Python's
timeit documentation argues for its minimum), and the median round is printed beside it.

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

Chapter 09 adds two network figures, both systems behind the same QEMU NIC (virtio-net-pci at
00:06.0, QEMU's user network with a host port forwarded to the guest's port 80, the same MAC):

    download   16 MiB over HTTP from the guest's server to the host's curl (-o /dev/null,
               %{speed_download}), MiB/s: the median of 3 downloads after one warm-up download
    ping       round trip of an ICMP echo to the gateway 10.0.2.2 (QEMU answers it), ms: the
               median of 20 replies after one warm-up ping (the first one waits for ARP)

Linux: a second UKI whose /init is tests/bench/linux/net_init.sh (busybox-static: ip, ping, and
httpd serving a file from tmpfs); this OS: netstack with the same static address (net.dhcp =
off), the `ping` program, then netbench (final/user/apps/netbench.cpp, writes /big.bin to the
RAM file system) beside httpd. A throughput's goal is a ratio of at least 1.00 (more is better);
every other figure's is at most its goal. When the OS's image lacks a program the network
figures need, its rows say "not measured" and why.

Chapter 10 adds three figures of this OS alone, from one boot of the desktop (a normal boot
with uibench started by init and the terminal told to time its keys):

    prompt     seconds from QEMU's start to the terminal's shell saying "shell ready" (its first
               prompt comes next); goal: at most 4.0 s (OVMF alone takes about 3 s)
    compose    uibench: ticks of one full-screen compose of four overlapping windows, divided by
               the ticks of one plain copy of the screen (the limit); goal: at most 2.0
    echo       TSC ticks from a key's interrupt (the keyboard driver's rdtsc, carried in the key
               event) to its echo drawn in the terminal and handed to the compositor; the median
               over the keys typed; no goal, a figure to watch

--only GROUP (ipc, files, boot, net, ui; may be repeated) runs only those figures' boots.

Each system boots --runs times (default 3), interleaved (Linux, OS, Linux, OS...) so that a
change in the host's load hits both. A figure is the median of the per-boot figures (for the
three figures above, each boot's best round); its spread is the highest minus the lowest
per-boot figure, in percent of the median. Under TCG every guest instruction is translated, so
the ticks are not hardware figures: the ratios (this OS / Linux) are what compare. Nothing here
is a test; `make test` does not run it. --capture also writes the table to book/captures/bench.txt.
"""
from __future__ import annotations

import argparse
import re
import time
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
sys.path.insert(0, str(ROOT / "shared" / "qemu"))
from harness.machine import Machine, ScenarioFailure  # noqa: E402
import build as linux_build  # noqa: E402  (tests/bench/linux/build.py)
import launch  # noqa: E402  (shared/qemu/launch.py)

LINUX_TREE = ROOT / "tests" / "build" / "bench" / "linux"  # build/esp inside, as Machine expects
LINUX_NET_TREE = ROOT / "tests" / "build" / "bench" / "linux-net"
CAPTURE = ROOT / "book" / "captures" / "bench.txt"
OS_PROGRAM = "bench"
OS_FS_PROGRAM = "fsbench"
FAT_MIB = 128
# init's boot option that starts a program with the full namespace after the mounts.
OS_FS_OPTIONS = {"init.run": OS_FS_PROGRAM}

ROUNDS = 25  # rounds of each figure per boot, in bench.cpp and bench.c alike
ROUND_TICKS = 600_000_000  # a round starts this long after the last at the earliest (both)
# The pattern of one figure's line: the best round median, then the median round.
ROUNDS_LINE = r"{} best round median (\d+) ticks, median round (\d+) \(%d rounds of {} samples\)$" % ROUNDS
# (key, the figure's words in the table, the pattern after `bench: ` / `bench[pid]: `, goal)
FIGURES = [
    ("null", "null system call (TSC ticks)", ROUNDS_LINE.format("null-syscall", 10000), 0.15),
    ("trip", "8-byte round trip (TSC ticks)", ROUNDS_LINE.format("round-trip", 1000), 0.25),
    ("yield", "one yield switch (TSC ticks)", ROUNDS_LINE.format("yield", 1000), 0.25),
]
# The file figures: ticks of one whole job each; goal: at least Linux's throughput.
FILE_FIGURES = [
    ("write", "FAT write 16 MiB + sync (ticks)", r"fat-write 16 MiB (\d+) ticks$", 1.00),
    ("read", "FAT read 16 MiB (ticks)", r"fat-read 16 MiB (\d+) ticks$", 1.00),
    ("create", "FAT 1000 files of 4 KiB (ticks)", r"fat-create 1000 files (\d+) ticks$", 1.00),
]
# The network figures (key, words, goal, True when more is better).
NET_FIGURES = [
    ("download", "TCP download 16 MiB (MiB/s)", 1.00, True),
    ("ping", "ping the gateway (ms)", 1.00, False),
]
# Chapter 10's figures, this OS's only (key, words, goal: at most this, in the figure's unit).
UI_FIGURES = [
    ("prompt", "boot to the shell prompt (s)", 4.0),
    ("compose", "compose 4 windows / 1 copy (x)", 2.0),
    ("echo", "key press to its echo (TSC ticks)", None),
]
KEYS = ("null", "trip", "yield", "write", "read", "create", "boot", "download", "ping",
        "prompt", "compose", "echo")
GROUPS = {"ipc": ("null", "trip", "yield"), "files": ("write", "read", "create"), "boot": ("boot",),
          "net": ("download", "ping"), "ui": ("prompt", "compose", "echo")}
# What the OS needs in its boot image for the network figures.
OS_NET_PROGRAMS = ("virtio_net", "netstack", "httpd", "ping", "netbench")
# The OS's static address, the same as Linux's (net_init.sh): no DHCP exchange in the figures.
OS_NET_OPTIONS = {"net.dhcp": "off", "net.address": "10.0.2.15/24", "net.gateway": "10.0.2.2"}
GATEWAY = "10.0.2.2"
PINGS = 20                  # measured replies, after one warm-up
DOWNLOADS = 3               # measured downloads per boot, after one warm-up
DOWNLOAD_BYTES = 16 << 20
DOWNLOAD_PATH = "/big.bin"  # Linux: /www/big.bin under httpd -h /www; the OS: the RAM fs root
# A reply line of either ping: busybox's `... time=0.935 ms`; the OS's in ms or us.
PING_REPLY = r"time[=:]\s*([0-9.]+)\s*(ms|us)\b"
OS_FIRST_LINE = r"^init\[\d+\]: process server running as pid \d+$"  # init's first line
# Chapter 10: the terminal's shell says it is ready just before its first prompt; uibench times a
# compose and a copy; the terminal (with the argument `latency`) logs each key's way to the screen.
OS_PROMPT_LINE = r"^shell\[\d+\]: shell ready on terminal$"
OS_UI_PROGRAM = "uibench"
OS_UI_OPTIONS = {"init.args.terminal": "latency"}
UI_KEYS = "echo bench"  # typed into the terminal, one key at a time; each one's echo is timed


@dataclass
class System:
    name: str
    runs: dict[str, list[float]] = field(default_factory=lambda: {key: [] for key in KEYS})
    notes: list[str] = field(default_factory=list)
    middles: dict[str, list[int]] = field(default_factory=dict)  # key -> each boot's median round
    missing: dict[str, str] = field(default_factory=dict)  # key -> why it was not measured


class NetMachine(Machine):
    """A Machine behind the benchmark's NIC: QEMU's user network, host port `port` forwarded to
    the guest's port 80. Whatever network options launch.py gives a tree are replaced, so both
    systems get exactly this one."""

    def __init__(self, *args, port: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.port = port

    def start(self) -> "Machine":
        original = launch.qemu_command

        def with_nic(*args, **kwargs) -> list[str]:
            return without_network(original(*args, **kwargs)) + [
                "-netdev", f"user,id=net0,hostfwd=tcp:127.0.0.1:{self.port}-:80",
                "-device", "virtio-net-pci,netdev=net0,disable-legacy=on,addr=0x6,"
                           "mac=52:54:00:12:34:56"]

        launch.qemu_command = with_nic
        try:
            return super().start()
        finally:
            launch.qemu_command = original


def without_network(cmd: list[str]) -> list[str]:
    """`cmd` without its -net/-netdev options, NIC devices and packet dumps."""
    out, i = [], 0
    while i < len(cmd):
        option, value = cmd[i], cmd[i + 1] if i + 1 < len(cmd) else ""
        if option in ("-net", "-netdev", "-nic") or (
                option == "-device" and value.startswith("virtio-net")) or (
                option == "-object" and value.startswith("filter-dump")):
            i += 2
            continue
        out.append(option)
        i += 1
    return out


def ping_milliseconds(m: Machine, source: str | None, count: int, timeout: float) -> float:
    """The median of the next `count` ping reply times in `m`'s log, in ms."""
    times = []
    for _ in range(count):
        match = m.expect(rf"{PING_REPLY}", timeout, source=source)
        value = float(match.group(1))
        times.append(value / 1000 if match.group(2) == "us" else value)
    return statistics.median(times)


def download_mib_per_s(port: int, timeout: float = 600) -> float:
    """One download of DOWNLOAD_PATH by the host's curl: MiB/s as curl measured it."""
    result = subprocess.run(
        ["curl", "--silent", "--show-error", "--max-time", str(int(timeout)), "-o", "/dev/null",
         "-w", "%{http_code} %{size_download} %{speed_download}",
         f"http://127.0.0.1:{port}{DOWNLOAD_PATH}"], capture_output=True, text=True)
    parts = result.stdout.split()
    if result.returncode != 0 or len(parts) != 3 or parts[0] != "200" or \
            int(parts[1]) != DOWNLOAD_BYTES:
        raise ScenarioFailure(f"curl http://127.0.0.1:{port}{DOWNLOAD_PATH}: status "
                              f"{result.returncode}, got {result.stdout!r} {result.stderr.strip()!r} "
                              f"(wanted 200 and {DOWNLOAD_BYTES} bytes)")
    return float(parts[2]) / (1 << 20)


def downloads(port: int) -> float:
    """One warm-up download, then the median of DOWNLOADS."""
    download_mib_per_s(port)
    return statistics.median(download_mib_per_s(port) for _ in range(DOWNLOADS))


def wait_for_server(port: int, timeout: float) -> None:
    """Until the guest's server answers on `port` (a HEAD request) or `timeout` s passed."""
    deadline = time.monotonic() + timeout
    while True:
        result = subprocess.run(["curl", "--silent", "--max-time", "10", "-o", "/dev/null", "-I",
                                 "-w", "%{http_code}", f"http://127.0.0.1:{port}{DOWNLOAD_PATH}"],
                                capture_output=True, text=True)
        if result.stdout == "200":
            return
        if time.monotonic() > deadline:
            raise ScenarioFailure(f"the guest's HTTP server did not answer on host port {port} "
                                  f"in {timeout:.0f} s (last status {result.stdout!r})")
        time.sleep(1)


def boot_linux_net(run: int, logs: Path, linux: System) -> None:
    """One boot of Linux's network UKI: the pings, then downloads from busybox httpd."""
    port = launch.free_port()
    m = NetMachine(LINUX_NET_TREE, f"linux-net-{run}", logs, port=port).start()
    try:
        m.expect(r"^bench: net up: .*inet 10\.0\.2\.15/24", 180)
        linux.runs["ping"].append(ping_milliseconds(m, None, PINGS, 120))
        m.expect(r"^bench: ping done$", 60)
        m.expect(rf"^bench: httpd ready, {DOWNLOAD_BYTES} bytes$", 120)
        wait_for_server(port, 60)
        linux.runs["download"].append(downloads(port))
    finally:
        m.quit()
        m.close()


def boot_os_net(tree: Path, run: int, logs: Path, os_: System) -> None:
    """Two boots of the OS: `ping` to the gateway, then netbench and httpd for the downloads."""
    port = launch.free_port()
    options = {**OS_NET_OPTIONS, "init.run": "ping", "init.args.ping": f"{GATEWAY} {PINGS + 1}"}
    m = NetMachine(tree, f"os-ping-{run}", logs, options, port=port).start()
    try:
        m.expect(r"^netstack\[\d+\]: ready", 180)
        m.expect(rf"{PING_REPLY}", 60, source="ping")  # the warm-up (ARP)
        os_.runs["ping"].append(ping_milliseconds(m, "ping", PINGS, 60))
    finally:
        m.quit()
        m.close()
    port = launch.free_port()
    options = {**OS_NET_OPTIONS, "init.run": "netbench httpd"}
    m = NetMachine(tree, f"os-http-{run}", logs, options, port=port).start()
    try:
        m.expect(rf"^netbench\[\d+\]: {DOWNLOAD_PATH} ready, {DOWNLOAD_BYTES} bytes$", 180,
                 source="netbench")
        wait_for_server(port, 60)
        os_.runs["download"].append(downloads(port))
    finally:
        m.quit()
        m.close()


def record_rounds(system: System, key: str, line: re.Match) -> None:
    """One boot's figure from its line: the best round counts, the median round is kept to show."""
    system.runs[key].append(int(line.group(1)))
    system.middles.setdefault(key, []).append(int(line.group(2)))


def boot_linux(run: int, logs: Path, linux: System, groups: set[str]) -> None:
    """Linux's boots for `groups`: the bench program (which prints its first line, every figure
    but the network ones, then powers off), and the network UKI."""
    if "net" in groups:
        boot_linux_net(run, logs, linux)
    if not groups & {"ipc", "files", "boot"}:
        return
    m = Machine(LINUX_TREE, f"linux-{run}", logs).start()
    try:
        m.expect(r"^bench: first user process$", 180)
        linux.runs["boot"].append(m.elapsed())
        for key, _, pattern, _ in FIGURES:
            record_rounds(linux, key, m.expect(rf"^bench: {pattern}", 300))
        check = m.expect(r"^bench: yield check: (\d+) calls returned without the peer running", 60)
        linux.notes.append(f"{int(check.group(1)):,}")
        for key, _, pattern, _ in FILE_FIGURES:
            linux.runs[key].append(int(m.expect(rf"^bench: {pattern}", 600).group(1)))
        m.expect(r"^bench: done$", 60)
        if (code := m.wait_exit(60)) != 0:
            m.fail(bad=f"QEMU exit status {code}", missing="a power-off (exit status 0)")
    finally:
        m.close()


def boot_os(tree: Path, run: int, logs: Path, os_: System, groups: set[str]) -> None:
    """The OS's boots for `groups`: the bench program run by the kernel (ipc), fsbench started by
    init after the mounts (files), a normal boot up to init (boot), the network boots (net)."""
    if "ipc" in groups:
        m = Machine(tree, f"os-{run}", logs, {"test": "run", "run": OS_PROGRAM}).start()
        try:
            for key, _, pattern, _ in FIGURES:
                record_rounds(os_, key, m.expect(rf"^{OS_PROGRAM}\[\d+\]: {pattern}", 300))
            m.expect_shutdown("pass", 120)
        finally:
            m.close()
    if "files" in groups:
        m = Machine(tree, f"os-fs-{run}", logs, OS_FS_OPTIONS).start()
        try:
            for key, _, pattern, _ in FILE_FIGURES:
                os_.runs[key].append(int(m.expect(rf"^{OS_FS_PROGRAM}\[\d+\]: {pattern}", 600,
                                                   source=OS_FS_PROGRAM).group(1)))
        finally:
            m.quit()
            m.close()
    if "boot" in groups:
        m = Machine(tree, f"os-boot-{run}", logs).start()
        try:
            m.expect(OS_FIRST_LINE, 180)
            os_.runs["boot"].append(m.elapsed())
        finally:
            m.quit()
            m.close()
    if "net" in groups and not os_.missing:
        boot_os_net(tree, run, logs, os_)
    if "ui" in groups and "prompt" not in os_.missing:
        boot_os_ui(tree, run, logs, os_)


def boot_os_ui(tree: Path, run: int, logs: Path, os_: System) -> None:
    """Chapter 10's figures: a normal boot of the desktop with the terminal timing its keys
    (QEMU's start to the terminal's shell prompt; the median time from a key's interrupt, the
    driver's rdtsc, to its echo drawn in the terminal, over the keys of UI_KEYS), then a boot
    with uibench (init starts no desktop programs beside a test program), compose against copy."""
    m = Machine(tree, f"os-ui-{run}", logs, OS_UI_OPTIONS).start()
    try:
        m.expect(OS_PROMPT_LINE, 180, source="shell")
        os_.runs["prompt"].append(m.elapsed())
        m.expect(r"^terminal\[\d+\]: has the keyboard$", 60, source="terminal")
        for key in UI_KEYS:
            m.qmp.command("send-key", keys=[{"type": "qcode", "data": {" ": "spc"}.get(key, key)}])
            time.sleep(0.2)
        # Each key's figure is logged once its echo is drawn; the last one's after the line ends.
        m.qmp.command("send-key", keys=[{"type": "qcode", "data": "ret"}])
        echoes = [int(m.expect(r"^terminal\[\d+\]: key to echo (\d+) ticks$", 60,
                               source="terminal").group(1)) for _ in UI_KEYS]
        os_.runs["echo"].append(statistics.median(echoes))
    finally:
        m.quit()
        m.close()
    m = Machine(tree, f"os-uibench-{run}", logs, {"init.run": OS_UI_PROGRAM}).start()
    try:
        got = m.expect(rf"^{OS_UI_PROGRAM}\[\d+\]: compose (\d+) ticks, copy (\d+) ticks, ratio "
                       r"[0-9.]+$", 300, source=OS_UI_PROGRAM)
        os_.runs["compose"].append(int(got.group(1)) / int(got.group(2)))
    finally:
        m.quit()
        m.close()


def number(value: float, key: str) -> str:
    if key == "ping":
        return f"{value:.3f}"
    return f"{value:.2f}" if key in ("boot", "download", "prompt", "compose") else f"{round(value):,}"


def spread_percent(values: list[float]) -> int:
    """How far apart the per-boot figures are: (highest - lowest) / median, in percent."""
    return round(100 * (max(values) - min(values)) / statistics.median(values))


def table(linux: System, os_: System, release: str, runs: int, groups: set[str]) -> str:
    short = ".".join(release.split(".")[:2])  # 6.1.0-57-amd64 -> 6.1
    rows = [(key, words, goal, False) for key, words, _, goal in FIGURES + FILE_FIGURES]
    rows.append(("boot", "boot to first user process (s)", None, False))
    rows += NET_FIGURES
    lines = []
    if groups - {"ui"}:
        lines.append(f"{'figure':<32}{'Linux ' + short:>15}{'this OS':>18}{'ratio':>9}   "
                     f"{'goal':<17}{'spread':>12}")
    for key, words, goal, more_is_better in rows:
        if not any(key in GROUPS[g] for g in groups):
            continue
        theirs = statistics.median(linux.runs[key])
        if key in os_.missing:
            lines.append(f"{words:<32}{number(theirs, key):>15}{'not measured':>18}{'-':>9}   "
                         f"{'(see below)':<17}{spread_percent(linux.runs[key]):>11}%")
            continue
        mine = statistics.median(os_.runs[key])
        ratio = mine / theirs
        if goal is None:
            verdict = ""
        elif more_is_better:
            verdict = f">= {goal:.2f}x {'met' if ratio >= goal else 'NOT met'}"
        else:
            verdict = f"<= {goal:.2f}x {'met' if ratio <= goal else 'NOT met'}"
        spread = " / ".join(f"{spread_percent(s.runs[key])}%" for s in (linux, os_))
        lines.append(f"{words:<32}{number(theirs, key):>15}{number(mine, key):>18}{ratio:>8.2f}x   "
                     f"{verdict:<17}{spread:>12}")
    if "ui" in groups:
        if lines:
            lines.append("")
        lines.append(f"{'chapter 10 (this OS only)':<32}{'this OS':>18}   {'goal':<17}"
                     f"{'spread':>12}")
        for key, words, goal in UI_FIGURES:
            if key in os_.missing:
                lines.append(f"{words:<32}{'not measured':>18}   {'(see below)':<17}")
                continue
            mine = statistics.median(os_.runs[key])
            verdict = "" if goal is None else f"<= {goal:.1f} {'met' if mine <= goal else 'NOT met'}"
            lines.append(f"{words:<32}{number(mine, key):>18}   {verdict:<17}"
                         f"{spread_percent(os_.runs[key]):>11}%")
    lines += [
        "",
        f"Medians of {runs} boots each, interleaved, in one QEMU machine model (q35, qemu64,+nx, 1 CPU,",
        "256 MiB, OVMF, TCG); ratio = this OS / Linux; spread (Linux / this OS) = highest minus",
        "lowest per-boot figure, in percent of the median.",
    ]
    if "ipc" in groups:
        lines += [
            f"IPC figures: per boot, the best of {ROUNDS} interleaved rounds started at least {ROUND_TICKS:,}",
            "ticks apart (a round's figure: the median of its samples); the table gives the median",
            "over boots of that best round.",
            f"Linux {release} (Debian). CFS may decline a yield (no switch): such calls are not samples;",
            f"per boot {', '.join(linux.notes)} were declined (tests/bench/linux/bench.c says why).",
        ]
    if "files" in groups:
        lines += [
            f"File figures: one job each on a fresh copy of one FAT32 image ({FAT_MIB} MiB, mkfs.fat",
            "defaults: 512-byte clusters), virtio-blk at 00:04.0; Linux: vfat, 64 KiB write()/read(),",
            "fsync/sync, caches dropped before the read; this OS: fsbench through /fat (init's FAT",
            "server), the client's shared buffer.",
        ]
    if "net" in groups:
        lines += [
            "Network figures: virtio-net at 00:06.0 on QEMU's user network, 10.0.2.15/24 static;",
            f"download: the host's curl, {DOWNLOAD_BYTES >> 20} MiB from RAM (Linux: busybox httpd, tmpfs;",
            f"this OS: httpd, ramfs), median of {DOWNLOADS} after a warm-up; ping: to {GATEWAY}, median",
            f"of {PINGS} after a warm-up (Linux: busybox ping; this OS: ping). More MiB/s is better.",
        ]
    if "ui" in groups:
        lines += [
            "Chapter 10: one boot of the desktop per run; prompt: QEMU's start to the terminal's",
            "shell saying it is ready (host clock); compose: uibench's full-screen compose of four",
            "overlapping windows over one plain copy of the screen; echo: median over the keys of",
            f"\"{UI_KEYS}\" typed with QMP, from the keyboard driver's rdtsc to the echo drawn.",
        ]
    for key, why in os_.missing.items():
        lines.append(f"Not measured on this OS: {key}: {why}.")
    return "\n".join(lines) + "\n"


def check_os_tree(tree: Path, groups: set[str], os_: System) -> None:
    """Stops when the OS lacks what the figures need, except the network figures: those are
    left out of the OS's column (os_.missing says why) while the chapter's parts land."""
    image = tree / "build" / "esp" / "bootimage.tar"
    if not image.exists():
        sys.exit(f"bench: {image} is missing: build the OS first (make -C {tree.name} all)")
    with tarfile.open(image) as tar:
        names = tar.getnames()
        if "net" in groups:
            absent = [p for p in OS_NET_PROGRAMS if p not in names]
            if absent:
                for key in GROUPS["net"]:
                    os_.missing[key] = f"the boot image has no {', '.join(absent)}"
        if "ui" in groups:
            absent = [p for p in ("compositor", "terminal", "shell", OS_UI_PROGRAM) if p not in names]
            if absent:
                for key in GROUPS["ui"]:
                    os_.missing[key] = f"the boot image has no {', '.join(absent)}"
        if "ipc" in groups and OS_PROGRAM not in names:
            sys.exit(f"bench: the OS has no program `{OS_PROGRAM}` in {image}: the OS side of the benchmark "
                     f"(final/user/apps/{OS_PROGRAM}.cpp, printing `{OS_PROGRAM}[pid]: null-syscall best round ...`) "
                     "is missing")
        if "files" in groups and OS_FS_PROGRAM not in names:
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
    parser.add_argument("--only", action="append", choices=sorted(GROUPS),
                        help="only these figures' boots (repeatable; default: all)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    groups = set(args.only or GROUPS)
    linux, os_ = System("Linux"), System("this OS")
    check_os_tree(args.os_tree, groups, os_)
    release = linux_build.build(LINUX_TREE)
    if "net" in groups:
        linux_build.build_net(LINUX_NET_TREE)
    logs = Path(tempfile.mkdtemp(prefix="rustoslinux-bench-"))
    disks = tempfile.TemporaryDirectory(prefix="rustoslinux-bench-disks-")
    os_tree = make_disks(args.os_tree, Path(disks.name))
    print(f"bench: Linux {release} and this OS, {args.runs} boots each, interleaved "
          f"({', '.join(sorted(groups))}); transcripts in {logs}", flush=True)
    for key, why in os_.missing.items():
        print(f"bench: this OS's {key} figure is not measured: {why}", flush=True)
    try:
        for run in range(args.runs):
            boot_linux(run, logs, linux, groups)
            print(f"  run {run + 1} Linux:   " + describe(linux), flush=True)
            boot_os(os_tree, run, logs, os_, groups)
            print(f"  run {run + 1} this OS: " + describe(os_), flush=True)
    except ScenarioFailure as failure:
        print(f"bench: a boot went wrong:\n{failure}", file=sys.stderr)
        return 1
    finally:
        disks.cleanup()
    text = table(linux, os_, release, args.runs, groups)
    print("\n" + text, end="")
    if args.capture and groups != set(GROUPS):
        print("bench: --capture writes only a full run (no --only)", file=sys.stderr)
    elif args.capture:
        CAPTURE.parent.mkdir(parents=True, exist_ok=True)
        CAPTURE.write_text(text)
        print(f"bench: wrote {CAPTURE.relative_to(ROOT)}")
    return 0


def describe(system: System) -> str:
    """The last boot's figures, for the progress lines (for the IPC figures, the best round)."""
    words = {"null": "null {:,}", "trip": "round trip {:,}", "yield": "yield {:,}",
             "write": "write {:,}", "read": "read {:,}", "create": "create {:,} ticks",
             "boot": "boot {:.2f} s", "download": "download {:.2f} MiB/s", "ping": "ping {:.3f} ms",
             "prompt": "prompt {:.2f} s", "compose": "compose {:.2f}x", "echo": "echo {:,.0f} ticks"}
    shown = [words[key].format(values[-1]) + middle(system, key)
             for key, values in system.runs.items() if values]
    return ", ".join(shown) or "-"


def middle(system: System, key: str) -> str:
    """For a figure of rounds: its median round beside the best, which the figure is."""
    middles = system.middles.get(key)
    return f" (median round {middles[-1]:,})" if middles else ""


if __name__ == "__main__":
    sys.exit(main())
