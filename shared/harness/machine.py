"""One boot of one tree in QEMU, driven by a test: serial lines in, screenshots and keys out.

Conventions (from blog_os, Pintos and xv6's gradelib):
- a test run puts `test = <scenario>` into boot.cfg; the OS ends it by printing `shutdown: pass`
  (or `fail`) and writing to isa-debug-exit, so QEMU exits with 33 (or 35);
- every wait has a timeout (for an idle host; `scaled` stretches it on a busy one); a run fails
  on a timeout, a panic, a machine reset (triple fault) or a missing shutdown line, whatever
  else it printed;
- a failed expectation lists what was seen as GOOD, what was wrong as BAD, what never came as
  MISSING, and the full transcript is saved to a file for the student;
- an expectation orders only lines that are causally ordered. `expect` keeps one cursor over the
  whole log: use it for lines that one task prints in sequence, or that one line causes (a
  process prints, exits, and the runner reports its exit). Lines of independent processes are
  matched without order: `expect(..., source="name")` follows the lines of the processes called
  `name` (`name[pid]: ...`) with a cursor of their own, and `expect_all([...])` waits for every
  pattern in any order.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(SHARED / "qemu"))
import launch  # noqa: E402  (shared/qemu/launch.py: the one QEMU command line)
from harness.image import Image, read_ppm  # noqa: E402
from harness.qmp import Qmp  # noqa: E402
from harness.socket_peer import SocketPeer, free_udp_port  # noqa: E402

EXIT_PASS = launch.EXIT_PASS
EXIT_FAIL = launch.EXIT_FAIL
ANSI = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\r")
# Lines that fail any run, whatever the scenario expects (Pintos's common checks). A triple fault
# prints nothing: under -no-reboot the reset ends QEMU with status 0, which every wait reports.
FATAL = re.compile(r"\b(PANIC|panic:)")


def scaled(timeout: float) -> tuple[float, str]:
    """A wait's bound on this host now: `timeout` is for an idle machine; on a busy one QEMU gets
    a fraction of a CPU and everything in the guest takes longer in wall time, so the bound
    grows with the load per CPU (up to 10 times). Only how long we wait changes, never what a
    test checks. RUSTOSLINUX_TIMEOUT_SCALE sets the factor instead."""
    if (fixed := os.environ.get("RUSTOSLINUX_TIMEOUT_SCALE")):
        factor = float(fixed)
    else:
        factor = min(10.0, max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1)))
    why = f" ({timeout:.0f} s x {factor:.1f} for the host's load)" if factor > 1 else ""
    return timeout * factor, why


class ScenarioFailure(Exception):
    """A scenario's expectation was not met; the message is the report shown to the student."""


