"""Chapter 06: destroying kernel objects uses bounded stack, however deeply channels are nested."""
import re

from harness import scenario

# The runner's leak check: every "<before> and <after> <what>" pair on the line must match (the
# line may gain counters: each one is checked, whatever it counts).
LEAK_LINE = r"^run: in use before and after: (.*)$"
PAIR = re.compile(r"(\d+) and (\d+) ([a-z ]+)")


@scenario(since="06-ipc")
def nested_channels_close_at_any_depth(t):
    """A chain of 500 channels, each queued inside the next, is freed when its outer channel is
    closed and when its process exits holding one; a recursive destruction would overflow the
    kernel stack (a double fault) at about 27 levels. Nothing leaks."""
    m = t.boot(test="run", run="ipc_nesting")
    m.expect(r"^ipc_nesting\[\d+\]: built a chain of 500 channels$", 120)
    m.expect(r"^ipc_nesting\[\d+\]: closed the outer channel: ok$", 60)
    m.expect(r"^ipc_nesting\[\d+\]: built another chain of 500 channels; exiting with it held$", 120)
    m.expect(r"^run: ipc_nesting \(pid \d+\) exited with code 0$", 60)
    usage = m.expect(LEAK_LINE).group(1)
    pairs = PAIR.findall(usage)
    if not pairs or any(before != after for before, after, _ in pairs):
        m.fail(bad=usage, missing="the same count before and after, for everything the runner counts")
    m.expect_shutdown("pass")
