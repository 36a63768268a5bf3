"""Chapter 10: the terminal window and its shell, sysmon and clock (user/apps/terminal,
user/apps/sysmon, user/apps/clock.cpp).

Keys typed with QMP send-key travel kbd -> compositor -> the focused window (the terminal) ->
the shell's stdin; the shell's output comes back as a stream, is drawn in the window and
mirrored to the kernel log, one line "terminal[N]: | TEXT" per completed line: the test reads
the mirror for the text and screendumps for the pixels. Every expectation follows from what
the test typed: the shell echoes a command line before running it, and prints its output after."""
import re
import time

from harness import scenario

POINTER_MAX = 32767
TERMINAL = (16, 16)         # the terminal's frame origin (user/apps/terminal/main.cpp)
CLIENT = (17, 37)           # its client area: 1-pixel border, 20-pixel title bar
CELLS = (4, 4)              # the cells' origin in the client area (terminal_padding)
SIZE = (80 * 8, 25 * 16)    # the cells, in pixels
TEXT = (0xC8, 0xC8, 0xC8)   # the default foreground (term::default_foreground)
BACKGROUNDS = {"clock": (0x10, 0x20, 0x38), "sysmon": (0x18, 0x1C, 0x24)}  # their fills
CLOCK = (700 + 1, 16 + 21, 216, 96)     # client area x, y, w, h (clock.cpp)
SYSMON = (700 + 1, 140 + 21, 560, 556)  # (sysmon/main.cpp)
# QMP qcodes of the characters the test types; (shift, key) for the shifted ones.
KEYS = {" ": "spc", "\n": "ret", "/": "slash", ".": "dot", "-": "minus", ">": ("shift", "dot"),
        "|": ("shift", "backslash"), "_": ("shift", "minus"), "&": ("shift", "7")}
MIRROR = r"^terminal\[\d+\]: \| "


def _type(m, text):
    """Types `text` on the PS/2 keyboard, one key (and its Shift) at a time."""
    for ch in text:
        key = KEYS.get(ch, ch)
        keys = [key] if isinstance(key, str) else list(key)
        m.qmp.command("send-key", keys=[{"type": "qcode", "data": k} for k in keys])
        time.sleep(0.05)


def _run(m, line, cwd="/"):
    """Types `line` and Enter, and waits for the mirror of its echo after the prompt."""
    _type(m, line + "\n")
    m.expect(MIRROR + re.escape(f"{cwd}$ {line}") + "$", 60, source="terminal")


def _click(m, size, x, y):
    """A left click at screen pixel (x, y) with the virtio tablet."""
    m.qmp.command("input-send-event", events=[
        {"type": "abs", "data": {"axis": "x", "value": round(x * POINTER_MAX / (size[0] - 1))}},
        {"type": "abs", "data": {"axis": "y", "value": round(y * POINTER_MAX / (size[1] - 1))}}])
    m.qmp.command("input-send-event", events=[{"type": "btn", "data": {"down": True, "button": "left"}}])
    m.qmp.command("input-send-event", events=[{"type": "btn", "data": {"down": False, "button": "left"}}])


def _text_pixels(image):
    """Pixels of the terminal's cells in the default text colour."""
    x0, y0 = CLIENT[0] + CELLS[0], CLIENT[1] + CELLS[1]
    return image.count(x0, y0, x0 + SIZE[0], y0 + SIZE[1], lambda p: p == TEXT)


def _screen_until(m, label, ready, bad, missing, seconds=20):
    """Screendumps until `ready(image)` holds, and returns that image. A frame reaches the screen
    some time after the log line that announces it. After `seconds`, fails with `bad(image)`."""
    deadline = time.monotonic() + seconds
    while True:
        image = m.screendump(label)
        if ready(image):
            return image
        if time.monotonic() > deadline:
            m.fail(bad=bad(image), missing=missing)
        time.sleep(0.5)


def _changed(a, b, area):
    """Pixels of `area` (x, y, w, h) that differ between two screendumps."""
    x, y, w, h = area
    return sum(1 for j in range(y, y + h) for i in range(x, x + w) if a.pixel(i, j) != b.pixel(i, j))