class Machine:
    def __init__(self, tree: Path, name: str, log_dir: Path, options: dict[str, str] | None = None,
                 edit_esp=None, gdb: bool = False, memory_mib: int = 256, allow_fatal: bool = False,
                 virtual_clock: bool = False, disk_faults: dict[str, str] | None = None,
                 disk_files: dict[str, Path] | None = None, network: str | None = None,
                 forward: list[tuple[str, int]] | None = None, pcap: bool = False):
        self.tree, self.name, self.log_dir = tree, name, log_dir
        self.options = options or {}
        self.edit_esp = edit_esp
        self.gdb_port = launch.free_port() if gdb else None
        self.memory_mib = memory_mib
        self.allow_fatal = allow_fatal
        self.virtual_clock = virtual_clock
        self.disks: dict[str, Path] = {}  # disk image name -> this run's copy (see start)
        self.disk_faults = disk_faults or {}  # disk image name -> blkdebug rules (see start)
        self.disk_files = disk_files or {}  # disk image name -> the file to copy instead
        # The network card (chapter 09 on): "user" (QEMU's NAT, with `forward`ed guest ports),
        # "socket" (a raw cable to self.socket_peer) or "none"; the default is "user" when the
        # tree's boot image has the card's driver, else "none".
        self.network = network
        self.forward = forward or []
        self.forwards: dict[tuple[str, int], int] = {}  # (protocol, guest port) -> host port
        self.socket_peer: SocketPeer | None = None
        self.lines: list[str] = []
        self.good: list[str] = []
        self.cursor = 0
        self.cursors: dict[str, int] = {}  # source -> its own cursor (see expect)
        self.exit_code: int | None = None
        self._cond = threading.Condition()
        self._tmp = Path(tempfile.mkdtemp(prefix="rustoslinux-"))
        # The capture is written in this run's own folder (repeated runs of one scenario at once
        # would share a name in the log folder) and copied there by close().
        self.pcap: Path | None = self._tmp / f"{name}.pcap" if pcap else None
        self._proc: subprocess.Popen | None = None
        self._qmp: Qmp | None = None
        self._started = 0.0

    # ---- starting and stopping -------------------------------------------------------------
    def start(self) -> "Machine":
        esp = self._tmp / "esp"
        shutil.copytree(self.tree / "build" / "esp", esp)
        with open(esp / "boot.cfg", "a") as cfg:
            # Chapter 10's shell on COM1 stays off unless a test asks for it: its prompt waits
            # without a newline, and the next log line would continue the prompt's line.
            if "init.serial_shell" not in self.options:
                cfg.write("init.serial_shell = off\n")
            for key, value in self.options.items():
                cfg.write(f"{key} = {value}\n")
        if self.edit_esp:
            self.edit_esp(esp)
        # The disks (chapter 08 on) are copies: a test may write them, and tests run in parallel.
        self.disks = {}
        for image in launch.disk_images(self.tree / "build"):
            self.disks[image.name] = self._tmp / image.name
            shutil.copyfile(self.disk_files.get(image.name, image), self.disks[image.name])
        attach = []
        for name, copy in self.disks.items():
            if name in self.disk_faults:
                # QEMU's blkdebug layer sits between the disk and the image, failing the I/O the
                # rules name (e.g. reads of one sector with EIO), so a test sees a device error.
                rules = self._tmp / f"{name}.blkdebug"
                rules.write_text(self.disk_faults[name])
                attach.append(f"blkdebug:{rules}:{copy}")
            else:
                attach.append(str(copy))
        self.qmp_path = self._tmp / "qmp.sock"
        cmd = launch.qemu_command(esp, serial="stdio", memory_mib=self.memory_mib,
                                  gdb_port=self.gdb_port,
                                  qmp=f"unix:{self.qmp_path},server=on,wait=off",
                                  virtual_clock=self.virtual_clock,
                                  disks=attach, nic=self._nic())
        self._started = time.monotonic()
        self._stderr = open(self._tmp / "qemu-stderr.txt", "w+")
        # QEMU's stdin is COM1's receive side (-serial stdio): a pipe, so send_serial can type
        # on the serial console (chapter 10's shell). Nothing is written unless a test asks.
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._stderr)
        threading.Thread(target=self._read_serial, daemon=True).start()
        return self

    def _nic(self) -> list[str] | None:
        """The network card's QEMU options for this run (see __init__), or None."""
        network = self.network
        if network is None:
            network = "user" if launch.has_network(self.tree / "build") else "none"
        if network == "none":
            return None
        if self.pcap is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self.pcap.unlink(missing_ok=True)
        if network == "socket":
            self.socket_peer = SocketPeer()
            return launch.nic_options(
                launch.dgram_netdev(self.socket_peer.qemu_port, self.socket_peer.port), self.pcap)
        if network != "user":
            raise ValueError(f"network={network!r}: expected 'user', 'socket' or 'none'")
        rules = []
        for proto, guest in self.forward:
            host = launch.free_port() if proto == "tcp" else free_udp_port()
            self.forwards[(proto, guest)] = host
            rules.append((proto, host, guest))
        return launch.nic_options(launch.user_netdev(rules), self.pcap)

    def host_port(self, proto: str, guest_port: int) -> int:
        """The host port (on 127.0.0.1) that QEMU forwards to `guest_port` (boot's `forward`)."""
        return self.forwards[(proto, guest_port)]

    def _read_serial(self) -> None:
        assert self._proc and self._proc.stdout
        for raw in self._proc.stdout:
            line = ANSI.sub("", raw.decode("utf-8", "replace")).rstrip("\n")
            with self._cond:
                self.lines.append(line)
                self._cond.notify_all()
        code = self._proc.wait()
        with self._cond:
            self.exit_code = code
            self._cond.notify_all()

    def close(self) -> None:
        """Ends QEMU if it still runs and saves the transcript. Safe to call twice."""
        if self._qmp:
            self._qmp.close()
            self._qmp = None
        if self._proc and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(timeout=10)
        if self._proc and self._proc.stdin:
            try:
                self._proc.stdin.close()
            except OSError:  # QEMU has gone: the pipe may be broken
                pass
        if self.socket_peer:
            self.socket_peer.close()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.transcript_path.write_text("\n".join(self.lines) + "\n")
        if self.pcap is not None and self.pcap.exists():
            shutil.copyfile(self.pcap, self.log_dir / self.pcap.name)
        shutil.rmtree(self._tmp, ignore_errors=True)

    @property
    def transcript_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def elapsed(self) -> float:
        """Seconds since QEMU started."""
        return time.monotonic() - self._started

    # ---- expectations -------------------------------------------------------------------------
    def fail(self, bad: str | None = None, missing: str | list[str] | None = None) -> None:
        report = [f"  GOOD {g}" for g in self.good]
        if bad:
            report.append(f"  BAD  {bad}")
        for item in [missing] if isinstance(missing, str) else (missing or []):
            report.append(f"  MISSING {item}")
        tail = self.lines[-15:]
        report.append(f"  last {len(tail)} serial lines (full transcript: {self.transcript_path}):")
        report += [f"    | {line}" for line in tail]
        raise ScenarioFailure("\n".join(report))

    @staticmethod
    def from_source(line: str, source: str) -> bool:
        """Whether `line` was printed by `source`: a program name ("ipc_relay" matches every
        `ipc_relay[pid]: ` line) or one process ("ipc_relay[5]")."""
        if "[" in source:
            return line.startswith(source + ": ")
        return (line.startswith(source + "[")
                and re.match(rf"{re.escape(source)}\[\d+\]: ", line) is not None)

    def expect(self, pattern: str, timeout: float = 30.0, source: str | None = None) -> re.Match:
        """Waits for the next serial line that matches `pattern`.

        Without `source`: the next line after the previous match of this kind, over the whole log.
        With `source` (a program name or `name[pid]`): the next line of that source after the
        previous match with the same source; other lines neither match nor move this cursor, and
        the whole-log cursor does not move either. Lines printed by independent processes are
        matched this way, so their order does not matter."""
        regex = re.compile(pattern)
        timeout, why = scaled(timeout)
        deadline = time.monotonic() + timeout
        what = f"a line matching /{pattern}/" + (f" from {source}" if source else "")
        with self._cond:
            while True:
                at = self.cursor if source is None else self.cursors.get(source, 0)
                while at < len(self.lines):
                    line = self.lines[at]
                    at += 1
                    self._check_fatal(line)
                    if source is not None and not self.from_source(line, source):
                        continue
                    if (m := regex.search(line)):
                        self.good.append(line.strip())
                        self._advance(source, at)
                        return m
                self._advance(source, at)
                self._wait(deadline, timeout, why, [what])

    def expect_all(self, patterns: list[str], timeout: float = 30.0) -> list[re.Match]:
        """Waits until every pattern has matched its own line after the whole-log cursor, in any
        order (for lines of independent processes), and returns the matches in the order of
        `patterns`. A line counts for the first unmatched pattern it matches. The cursor then moves
        past the last of these lines: what follows is expected after all of them."""
        regexes = [re.compile(p) for p in patterns]
        found: list[re.Match | None] = [None] * len(patterns)
        timeout, why = scaled(timeout)
        deadline = time.monotonic() + timeout
        at, last = self.cursor, self.cursor
        with self._cond:
            while True:
                while at < len(self.lines) and None in found:
                    line = self.lines[at]
                    at += 1
                    self._check_fatal(line)
                    for i, regex in enumerate(regexes):
                        if found[i] is None and (m := regex.search(line)):
                            found[i], last = m, at
                            self.good.append(line.strip())
                            break
                if None not in found:
                    self.cursor = max(self.cursor, last)
                    return found  # type: ignore[return-value]
                self._wait(deadline, timeout, why,
                           [f"a line matching /{p}/" for p, m in zip(patterns, found) if m is None])

    def _advance(self, source: str | None, at: int) -> None:
        if source is None:
            self.cursor = at
        else:
            self.cursors[source] = at

    def _wait(self, deadline: float, timeout: float, why: str, missing: list[str]) -> None:
        """Waits for more serial lines (lock held); fails on QEMU's exit or the deadline."""
        if self.exit_code is not None:
            self.fail(bad=f"QEMU exited ({launch.describe_exit(self.exit_code)})", missing=missing)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self.fail(bad=f"timeout after {timeout:.0f} s{why}", missing=missing)
        self._cond.wait(remaining)

    def _check_fatal(self, line: str) -> None:
        if not self.allow_fatal and FATAL.search(line):
            self.fail(bad=f"fatal line: {line.strip()}")

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Waits for QEMU to exit and returns its exit status."""
        timeout, why = scaled(timeout)
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.exit_code is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.fail(bad=f"QEMU still running after {timeout:.0f} s{why}",
                              missing="the end of the run")
                self._cond.wait(remaining)
            for line in self.lines[self.cursor:]:
                self._check_fatal(line)
            return self.exit_code

    def expect_shutdown(self, verdict: str = "pass", timeout: float = 30.0) -> None:
        """The run's end: the line `shutdown: <verdict>` and QEMU's matching exit status."""
        self.expect(rf"^shutdown: {verdict}$", timeout)
        code = self.wait_exit(timeout)
        want = EXIT_PASS if verdict == "pass" else EXIT_FAIL
        if code != want:
            self.fail(bad=f"QEMU exit status {code}: {launch.describe_exit(code)}",
                      missing=f"exit status {want}")
        self.good.append(f"QEMU exit status {code}")

    # ---- the serial console --------------------------------------------------------------------
    def send_serial(self, text: str | bytes) -> None:
        """Writes `text` to the guest's COM1, as if typed on the serial console (a terminal
        sends Enter as "\r", the up arrow as ESC [ A). The bytes arrive in order; the guest
        reads them when it reads (the UART holds 16, its driver more)."""
        assert self._proc and self._proc.stdin
        data = text.encode() if isinstance(text, str) else text
        self._proc.stdin.write(data)
        self._proc.stdin.flush()

    # ---- the screen and the keyboard ----------------------------------------------------------
    @property
    def qmp(self) -> Qmp:
        if self._qmp is None:
            self._qmp = Qmp(self.qmp_path)
        return self._qmp

    def screendump(self, label: str) -> Image:
        """The framebuffer as QEMU shows it; also saved as <log dir>/<name>-<label>.png."""
        ppm = self._tmp / f"{label}.ppm"
        self.qmp.command("screendump", filename=str(ppm))
        image = read_ppm(ppm)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        image.save_png(self.log_dir / f"{self.name}-{label}.png")
        return image

    def power_cut(self) -> None:
        """Ends QEMU with SIGKILL, the way a power cut ends a machine: the guest gets no warning
        and QEMU does nothing more (writes it had completed are already in the host's files)."""
        if self._proc and self._proc.poll() is None:
            self._proc.kill()
        if self._proc:
            self._proc.wait(timeout=10)

    def quit(self) -> None:
        """Ends QEMU from the outside (for scenarios that leave the OS running)."""
        try:
            self.qmp.command("quit")
        except Exception:  # QEMU may close the socket before it answers
            pass
        if self._proc:
            self._proc.wait(timeout=10)
