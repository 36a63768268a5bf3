"""The far end of the guest's network cable, for tests that speak raw Ethernet (chapter 09).

With `t.boot(network="socket")` QEMU's dgram netdev carries every frame the guest's card sends
as one UDP datagram to this peer's socket on the loopback, and every datagram the peer sends
becomes one frame the card receives (launch.dgram_netdev). No router, no DHCP, nothing answers
but the test: it sees the exact bytes the guest put on the wire and can send any bytes back,
including frames no real network would carry.
"""
from __future__ import annotations

import select
import socket
import time


def free_udp_port() -> int:
    """A UDP port on the loopback that nothing is bound to right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SocketPeer:
    """A UDP socket that sends and receives the guest's Ethernet frames."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # Room for a burst from the guest while the test is busy elsewhere.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]  # where QEMU sends the guest's frames
        self.qemu_port = free_udp_port()        # where QEMU listens for frames to the guest

    def send(self, frame: bytes) -> None:
        """Puts `frame` (destination MAC first, no FCS) on the guest's wire."""
        self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))

    def receive(self, timeout: float) -> bytes | None:
        """The next frame the guest sent, or None when none came within `timeout` seconds."""
        ready, _, _ = select.select([self.sock], [], [], max(0.0, timeout))
        if not ready:
            return None
        return self.sock.recv(65536)

    def receive_matching(self, accept, timeout: float) -> bytes | None:
        """The next frame for which `accept(frame)` is true, skipping others; None on timeout."""
        deadline = time.monotonic() + timeout
        while (frame := self.receive(deadline - time.monotonic())) is not None:
            if accept(frame):
                return frame
        return None

    def close(self) -> None:
        self.sock.close()
