"""Chapter 10: the kernel's five new calls, from ring 3. init starts process_control with copies
of the root resource and the boot image (`init.root_test`). It lists the processes, kills
children in every state a process can wait in, takes the framebuffer (after which the kernel log
must leave the screen alone), claims ISA interrupt lines, reads the system's counters, and sends
bad arguments in bulk. Every line is the program's own, in its order (source="process_control");
the kernel's lines about the kills are checked as a count."""
import re

from harness import NOTHING_LEAKED, RUN_END, scenario

PROGRAM = "process_control"
SERVERS = {"ramfs", "kbd", "devmgr", "fatfs", "cjfs", "netstack"}  # never exit
FILL = (0x20, 0x40, 0x60)  # the colour the program fills the screen with: 0x204060
KILLED = ("a spinner", "a reader blocked in channel_read", "a caller blocked in channel_call",
          "a waiter blocked in wait_set_wait", "a sleeper", "a parent blocked in process_wait")
BAD_ARGUMENTS = (
    ("process_list into address 16", "bad address"),
    ("process_list into kernel memory", "bad address"),
    ("process_list across the end of a page", "bad address"),
    ("process_list with a channel handle", "invalid argument"),
    ("process_kill with a channel handle", "invalid argument"),
    ("framebuffer_take with a channel handle", "access denied"),
    ("process_list with a DMA resource", "access denied"),
    ("process_list without Manage", "access denied"),
    ("process_list with no handle", "bad handle"),
    ("process_list with the root resource", "ok"),
    ("resource_create_process from a process resource", "access denied"),
    ("framebuffer_take with a process resource", "access denied"),
    ("interrupt_create_isa with a process resource", "access denied"),
    ("system_stats into kernel memory", "bad address"),
    ("kill pid 1", "not permitted"),
    ("kill pid 999999", "not found"),
    ("kill pid 2^32 + 1", "not found"),
)
INTERRUPTS = (
    ("interrupt_create_isa line 0", "invalid argument"),
    ("interrupt_create_isa line 2", "invalid argument"),
    ("interrupt_create_isa line 16", "invalid argument"),
    ("interrupt_create_isa line 1 (the keyboard's)", "already exists"),
    ("interrupt_create_isa line 3", "ok"),
    ("interrupt_create_isa line 3 again", "already exists"),
    ("irq_bind line 3", "ok"),
    ("interrupt_create_isa line 3 once the first is closed", "ok"),
)


def _line(m, text, timeout=30):
    """The program's next line matching `text` (a regex for what follows "name[pid]: ")."""
    return m.expect(rf"^{PROGRAM}\[\d+\]: {text}$", timeout, source=PROGRAM)


