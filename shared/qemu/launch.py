#!/usr/bin/env python3
"""Boot an OS tree's EFI system partition in QEMU: the one place that knows QEMU's command line.

`make run` and `make debug` call this script; the test harness imports `qemu_command` from it,
so a student's run and a test run boot the very same machine.

The machine: q35, one CPU, OVMF firmware, TCG (software emulation), and one serial port (COM1)
that carries the OS log. The firmware mirrors its own console there too, so the log starts with a
few lines of OVMF's (and terminal escape codes) before the loader's first line.

    make run QEMU_LOG=1      (also make debug QEMU_LOG=1, in final/ or any chapter-NN-name/)

passes --qemu-log: QEMU then writes what the CPU saw to build/qemu.log (-d int,cpu_reset,
guest_errors -D build/qemu.log): every interrupt and exception with the registers at that moment,
every CPU reset (a triple fault shows as the exception chain that led to it) and the guest's
invalid accesses to devices. The machine never reboots (-no-reboot), so a triple fault stops QEMU
and the log ends with it. Expect a large file: the firmware alone takes thousands of interrupts.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

OVMF = Path("/usr/share/ovmf/OVMF.fd")
DEBUG_EXIT_PORT = 0xF4  # isa-debug-exit: the guest writes v, QEMU exits with (v << 1) | 1
EXIT_PASS = 0x10 << 1 | 1  # 33
EXIT_FAIL = 0x11 << 1 | 1  # 35
SHARED = Path(__file__).resolve().parents[1]


# The guest's clocks follow the instructions it executes, not the host's clock: under TCG the
# timers run on host time, so on a busy host a descheduled QEMU misses timer periods (they are
# dropped, not queued) and a test that counts ticks against the RTC measures the host's load.
# With -icount each instruction takes 2^3 ns of guest time, an idle guest jumps to its next timer
# (sleep=off), and the RTC runs on that same clock: the guest sees the same time on any host.
VIRTUAL_CLOCK = ["-icount", "shift=3,sleep=off", "-rtc", "clock=vm"]

# What --qemu-log traces: interrupts and exceptions, CPU resets, the guest's invalid accesses.
QEMU_LOG_ITEMS = "int,cpu_reset,guest_errors"


# The disks of chapter 08 on, in the order the device manager finds them: each one a modern-only
# virtio-blk PCI function (disable-legacy=on: no legacy I/O-port interface) in a fixed slot.
DISK_NAMES = ("fat.img", "data.img")
FIRST_DISK_SLOT = 4


def disk_images(build: Path) -> list[Path]:
    """The disk images a tree's build made (none before chapter 08)."""
    return [build / name for name in DISK_NAMES if (build / name).exists()]


def disk_options(disks: list[Path | str]) -> list[str]:
    """QEMU options attaching `disks` (image paths, or QEMU file specs such as blkdebug:...) as
    virtio-blk disks 00:04.0, 00:05.0, ..."""
    options = []
    for i, image in enumerate(disks):
        options += ["-drive", f"if=none,id=disk{i},format=raw,file={image}",
                    "-device", f"virtio-blk-pci,drive=disk{i},disable-legacy=on,"
                               f"addr={FIRST_DISK_SLOT + i:#x}"]
    return options


