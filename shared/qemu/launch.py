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
import tarfile
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
# Not for tests that wait on real I/O (disks, the network): an idle guest's clock jumps to its
# next timer before QEMU's I/O threads complete anything, so a request's timeout fires first.
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


# The network card of chapter 09 on: a modern-only virtio-net PCI function in the slot after the
# disks, with a fixed MAC, so logs and tests see the same address on every run. Its "cable" (a
# QEMU netdev) is user networking by default: QEMU's built-in NAT (slirp) plays a router at
# 10.0.2.2 with DHCP and DNS, and forwards chosen host ports to the guest.
NIC_SLOT = 6
GUEST_MAC = "52:54:00:12:34:56"
# make run's forwards: host port -> guest port (the guest's web server and UDP echo).
RUN_FORWARDS = (("tcp", 8080, 80), ("udp", 8007, 7))


def has_network(build: Path) -> bool:
    """Whether the tree's boot image holds the network card's driver (chapter 09 on)."""
    try:
        with tarfile.open(build / "bootimage.tar") as tar:
            return "virtio_net" in tar.getnames()
    except (OSError, tarfile.TarError):
        return False


# The pointer of chapter 10 on: a virtio-tablet (virtio-input, modern only) in the slot after the
# network card. A tablet, not a mouse: absolute positions follow the host's pointer without
# grabbing it, and QMP's "abs" events put the guest's pointer on an exact pixel.
TABLET_SLOT = 7


def has_tablet(esp: Path) -> bool:
    """Whether the boot image in `esp` (a tree's build/esp, or a test run's copy of it) holds the
    tablet's driver (chapter 10 on)."""
    try:
        with tarfile.open(esp / "bootimage.tar") as tar:
            return "virtio_input" in tar.getnames()
    except (OSError, tarfile.TarError):
        return False


def tablet_options() -> list[str]:
    """QEMU options attaching the virtio-tablet in its fixed slot."""
    return ["-device", f"virtio-tablet-pci,addr={TABLET_SLOT:#x}"]


def user_netdev(forwards: list[tuple[str, int, int]] | tuple = ()) -> str:
    """A user-networking netdev; `forwards` are (protocol, host port, guest port), bound to the
    host's loopback only."""
    rules = "".join(f",hostfwd={proto}:127.0.0.1:{host}-:{guest}"
                    for proto, host, guest in forwards)
    return f"user,id=net0{rules}"


def dgram_netdev(local_port: int, remote_port: int) -> str:
    """A netdev that sends every frame the guest transmits as one UDP datagram from
    127.0.0.1:`local_port` to 127.0.0.1:`remote_port`, and delivers every datagram arriving at
    `local_port` to the guest as one frame: a raw Ethernet cable to a test's own socket."""
    return (f"dgram,id=net0,local.type=inet,local.host=127.0.0.1,local.port={local_port},"
            f"remote.type=inet,remote.host=127.0.0.1,remote.port={remote_port}")


def nic_options(netdev: str, pcap: Path | None = None) -> list[str]:
    """QEMU options attaching the virtio-net card to `netdev` (user_netdev, dgram_netdev);
    with `pcap`, QEMU also writes every frame in and out to that file (pcap format)."""
    options = ["-netdev", netdev,
               "-device", f"virtio-net-pci,netdev=net0,disable-legacy=on,addr={NIC_SLOT:#x},"
                          f"mac={GUEST_MAC}"]
    if pcap is not None:
        options += ["-object", f"filter-dump,id=dump0,netdev=net0,file={pcap}"]
    return options


def qemu_command(esp: Path, *, serial: str, window: bool = False,
                 memory_mib: int = 256, gdb_port: int | None = None, qmp: str | None = None,
                 virtual_clock: bool = False, extra: list[str] | None = None,
                 log: Path | None = None, disks: list[Path | str] | None = None,
                 nic: list[str] | None = None, tablet: bool | None = None) -> list[str]:
    """The QEMU command line that boots `esp` (a directory) the way every run of the course does.
    `virtual_clock` gives the guest a clock independent of the host's speed (for timing tests);
    `log` is a file for QEMU's own trace of interrupts, CPU resets and guest errors; `disks` are
    raw images attached as virtio-blk disks (see disk_options); `nic` the network card's options
    (see nic_options); `tablet` attaches the virtio-tablet (by default when the boot image in
    `esp` has its driver, so `make run` and every test run of chapter 10 on get it)."""
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
    if tablet is None:
        tablet = has_tablet(esp)
    pointer = tablet_options() if tablet else []
    return cmd + disk_options(disks or []) + (nic or []) + pointer + (extra or [])


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
        nic = None
        if has_network(args.build):
            nic = nic_options(user_netdev(RUN_FORWARDS))
            print("launch: network card on QEMU's user network; host "
                  + ", ".join(f"{host}/{proto} -> guest {guest}"
                              for proto, host, guest in RUN_FORWARDS), flush=True)
        cmd = qemu_command(esp, serial="mon:stdio", window=window, log=log,
                           disks=disk_images(args.build), nic=nic)
        code = subprocess.call(cmd)
        print(f"\nlaunch: {describe_exit(code)}")
        return 0

    port = free_port()
    serial_log = args.build / "serial.log"
    nic = nic_options(user_netdev(RUN_FORWARDS)) if has_network(args.build) else None
    cmd = qemu_command(esp, serial=f"file:{serial_log}", window=window, gdb_port=port, log=log,
                       disks=disk_images(args.build), nic=nic)
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
