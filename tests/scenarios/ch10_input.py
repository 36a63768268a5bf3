"""Chapter 10: the input drivers without the compositor. init gives both input channels to
input_check (boot option init.input_client), which prints every event it gets; QMP sends keys to
the PS/2 keyboard and absolute positions and buttons to the virtio-tablet."""
import io
import tarfile

from harness import scenario

SOURCE = "input_check"


def _lines(m, kind):
    """input_check's lines of one device ("key" or "pointer"), in the order it printed them."""
    prefix = f"{SOURCE}["
    out = []
    for line in m.lines:
        if line.startswith(prefix) and "]: " in line:
            text = line.split("]: ", 1)[1]
            if text.startswith(kind + " "):
                out.append(text)
    return out


def _pointer(m, *events):
    """One input-send-event command: QEMU ends it with one SYN_REPORT, so one report."""
    m.qmp.command("input-send-event", events=list(events))


def _abs(axis, value):
    return {"type": "abs", "data": {"axis": axis, "value": value}}


def _button(name, down):
    return {"type": "btn", "data": {"button": name, "down": down}}


def _keys(*names):
    return [{"type": "qcode", "data": name} for name in names]


def _check(m, kind, expected, timeout=30):
    """Waits for the last of `expected` from input_check, then compares the device's lines with
    `expected`, all of them, in order: nothing missing, nothing extra, nothing changed."""
    m.expect(r"^" + SOURCE + r"\[\d+\]: " + expected[-1].replace("+", r"\+") + "$", timeout,
             source=SOURCE)
    got = _lines(m, kind)
    if got != expected:
        m.fail(bad=f"{kind} events {got}", missing=f"exactly {expected}")


@scenario(since="10-ui")
def keys_and_pointer_reach_the_client(t):
    """devmgr finds the tablet and starts virtio_input, which checks that the device is a tablet
    and learns its axes' ranges; the keyboard driver sends every key event with its modifiers
    (Ctrl+C, Shift+A, an arrow, presses and releases); the tablet driver sends one report per
    QMP command: positions at both ends of the range, buttons alone and together with a move.
    The two devices' events are compared separately (they are not ordered with each other)."""
    m = t.boot(**{"init.input_client": "input_check"})
    m.expect(r"^devmgr\[\d+\]: 00:07\.0 1af4:1052 virtio input$", 60, source="devmgr")
    m.expect(r"^devmgr\[\d+\]: pointer 0: started virtio_input as pid \d+ for 00:07\.0 "
             r"\(MSI vector \d+\)$", 30, source="devmgr")
    tablet = m.expect(r'^virtio_input\[\d+\]: tablet at 00:07\.0: "QEMU Virtio Tablet", '
                      r"x 0\.\.32767, y 0\.\.32767, buttons, (no )?wheel, queue of 64 events$",
                      30, source="virtio_input")
    m.expect(r"^kbd\[\d+\]: PS/2 keyboard driver ready: IRQ 1 arrives as messages$", 30,
             source="kbd")
    m.expect(rf"^{SOURCE}\[\d+\]: waiting for keys and pointer events$", 30, source=SOURCE)
    # devmgr's disks and network card keep their places (chapters 08 and 09 find them there).
    m.expect(r"^devmgr\[\d+\]: \d+ PCI functions, 2 disks with a driver$", 30, source="devmgr")

    # Keys: each send-key presses its keys in order, holds them, releases them in reverse order.
    for keys in (("ctrl", "c"), ("shift", "a"), ("up",)):
        m.qmp.command("send-key", keys=_keys(*keys))
    keys = [
        "key sc=0x1d down ascii=none mods=ctrl",
        "key sc=0x2e down ascii='c' mods=ctrl",
        "key sc=0x2e up ascii=none mods=ctrl",
        "key sc=0x1d up ascii=none mods=none",
        "key sc=0x2a down ascii=none mods=shift",
        "key sc=0x1e down ascii='A' mods=shift",
        "key sc=0x1e up ascii=none mods=shift",
        "key sc=0x2a up ascii=none mods=none",
        "key sc=0x48 ext down ascii=none mods=none",
        "key sc=0x48 ext up ascii=none mods=none",
    ]
    _check(m, "key", keys)
    # The keyboard's share of a key's latency: from the driver's read of the byte to the
    # client's read of the message, in time-stamp counter ticks (a figure, not a pass mark).
    m.expect(rf"^{SOURCE}\[\d+\]: latency sc=0x48 ticks=\d+$", 30, source=SOURCE)
    ticks = sorted(int(line.split("ticks=")[1]) for line in _lines(m, "latency"))
    if len(ticks) != len(keys):
        m.fail(bad=f"{len(ticks)} latency lines", missing=f"one per key event ({len(keys)})")
    m.good.append(f"driver to client: median {ticks[len(ticks) // 2]} TSC ticks, "
                  f"range {ticks[0]}..{ticks[-1]}, over {len(ticks)} key events")

    # The pointer: each command is one report; the test waits for its line before the next, and
    # compares every line so far each time (an extra or changed report fails at once).
    reports = [
        ((_abs("x", 16384), _abs("y", 8192)), "pointer x=16384 y=8192 buttons=none wheel=0"),
        ((_button("left", True),), "pointer x=16384 y=8192 buttons=left wheel=0"),
        ((_abs("x", 32767), _abs("y", 0), _button("right", True)),
         "pointer x=32767 y=0 buttons=left+right wheel=0"),
        ((_button("left", False), _button("right", False)),
         "pointer x=32767 y=0 buttons=none wheel=0"),
        ((_button("middle", True), _abs("x", 0), _abs("y", 32767)),
         "pointer x=0 y=32767 buttons=middle wheel=0"),
        ((_button("middle", False),), "pointer x=0 y=32767 buttons=none wheel=0"),
    ]
    if tablet.group(1) is None:  # the device has a wheel: one click up, then one down
        reports += [((_button("wheel-up", True),), "pointer x=0 y=32767 buttons=none wheel=1"),
                    ((_button("wheel-down", True),), "pointer x=0 y=32767 buttons=none wheel=-1")]
    expected = []
    for events, line in reports:
        _pointer(m, *events)
        expected.append(line)
        _check(m, "pointer", expected)
    if _lines(m, "key") != keys:
        m.fail(bad=f"key events {_lines(m, 'key')}", missing=f"exactly {keys}")
    for line in m.lines:
        if line.startswith(f"{SOURCE}[") and ("bad message" in line or "not rising" in line
                                              or "out of range" in line):
            m.fail(bad=line, missing="well-formed events")
    m.quit()


