"""Chapter 09: the virtio-net driver and the link protocol, with no network stack: the raw client
net_link_test takes the link channel and speaks Ethernet by hand."""
import struct
import time

from harness import scenario

LINK_TEST = {"init.net_client": "net_link_test"}
GUEST_MAC = bytes.fromhex("525400123456")
SLIRP_GATEWAY_MAC = "52:55:0a:00:02:02"
ETHERTYPE_CONTROL, ETHERTYPE_BURST = 0x88B5, 0x88B6
PEER_MAC = bytes.fromhex("020000000001")  # a locally administered address for the test peer
RX_SLOTS, RING = 128, 256  # the driver's receive slots, its receive queue (common_start checks)
BURST = 500


def arp_request() -> bytes:
    """The ARP request net_link_test builds: who has 10.0.2.2, tell 10.0.2.15, padded to 60."""
    frame = b"\xff" * 6 + GUEST_MAC + b"\x08\x06"
    frame += struct.pack(">HHBBH", 1, 0x0800, 6, 4, 1) + GUEST_MAC + bytes([10, 0, 2, 15])
    frame += bytes(6) + bytes([10, 0, 2, 2])
    return frame + bytes(60 - len(frame))


def arp_reply(mac: bytes) -> bytes:
    """10.0.2.2 is at `mac`, to the guest."""
    frame = GUEST_MAC + mac + b"\x08\x06"
    frame += struct.pack(">HHBBH", 1, 0x0800, 6, 4, 2) + mac + bytes([10, 0, 2, 2])
    frame += GUEST_MAC + bytes([10, 0, 2, 15])
    return frame + bytes(60 - len(frame))


def control(command: str) -> bytes:
    frame = GUEST_MAC + PEER_MAC + struct.pack(">H", ETHERTYPE_CONTROL) + command.encode()
    return frame + bytes(max(0, 60 - len(frame)))


def burst_frame(seq: int) -> bytes:
    """Frame `seq` of the burst: as net_link_test's intact() expects it."""
    length = 60 + (seq % 8) * 100
    head = GUEST_MAC + PEER_MAC + struct.pack(">HH", ETHERTYPE_BURST, seq)
    return head + bytes((seq + i) & 0xFF for i in range(len(head), length))


def pcap_frames(path) -> list[bytes]:
    """The frames of a pcap file (what QEMU's filter-dump wrote)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0xA1B2C3D4 else ">"
    frames, at = [], 24
    while at + 16 <= len(data):
        captured = struct.unpack(end + "I", data[at + 8:at + 12])[0]
        frames.append(data[at + 16:at + 16 + captured])
        at += 16 + captured
    return frames


def common_start(m) -> None:
    """What every boot with net_link_test shows up to its hello."""
    m.expect(r"^devmgr\[\d+\]: 00:06\.0 1af4:1041 virtio network$", 60, source="devmgr")
    m.expect(r"^devmgr\[\d+\]: network card 0: started virtio_net as pid \d+ for 00:06\.0 "
             r"\(MSI vector \d+\)$", source="devmgr")
    m.expect(r"^virtio_net\[\d+\]: network card at 00:06\.0: mac 52:54:00:12:34:56, link up, "
             r"queues of 256 and 256, 128\+128 slots of 2048 bytes$", 60, source="virtio_net")
    m.expect(r"^net_link_test\[\d+\]: hello: mac 52:54:00:12:34:56, mtu 1500, 128 rx \+ 128 tx "
             r"slots of 2048 bytes, link up$", 60, source="net_link_test")
    m.expect(r"^net_link_test\[\d+\]: frame area: 524288 bytes mapped, physical address hidden$",
             source="net_link_test")
    m.expect(r"^net_link_test\[\d+\]: sent an ARP request for 10\.0\.2\.2$", source="net_link_test")


def bad_entries(m) -> None:
    m.expect(r"^net_link_test\[\d+\]: sent 4 bad transmit entries: tx_errors \+4, "
             r"frames sent \+0$", 30, source="net_link_test")
    m.expect(r"^net_link_test\[\d+\]: ready for control frames$", source="net_link_test")


@scenario(since="09-network")
def link_to_slirp(t):
    """QEMU's user network: the driver comes up with the fixed MAC and hands the raw client the
    frame area (without its physical address); an ARP request the client builds reaches QEMU's
    gateway and its reply comes back (52:55:0a:00:02:02); the driver refuses four bad transmit
    entries and sends nothing for them; QEMU's capture (pcap) holds the request byte for byte."""
    m = t.boot(network="user", pcap=True, **LINK_TEST)
    common_start(m)
    m.expect(rf"^net_link_test\[\d+\]: gateway 10\.0\.2\.2 is at {SLIRP_GATEWAY_MAC}$", 30,
             source="net_link_test")
    bad_entries(m)
    m.quit()
    frames = pcap_frames(m.pcap)
    if arp_request() not in frames:
        m.fail(bad=f"{len(frames)} frames in {m.pcap}, none the ARP request",
               missing="the guest's ARP request in the capture")
    m.good.append(f"the capture holds the ARP request byte for byte ({len(frames)} frames)")