@scenario(since="10-ui")
def process_control_framebuffer_interrupts_and_stats(t):
    """process_list shows init (pid 1, parent 0) and the servers init started, under the pids init
    logged, in pid order, with the caller running; capacity 0 counts. A bad buffer is BadAddress,
    a wrong handle InvalidArgument, a resource of another kind AccessDenied. process_kill ends a
    spinner, and processes blocked in channel_read, channel_call, wait_set_wait, sleep and
    process_wait, and one that kills itself: each is collected by its parent with code 137,
    killed_by 256, and its channel's peer reads PeerClosed. pid 1 is refused, unknown pids are
    NotFound. framebuffer_take gives a mappable object of the screen's geometry; after the
    program fills it, no log line draws on it (screendump: every pixel still the fill colour).
    interrupt_create_isa refuses lines 0, 2, 16, and 1 (the keyboard's); line 3 once, and again
    after it was closed. system_stats' counters grow between two calls. 2000 kills of nobody and
    100 lists of one entry among 20 short-lived children leave everything working."""
    m = t.boot(**{"init.root_test": PROGRAM})
    started = m.expect(rf"^init\[1\]: started {PROGRAM} as pid (\d+)$", 120, source="init")
    me = int(started.group(1))
    _line(m, "a process resource from the root: ok", 60)
    geometry = _line(m, r"framebuffer: (\d+)x(\d+), stride (\d+), format 1; object of (\d+) bytes")
    width, height, stride, size = (int(g) for g in geometry.groups())
    if not (width >= 640 and height >= 480 and stride >= width and size >= stride * height * 4):
        m.fail(bad=geometry.group(0), missing="a sane screen geometry")
    _line(m, r"framebuffer: wrote 0xabcdef at \(10, 10\), read back 0xabcdef")
    _line(m, r"framebuffer: a second take: ok, a new handle over the same pixels: yes")
    _line(m, r"framebuffer: filled with 0x204060; the log must not draw on it from here on")

    counted = _line(m, r"process_list with capacity 0: (\d+) processes; with room for 64: (\d+)")
    if counted.group(1) != counted.group(2):
        m.fail(bad=counted.group(0), missing="the same count both ways")
    listed = {}
    for _ in range(int(counted.group(1))):
        entry = _line(m, r"list: pid (\d+) '([a-z_0-9]+)' parent (\d+) (\w+) handles (\d+) "
                         r"memory (\d+) KiB cpu (\d+) ticks")
        listed[int(entry.group(1))] = entry
    if listed.get(1) is None or listed[1].group(2) != "init" or listed[1].group(3) != "0":
        m.fail(bad=str(listed.get(1) and listed[1].group(0)), missing="init as pid 1, parent 0")
    if me not in listed or listed[me].group(4) != "running" or listed[me].group(3) != "1":
        m.fail(bad=str(me in listed and listed[me].group(0)),
               missing=f"{PROGRAM} as pid {me}, running, child of init")
    # Every server init started is listed under the pid init logged for it, as init's child.
    # (Servers only: they run for ever, where another child of init may have ended by now.)
    servers = [re.fullmatch(r"init\[1\]: started (\w+) as pid (\d+)", line.strip())
               for line in m.lines]
    servers = [(s.group(1), int(s.group(2))) for s in servers if s and s.group(1) in SERVERS]
    if len(servers) < 4:
        m.fail(bad=f"init started {servers}", missing="at least four servers")
    for name, pid in servers:
        entry = listed.get(pid)
        if entry is None or entry.group(2) != name or entry.group(3) != "1":
            m.fail(bad=str(entry and entry.group(0)), missing=f"{name} as pid {pid}, parent 1")
    _line(m, r"process_list with capacity 2\^40 into room for 64: ok")

    for what, outcome in BAD_ARGUMENTS:
        _line(m, f"{re.escape(what)}: {outcome}")
    for what in KILLED:
        state = "ready" if what == "a spinner" else "blocked"
        _line(m, f"{re.escape(what)}: {state} before the kill: yes; kill: ok")
        _line(m, rf"{re.escape(what)}: collected pid \d+ with code 137, killed_by 256; "
                 r"its channel: peer closed")
    _line(m, r"a parent blocked in process_wait: its orphan: kill ok; gone from the list: yes")
    _line(m, r"a process that killed itself: collected pid \d+ with code 137, killed_by 256; "
             r"its channel: peer closed")
    _line(m, r"kill it again after its collection: not found")
    for what, outcome in INTERRUPTS:
        _line(m, f"{re.escape(what)}: {outcome}")

    _line(m, r"system_stats: uptime \d+ ms, memory \d+ of \d+ MiB free, \d+ processes")
    _line(m, r"system_stats: between two calls: \+\d+ switches, \+\d+ system calls, "
             r"\+\d+ messages, \+\d+ interrupts, \+\d+ ms")
    _line(m, r"system_stats: booted at \d+ s after 1970")
    _line(m, r"2000 kills of pids that do not exist: 0 answers other than not found", 60)
    _line(m, r"20 short-lived children, 100 lists of one entry among them: 0 bad; 20 collected",
          120)
    _line(m, r"0 surprises")
    m.expect(rf"^init\[1\]: {PROGRAM} \(pid {me}\) exited with code 0; collected$", 30,
             source="init")
    # The kernel logged each kill's end: the six victims, the orphan and the self-killer.
    ends = [line for line in m.lines
            if re.fullmatch(r"process \d+ 'kill_target' killed: on request; exit code 137",
                            line.strip())]
    if len(ends) != 8:
        m.fail(bad=f"{len(ends)} kills ended", missing="8 lines 'killed: on request'")

    # Hundreds of log lines came after the fill: none may have reached the screen.
    image = m.screendump("filled")
    if (image.width, image.height) != (width, height):
        m.fail(bad=f"a {image.width}x{image.height} screen", missing=f"{width}x{height}")
    other = image.count(0, 0, image.width, image.height, lambda p: p != FILL)
    if other:
        m.fail(bad=f"{other} pixels not 0x204060 after the framebuffer was taken",
               missing="a screen the kernel log leaves alone")
    m.good.append(f"{len(listed)} processes listed; {len(servers)} servers under init's pids; "
                  f"a {width}x{height} screen untouched by the log")
    m.quit()


@scenario(since="10-ui")
def killed_processes_give_everything_back(t):
    """The kernel's runner starts kill_leaks alone; it kills kill_target 21 times, three rounds of
    seven roles (spinning, blocked in channel_read, channel_call, wait_set_wait and
    process_wait, asleep, and killing itself), and each is collected with code 137. After it,
    every user frame, kernel heap block and kernel stack is back: a kill frees what an exit
    frees, whether the victim died on its way out of a system call or of an interrupt."""
    m = t.boot(test="run", run="kill_leaks")
    m.expect(r"^kill_leaks\[\d+\]: 21 kills in 7 roles: 21 ended by the kill and collected$", 120)
    m.expect(r"^run: kill_leaks \(pid \d+\) exited with code 0$", 30)
    m.expect(RUN_END, 60)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
