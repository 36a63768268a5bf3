"""Chapter 07: the process server, a RAM file server and a keyboard driver in user space."""
import time

from harness import scenario


def _type(m, text):
    """Types `text` on the guest's PS/2 keyboard with QMP send-key, one key at a time."""
    names = {" ": "spc", "\n": "ret"}
    for ch in text:
        m.qmp.command("send-key", keys=[{"type": "qcode", "data": names.get(ch, ch)}])
        time.sleep(0.05)


@scenario(since="07-servers", until="09-network", capture={"boot.log": "07-servers-boot.log", "boot-servers.png": "07-servers-screen.png"})
def initial_success_criteria(t):
    """One boot: the log on screen, the timer and the preemptive scheduler running several
    processes (chapter 04's scenarios prove the preemption itself); init starts the file server,
    the keyboard driver and a client; the client reads a file through the file server; keys typed
    into QEMU travel through the driver to the client, which echoes them. No demo task runs: the
    system does nothing it was not asked to."""
    m = t.boot()
    m.expect(r"^timer: APIC timer runs at \d+ kHz \(measured against the PIT\), \d+ Hz ticks on vector 32$", 60)
    m.expect(r"^kernel: boot complete$")
    # The kernel's line after spawning init and the first switch (which may be to init, on a
    # tick right after the spawn) come in either order.
    m.expect_all([r"^init: started as pid 1 with the boot image, the keyboard's ports and IRQ 1$",
                  r"^sched: first task switch, to \w+ at tick \d+$"])
    # init, the file server, the driver and the client run side by side: each one's lines are in
    # order, but a child may print before its parent reports starting it.
    for server in ("ramfs", "kbd", "client"):
        m.expect(rf"^init\[1\]: started {server} as pid \d+$", source="init")
    m.expect(r"^client\[\d+\]: reading motd.txt through the file server$", 30, source="client")
    m.good.append(f"client's first line {m.elapsed():.1f} s after QEMU started")
    m.expect(r"^client\[\d+\]: motd.txt \(\d+ bytes\):$", source="client")
    m.expect(r"^client\[\d+\]: \| Welcome to RustOsLinux\.$", source="client")
    m.expect(r"^client\[\d+\]: \| written by the client, read back through the file server$", source="client")
    files = m.expect(r"^client\[\d+\]: the file server holds (\d+) files$", source="client")
    m.expect(r"^client\[\d+\]: type something: keys travel from the keyboard driver to here$", source="client")
    loaded = m.expect(r"^ramfs\[\d+\]: (\d+) files, \d+ KiB, copied from the boot image; serving$", source="ramfs")
    # The boot image's files plus the one the client created.
    if int(files.group(1)) != int(loaded.group(1)) + 1:
        m.fail(bad=f"{files.group(1)} files listed, {loaded.group(1)} loaded", missing="the loaded files and notes.txt")
    # Keys typed before the driver listens could be lost: wait for it (it does not wait for the client).
    m.expect(r"^kbd\[\d+\]: PS/2 keyboard driver ready: IRQ 1 arrives as messages$", 30, source="kbd")
    _type(m, "hi os\n")
    for ch in "hi":
        m.expect(rf"^client\[\d+\]: key '{ch}'$", 30, source="client")
    m.expect(r"^client\[\d+\]: you typed \"hi os\"$", 30, source="client")
    # Chapter 04's counters are a demo that boot.cfg no longer asks for.
    demo = [line for line in m.lines if line.startswith(("demo: ", "clock: "))]
    if demo:
        m.fail(bad=f"demo lines: {demo}", missing="an idle system without demo tasks")
    # On screen: the banner's shape, and the log console below the banner shows the lines.
    image = m.screendump("servers")
    if image.count(64, 160, 384, 320, lambda p: p == (0xFF, 0x99, 0x00)) < 1000:
        m.fail(bad="no orange shape in the banner", missing="the banner on screen")
    background = image.pixel(image.width - 1, image.height - 1)
    if image.count(0, 340, image.width, image.height, lambda p: p != background) < 2000:
        m.fail(bad="the log console is (almost) empty", missing="the log on screen")
    m.quit()
