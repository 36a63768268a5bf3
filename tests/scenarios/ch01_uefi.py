"""Chapter 01: the loader sets up the screen, loads the kernel ELF and jumps to the higher half."""
import re
import struct
import subprocess
import sys
from pathlib import Path

from harness import scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "qemu"))
import launch  # noqa: E402

QEMU_MEMORY_MIB = 256


@scenario(since="01-uefi", capture={"boot.log": "01-uefi-boot.log",
                                    "readelf.txt": "01-uefi-readelf.txt"})
def loader_log(t):
    """The loader reports its GOP mode, the memory it found and the kernel segments it loaded:
    exactly the LOAD segments and the entry point that binutils' readelf reads in kernel.elf."""
    m = t.boot(test="boot", memory_mib=QEMU_MEMORY_MIB)
    mode = m.expect(r"^loader: GOP mode \d+: (\d+)x(\d+), stride (\d+), (BGRX|RGBX), framebuffer at 0x([0-9a-f]+)$", 60)
    width, height, stride = (int(g) for g in mode.groups()[:3])
    if not (640 <= width <= stride and 480 <= height):
        m.fail(bad=f"implausible mode {width}x{height} stride {stride}")
    segments = []
    while True:
        line = m.expect(r"^loader: (segment 0x([0-9a-f]+) size 0x([0-9a-f]+) ([r-][w-][x-]) at physical 0x([0-9a-f]+)"
                        r"|kernel loaded, entry 0x([0-9a-f]+))$")
        if line.group(6):
            entry = int(line.group(6), 16)
            break
        segments.append((int(line.group(2), 16), int(line.group(3), 16), line.group(4)))
    # W^X: the kernel's code is not writable and its data not executable.
    perms = {p for _, _, p in segments}
    if "r-x" not in perms or "rw-" not in perms or any("w" in p and "x" in p for p in perms):
        m.fail(bad=f"segment permissions {sorted(perms)}", missing="r-x text and rw- data, never w+x")
    if not any(v <= entry < v + size and p.endswith("x") for v, size, p in segments):
        m.fail(bad=f"entry 0x{entry:x} is not in an executable segment")
    _compare_with_readelf(m, t, segments, entry)
    m.expect(r"^loader: boot services exited after \d attempt\(s\)$")
    usable = m.expect(r"^loader: memory: (\d+) MiB usable, (\d+) MiB reclaimable, \d+ MiB reserved, \d+ regions$")
    # Usable + reclaimable is what the kernel will be able to use: most of QEMU's -m.
    total = int(usable.group(1)) + int(usable.group(2))
    if not (0.8 * QEMU_MEMORY_MIB <= total <= QEMU_MEMORY_MIB):
        m.fail(bad=f"{total} MiB usable+reclaimable", missing=f"80-100% of -m {QEMU_MEMORY_MIB}")
    m.expect(r"^loader: jumping to the kernel at 0x[0-9a-f]+$")
    m.expect(r"^RustOsLinux kernel: hello from the higher half$")
    m.expect_shutdown("pass")


