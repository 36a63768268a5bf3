#!/usr/bin/env python3
"""Builds the Linux side of `make bench`: an ESP whose EFI/BOOT/BOOTX64.EFI boots Debian's kernel
straight into the static benchmark program, with no boot menu and no countdown.

    tests/build/bench/linux/bench          bench.c, `gcc -O2 -static`
    tests/build/bench/linux/initramfs.cpio  /init (the program) and /dev/console, cpio "newc"
    tests/build/bench/linux/build/esp/      the ESP: one unified kernel image (UKI)

The network figures (chapter 09) boot a second UKI, built by build_net() into
tests/build/bench/linux-net/: its /init is net_init.sh run by busybox-static's shell (the
initramfs carries /bin/busybox and the virtio-net modules), which brings the NIC up, pings the
gateway and serves a 16 MiB file with busybox httpd.

The UKI is systemd's EFI stub (linuxx64.efi.stub) with four sections added by objcopy, as
systemd-stub(7) describes: .osrel (an os-release text), .cmdline (the kernel's command line),
.linux (the kernel, itself an EFI program) and .initrd. OVMF starts it as the default boot
program, just as it starts the course's loader; the stub hands the kernel its command line and
the initramfs. The layout `build/esp` lets tests/bench.py boot it with the harness's Machine.

The archive is written here rather than by cpio(1) so that /dev/console, the character device
(5, 1) the kernel opens for the first process's stdin, stdout and stderr, needs no mknod and no
root. Usage: build.py [OUT_DIR]; prints the kernel's version.
"""
from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
STUB = Path("/usr/lib/systemd/boot/efi/linuxx64.efi.stub")
# Serial console only; `quiet` as a distribution boots; on a panic, reset at once (QEMU runs with
# -no-reboot, so it exits and the harness reports the run) instead of hanging.
CMDLINE = "console=ttyS0 quiet panic=-1 rdinit=/init"
PAGE = 0x1000


def kernel_image() -> tuple[Path, str]:
    """The kernel that Debian's linux-image-amd64 points to: (vmlinuz, its release)."""
    depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "linux-image-amd64"],
                             check=True, capture_output=True, text=True).stdout
    package = depends.split()[0]  # linux-image-6.1.0-NN-amd64 (= version)
    release = package.removeprefix("linux-image-")
    return Path(f"/boot/vmlinuz-{release}"), release


def newc_entry(name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0), ino: int = 1) -> bytes:
    """One cpio "newc" record: a 110-byte ASCII header, the name, the data, each padded to 4 bytes."""
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
    header = b"070701" + b"".join(f"{f:08X}".encode() for f in fields)
    record = header + name.encode() + b"\0"
    record += b"\0" * (-len(record) % 4) + data
    return record + b"\0" * (-len(record) % 4)


# The modules the file figures need (Debian builds them as modules, not into the kernel): the
# virtio PCI transport, the virtio-blk driver, FAT with long names and its character sets.
MODULES = ["virtio_pci", "virtio_blk", "vfat", "nls_cp437", "nls_ascii", "nls_utf8"]
# The network figures': the virtio PCI transport and virtio-net (with failover, which it needs).
NET_MODULES = ["virtio_pci", "virtio_net"]
BUSYBOX = Path("/bin/busybox")  # busybox-static: a shell, ip, ping, httpd in one static program


def module_files(release: str, modules: list[str] = MODULES) -> list[Path]:
    """MODULES and what they depend on, in an order that loads each after its dependencies,
    from the kernel's modules.dep (`path: dependency...`, dependencies listed deepest last)."""
    base = Path(f"/lib/modules/{release}")
    deps = {}
    for line in (base / "modules.dep").read_text().splitlines():
        path, _, rest = line.partition(":")
        deps[Path(path).name.split(".ko")[0].replace("-", "_")] = (path, rest.split())
    ordered: list[str] = []

    def visit(path: str) -> None:
        name = Path(path).name.split(".ko")[0].replace("-", "_")
        for dep in deps[name][1]:
            visit(dep)
        if path not in ordered:
            ordered.append(path)

    for name in modules:
        visit(deps[name][0])
    return [base / p for p in ordered]


