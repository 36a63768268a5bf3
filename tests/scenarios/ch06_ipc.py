"""Chapter 06: channels, messages and handles with rights."""
import re

from harness import NOTHING_LEAKED, RUN_END, scenario



@scenario(since="06-ipc", capture={"boot.log": "06-ipc-ping-pong.log"})
def ping_pong_round_trips(t):
    """Two processes exchange 1000 messages with channel_call; ping checks every answer and prints
    the measured median round trip in TSC ticks; pong ends when ping's end closes."""
    m = t.boot(test="run", run="ipc_ping")
    got = m.expect(r"^ipc_ping\[\d+\]: 1000 round trips to pid (\d+): median (\d+) TSC ticks, fastest (\d+), "
                   r"slowest (\d+)$", 120)
    # The figures themselves depend on the host; `make bench` reports them.
    m.expect(RUN_END, 60)
    # pong and the runner both wake when ping exits: their lines come in either order.
    for want in (rf"ipc_pong\[{got.group(1)}\]: answered 1000 messages, then: peer closed",
                 r"run: ipc_ping \(pid \d+\) exited with code 0"):
        if not any(re.fullmatch(want, line) for line in m.lines):
            m.fail(missing=want)
        m.good.append(want)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="06-ipc")
def handle_and_message_rules(t):
    """A read-only handle cannot write or be widened; closed and made-up handles are rejected;
    oversize payloads, a handle named twice, a channel sent through itself, a full queue, a read
    into an unmapped buffer (which must leave the message queued), an empty channel, a closed
    peer: each gives its own error code."""
    m = t.boot(test="run", run="ipc_rights")
    for what, error in (("write through a read-only handle", "access denied"),
                        ("duplicate it with the write right added", "access denied"),
                        ("write through the full handle", "ok"),
                        ("close the read-only handle", "ok"),
                        ("use the closed handle", "bad handle"),
                        ("use a made-up handle", "bad handle"),
                        ("send an oversize payload", "invalid argument"),
                        ("name one handle twice in a message", "invalid argument"),
                        ("send a channel's handle through itself", "not permitted")):
        m.expect(rf"^ipc_rights\[\d+\]: {re.escape(what)}: {error}$", 60)
    m.expect(r"^ipc_rights\[\d+\]: the queue took 16 messages$")
    for what, error in (("write to a full queue", "should wait"),
                        ("read into an unmapped buffer", "bad address"),
                        ("read an empty channel without waiting", "should wait"),
                        ("read an empty channel for 50 ms", "timed out"),
                        ("close one end", "ok"),
                        ("read after the other end closed", "peer closed"),
                        ("write after the other end closed", "peer closed")):
        m.expect(rf"^ipc_rights\[\d+\]: {re.escape(what)}: {error}$")
    m.expect(r"^ipc_rights\[\d+\]: 0 unexpected results$")
    m.expect(r"^run: ipc_rights \(pid \d+\) exited with code 0$")
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="06-ipc")
def endpoint_moves_to_another_process(t):
    """An endpoint sent in a message works in the receiving process and no longer in the sender;
    a read blocked on the channel wakes with peer-closed when the receiver exits."""
    m = t.boot(test="run", run="ipc_transfer")
    # The two processes run side by side: who prints first after the send is not ordered.
    sent, got = m.expect_all([r"^ipc_transfer\[(\d+)\]: sent endpoint \d+ to pid (\d+); using it here now gives: bad handle$",
                              r"^ipc_relay\[(\d+)\]: got endpoint \d+ in a message from pid (\d+)$"], 60)
    relay = sent.group(2)
    if (got.group(1), got.group(2)) != (relay, sent.group(1)):
        m.fail(bad=got.group(0), missing=f"ipc_relay[{relay}]: got endpoint N in a message from pid {sent.group(1)}")
    # From here on each line causes the next: the relay's greeting, ipc_transfer's answer (a
    # message the relay waits for), the relay's exit, which wakes ipc_transfer's read.
    m.expect(rf"^ipc_transfer\[\d+\]: received \"hello through a transferred endpoint\" from pid {relay}$")
    m.expect(rf"^ipc_relay\[{relay}\]: exiting without closing anything$")
    m.expect(r"^ipc_transfer\[\d+\]: blocked read woke up: peer closed$")
    m.expect(r"^run: ipc_transfer \(pid \d+\) exited with code 0$")
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
