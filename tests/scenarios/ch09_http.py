"""Chapter 09 with real peers: QEMU's user network (its DHCP server and its NAT at 10.0.2.2) and
the host's own tools, in one boot (each boot is 10-20 s of CI time).

The OS leases its address by DHCP and pings the gateway; the host downloads from the OS's httpd
with curl (a 4 MiB random file put on a copy of the FAT disk with mcopy: sha256 identical; then
32 curls at once), talks HTTP/1.1 to it over one keep-alive connection (GET, HEAD, 404), gets its
UDP datagrams echoed by udpecho; the OS's fetch downloads a file from a `python3 -m http.server`
on the host into /fat, read back with mcopy after power-off. Every frame is captured and judged
by tshark: no malformed frame, no bad checksum, no hole in a TCP stream; netstack's counters
(`netstat serve`, through a forwarded UDP port) show no frame lost between card and stack."""
import hashlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import scenario
from harness.machine import scaled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "net"))
import tshark_check  # noqa: E402

# netstack's own lines (the log adds "netstack[pid]: "; the text may repeat the name).
NETSTACK = r"^netstack\[\d+\]: (?:netstack: )?"
MTOOLS = {**os.environ, "MTOOLS_SKIP_CHECK": "1"}
BIG = 4 << 20
SMALL = 256 << 10
PARALLEL = 32
FETCHED = 1 << 20
COUNTERS_PORT = 9999
# Counters of frames the OS itself lost between its card and its stack; all 0 on a clean link.
SELF_INFLICTED_LOSSES = ("link_rx_dropped", "link_tx_errors", "no_tx_slot", "drop_tcp_no_memory",
                         "drop_syn_backlog_full", "drop_udp_queue_full")
INDEX = b"<html><body><h1>RustOsLinux</h1><p>served from the FAT disk</p></body></html>\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _disk_with_site(tree: Path, work: Path, files: dict[str, bytes]) -> Path:
    """A copy of the tree's FAT image with `files` (names under www/) added by mcopy."""
    image = work / "fat.img"
    image.write_bytes((tree / "build" / "fat.img").read_bytes())
    subprocess.run(["mmd", "-i", str(image), "::www"], check=True, capture_output=True,
                   env=MTOOLS)
    for name, data in files.items():
        local = work / name
        local.write_bytes(data)
        subprocess.run(["mcopy", "-i", str(image), str(local), f"::www/{name}"], check=True,
                       capture_output=True, env=MTOOLS)
    return image