@scenario(since="09-network")
def link_raw_peer(t):
    """A raw cable to the test (QEMU's dgram netdev): the test receives the ARP request exactly
    as built and answers it; frames the driver cannot take (5 bytes, 1520 bytes: no Ethernet
    frame is so short or, without VLAN tags, so long) are counted dropped, one too long for the
    receive buffers (1600 bytes) never reaches the driver; an echo comes back intact; then, while
    the client holds every receive slot, a burst of 500 frames: the driver hands over 128, drops
    none, and delivers the ones that waited in the card's ring (at least 256 more) after the
    release, intact and in order."""
    m = t.boot(network="socket", **LINK_TEST)
    peer = m.socket_peer
    common_start(m)
    frame = peer.receive_matching(lambda f: f[12:14] == b"\x08\x06", 60)
    if frame != arp_request():
        m.fail(bad=f"frame from the guest: {frame.hex() if frame else None}",
               missing=f"the ARP request {arp_request().hex()}")
    m.good.append("the peer received the ARP request byte for byte")
    peer.send(arp_reply(PEER_MAC))
    m.expect(r"^net_link_test\[\d+\]: gateway 10\.0\.2\.2 is at 02:00:00:00:00:01$", 30,
             source="net_link_test")
    bad_entries(m)

    def control_reply(prefix: str, timeout: float = 30):
        got = peer.receive_matching(
            lambda f: f[12:14] == struct.pack(">H", ETHERTYPE_CONTROL)
            and f[14:].startswith(prefix.encode()), timeout)
        if got is None:
            m.fail(missing=f"a control frame {prefix!r} from the guest")
        return got[14:].rstrip(b"\0").decode()

    def counters() -> dict[str, int]:
        peer.send(control("counters"))
        words = control_reply("counters").split()[1:]
        return {words[i]: int(words[i + 1]) for i in range(0, len(words), 2)}

    before = counters()
    peer.send(GUEST_MAC + PEER_MAC + b"\x88")  # 13 bytes: shorter than an Ethernet header
    peer.send(GUEST_MAC + PEER_MAC + struct.pack(">H", ETHERTYPE_BURST) + bytes(1506))  # 1520
    peer.send(GUEST_MAC + PEER_MAC + struct.pack(">H", ETHERTYPE_BURST) + bytes(1586))  # 1600
    echo = control("echo")
    peer.send(echo)
    back = control_reply("echo")
    m.good.append(f"echo came back: {back!r}")
    after = counters()
    delta = {k: after[k] - before[k] for k in after}
    # The counters request itself and the echo are received frames; the echo is sent.
    want = {"rx_frames": 2, "rx_dropped": 2, "tx_frames": 2, "tx_errors": 0}
    for key, value in want.items():
        if delta[key] != value:
            m.fail(bad=f"{key} grew by {delta[key]}",
                   missing=f"{key} +{value} (runt and 1520-byte frame dropped, 1600 never seen)")
    m.good.append(f"counters after the bad frames: {delta}")

    peer.send(control("hold"))
    control_reply("holding")
    # In rounds of 50, 0.1 s apart, so that the host's socket buffer (net.core.rmem_default,
    # 208 KiB, about 250 small datagrams) loses as few as possible while QEMU is not reading:
    # QEMU reads the cable's socket only while the card has receive buffers free.
    for seq in range(BURST):
        peer.send(burst_frame(seq))
        if seq % 50 == 49:
            time.sleep(0.1)
    report = control_reply("burst", 120)
    words = report.split()
    held, intact, received, dropped = (int(words[i]) for i in (2, 4, 6, 8))
    # The client holds every slot: the driver hands over exactly RX_SLOTS frames, drops none,
    # and leaves the rest in the card's ring until the slots come back.
    if held != RX_SLOTS or received != held or dropped != 0 or intact != held:
        m.fail(bad=f"while the client held every slot: {report}",
               missing=f"{RX_SLOTS} frames held and received, all intact, none dropped")
    m.good.append(f"while the client held every slot: {report}")
    # After the release, the frames that waited come through: the tally is answered after every
    # one of them (they were ahead of it on the cable). The slots and the card's ring held
    # RX_SLOTS + RING; the host's socket buffer may have lost some of the rest, never the guest.
    peer.send(control("tally"))
    tally = control_reply("tally", 60).split()
    seen, whole, out_of_order = int(tally[2]), int(tally[4]), int(tally[6])
    if not RX_SLOTS + RING <= seen <= BURST or whole != seen or out_of_order != 0:
        m.fail(bad=f"after the release: {' '.join(tally)}",
               missing=f"at least {RX_SLOTS + RING} of the {BURST} burst frames, all intact, "
                       "in the order sent")
    after_burst = counters()
    if after_burst["rx_dropped"] != after["rx_dropped"]:
        m.fail(bad=f"rx_dropped {after['rx_dropped']} -> {after_burst['rx_dropped']}",
               missing="no frame dropped by the driver")
    m.good.append(f"after the release: {seen} of {BURST} burst frames, all intact, in order; "
                  "rx_dropped unchanged")
    peer.send(control("done"))
    m.expect(r"^net_link_test\[\d+\]: done$", 30, source="net_link_test")
