"""Chapter 06 (issue 11): the benchmark `make bench` runs, and the fast IPC path keeps its promises.

bench (user/apps/bench.cpp) times get_pid, channel_call round trips to bench_peer and yield
switches, by the method `make bench` shares with the Linux side. Every one of its round trips
goes through the direct hand-off (the server is always waiting) and checks its reply: the payload
plus one, 8 bytes, from the peer's pid; a wrong reply makes it exit with code 3. The figures
themselves depend on the host and are not checked here: `make bench` reports them."""
import re

from harness import NOTHING_LEAKED, RUN_END, scenario

FIGURE = (r"^bench\[\d+\]: {} best round median (\d+) ticks, median round (\d+) "
          r"\(\d+ rounds of {} samples\)$")


@scenario(since="06-ipc")
def bench_runs_and_every_reply_is_right(t):
    """The three figures come, in order, each a positive best round no higher than the median
    round; bench exits with 0 (every one of the 1010 round-trip replies of every round was
    right), its peer ends after its last round, and nothing leaks."""
    m = t.boot(test="run", run="bench")
    for name, samples in (("null-syscall", 10000), ("round-trip", 1000), ("yield", 1000)):
        got = m.expect(FIGURE.format(name, samples), 180)
        if not 0 < int(got.group(1)) <= int(got.group(2)):
            m.fail(bad=got.group(0), missing=f"a positive {name} best round, at most the median")
    m.expect(RUN_END, 120)
    want = r"run: bench \(pid \d+\) exited with code 0"
    if not any(re.fullmatch(want, line.strip()) for line in m.lines):
        m.fail(missing=want)
    m.good.append(want)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="06-ipc")
def calling_pair_does_not_starve_others(t):
    """Two processes that call each other back to back (ipc_storm, and bench_peer answering with
    channel_reply_wait) hand the CPU to each other at every call. A busy process beside them
    (spinner, about ten ticks of work) must still get its share and finish long before the storm
    (about a hundred ticks): a hand-off passes the rest of the slice on, it never renews it. On the
    guest clock both lengths are fixed, whatever the host's speed."""
    m = t.boot(test="run", run="spinner ipc_storm", virtual_clock=True)
    m.expect(r"^ipc_storm\[\d+\]: calling pid \d+ 100000 times$", 60)
    m.expect(r"^spinner\[\d+\]: done computing$", 300)
    m.expect(r"^ipc_storm\[\d+\]: done$", 300)
    m.expect(RUN_END, 60)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