@scenario(since="10-ui", timeout=300, capture={"boot-programs-2.png": "10-ui-terminal.png"})
def terminal_shell_sysmon_clock(t):
    """The terminal runs a shell: echo (mirror and pixels), a pipe, a redirection into a FAT file
    read back with cat; the key-to-echo latency is logged with the `latency` argument; sysmon and
    clock show their windows and redraw them every second; `kill` of the clock's pid (from ps)
    removes its window and the desktop is repainted there; `clock &` typed at the prompt opens
    the window again (the shell gives its children "gui")."""
    m = t.boot(**{"init.args.terminal": "latency"})
    size = m.expect(r"^compositor\[\d+\]: screen (\d+)x(\d+)", 120, source="compositor")
    size = (int(size.group(1)), int(size.group(2)))
    m.expect_all([r"^terminal\[\d+\]: window shown, 80x25 cells$",
                  r"^sysmon\[\d+\]: window shown$", r"^clock\[\d+\]: window shown$",
                  r"^shell\[\d+\]: shell ready on terminal$"], 120)
    # Whichever window showed last has the keyboard: click the clock, then the terminal, and
    # wait until the terminal has the keyboard again (it had it once, at its own show()).
    m.expect(r"^terminal\[\d+\]: has the keyboard$", 30, source="terminal")
    _click(m, size, CLOCK[0] + 20, CLOCK[1] + 20)
    _click(m, size, CLIENT[0] + 100, CLIENT[1] + 100)
    m.expect(r"^terminal\[\d+\]: lost the keyboard$", 30, source="terminal")
    m.expect(r"^terminal\[\d+\]: has the keyboard$", 30, source="terminal")

    before = m.screendump("before")
    _run(m, "echo hello")
    m.expect(MIRROR + "hello$", 60, source="terminal")
    # The mirror line comes before the frame reaches the screen: screendump until it has.
    # "echo hello" and "hello" measured 284 more text pixels; "echo hello" alone is ~180.
    grown = lambda image: _text_pixels(image) - _text_pixels(before)  # noqa: E731
    after = _screen_until(m, "after", lambda image: grown(image) >= 250,
                          lambda image: f"{grown(image)} more text pixels in the terminal",
                          "the echo drawn")
    grown = grown(after)
    m.good.append(f"{grown} more text pixels in the terminal after echo hello")

    _run(m, "ls /fat")
    # The terminal logs a batch's latencies after drawing it, so every key of "echo hello" has
    # its line once the next command's echo is mirrored (a later batch).
    ticks = sorted(int(x.group(1)) for line in list(m.lines)
                   if (x := re.search(r"^terminal\[\d+\]: key to echo (\d+) ticks$", line)))
    if len(ticks) < len("echo hello"):
        m.fail(bad=f"{len(ticks)} key-to-echo lines", missing="one per key typed")
    m.good.append(f"key to echo: median {ticks[len(ticks) // 2]} ticks over {len(ticks)} keys")
    names = []
    _type(m, "ls /fat | wc\n")
    while True:
        line = m.expect(MIRROR + "(.*)$", 60, source="terminal").group(1)
        if line == "/$ ls /fat | wc":
            break
        names.append(line)
    if not names:
        m.fail(bad="ls /fat printed nothing", missing="the FAT files")
    listing = "".join(name + "\n" for name in names)
    counts = f"{listing.count(chr(10))} {len(listing.split())} {len(listing)}"
    m.expect(MIRROR + r"\s*" + re.escape(counts).replace(r"\ ", r"\s+") + r"\s*$", 60,
             source="terminal")

    _run(m, "echo written by the terminal > /fat/term.txt")
    _run(m, "cat /fat/term.txt")
    m.expect(MIRROR + "written by the terminal$", 60, source="terminal")

    # sysmon and clock redraw every second: their windows change over three seconds.
    first = m.screendump("programs-1")
    time.sleep(3)
    second = m.screendump("programs-2")
    for name, area in (("clock", CLOCK), ("sysmon", SYSMON)):
        x, y, w, h = area
        if second.count(x, y, x + w, y + h, lambda p: p == BACKGROUNDS[name]) < w * h // 2:
            m.fail(bad=f"the {name} window is not on the screen", missing=f"the {name} window")
        changed = _changed(first, second, area)
        if changed == 0:
            m.fail(bad=f"the {name} window did not change in 3 s", missing=f"{name} redrawing")
        m.good.append(f"{name}: {changed} pixels changed in 3 s")

    # Killing a client removes its window: ps names the clock's pid, kill ends it, the
    # compositor drops its window and repaints the desktop there; the terminal goes on.
    _run(m, "ps")
    pid = None
    while pid is None:
        line = m.expect(MIRROR + "(.*)$", 60, source="terminal").group(1)
        if (row := re.match(r"^\s*(\d+)\s+\d+\s+\S+\s+\d+\s+\d+\s+clock$", line)):
            pid = int(row.group(1))
    _run(m, f"kill {pid}")
    m.expect_all([rf"^init\[1\]: clock \(pid {pid}\) was killed by process_kill; collected$",
                  rf"^compositor\[\d+\]: client \d+ of pid {pid} gone: 1 window\(s\) removed$"],
                 60)
    desktop = second.pixel(SYSMON[0] - 12, SYSMON[1] + 100)  # between the terminal and sysmon
    x, y, w, h = CLOCK
    clock_fill = lambda image: image.count(  # noqa: E731
        x, y, x + w, y + h, lambda p: p == BACKGROUNDS["clock"])
    _screen_until(m, "killed",
                  lambda image: clock_fill(image) == 0 and
                  image.pixel(x + w // 2, y + h // 2) == desktop,
                  lambda image: f"{clock_fill(image)} pixels of the clock's fill remain after "
                                f"kill {pid}",
                  "the desktop repainted where the clock was")
    m.good.append(f"kill {pid}: the clock's window is gone, the desktop repainted there")
    _run(m, "echo still here")
    m.expect(MIRROR + "still here$", 60, source="terminal")

    # A graphical program typed at the prompt opens its window: the terminal's shell hands each
    # program it starts a connection of its own to the compositor (Gui::clone).
    _run(m, "clock &")
    started = int(m.expect(MIRROR + r"\[\d+\] (\d+)$", 60, source="terminal").group(1))
    m.expect(r"^clock\[\d+\]: window shown$", 60, source=f"clock[{started}]")
    _screen_until(m, "clock-again", lambda image: clock_fill(image) >= w * h // 2,
                  lambda image: f"{clock_fill(image)} pixels of the clock's fill after `clock &`",
                  "the clock's window, opened by the shell's child")
    m.good.append(f"clock & (pid {started}) from the terminal's shell: its window is back")
    m.quit()
