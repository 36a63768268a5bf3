"""Chapter 09: netstack and the socket library against real peers on the host (QEMU's user
network: the guest reaches the host's loopback as 10.0.2.2), then its address configuration
without DHCP, and its fallback when DHCP gets no answer."""
import socket
import threading

from harness import scenario

TCP_BYTES = 200 * 1024
LISTEN_PORT = 7777
NETSTACK = r"^netstack\[\d+\]: "


class _Peers:
    """A UDP echo server and a TCP echo server (a thread per connection) on 127.0.0.1."""

    def __init__(self):
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.5)
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(128)
        self.tcp.settimeout(0.5)
        self.udp_echoed = 0
        self.tcp_echoed = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=f, daemon=True) for f in (self._udp, self._tcp)]
        for thread in self._threads:
            thread.start()

    def ports(self):
        return self.udp.getsockname()[1], self.tcp.getsockname()[1]

    def _udp(self):
        while not self._stop.is_set():
            try:
                data, peer = self.udp.recvfrom(65536)
            except socket.timeout:
                continue
            self.udp.sendto(data, peer)
            self.udp_echoed += 1

    def _tcp(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.tcp.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self._echo, args=(connection,), daemon=True).start()

    def _echo(self, connection):
        with connection:
            connection.settimeout(30)
            try:
                while data := connection.recv(65536):
                    connection.sendall(data)
                    self.tcp_echoed += len(data)
                connection.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the guest closed first: its side of the test says what it saw

    def close(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self.udp.close()
        self.tcp.close()


@scenario(since="09-network", capture={"boot.log": "09-network-stack.log"})
def sockets_against_host_peers(t):
    """netstack gets a DHCP lease from QEMU and says it is ready. socket_test then uses every part
    of the socket library against the host: UDP datagrams (inline and through the shared buffer)
    to a Python echo server, a TCP connection to a Python echo server carrying 200 KiB both ways
    (read back with the non-blocking start_recv/finish_recv over a wait set), 70 connections to
    it open at once (more than chapter 08's 64 handles a process allowed), a listening socket
    that the host connects to through hostfwd, and two bad requests answered InvalidArgument."""
    peers = _Peers()
    try:
        udp_port, tcp_port = peers.ports()
        m = t.boot(network="user", forward=[("tcp", LISTEN_PORT)],
                   **{"init.run": "socket_test",
                      "init.args.socket_test": f"10.0.2.2 {udp_port} {tcp_port} {LISTEN_PORT}"})
        m.expect(NETSTACK + r"link up, mac 52:54:00:12:34:56, mtu 1500$", 120, source="netstack")
        m.expect(NETSTACK + r"dhcp lease 10\.0\.2\.15/24 gateway 10\.0\.2\.2 from 10\.0\.2\.2 "
                 r"for \d+ s$", 60, source="netstack")
        m.expect(NETSTACK + r"ready$", 30, source="netstack")
        p = r"^socket_test\[\d+\]: "
        m.expect(p + r"status: address 10\.0\.2\.15 gateway 10\.0\.2\.2 \(dhcp\), link up$", 60,
                 source="socket_test")
        m.expect(p + r"udp: 32 bytes echoed intact$", 30, source="socket_test")
        m.expect(p + r"udp: 1400 bytes echoed intact$", 30, source="socket_test")
        m.expect(p + r"tcp: connected to 10\.0\.2\.2:" + str(tcp_port) + "$", 30,
                 source="socket_test")
        m.expect(p + rf"tcp: {TCP_BYTES} bytes sent, {TCP_BYTES} echoed intact$", 120,
                 source="socket_test")
        m.expect(p + r"tcp: 70 connections open at once, 70 echoed their own line$", 120,
                 source="socket_test")
        m.good.append(f"the host's echo server saw {peers.tcp_echoed} bytes, "
                      f"{peers.udp_echoed} datagrams")
        m.expect(p + rf"listening on port {LISTEN_PORT}$", 30, source="socket_test")
        with socket.create_connection(("127.0.0.1", m.host_port("tcp", LISTEN_PORT)),
                                      timeout=30) as c:
            # The line goes once the guest has accepted: slirp answers the host's connect at
            # once and opens its own connection to the guest only then, and in 4 of about 80
            # loaded runs a line sent at once never reached the guest (not yet explained).
            m.expect(p + r"accepted a connection from 10\.0\.2\.2$", 30, source="socket_test")
            c.sendall(b"hello from the host\n")
            answer = b""
            while chunk := c.recv(1024):
                answer += chunk
        if answer != b"HELLO FROM THE HOST\n":
            m.fail(bad=repr(answer), missing="the line in capitals from the guest's server")
        m.good.append("the guest's listening socket answered the host's line in capitals")
        m.expect(p + r"answered 20 bytes$", 30, source="socket_test")
        m.expect(p + r"unknown request: invalid argument$", 30, source="socket_test")
        m.expect(p + r"recv on a socket that is not connected: invalid argument$", 30,
                 source="socket_test")
        m.expect(p + r"counters: udp_in [1-9]\d*, tcp_in [1-9]\d*$", 30, source="socket_test")
        m.expect(p + r"0 checks failed$", 30, source="socket_test")
        m.expect(r"^init\[1\]: socket_test \(pid \d+\) exited with code 0; collected$", 30)
        m.quit()
    finally:
        peers.close()


@scenario(since="09-network")
def static_address_without_dhcp(t):
    """`net.dhcp = off`: netstack configures the static address of boot.cfg at once. With a raw
    cable where nobody answers DHCP (the harness's socket peer stays silent), it falls back to the
    same address after 10 s and says why."""
    m = t.boot("dhcp-off", network="user", **{"net.dhcp": "off"})
    m.expect(NETSTACK + r"link up, mac 52:54:00:12:34:56, mtu 1500$", 120, source="netstack")
    m.expect(NETSTACK + r"static address 10\.0\.2\.15/24 gateway 10\.0\.2\.2$", 30,
             source="netstack")
    m.expect(NETSTACK + r"ready$", 30, source="netstack")
    m.quit()
    m = t.boot("no-answer", network="socket",
               **{"net.address": "192.168.7.2/24", "net.gateway": "192.168.7.1"})
    m.expect(NETSTACK + r"link up, mac 52:54:00:12:34:56, mtu 1500$", 120, source="netstack")
    m.expect(NETSTACK + r"static address 192\.168\.7\.2/24 gateway 192\.168\.7\.1 "
             r"\(no DHCP answer\)$", 30, source="netstack")
    m.expect(NETSTACK + r"ready$", 30, source="netstack")
    m.quit()
