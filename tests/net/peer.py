"""A host on the guest's Ethernet, played by a test over QEMU's socket backend (harness
SocketPeer): it answers ARP for its addresses, pings, reads netstack's counters from `netstat
serve` over UDP, and opens real TCP connections by hand, one segment at a time, so the test
decides every byte the guest sees (tests/scenarios/ch09_hostile.py).
"""
from __future__ import annotations

import random
import time

import frames as f

GUEST_MAC = "52:54:00:12:34:56"
GUEST_IP = "10.0.2.15"
PEER_MAC = "02:00:00:00:00:02"  # locally administered
PEER_IP = "10.0.2.2"            # the peer plays the guest's gateway


class PeerError(AssertionError):
    pass


class Peer:
    def __init__(self, link, *, mac: str = PEER_MAC, address: str = PEER_IP):
        self.link = link  # harness.socket_peer.SocketPeer
        self.mac, self.ip = mac, address
        self.arp_answered = 0

    # ---- frames in and out -----------------------------------------------------------------
    def send(self, frame: bytes) -> None:
        self.link.send(frame)

    def send_ip(self, protocol: int, payload: bytes, *, src: str | None = None,
                dst: str = GUEST_IP, **ip) -> None:
        self.send(f.ethernet(GUEST_MAC, self.mac, f.ETH_IPV4,
                             f.ipv4(src or self.ip, dst, protocol, payload, **ip)))

    def receive(self, accept, timeout: float) -> f.Parsed | None:
        """The next frame from the guest that `accept(parsed)` likes; ARP requests for the peer's
        address are answered on the way, everything else is skipped."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            raw = self.link.receive(left)
            if raw is None:
                return None
            p = f.parse(raw)
            if p is None:
                continue
            if p.ethertype == f.ETH_ARP and p.arp_op == 1:
                # Every address off the guest's network goes through the gateway: this peer.
                self.send(f.ethernet(p.src_mac, self.mac, f.ETH_ARP,
                                     f.arp(2, self.mac, p.arp_target_ip, p.arp_sender_mac,
                                           p.arp_sender_ip)))
                self.arp_answered += 1
                continue
            if accept(p):
                return p
        return None

    def drain(self, seconds: float) -> int:
        """Reads (and answers ARP in) whatever the guest sends for `seconds`; how many frames."""
        seen = []
        self.receive(lambda p: seen.append(p) is None and False, seconds)
        return len(seen)

    # ---- the counters, through `netstat serve PORT` ---------------------------------------------
    def counters(self, port: int, timeout: float = 10.0) -> dict[str, int]:
        """netstack's non-zero counters (absent ones are 0), asked over UDP."""
        local = random.randrange(20000, 30000)
        self.send_ip(f.PROTO_UDP, f.udp(self.ip, GUEST_IP, local, port, b"counters?"))
        reply = self.receive(lambda p: p.protocol == f.PROTO_UDP and p.dport == local, timeout)
        if reply is None:
            raise PeerError(f"no answer from netstat on UDP port {port} within {timeout:.0f} s")
        values = {}
        for line in reply.payload.decode().splitlines():
            name, value = line.split()
            values[name] = int(value)
        return values


class TcpClient:
    """One TCP connection opened and driven by hand from the peer."""

    def __init__(self, peer: Peer, port: int, *, sport: int | None = None):
        self.peer, self.port = peer, port
        self.sport = sport or random.randrange(40000, 60000)
        self.seq = random.randrange(1 << 32)  # our next sequence number
        self.ack = 0                          # the next byte we expect from the guest
        self.received = b""
        self.fin = False

    def _segment(self, flags: int, payload: bytes = b"", *, seq: int | None = None,
                 **tcp) -> bytes:
        return f.tcp(self.peer.ip, GUEST_IP, self.sport, self.port,
                     self.seq if seq is None else seq, self.ack, flags, payload=payload, **tcp)

    def send(self, flags: int, payload: bytes = b"", **tcp) -> None:
        self.peer.send_ip(f.PROTO_TCP, self._segment(flags, payload, **tcp))

    def _ours(self, p: f.Parsed) -> bool:
        return p.protocol == f.PROTO_TCP and p.sport == self.port and p.dport == self.sport

    def handshake(self, timeout: float = 20.0) -> None:
        self.send(f.SYN, options=f.mss_option(1460))
        reply = self.peer.receive(lambda p: self._ours(p) and p.flags & f.SYN, timeout)
        if reply is None or not reply.flags & f.ACK or reply.ack != (self.seq + 1) & 0xFFFFFFFF:
            raise PeerError(f"no SYN-ACK from port {self.port}: {reply}")
        if not reply.checksum_ok:
            raise PeerError("the SYN-ACK's checksum is wrong")
        self.seq = (self.seq + 1) & 0xFFFFFFFF
        self.ack = (reply.seq + 1) & 0xFFFFFFFF
        self.send(f.ACK)

    def send_data(self, data: bytes) -> None:
        self.send(f.ACK | f.PSH, data)
        self.seq = (self.seq + len(data)) & 0xFFFFFFFF

    def read_until_fin(self, timeout: float = 30.0) -> bytes:
        """Collects the guest's bytes in order, acknowledging each segment, until its FIN; then
        closes our side."""
        deadline = time.monotonic() + timeout
        while not self.fin:
            p = self.peer.receive(self._ours, deadline - time.monotonic())
            if p is None:
                raise PeerError(f"no FIN within {timeout:.0f} s; {len(self.received)} bytes came")
            if not p.checksum_ok:
                raise PeerError("a segment from the guest has a wrong checksum")
            if p.flags & f.RST:
                raise PeerError("the guest reset the connection")
            if p.seq == self.ack:
                self.received += p.payload
                self.ack = (self.ack + len(p.payload)) & 0xFFFFFFFF
                if p.flags & f.FIN:
                    self.ack = (self.ack + 1) & 0xFFFFFFFF
                    self.fin = True
            self.send(f.ACK)  # a duplicate or early segment gets our current ACK again
        self.send(f.FIN | f.ACK)
        self.seq = (self.seq + 1) & 0xFFFFFFFF
        return self.received
