"""Chapter 09: a hostile peer on the guest's cable. Over QEMU's socket backend the test is the
only other host on the wire (tests/net/peer.py): it plays the gateway 10.0.2.2, answers the
guest's ARP, pings the guest, sends every malformed kind of frame issue 13 names, floods port 80
with 10,000 SYNs from forged addresses, and opens real TCP connections by hand. netstack runs
with a static address (net.dhcp = off); `netstat serve 9999` reports its counters over UDP, so
the peer reads them between two frames it sends and checks that exactly the counter it aimed at
moved, and no other drop counter did. Every frame the guest sent is then judged by tshark."""
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "net"))
import frames as f  # noqa: E402
import tshark_check  # noqa: E402
from peer import GUEST_IP, GUEST_MAC, Peer, PeerError, TcpClient  # noqa: E402

# netstack's own lines (the log adds "netstack[pid]: "; the text may repeat the name).
NETSTACK = r"^netstack\[\d+\]: (?:netstack: )?"
COUNTERS_PORT = 9999
OPTIONS = {"net.dhcp": "off", "net.address": f"{GUEST_IP}/24", "net.gateway": "10.0.2.2",
           "init.run": "httpd netstat udpecho", "init.args.netstat": f"serve {COUNTERS_PORT}"}
FLOOD_SYNS = 10_000


