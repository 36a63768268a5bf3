"""Chapter 06: destroying kernel objects uses bounded stack, however deeply channels are nested."""
from harness import NOTHING_LEAKED, scenario


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
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
