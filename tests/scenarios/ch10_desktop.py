"""Chapter 10: the compositor and window manager, seen on the screen. init starts the compositor
with the framebuffer and two test clients: gui_check (hostile requests first, then two
overlapping windows, "Red" and "Green") and gui_crash (a yellow window, "Doomed", whose client
dies at its first click). The screen is checked by pixels after each step; a step's pixels are
polled until they are right or a bound passes (a frame is composed after the request that caused
it is answered, so the client's line may come first)."""
import time

from harness import scenario

DESKTOP = (0x10, 0x18, 0x30)
RED = (0xC0, 0x20, 0x20)
GREEN = (0x20, 0xC0, 0x20)
BLUE = (0x20, 0x40, 0xC0)
YELLOW = (0xE0, 0xD0, 0x20)
TITLE_FOCUSED = (0x30, 0x60, 0xA0)
TITLE_UNFOCUSED = (0x60, 0x60, 0x60)
POINTER_MAX = 32767
CHECK = r"^gui_check\[\d+\]: "


def _screen(m, label, expected, timeout=30):
    """Screendumps until every (x, y): colour of `expected` holds; fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        image = m.screendump(label)
        wrong = [f"({x}, {y}) is {image.pixel(x, y)}, not {colour}"
                 for (x, y), colour in expected.items() if image.pixel(x, y) != colour]
        if not wrong:
            m.good.append(f"{label}: {len(expected)} pixels as expected")
            return image
        if time.monotonic() > deadline:
            m.fail(bad="; ".join(wrong), missing=f"the screen after {label}")
        time.sleep(0.5)


class _Pointer:
    """The virtio tablet, driven with QMP input-send-event: absolute positions and the left
    button."""

    def __init__(self, m, width, height):
        self.m, self.width, self.height = m, width, height

    def move(self, x, y):
        ax = round(x * POINTER_MAX / (self.width - 1))
        ay = round(y * POINTER_MAX / (self.height - 1))
        self.m.qmp.command("input-send-event", events=[
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}}])

    def button(self, down):
        self.m.qmp.command("input-send-event", events=[
            {"type": "btn", "data": {"down": down, "button": "left"}}])

    def click(self, x, y):
        self.move(x, y)
        self.button(True)
        self.button(False)

    def drag(self, start, end, steps=4):
        self.move(*start)
        self.button(True)
        for i in range(1, steps + 1):
            self.move(start[0] + (end[0] - start[0]) * i // steps,
                      start[1] + (end[1] - start[1]) * i // steps)
        self.button(False)


@scenario(since="10-ui", capture={"boot-desktop-layout.png": "10-ui-desktop.png"})
def desktop_windows_input_and_a_dying_client(t):
    """The compositor refuses every hostile request with its error (an absurd size, a window
    wider than the screen, a garbage tag, a short payload, another connection's window, damage
    out of range, a ninth window on one connection) and still answers after a flood of garbage.
    The desktop shows the background and the windows with their title bars, Green above Red where
    they overlap. A click in Red raises it (its client hears the press, in its own coordinates).
    Dragging Green's title bar moves it: drawn at its new place, its old place repainted with
    what was under it. A click in Doomed kills its client: the window disappears and the
    compositor says so. Green's close button reaches its client, which closes it and then opens
    a new window on a new connection: the compositor goes on. Keys typed then reach the
    focused window with their modifiers."""
    m = t.boot(**{"init.run": "gui_check gui_crash"})
    started = r"^init\[1\]: started {} as pid (\d+)$"
    check_pid = m.expect(started.format("gui_check"), 120, source="init").group(1)
    crash_pid = m.expect(started.format("gui_crash"), 30, source="init").group(1)
    size = m.expect(r"^compositor\[\d+\]: screen (\d+)x(\d+), with a pointer$", 120,
                    source="compositor")
    width, height = int(size.group(1)), int(size.group(2))
    m.expect(CHECK + r"absurd size: invalid argument$", 60, source="gui_check")
    m.expect(CHECK + r"wider than the screen: invalid argument$", 30, source="gui_check")
    m.expect(CHECK + r"garbage tag: unsupported$", 30, source="gui_check")
    m.expect(CHECK + r"short payload: truncated$", 30, source="gui_check")
    m.expect(CHECK + r"destroy a foreign window: not found$", 30, source="gui_check")
    m.expect(CHECK + r"damage out of range: invalid argument$", 30, source="gui_check")
    m.expect(CHECK + r"show a foreign window: not found$", 30, source="gui_check")
    m.expect(r"^compositor\[\d+\]: client \d+: request 5703 refused: invalid argument$", 30,
             source="compositor")
    m.expect(CHECK + r"windows on one connection: 8 made, then out of memory$", 30,
             source="gui_check")
    m.expect(CHECK + r"flood of \d+ messages, then a window: ok$", 60, source="gui_check")
    # Each closed connection's windows go with it: the 8 of the flooded one, then the two
    # single windows gui_check opened to test against ("other", "after").
    gone = r"^compositor\[\d+\]: client \d+ of pid {} gone: {} window\(s\) removed$"
    for count in (8, 1, 1):
        m.expect(gone.format(check_pid, count), 30, source="compositor")
    # Surfaces are memory objects: 20 windows opened and closed give their memory back.
    m.expect(CHECK + r"churn: 20 windows opened and closed, free memory back within 1 MiB$", 60,
             source="gui_check")
    m.expect(CHECK + r"ready$", 30, source="gui_check")
    m.expect(r"^gui_crash\[\d+\]: ready$", 60, source="gui_crash")

    # Red's frame at (100, 100), Green's at (220, 180), Doomed's at (600, 320); each client area
    # 1 pixel in from the frame's sides and 21 lines below its top.
    _screen(m, "layout", {
        (20, 20): DESKTOP, (width - 5, 5): DESKTOP,
        (150, 150): RED, (300, 250): GREEN, (400, 300): GREEN, (700, 400): YELLOW,
        (100, 100): (0, 0, 0),  # Red's border
    })
    image = m.screendump("desktop-layout")
    for x, y, name in ((150, 110, "Red"), (400, 190, "Green"), (650, 330, "Doomed")):
        if image.pixel(x, y) not in (TITLE_FOCUSED, TITLE_UNFOCUSED):
            m.fail(bad=f"({x}, {y}) is {image.pixel(x, y)}", missing=f"{name}'s title bar")
    focused = image.count(0, 0, width, height, lambda p: p == TITLE_FOCUSED)
    if focused < 200 * 15:
        m.fail(bad=f"{focused} pixels of a focused title bar", missing="one focused window")

    pointer = _Pointer(m, width, height)
    pointer.click(150, 150)  # Red's client area: (49, 29) in it
    m.expect(CHECK + r"pointer Red x=49 y=29 buttons=1$", 30, source="gui_check")
    _screen(m, "raised", {(300, 250): RED, (400, 300): GREEN, (150, 110): TITLE_FOCUSED})

    # Green's title bar where Red does not cover it, dragged by (+340, -160).
    pointer.drag((400, 190), (740, 30))
    _screen(m, "moved", {(400, 300): DESKTOP, (300, 250): RED, (700, 120): GREEN,
                         (600, 150): GREEN, (341, 290): DESKTOP})

    pointer.click(700, 400)  # Doomed's client: its program dies
    m.expect(r"^gui_crash\[\d+\]: crashing$", 30, source="gui_crash")
    m.expect(gone.format(crash_pid, 1), 30, source="compositor")
    # (The cursor's arrow is at (700, 400): the pixels checked are away from it.)
    _screen(m, "crashed", {(760, 440): DESKTOP, (650, 330): DESKTOP, (700, 120): GREEN})

    # Green's frame is now at (560, 20), 242 wide: its close button is at (784..800, 23..39).
    pointer.click(792, 31)
    m.expect(CHECK + r"close Green$", 30, source="gui_check")
    m.expect(CHECK + r"closed Green$", 30, source="gui_check")
    m.expect(CHECK + r"late window: ok$", 30, source="gui_check")
    _screen(m, "late", {(700, 120): DESKTOP, (500, 150): BLUE, (150, 150): RED,
                        (500, 70): TITLE_FOCUSED})

    # Keys go to the focused window, Late, with the keyboard driver's modifiers.
    m.expect(r"^kbd\[\d+\]: PS/2 keyboard driver ready: IRQ 1 arrives as messages$", 30,
             source="kbd")
    m.qmp.command("send-key", keys=[{"type": "qcode", "data": "a"}])
    m.expect(CHECK + r"key Late sc=1e ascii=a mods=0$", 30, source="gui_check")
    m.qmp.command("send-key", keys=[{"type": "qcode", "data": "shift"},
                                    {"type": "qcode", "data": "b"}])
    m.expect(CHECK + r"key Late sc=30 ascii=B mods=1$", 30, source="gui_check")
    m.quit()