def qemu_command(esp: Path, *, serial: str, window: bool = False,
                 memory_mib: int = 256, gdb_port: int | None = None, qmp: str | None = None,
                 virtual_clock: bool = False, extra: list[str] | None = None,
                 log: Path | None = None, disks: list[Path | str] | None = None) -> list[str]:
    """The QEMU command line that boots `esp` (a directory) the way every run of the course does.
    `virtual_clock` gives the guest a clock independent of the host's speed (for timing tests);
    `log` is a file for QEMU's own trace of interrupts, CPU resets and guest errors; `disks` are
    raw images attached as virtio-blk disks (see disk_options)."""
    cmd = [
        "qemu-system-x86_64",
        "-machine", "q35", "-cpu", "qemu64,+nx", "-smp", "1", "-m", f"{memory_mib}M",
        "-bios", str(OVMF),
        "-drive", f"format=raw,file=fat:rw:{esp}",
        "-serial", serial,
        "-device", f"isa-debug-exit,iobase={DEBUG_EXIT_PORT:#x},iosize=0x04",
        "-net", "none", "-no-reboot",
    ]
    cmd += [] if window else ["-display", "none"]
    if gdb_port is not None:
        cmd += ["-gdb", f"tcp:127.0.0.1:{gdb_port}", "-S"]
    if qmp is not None:
        cmd += ["-qmp", qmp]
    if virtual_clock:
        cmd += VIRTUAL_CLOCK
    if log is not None:
        cmd += ["-d", QEMU_LOG_ITEMS, "-D", str(log)]
    return cmd + disk_options(disks or []) + (extra or [])


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def elf_entry(path: Path) -> int:
    """e_entry of a 64-bit ELF file: where the loader jumps."""
    with open(path, "rb") as f:
        header = f.read(32)
    return int.from_bytes(header[24:32], "little")


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def describe_exit(code: int) -> str:
    if code == EXIT_PASS:
        return "the OS reported success and powered off (isa-debug-exit 0x10)"
    if code == EXIT_FAIL:
        return "the OS reported failure (isa-debug-exit 0x11)"
    if code == 0:
        return ("QEMU stopped: the machine powered off or reset "
                "(a reset usually means a triple fault)")
    return f"QEMU exited with code {code}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, default=Path("build"), help="the tree's build directory")
    ap.add_argument("--headless", action="store_true",
                    help="no window: the OS log on this terminal")
    ap.add_argument("--debug", action="store_true", help="start halted, with GDB attached")
    ap.add_argument("--qemu-log", action="store_true",
                    help=f"QEMU traces {QEMU_LOG_ITEMS} to BUILD/qemu.log (make ... QEMU_LOG=1)")
    args = ap.parse_args(argv)

    esp = args.build / "esp"
    if not (esp / "EFI" / "BOOT" / "BOOTX64.EFI").exists():
        print(f"launch: {esp} has no boot loader; run make first", file=sys.stderr)
        return 2
    window = not args.headless and has_display()
    log = None
    if args.qemu_log:
        log = args.build / "qemu.log"
        log.unlink(missing_ok=True)  # QEMU appends: one run, one log
        print(f"launch: QEMU traces {QEMU_LOG_ITEMS} to {log} (follow it with: tail -f {log})",
              flush=True)
    if not args.debug:
        if not window:
            print("launch: no window (HEADLESS=1 or no display): the OS log follows. "
                  "Quit QEMU with Ctrl-A then X.", flush=True)
        cmd = qemu_command(esp, serial="mon:stdio", window=window, log=log,
                           disks=disk_images(args.build))
        code = subprocess.call(cmd)
        print(f"\nlaunch: {describe_exit(code)}")
        return 0

    port = free_port()
    serial_log = args.build / "serial.log"
    cmd = qemu_command(esp, serial=f"file:{serial_log}",
                       window=window, gdb_port=port, log=log, disks=disk_images(args.build))
    print(f"launch: QEMU halted with a GDB stub on port {port}; the OS log goes to {serial_log} "
          f"(follow it with: tail -f {serial_log})", flush=True)
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    kernel = args.build / "kernel.elf"
    gdb = ["gdb", "-q", "-ex", f"set $qemu_port = {port}",
           "-x", str(SHARED / "gdb" / "connect.gdb")]
    if kernel.exists():
        gdb += ["-ex", f"file {kernel}", "-ex", f"set $kernel_entry = {elf_entry(kernel):#x}",
                "-x", str(SHARED / "gdb" / "kernel.gdb")]
    else:
        print("launch: this chapter has no kernel yet: GDB attaches without symbols.")
    try:
        subprocess.call(gdb)
    finally:
        qemu.terminate()
        qemu.wait(timeout=10)
    return 0


if __name__ == "__main__":
    if shutil.which("qemu-system-x86_64") is None:
        print("launch: qemu-system-x86_64 is missing: run `make deps` (or `make run` from the top)",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