def _hello_txt(tree: Path) -> bytes:
    """/fat/hello.txt as the tree's FAT image holds it (what httpd must serve)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hello.txt"
        subprocess.run(["mcopy", "-n", "-i", str(tree / "build" / "fat.img"), "::hello.txt",
                        str(out)], check=True, capture_output=True,
                       env={**os.environ, "MTOOLS_SKIP_CHECK": "1"})
        return out.read_bytes()


def _delta(before: dict, after: dict) -> dict:
    return {k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)
            if after.get(k, 0) != before.get(k, 0)}


def _malformed(peer: Peer) -> list[tuple[str, str, int, object]]:
    """(what, the counter that must rise, by how much, a function sending it)."""
    ip, udp, tcp = peer.send_ip, f.udp, f.tcp
    me, you = peer.ip, GUEST_IP
    body = bytes(range(40))  # keeps every frame above Ethernet's 60-byte minimum
    eth = lambda ethertype, payload, dst=GUEST_MAC: peer.send(  # noqa: E731
        f.ethernet(dst, peer.mac, ethertype, payload))
    return [
        # Shorter than an Ethernet header: the driver drops it before the stack sees it.
        ("a 10-byte frame", None, 0, lambda: peer.send(bytes(range(10)))),
        ("an IPv4 frame with no IPv4 header", "drop_ip_header", 1, lambda: eth(f.ETH_IPV4, b"")),
        ("an ARP packet cut at 20 bytes", "drop_arp_malformed", 1,
         lambda: eth(f.ETH_ARP, f.arp(1, peer.mac, me, "00:00:00:00:00:00", you)[:20])),
        ("an IPv6 frame", "drop_ethertype", 1, lambda: eth(0x86DD, body + body)),
        ("a frame for another card", "drop_not_for_us", 1,
         lambda: eth(f.ETH_IPV4, f.ipv4(me, you, f.PROTO_UDP, udp(me, you, 1, 7, body)),
                     dst="02:00:00:00:00:99")),
        ("ARP with a 7-byte hardware address", "drop_arp_malformed", 1,
         lambda: eth(f.ETH_ARP, f.arp(1, peer.mac, me, "00:00:00:00:00:00", you, hlen=7) + body)),
        ("IPv4 version 6", "drop_ip_header", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), version=6)),
        ("IHL 4 (16-byte header)", "drop_ip_header", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), ihl=4)),
        ("total length past the frame", "drop_ip_header", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), total_length=1400)),
        ("total length inside the header", "drop_ip_header", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), total_length=12)),
        ("a wrong IPv4 header checksum", "drop_ip_checksum", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), checksum_value=0x1234)),
        ("an option that overruns the header", "drop_ip_options", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), options=bytes([7, 40, 4, 0]))),
        ("TTL 0", "drop_ttl", 1, lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body), ttl=0)),
        ("a datagram for another address", "drop_ip_not_for_us", 1,
         lambda: ip(f.PROTO_UDP, udp(me, "10.0.2.99", 1, 7, body), dst="10.0.2.99")),
        ("an unknown protocol", "drop_ip_protocol", 1, lambda: ip(99, body)),
        ("ICMP with a wrong checksum", "drop_icmp", 1,
         lambda: ip(f.PROTO_ICMP, f.icmp_echo(7, 7, body, checksum_value=0xBEEF))),
        ("UDP with a wrong checksum", "drop_udp_checksum", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body, checksum_value=0x4321))),
        ("a UDP length past the data", "drop_udp_header", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 7, body, length=900))),
        ("UDP to a closed port", "drop_udp_no_port", 1,
         lambda: ip(f.PROTO_UDP, udp(me, you, 1, 4444, body))),
        ("TCP with a wrong checksum", "drop_tcp_checksum", 1,
         lambda: ip(f.PROTO_TCP, tcp(me, you, 1234, 80, 1, 0, f.SYN, payload=body,
                                     checksum_value=0x1111))),
        ("a TCP data offset of 4 words", "drop_tcp_header", 1,
         lambda: ip(f.PROTO_TCP, tcp(me, you, 1234, 80, 1, 0, f.SYN, payload=body,
                                     data_offset=4))),
        ("two overlapping fragments", "drop_fragment", 1, lambda: _overlap(peer)),
    ]


def _overlap(peer: Peer) -> None:
    """Fragment 0-23 then 16-39 of one datagram, with different bytes where they overlap."""
    data = f.udp(peer.ip, GUEST_IP, 1, 7, bytes(range(32)))  # 40 bytes
    ident = random.randrange(1, 65535)
    peer.send_ip(f.PROTO_UDP, data[:24], ident=ident, dont_fragment=False, more_fragments=True)
    peer.send_ip(f.PROTO_UDP, bytes(24), ident=ident, dont_fragment=False, offset=16)


def _check_counters(m, peer: Peer, what: str, counter: str, rise: int, send) -> None:
    before = peer.counters(COUNTERS_PORT)
    send()
    after = peer.counters(COUNTERS_PORT)
    delta = _delta(before, after)
    drops = {k: v for k, v in delta.items() if k.startswith("drop_")}
    want = {counter: rise} if counter else {}
    if drops != want:
        m.fail(bad=f"{what}: drop counters moved by {drops}",
               missing=f"{counter} +{rise} and no other drop counter" if counter else
               "no drop counter of the stack moving")
    m.good.append(f"{what}: {counter} +{rise}, no other drop counter moved" if counter else
                  f"{what}: dropped before the stack (no stack counter moved)")


def _closed_port(m, peer: Peer) -> None:
    """A UDP datagram to a closed port earns an ICMP port unreachable that quotes the datagram's
    IP header and first 8 bytes (RFC 792, RFC 1122 4.1.3.1): what a host's stack matches to the
    socket that sent it (Linux's UDP socket then fails with ECONNREFUSED). A flood of them earns
    at most the rate limit's burst, one more each 100 ms; the rest are counted."""
    before = peer.counters(COUNTERS_PORT)
    datagram = f.ipv4(peer.ip, GUEST_IP, f.PROTO_UDP,
                      f.udp(peer.ip, GUEST_IP, 5557, 9, b"anyone on port 9?"))
    peer.send(f.ethernet(GUEST_MAC, peer.mac, f.ETH_IPV4, datagram))
    error = peer.receive(lambda p: p.protocol == f.PROTO_ICMP and p.icmp_type == 3, 10)
    if error is None or error.icmp_code != 3 or not error.checksum_ok or \
            error.payload != datagram[:28] or error.src != GUEST_IP:
        m.fail(bad=f"a datagram to closed UDP port 9: the guest answered {error}",
               missing="ICMP type 3 code 3 quoting the datagram's IP header and 8 bytes")
    after = peer.counters(COUNTERS_PORT)
    moved = _delta(before, after)
    if moved.get("drop_udp_no_port", 0) != 1 or moved.get("icmp_unreachable_sent", 0) != 1:
        m.fail(bad=f"a datagram to closed UDP port 9: counters moved by {moved}",
               missing="drop_udp_no_port +1, icmp_unreachable_sent +1")
    m.good.append("a datagram to closed UDP port 9: ICMP port unreachable (type 3 code 3) with "
                  "its IP header and UDP header quoted; drop_udp_no_port +1, "
                  "icmp_unreachable_sent +1")
    flood = 100
    for i in range(flood):
        peer.send_ip(f.PROTO_UDP, f.udp(peer.ip, GUEST_IP, 5558, 9, b"x" * 20))
    peer.drain(1.0)  # the errors that were sent: read and forgotten
    flooded = _delta(after, peer.counters(COUNTERS_PORT))
    sent, limited = flooded.get("icmp_unreachable_sent", 0), flooded.get("icmp_errors_limited", 0)
    # 100 datagrams in far less than 9 s: the burst of 10 and what refilled meanwhile go out.
    if flooded.get("drop_udp_no_port", 0) != flood or sent + limited != flood or \
            not 1 <= sent < flood // 2:
        m.fail(bad=f"{flood} datagrams to a closed port: counters moved by {flooded}",
               missing=f"drop_udp_no_port +{flood}, icmp_unreachable_sent (the burst) + "
                       f"icmp_errors_limited = {flood}")
    m.good.append(f"{flood} datagrams to a closed port at once: {sent} port unreachables sent, "
                  f"{limited} held back by the rate limit (icmp_errors_limited)")


def _http_get(peer: Peer, path: str) -> bytes:
    client = TcpClient(peer, 80)
    client.handshake()
    client.send_data(f"GET {path} HTTP/1.1\r\nHost: 10.0.2.15\r\nConnection: close\r\n\r\n"
                     .encode())
    return client.read_until_fin()


def _expect_hello(m, response: bytes, hello: bytes, when: str) -> None:
    head, _, body = response.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200 ") or body != hello or \
            f"Content-Length: {len(hello)}".encode() not in head:
        m.fail(bad=f"{when}: the answer was {response[:200]!r}",
               missing=f"200 with /fat/hello.txt's {len(hello)} bytes")
    m.good.append(f"{when}: GET /fat/hello.txt answered 200 with the file's {len(hello)} bytes")


@scenario(since="09-network", timeout=300)
def hostile_peer_over_raw_ethernet(t):
    """Pings, every malformed frame kind, an RST storm, a SYN flood, real handshakes after them."""
    hello = _hello_txt(t.tree)
    m = t.boot(network="socket", pcap=True, **OPTIONS)
    m.expect_all([NETSTACK + r"static address 10\.0\.2\.15/24 gateway 10\.0\.2\.2$",
                  NETSTACK + r"ready$",
                  r"^httpd\[\d+\]: serving the namespace on TCP port 80$",
                  rf"^netstat\[\d+\]: serving counters on UDP port {COUNTERS_PORT}$",
                  r"^udpecho\[\d+\]: listening on UDP port 7$"], 120)
    peer = Peer(m.socket_peer)
    try:
        start = peer.counters(COUNTERS_PORT, timeout=20)
    except PeerError as e:
        m.fail(bad=str(e), missing="netstack's counters over UDP")
    m.good.append(f"netstat answers over UDP; the guest asked ARP {peer.arp_answered} times")

    # The gateway's pings: echo replies with the same identifier, sequence and data.
    for seq in range(1, 6):
        data = random.randbytes(56)
        peer.send_ip(f.PROTO_ICMP, f.icmp_echo(0x4242, seq, data))
        reply = peer.receive(lambda p: p.icmp_type == 0 and p.icmp_seq == seq, 10)
        if reply is None or reply.icmp_id != 0x4242 or reply.payload != data or \
                not reply.checksum_ok or reply.src != GUEST_IP:
            m.fail(bad=f"echo request {seq}: reply {reply}", missing="an intact echo reply")
    pinged = peer.counters(COUNTERS_PORT)
    if pinged.get("icmp_echo_replies_sent", 0) - start.get("icmp_echo_replies_sent", 0) != 5:
        m.fail(bad=f"counters after 5 pings: {_delta(start, pinged)}",
               missing="icmp_echo_replies_sent +5")
    m.good.append("5 echo requests from the peer: 5 intact replies, icmp_echo_replies_sent +5")

    # A datagram in two fragments is put back together and echoed whole.
    payload = random.randbytes(1000)
    data = f.udp(peer.ip, GUEST_IP, 5555, 7, payload)
    ident = 0x7777
    peer.send_ip(f.PROTO_UDP, data[:512], ident=ident, dont_fragment=False, more_fragments=True)
    peer.send_ip(f.PROTO_UDP, data[512:], ident=ident, dont_fragment=False, offset=512)
    echo = peer.receive(lambda p: p.protocol == f.PROTO_UDP and p.dport == 5555, 10)
    if echo is None or echo.payload != payload or not echo.checksum_ok:
        m.fail(bad=f"the reassembled datagram's echo: {echo and len(echo.payload)} bytes",
               missing="the 1000 bytes echoed back")
    m.good.append("a UDP datagram in two fragments was reassembled and echoed whole")

    for what, counter, rise, send in _malformed(peer):
        _check_counters(m, peer, what, counter, rise, send)

    _closed_port(m, peer)

    # A segment far outside the receive window, then an RST storm with wrong sequence numbers
    # (RFC 5961): the connection survives both and answers its request.
    client = TcpClient(peer, 80)
    client.handshake()
    before = peer.counters(COUNTERS_PORT)
    client.send(f.ACK, b"x" * 40, seq=(client.seq + (1 << 30)) & 0xFFFFFFFF)
    after = peer.counters(COUNTERS_PORT)
    if after.get("drop_tcp_out_of_window", 0) - before.get("drop_tcp_out_of_window", 0) != 1:
        m.fail(bad=f"a segment 1 GiB ahead: counters moved by {_delta(before, after)}",
               missing="drop_tcp_out_of_window +1")
    m.good.append("a segment 1 GiB past the window: drop_tcp_out_of_window +1")
    storm = 100
    for i in range(storm):
        client.send(f.RST, seq=(client.seq + (1 << 31) + i * 1000) & 0xFFFFFFFF)
    stormed = peer.counters(COUNTERS_PORT)
    moved = _delta(after, stormed)
    drops = {k: v for k, v in moved.items() if k.startswith("drop_")}
    # Every RST reached TCP, each was dropped and counted (drop_tcp_rst, RFC 5961 3.2: only an
    # RST exactly at the next expected number resets), none earned an answer (out of the window:
    # silence), and none reset the connection (the GET below is answered).
    if moved.get("tcp_in", 0) != storm or drops != {"drop_tcp_rst": storm} or \
            moved.get("tcp_challenge_acks", 0) != 0:
        m.fail(bad=f"{storm} RSTs outside the window: counters moved by {moved}",
               missing=f"tcp_in +{storm}, drop_tcp_rst +{storm}, no other drop, no challenge ACK")
    m.good.append(f"{storm} RSTs outside the window: tcp_in +{storm}, drop_tcp_rst +{storm}, "
                  "no challenge ACK")
    # An RST inside the window but not at the next expected number: dropped too, and answered
    # with a challenge ACK telling where the connection really is (a peer that lost its state
    # answers that with an RST at the right number; a blind attacker never sees it).
    client.send(f.RST, seq=(client.seq + 1000) & 0xFFFFFFFF)
    challenge = peer.receive(lambda p: p.protocol == f.PROTO_TCP and p.sport == 80 and
                             p.dport == client.sport, 10)
    if challenge is None or challenge.flags & (f.RST | f.SYN | f.FIN) or \
            not challenge.flags & f.ACK or challenge.ack != client.seq or challenge.payload:
        m.fail(bad=f"an RST 1000 bytes into the window: the guest answered {challenge}",
               missing=f"a bare ACK of {client.seq} (a challenge ACK)")
    challenged = _delta(stormed, peer.counters(COUNTERS_PORT))
    if {k: v for k, v in challenged.items() if k.startswith("drop_")} != {"drop_tcp_rst": 1} or \
            challenged.get("tcp_challenge_acks", 0) != 1:
        m.fail(bad=f"an RST 1000 bytes into the window: counters moved by {challenged}",
               missing="drop_tcp_rst +1, tcp_challenge_acks +1, no other drop")
    m.good.append("an RST inside the window but not at rcv_nxt: a challenge ACK of the right "
                  "number, drop_tcp_rst +1, tcp_challenge_acks +1")
    client.send_data(b"GET /fat/hello.txt HTTP/1.1\r\nHost: 10.0.2.15\r\nConnection: close\r\n\r\n")
    _expect_hello(m, client.read_until_fin(), hello, "the connection after the RST storm")

    # 10,000 SYNs from forged addresses off the network (so through the gateway: the peer),
    # paced so that the host's socket buffer does not drop them before QEMU reads them.
    flood_start = peer.counters(COUNTERS_PORT)
    began = time.monotonic()
    for i in range(FLOOD_SYNS):
        src = f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"
        peer.send_ip(f.PROTO_TCP, f.tcp(src, GUEST_IP, random.randrange(1024, 65535), 80,
                                        random.randrange(1 << 32), 0, f.SYN), src=src)
        if i % 100 == 99:
            peer.drain(0.01)  # SYN-ACKs to the forged addresses: read and forgotten
    flood_seconds = time.monotonic() - began
    flooded = peer.counters(COUNTERS_PORT, timeout=60)
    delta = _delta(flood_start, flooded)
    if delta.get("drop_syn_backlog_full", 0) < 1 or delta.get("tcp_in", 0) < FLOOD_SYNS // 2:
        m.fail(bad=f"after {FLOOD_SYNS} SYNs in {flood_seconds:.1f} s: {delta}",
               missing="most SYNs reached TCP, and the full backlog evicted some")
    m.good.append(f"{FLOOD_SYNS} SYNs sent in {flood_seconds:.1f} s: tcp_in +{delta['tcp_in']}, "
                  f"drop_syn_backlog_full +{delta['drop_syn_backlog_full']}")
    began = time.monotonic()
    _expect_hello(m, _http_get(peer, "/fat/hello.txt"), hello, "a new connection after the flood")
    m.good.append(f"the real handshake and GET took {time.monotonic() - began:.2f} s")

    # The driver's own counters, through netstack and netstat: every frame it handed up reached
    # the stack (the peer is the only sender and waits for this answer, so nothing is in flight),
    # and it sent what the stack gave it (this answer's frame is still on its way: at most).
    final = peer.counters(COUNTERS_PORT)
    rx, tx = final.get("link_rx_frames", 0), final.get("link_tx_frames", 0)
    if rx != final.get("frames_in", 0) or not 0 < tx <= final.get("frames_out", 0) or \
            final.get("link_rx_bytes", 0) < 14 * rx:  # the peer's frames are not padded to 60
        m.fail(bad=f"link counters {rx} frames in, {tx} out; the stack's "
                   f"{final.get('frames_in')} in, {final.get('frames_out')} out",
               missing="link_rx_frames = frames_in, 0 < link_tx_frames <= frames_out")
    m.good.append(f"the driver's counters through netstat: link_rx_frames {rx} = frames_in, "
                  f"link_tx_frames {tx} (frames_out {final.get('frames_out')}), "
                  f"link_rx_dropped {final.get('link_rx_dropped', 0)}")

    m.quit()
    frames, bad = tshark_check.check(m.pcap, allow_retransmissions=True, source_mac=GUEST_MAC,
                                     data_ports=(COUNTERS_PORT,))
    if frames == 0 or bad:
        m.fail(bad=f"tshark: {len(bad)} bad frames from the guest: {bad[:5]}",
               missing="a capture where every frame the guest sent is well formed")
    m.good.append(f"tshark: {frames} frames captured, every one the guest sent well formed with "
                  "correct checksums")