def _without_tablet_driver(esp):
    """Rewrites the run's boot image without virtio_input: launch.py then attaches no tablet."""
    image = esp / "bootimage.tar"
    with tarfile.open(image) as old:
        kept = [(member, old.extractfile(member).read()) for member in old.getmembers()
                if member.name != "virtio_input"]
    with tarfile.open(image, "w", format=tarfile.USTAR_FORMAT) as new:
        for member, data in kept:
            new.addfile(member, io.BytesIO(data))


@scenario(since="10-ui")
def keys_without_a_tablet(t):
    """A machine without a tablet (and a boot image without its driver) boots as before: devmgr
    finds no virtio input device and starts no pointer driver, and the keys still arrive."""
    m = t.boot(edit_esp=_without_tablet_driver, **{"init.input_client": "input_check"})
    summary = m.expect(r"^devmgr\[\d+\]: \d+ PCI functions, 2 disks with a driver$", 60,
                       source="devmgr")
    m.expect(r"^kbd\[\d+\]: PS/2 keyboard driver ready: IRQ 1 arrives as messages$", 30,
             source="kbd")
    m.expect(rf"^{SOURCE}\[\d+\]: waiting for keys and pointer events$", 30, source=SOURCE)
    m.qmp.command("send-key", keys=_keys("x"))
    _check(m, "key", ["key sc=0x2d down ascii='x' mods=none",
                      "key sc=0x2d up ascii=none mods=none"])
    # devmgr's lines are in order: everything it found was logged before its summary.
    before = m.lines[:m.lines.index(summary.string)]
    devmgr = [line for line in before if line.startswith("devmgr[")]
    if any("1af4:1052" in line or "virtio_input" in line for line in devmgr):
        m.fail(bad="a virtio input device or its driver", missing="a machine without a tablet")
    if any(line.startswith("virtio_input[") for line in m.lines):
        m.fail(bad="the tablet driver ran", missing="no tablet driver")
    m.good.append("no tablet, no pointer driver; keys still arrive")
    m.quit()