def _compare_with_readelf(m, t, segments, entry) -> None:
    """The segments the loader logged must be readelf's LOAD lines (address, memory size, flags).
    readelf's output is kept as a capture: chapter 01 shows it."""
    kernel = t.tree / "build" / "kernel.elf"
    out = subprocess.run(["readelf", "-lW", str(kernel)], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    lines = out.strip("\n").splitlines()
    (t.log_dir / f"{t.scenario}-readelf.txt").write_text("".join(l.rstrip() + "\n" for l in lines))
    loads = []
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            flags = "".join(f[6:-1])
            perms = ("r" if "R" in flags else "-") + ("w" if "W" in flags else "-") + \
                ("x" if "E" in flags else "-")
            loads.append((int(f[2], 16), int(f[5], 16), perms))
    readelf_entry = re.search(r"^Entry point (0x[0-9a-f]+)$", out, re.M)
    if loads != segments or not readelf_entry or int(readelf_entry.group(1), 16) != entry:
        m.fail(bad=f"the loader logged {segments}, entry 0x{entry:x}",
               missing=f"readelf's LOAD segments {loads}, entry {readelf_entry and readelf_entry.group(1)}")
    m.good.append(f"readelf agrees: {len(loads)} LOAD segments, entry 0x{entry:x}")


@scenario(since="01-uefi")
def kernel_banner(t):
    """The kernel runs at its higher-half address and reads a valid BootInfo."""
    m = t.boot(test="boot")
    m.expect(r"^RustOsLinux kernel: hello from the higher half$", 60)
    at = m.expect(r"^kernel: kernel_main at 0x([0-9a-f]+), BootInfo at 0x([0-9a-f]+)$")
    if int(at.group(1), 16) < 0xFFFFFFFF80000000:
        m.fail(bad=f"kernel_main at 0x{at.group(1)}", missing="an address in the top 2 GiB")
    if int(at.group(2), 16) < 0xFFFF800000000000:
        m.fail(bad=f"BootInfo at 0x{at.group(2)}", missing="an address in the direct map")
    m.expect(r"^kernel: \d+ memory regions, \d+ MiB usable$")
    m.expect_shutdown("pass")


# Until chapter 09: from chapter 10 on, a normal boot gives the screen to the compositor (the
# kernel's picture is painted over by the desktop; chapter 10 says why).
@scenario(since="01-uefi", until="09-network",
          capture={"boot-framebuffer.png": "01-uefi-framebuffer.png"})
def framebuffer_picture(t):
    """The screen shows the kernel's shape at the coordinates it logs, and text pixels in the title."""
    m = t.boot()  # not a test run: the kernel halts and leaves its picture on the screen
    shape = m.expect(r"^kernel: drew rect x=(\d+) y=(\d+) w=(\d+) h=(\d+) rgb=([0-9a-f]{6}) with a centred green inset$", 60)
    x, y, w, h = (int(g) for g in shape.groups()[:4])
    rgb = tuple(bytes.fromhex(shape.group(5)))
    m.expect(r"^kernel: boot complete$")
    image = m.screendump("framebuffer")
    # The outer ring of the shape has the logged colour: sample its four corners and edges.
    for px, py in [(x + 2, y + 2), (x + w - 3, y + 2), (x + 2, y + h - 3), (x + w - 3, y + h - 3), (x + w // 2, y + 4)]:
        if image.pixel(px, py) != rgb:
            m.fail(bad=f"pixel ({px}, {py}) is {image.pixel(px, py)}", missing=f"the shape's colour {rgb}")
    r, g, b = image.pixel(x + w // 2, y + h // 2)
    if not (g > 150 and r < 100 and b < 100):
        m.fail(bad=f"centre pixel {(r, g, b)}", missing="the green inset")
    # Outside the shape: the background, not the shape's colour.
    background = image.pixel(x + w + 20, y + h // 2)
    if background == rgb:
        m.fail(bad="the shape's colour outside the shape")
    # The title at the top left: some pixels differ from the background (the glyphs), most do not.
    glyph_pixels = image.count(32, 32, 32 + 11 * 24, 32 + 48, lambda p: p != background)
    area = 11 * 24 * 48
    if not (0.05 * area < glyph_pixels < 0.7 * area):
        m.fail(bad=f"{glyph_pixels} of {area} title pixels differ from the background", missing="rendered text")
    m.good.append(f"screen {image.width}x{image.height}: shape at ({x}, {y}) in {rgb}, {glyph_pixels} text pixels")
    m.quit()


def _corrupt(edit):
    def apply(esp):
        kernel = esp / "kernel.elf"
        kernel.write_bytes(edit(kernel.read_bytes()))
    return apply


@scenario(since="01-uefi")
def truncated_kernel_rejected(t):
    """A truncated kernel.elf stops the loader with a clear message, and never a jump or a hang."""
    m = t.boot(test="truncated", edit_esp=_corrupt(lambda data: data[:1000]))
    m.expect(r"^loader: error: kernel\.elf is not a valid kernel: .*(end of the file|shorter)", 60)
    m.expect_shutdown("fail")
    if any("jumping to the kernel" in line for line in m.lines):
        m.fail(bad="the loader jumped to a truncated kernel")


@scenario(since="01-uefi")
def wrong_machine_rejected(t):
    """An ELF for another CPU (e_machine changed) is refused with a message naming the problem."""
    m = t.boot(test="wrong-machine", edit_esp=_corrupt(lambda data: data[:18] + struct.pack("<H", 183) + data[20:]))
    m.expect(r"^loader: error: kernel\.elf is not a valid kernel: .*machine", 60)
    m.expect_shutdown("fail")


@scenario(since="01-uefi")
def gdb_stops_at_kernel_entry(t):
    """`make debug`'s GDB scripts stop at the kernel's ELF entry, and the backtrace names it."""
    m = t.boot(gdb=True)
    kernel = t.tree / "build" / "kernel.elf"
    shared = Path(__file__).resolve().parents[2] / "shared" / "gdb"
    cmd = ["gdb", "-q", "-batch", "-nx",
           "-ex", f"set $qemu_port = {m.gdb_port}", "-x", str(shared / "connect.gdb"),
           "-ex", f"file {kernel}", "-ex", f"set $kernel_entry = {launch.elf_entry(kernel):#x}",
           "-x", str(shared / "kernel.gdb"), "-ex", "bt", "-ex", "info registers rip"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    except subprocess.TimeoutExpired:
        m.fail(bad="gdb did not finish in 120 s", missing="a stop at the kernel entry")
    (t.log_dir / f"{t.scenario}-gdb.log").write_text(out)
    entry = launch.elf_entry(kernel)
    symbols = subprocess.run(["nm", str(kernel)], capture_output=True, text=True, timeout=30).stdout.splitlines()
    names = [line.split()[2] for line in symbols if len(line.split()) == 3 and int(line.split()[0], 16) == entry]
    if not names:
        m.fail(bad=f"no symbol at the entry address 0x{entry:x}", missing="a named kernel entry")
    if not re.search(rf"^#0\s+(0x[0-9a-f]+ in )?({'|'.join(map(re.escape, names))})\b", out, re.M) \
            or not re.search(rf"^rip\s+0x{entry:x}\b", out, re.M):
        m.fail(bad="gdb output:\n" + out[-1500:], missing=f"#0 {names[0]} at rip 0x{entry:x}")
    m.good.append(f"gdb: stopped at #0 {names[0]}, rip 0x{entry:x}")
    m.quit()
