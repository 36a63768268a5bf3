"""Raw Ethernet frames built and taken apart with `struct`, for the peers the scenarios play.

Every builder computes correct lengths and checksums by default; each one can be told to get a
field wrong (`checksum=`, `total_length=`, `ihl=`...), which is how the hostile peer makes the
malformed frames of issue 13. Addresses are text ("10.0.2.15", "52:54:00:12:34:56") or bytes.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

ETH_IPV4 = 0x0800
ETH_ARP = 0x0806
PROTO_ICMP = 1
PROTO_TCP = 6
PROTO_UDP = 17

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

BROADCAST = "ff:ff:ff:ff:ff:ff"


def mac(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else bytes(int(x, 16) for x in text.split(":"))


def ip(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else bytes(int(x) for x in text.split("."))


def ip_text(raw: bytes) -> str:
    return ".".join(str(b) for b in raw)


def checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071): ones' complement of the ones' complement sum."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ethernet(dst, src, ethertype: int, payload: bytes) -> bytes:
    return mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload


def arp(op: int, sender_mac, sender_ip, target_mac, target_ip, *, hlen: int = 6) -> bytes:
    """An ARP packet (op 1 request, 2 reply) for Ethernet and IPv4; `hlen` can lie."""
    return (struct.pack("!HHBBH", 1, ETH_IPV4, hlen, 4, op) + mac(sender_mac) + ip(sender_ip)
            + mac(target_mac) + ip(target_ip))


def ipv4(src, dst, protocol: int, payload: bytes, *, ttl: int = 64, ident: int = 0,
         dont_fragment: bool = True, more_fragments: bool = False, offset: int = 0,
         options: bytes = b"", version: int = 4, ihl: int | None = None,
         total_length: int | None = None, checksum_value: int | None = None) -> bytes:
    """An IPv4 header and `payload`; `offset` in bytes (a multiple of 8)."""
    if len(options) % 4:
        options += b"\0" * (4 - len(options) % 4)
    header_words = ihl if ihl is not None else 5 + len(options) // 4
    length = total_length if total_length is not None else 20 + len(options) + len(payload)
    flags = (0x4000 if dont_fragment else 0) | (0x2000 if more_fragments else 0) | offset // 8
    header = struct.pack("!BBHHHBBH4s4s", version << 4 | header_words, 0, length, ident, flags,
                         ttl, protocol, 0, ip(src), ip(dst)) + options
    value = checksum(header) if checksum_value is None else checksum_value
    return header[:10] + struct.pack("!H", value) + header[12:] + payload


def _pseudo(src, dst, protocol: int, length: int) -> bytes:
    return ip(src) + ip(dst) + struct.pack("!BBH", 0, protocol, length)


def icmp_echo(identifier: int, sequence: int, payload: bytes, *, reply: bool = False,
              checksum_value: int | None = None) -> bytes:
    message = struct.pack("!BBHHH", 0 if reply else 8, 0, 0, identifier, sequence) + payload
    value = checksum(message) if checksum_value is None else checksum_value
    return message[:2] + struct.pack("!H", value) + message[4:]


def udp(src, dst, sport: int, dport: int, payload: bytes, *, length: int | None = None,
        checksum_value: int | None = None) -> bytes:
    size = length if length is not None else 8 + len(payload)
    segment = struct.pack("!HHHH", sport, dport, size, 0) + payload
    if checksum_value is None:
        value = checksum(_pseudo(src, dst, PROTO_UDP, 8 + len(payload)) + segment) or 0xFFFF
    else:
        value = checksum_value
    return segment[:6] + struct.pack("!H", value) + segment[8:]


def tcp(src, dst, sport: int, dport: int, seq: int, ack: int, flags: int, *,
        window: int = 65535, options: bytes = b"", payload: bytes = b"",
        data_offset: int | None = None, checksum_value: int | None = None) -> bytes:
    if len(options) % 4:
        options += b"\x01" * (4 - len(options) % 4)  # NOP padding
    words = data_offset if data_offset is not None else 5 + len(options) // 4
    segment = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                          words << 4, flags, window, 0, 0) + options + payload
    value = (checksum(_pseudo(src, dst, PROTO_TCP, len(segment)) + segment)
             if checksum_value is None else checksum_value)
    return segment[:16] + struct.pack("!H", value) + segment[18:]


def mss_option(mss: int) -> bytes:
    return struct.pack("!BBH", 2, 4, mss)


# ---- taking frames apart ------------------------------------------------------------------------

@dataclass
class Parsed:
    """What the peer needs of a frame: Ethernet, then ARP or IPv4 and its transport."""
    dst_mac: bytes
    src_mac: bytes
    ethertype: int
    arp_op: int = 0
    arp_sender_mac: bytes = b""
    arp_sender_ip: str = ""
    arp_target_ip: str = ""
    src: str = ""
    dst: str = ""
    protocol: int = 0
    ttl: int = 0
    icmp_type: int = -1
    icmp_code: int = -1
    icmp_id: int = 0
    icmp_seq: int = 0
    sport: int = 0
    dport: int = 0
    seq: int = 0
    ack: int = 0
    flags: int = 0
    window: int = 0
    payload: bytes = b""
    checksum_ok: bool = True


def parse(frame: bytes) -> Parsed | None:
    """The frame's fields, or None for a frame too short to be Ethernet."""
    if len(frame) < 14:
        return None
    p = Parsed(frame[0:6], frame[6:12], struct.unpack("!H", frame[12:14])[0])
    body = frame[14:]
    if p.ethertype == ETH_ARP and len(body) >= 28:
        p.arp_op = struct.unpack("!H", body[6:8])[0]
        p.arp_sender_mac = body[8:14]
        p.arp_sender_ip = ip_text(body[14:18])
        p.arp_target_ip = ip_text(body[24:28])
    elif p.ethertype == ETH_IPV4 and len(body) >= 20:
        header_bytes = (body[0] & 0xF) * 4
        total = struct.unpack("!H", body[2:4])[0]
        p.ttl, p.protocol = body[8], body[9]
        p.src, p.dst = ip_text(body[12:16]), ip_text(body[16:20])
        p.checksum_ok = checksum(body[:header_bytes]) == 0
        data = body[header_bytes:total]
        pseudo = _pseudo(p.src, p.dst, p.protocol, len(data))
        if p.protocol == PROTO_ICMP and len(data) >= 8:
            p.icmp_type, p.icmp_code = data[0], data[1]
            p.icmp_id, p.icmp_seq = struct.unpack("!HH", data[4:8])
            p.payload = data[8:]
            p.checksum_ok &= checksum(data) == 0
        elif p.protocol == PROTO_UDP and len(data) >= 8:
            p.sport, p.dport = struct.unpack("!HH", data[:4])
            p.payload = data[8:]
            p.checksum_ok &= data[6:8] == b"\0\0" or checksum(pseudo + data) == 0
        elif p.protocol == PROTO_TCP and len(data) >= 20:
            p.sport, p.dport, p.seq, p.ack = struct.unpack("!HHII", data[:12])
            p.flags, p.window = data[13], struct.unpack("!H", data[14:16])[0]
            p.payload = data[(data[12] >> 4) * 4:]
            p.checksum_ok &= checksum(pseudo + data) == 0
    return p