def _curl(url: str, out: Path, timeout: float) -> subprocess.Popen:
    return subprocess.Popen(["curl", "-sS", "--fail", "--max-time", f"{timeout:.0f}",
                             "-o", str(out), url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _keep_alive_requests(m, port: int) -> None:
    """GET, HEAD and a 404 over one connection, as a browser would send them."""
    timeout, _ = scaled(60)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", "/fat/www/index.html")
    r = conn.getresponse()
    body = r.read()
    if r.status != 200 or body != INDEX or r.getheader("Content-Length") != str(len(INDEX)) \
            or r.getheader("Content-Type") != "text/html":
        m.fail(bad=f"GET /fat/www/index.html: {r.status} {r.getheaders()} {body[:80]!r}",
               missing="200, text/html, the file's bytes and length")
    sock = conn.sock
    conn.request("HEAD", "/fat/www/big.bin")
    r = conn.getresponse()
    r.read()
    if r.status != 200 or r.getheader("Content-Length") != str(BIG):
        m.fail(bad=f"HEAD /fat/www/big.bin: {r.status} {r.getheaders()}",
               missing=f"200 with Content-Length {BIG} and no body")
    conn.request("GET", "/fat/www/no-such-file")
    r = conn.getresponse()
    body = r.read()
    if r.status != 404 or r.getheader("Content-Length") != str(len(body)):
        m.fail(bad=f"GET of a missing file: {r.status} {r.getheaders()}",
               missing="404 with a Content-Length")
    conn.request("GET", "/fat/www")  # a directory: its index.html
    r = conn.getresponse()
    if r.status != 200 or r.read() != INDEX:
        m.fail(bad=f"GET /fat/www: {r.status}", missing="the directory's index.html")
    if conn.sock is not sock:
        m.fail(bad="the client had to reconnect", missing="four requests on one connection")
    conn.close()
    m.good.append("one keep-alive connection: GET 200 (text/html, Content-Length), HEAD 200 "
                  f"(Content-Length {BIG}, no body), 404, a directory's index.html")


def _counters(m, port: int) -> dict[str, int]:
    """netstack's non-zero counters, from `netstat serve` through the forwarded UDP port."""
    timeout, _ = scaled(10)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(b"counters?", ("127.0.0.1", port))
        try:
            reply, _ = s.recvfrom(65536)
        except socket.timeout:
            m.fail(bad=f"no answer from netstat in {timeout:.0f} s", missing="the counters")
    return {name: int(value) for name, value in
            (line.split() for line in reply.decode().splitlines())}


def _udp_echoes(m, port: int, count: int = 20) -> None:
    timeout, _ = scaled(10)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        for i in range(count):
            data = os.urandom(1 + i * 70)
            s.sendto(data, ("127.0.0.1", port))
            try:
                echo, _ = s.recvfrom(4096)
            except socket.timeout:
                m.fail(bad=f"no echo of datagram {i} ({len(data)} bytes) in {timeout:.0f} s",
                       missing="every datagram echoed")
            if echo != data:
                m.fail(bad=f"datagram {i}: {len(echo)} bytes came back, not the same",
                       missing="the same bytes back")
    m.good.append(f"{count} UDP datagrams (1 to {1 + (count - 1) * 70} bytes) echoed intact")


@scenario(since="09-network", timeout=600)
def real_peers_over_user_networking(t):
    """DHCP, ping, httpd to curl (4 MiB, 32 at once, keep-alive), UDP echo, fetch, tshark."""
    work = Path(tempfile.mkdtemp(prefix="ch09-http-"))
    big, small = os.urandom(BIG), os.urandom(SMALL)
    image = _disk_with_site(t.tree, work, {"index.html": INDEX, "big.bin": big,
                                           "small.bin": small})
    # The host's web server for fetch: the guest reaches the host's loopback as 10.0.2.2.
    served = work / "served"
    served.mkdir()
    fetched = os.urandom(FETCHED)
    (served / "fetched.bin").write_bytes(fetched)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        web_port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(web_port), "--bind",
                               "127.0.0.1", "--directory", str(served)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _run(t, work, image, big, small, fetched, web_port)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(t, work, image, big, small, fetched, web_port):
    options = {"init.run": "httpd udpecho ping fetch netstat", "init.args.ping": "10.0.2.2 3",
               "init.args.netstat": f"serve {COUNTERS_PORT}",
               "init.args.fetch": f"http://10.0.2.2:{web_port}/fetched.bin /fat/fetched.bin"}
    m = t.boot(disk_files={"fat.img": image}, network="user",
               forward=[("tcp", 80), ("udp", 7), ("udp", COUNTERS_PORT)], pcap=True, **options)
    m.expect(NETSTACK + r"link up, mac 52:54:00:12:34:56, mtu 1500$", 120,
             source="netstack")
    m.expect(NETSTACK + r"dhcp lease 10\.0\.2\.15/24 gateway 10\.0\.2\.2 from "
             r"10\.0\.2\.2 for \d+ s$", 60, source="netstack")
    m.expect(r"^httpd\[\d+\]: serving the namespace on TCP port 80$", 60, source="httpd")
    m.expect(r"^udpecho\[\d+\]: listening on UDP port 7$", 60, source="udpecho")

    times = [float(m.expect(rf"^ping\[\d+\]: 64 bytes from 10\.0\.2\.2: seq={seq} "
                            r"time=(\d+\.\d{3}) ms$", 30, source="ping").group(1))
             for seq in (1, 2, 3)]
    m.expect(r"^ping\[\d+\]: 3 packets transmitted, 3 received, 0% loss$", 10, source="ping")
    m.good.append(f"ping to the gateway: round trips {times} ms")

    port = m.host_port("tcp", 80)
    _keep_alive_requests(m, port)

    timeout, _ = scaled(120)
    out = work / "big.out"
    began = time.monotonic()
    curl = _curl(f"http://127.0.0.1:{port}/fat/www/big.bin", out, timeout)
    if curl.wait() != 0 or not out.exists() or _sha(out.read_bytes()) != _sha(big):
        m.fail(bad=f"curl of big.bin: exit {curl.returncode} {curl.stderr.read()[-200:]}; "
                   f"{out.stat().st_size if out.exists() else 0} bytes",
               missing=f"the {BIG} bytes with sha256 {_sha(big)[:16]}...")
    seconds = time.monotonic() - began
    m.good.append(f"curl: 4 MiB in {seconds:.1f} s ({BIG / seconds / 1048576:.2f} MiB/s), "
                  "sha256 identical")

    began = time.monotonic()
    outs = [work / f"small-{i}.out" for i in range(PARALLEL)]
    curls = [_curl(f"http://127.0.0.1:{port}/fat/www/small.bin", o, timeout) for o in outs]
    failed = [i for i, (c, o) in enumerate(zip(curls, outs))
              if c.wait() != 0 or not o.exists() or _sha(o.read_bytes()) != _sha(small)]
    if failed:
        m.fail(bad=f"{len(failed)} of {PARALLEL} parallel curls failed: "
                   f"{curls[failed[0]].stderr.read()[-200:]}",
               missing=f"{PARALLEL} identical copies of small.bin")
    m.good.append(f"{PARALLEL} curls at once: all {SMALL >> 10} KiB copies identical, "
                  f"{time.monotonic() - began:.1f} s")

    _udp_echoes(m, m.host_port("udp", 7))

    m.expect(rf"^fetch\[\d+\]: http://10\.0\.2\.2:{web_port}/fetched\.bin -> /fat/fetched\.bin: "
             rf"{FETCHED} bytes in \d+ ms", 120, source="fetch")
    m.expect(r"^init\[1\]: fetch \(pid \d+\) exited with code 0", 30, source="init")
    counters = _counters(m, m.host_port("udp", COUNTERS_PORT))
    lost = {name: counters.get(name, 0) for name in SELF_INFLICTED_LOSSES}
    if any(lost.values()):
        m.fail(bad=f"netstack's counters: {lost}",
               missing="every frame the card received reached the stack, every frame the stack "
                       "built reached the card")
    m.good.append("netstack's counters: no frame lost between the card and the stack "
                  f"({', '.join(SELF_INFLICTED_LOSSES)}: 0); the guest retransmitted "
                  f"{counters.get('tcp_retransmits', 0)} segments")
    m.quit()  # QEMU writes the disk image out as it exits
    copy = work / "fetched.out"
    subprocess.run(["mcopy", "-n", "-i", str(m.disks["fat.img"]), "::fetched.bin", str(copy)],
                   check=True, capture_output=True, env=MTOOLS)
    if _sha(copy.read_bytes()) != _sha(fetched):
        m.fail(bad=f"/fat/fetched.bin as mcopy reads it: {copy.stat().st_size} bytes, differs",
               missing="the host's file, byte for byte")
    m.good.append(f"fetch: {FETCHED} bytes from the host's http.server into /fat, identical "
                  "as mcopy reads them after power-off")

    # Retransmissions are counted, not judged: each is a timer racing an ACK, and which wins
    # depends on how the host schedules QEMU's threads (slirp's 1 s timer resent requests in a CI
    # run whose downloads all arrived intact). What the OS decides is judged: no malformed frame, no
    # bad checksum, no hole in a stream (a segment dropped before the card), nothing lost above.
    frames, bad = tshark_check.check(m.pcap, allow_retransmissions=True, holes_are_bad=True,
                                     data_ports=(COUNTERS_PORT,))
    if frames == 0 or bad:
        m.fail(bad=f"tshark on {frames} frames: {len(bad)} bad: {bad[:5]}",
               missing="a capture with no malformed frame, bad checksum or hole in a stream")
    resent = f"({tshark_check.RETRANSMISSIONS})"
    again = {side: tshark_check.count(m.pcap, f"ip.src == {ip} && {resent}")
             for side, ip in (("the guest", "10.0.2.15"), ("QEMU's NAT", "10.0.2.2"))}
    m.good.append(f"tshark: {frames} frames, none malformed, no bad checksum, no hole in a stream; "
                  f"retransmissions: {again}")
