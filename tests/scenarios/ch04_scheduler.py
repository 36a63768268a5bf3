"""Chapter 04: the timer, tasks, context switches and round-robin preemption."""
import re

from harness import scenario


@scenario(since="04-scheduler", capture={"boot.log": "04-scheduler-preemption.log"})
def tasks_that_never_yield_interleave(t):
    """Three tasks that busy-wait and never yield still take turns: the timer preempts them."""
    m = t.boot(test="preemption")
    first = m.expect(r"^sched: first task switch, to \w+ at tick \d+$", 60)
    m.good.append(f"first task switch {m.elapsed():.1f} s after QEMU started")
    m.expect(r"^test: three tasks that never yield all finished, \d+ task switches$")
    order = [re.match(r"^task ([ABC]): step (\d) at tick \d+$", line) for line in m.lines]
    order = [(g.group(1), int(g.group(2))) for g in order if g]
    if sorted(order) != [(task, step) for task in "ABC" for step in range(1, 7)]:
        m.fail(bad=f"steps seen: {order}", missing="six steps of each of A, B and C")
    # Without preemption each task would run its six steps in one block: A1..A6 B1..B6 C1..C6.
    changes = sum(1 for a, b in zip(order, order[1:]) if a[0] != b[0])
    if changes < 6:
        m.fail(bad=f"the output changes task only {changes} times: {order}", missing="interleaved steps")
    m.good.append(f"steps interleave: {changes} changes of task in {len(order)} lines")
    m.expect_shutdown("pass")


@scenario(since="04-scheduler")
def yield_gives_the_cpu_away(t):
    """Two tasks that yield after every line alternate strictly: X1 Y1 X2 Y2 ... (without a
    working yield, each would print its five lines within one time slice).

    A timer tick that ends a slice between a task's line and its yield would reorder the lines.
    On QEMU's usual clock a busy host can stretch one line over a slice; on the guest's own clock
    (launch.py's VIRTUAL_CLOCK) a line takes the same few guest microseconds on any host."""
    m = t.boot(test="yield", virtual_clock=True)
    for turn in range(1, 6):
        for task in "XY":
            m.expect(rf"^yield: {task} turn {turn}$", 60)
    turns = [line for line in m.lines if line.startswith("yield: ")]
    expected = [f"yield: {task} turn {turn}" for turn in range(1, 6) for task in "XY"]
    if turns != expected:
        m.fail(bad=f"order {turns}", missing="strict alternation")
    m.expect_shutdown("pass")


def _expect_sleeps_on_time(m):
    """The sleeper's four sleeps (1, 5, 20, 50 ticks) each end within one tick of the request."""
    for want in (1, 5, 20, 50):
        got = m.expect(rf"^sleep: asked for {want} ticks, woke after (\d+)$", 60)
        if abs(int(got.group(1)) - want) > 1:
            m.fail(bad=got.group(0), missing=f"a wake-up after {want} +- 1 ticks")


@scenario(since="04-scheduler")
def sleep_wakes_on_time(t):
    """A task sleeping N ticks wakes after N ticks, give or take one."""
    m = t.boot(test="sleep")
    _expect_sleeps_on_time(m)
    m.expect_shutdown("pass")


@scenario(since="04-scheduler")
def busy_task_does_not_starve_sleeper(t):
    """Next to a task that spins forever, a sleeper still wakes on time, and the spinner still runs."""
    m = t.boot(test="starvation")
    _expect_sleeps_on_time(m)
    busy = m.expect(r"^test: the busy task counted to (\d+) meanwhile$")
    if int(busy.group(1)) == 0:
        m.fail(bad="the busy task never ran")
    m.expect_shutdown("pass")


@scenario(since="04-scheduler")
def tick_rate_matches_rtc(t):
    """The tick rate, counted over 3 seconds of the RTC, is within 3% of the configured rate, at
    the default 100 Hz and at `hz = 250` from boot.cfg.

    On QEMU's usual clock a busy host makes QEMU miss timer periods (and skews the APIC's
    calibration against the PIT): 250 Hz measured 72-98 Hz under load. These boots give the guest
    a clock that follows its own instructions (launch.py's VIRTUAL_CLOCK), so the figure depends
    on the kernel only: a tick is lost only if the kernel keeps interrupts off for a period."""
    for hz in (100, 250):
        options = {"test": "tick-rate"} if hz == 100 else {"test": "tick-rate", "hz": str(hz)}
        m = t.boot(f"hz{hz}", virtual_clock=True, **options)
        # The firmware boots slower under -icount, and slower still on a busy host: a generous bound.
        got = m.expect(rf"^timer: (\d+) ticks in 3 RTC seconds, {hz} Hz configured$", 300)
        measured = int(got.group(1)) / 3
        if abs(measured - hz) > 0.03 * hz:
            m.fail(bad=f"{measured:.0f} Hz measured", missing=f"{hz} Hz +- 3%")
        m.good.append(f"measured {measured:.1f} Hz for {hz} Hz configured")
        m.expect_shutdown("pass", timeout=30)


# Until chapter 09: from chapter 10 on, the compositor owns the screen and the kernel's counters
# stop drawing (kernel/demo_tasks.cpp); chapter 10 says why.
@scenario(since="04-scheduler", until="09-network",
          capture={"boot-counters.png": "04-scheduler-counters.png"})
def demo_tasks_run(t):
    """`make run`'s demo in chapter 04 (`demo = counters`, asked for here on every tree): the
    counters share the CPU and the clock task logs on time."""
    m = t.boot(demo="counters")
    m.expect(r"^demo: three counters that never yield, and a clock every 5 s$", 60)
    clock = m.expect(r"^clock: 5 s, (\d+) ticks, (\d+) task switches$", 30)
    if int(clock.group(2)) < 100:
        m.fail(bad=clock.group(0), missing="many task switches in 5 s")
    image = m.screendump("counters")
    # Each counter draws its line in its own colour in the banner's right half.
    for row, colour in enumerate([(0xFF, 0x99, 0x00), (0x40, 0xC0, 0x40), (0xFF, 0xFF, 0xFF)]):
        y = 160 + row * 40
        if image.count(480, y, 900, y + 32, lambda p: p == colour) < 50:
            m.fail(bad=f"no text in colour {colour} at row {row}", missing="three counters on screen")
    m.quit()