def initramfs(program: bytes, modules: list[Path] = (), busybox: bytes | None = None) -> bytes:
    entries = [
        newc_entry("dev", 0o040755, ino=1),
        newc_entry("dev/console", 0o020600, rdev=(5, 1), ino=2),
        newc_entry("init", 0o100755, program, ino=3),
    ]
    if modules:
        entries.append(newc_entry("modules", 0o040755, ino=4))
    for i, module in enumerate(modules):  # numbered: /init loads them in name order
        entries.append(newc_entry(f"modules/{i:02d}-{module.name}", 0o100644, module.read_bytes(),
                                  ino=5 + i))
    if busybox is not None:
        entries.append(newc_entry("bin", 0o040755, ino=100))
        entries.append(newc_entry("bin/busybox", 0o100755, busybox, ino=101))
    entries.append(newc_entry("TRAILER!!!", 0, ino=0))
    archive = b"".join(entries)
    return archive + b"\0" * (-len(archive) % 512)


def stub_end(stub: Path) -> int:
    """The first address after the stub's last section, from `objdump -h`."""
    end = 0
    for line in subprocess.run(["objdump", "-h", str(stub)], check=True, capture_output=True,
                               text=True).stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].isdigit():
            end = max(end, int(parts[3], 16) + int(parts[2], 16))
    return end


def align(value: int) -> int:
    return (value + PAGE - 1) // PAGE * PAGE


def kernel_and_stub() -> tuple[Path, str]:
    vmlinuz, release = kernel_image()
    for need in (vmlinuz, STUB):
        if not need.exists():
            sys.exit(f"bench: {need} is missing: run `shared/deps/install bench` as root")
    return vmlinuz, release


def build(out: Path) -> str:
    vmlinuz, release = kernel_and_stub()
    out.mkdir(parents=True, exist_ok=True)
    program = out / "bench"
    subprocess.run(["gcc", "-O2", "-static", "-Wall", "-Wextra", "-Werror", "-o", str(program),
                    str(HERE / "bench.c")], check=True)
    initrd = out / "initramfs.cpio.gz"
    initrd.write_bytes(gzip.compress(initramfs(program.read_bytes(), module_files(release)),
                                     mtime=0))
    make_uki(out, vmlinuz, release, initrd)
    return release


def build_net(out: Path) -> str:
    """The network figures' UKI in `out`: net_init.sh as /init, busybox-static, virtio-net."""
    vmlinuz, release = kernel_and_stub()
    if not BUSYBOX.exists():
        sys.exit(f"bench: {BUSYBOX} is missing: run `shared/deps/install bench` as root")
    out.mkdir(parents=True, exist_ok=True)
    initrd = out / "initramfs.cpio.gz"
    initrd.write_bytes(gzip.compress(initramfs((HERE / "net_init.sh").read_bytes(),
                                               module_files(release, NET_MODULES),
                                               BUSYBOX.read_bytes()), mtime=0))
    make_uki(out, vmlinuz, release, initrd)
    return release


def make_uki(out: Path, vmlinuz: Path, release: str, initrd: Path) -> None:
    """out/build/esp/EFI/BOOT/BOOTX64.EFI: the stub with the kernel, `initrd` and CMDLINE."""
    (out / "cmdline.txt").write_text(CMDLINE)
    (out / "os-release").write_text(f'NAME="Debian Linux for make bench"\nVERSION_ID="{release}"\n')

    # Each added section starts on its own page after the previous one, so none overlaps another.
    sections = [(".osrel", out / "os-release"), (".cmdline", out / "cmdline.txt"),
                (".linux", vmlinuz), (".initrd", initrd)]
    args, vma = [], align(stub_end(STUB))
    for name, path in sections:
        args += ["--add-section", f"{name}={path}", "--change-section-vma", f"{name}={vma:#x}"]
        vma = align(vma + path.stat().st_size)
    uki = out / "build" / "esp" / "EFI" / "BOOT" / "BOOTX64.EFI"
    uki.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["objcopy", *args, str(STUB), str(uki)], check=True)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "build" / "bench" / "linux"
    print(build(target))
    print(build_net(target.parent / (target.name + "-net")))
