"""A minimal client for QEMU's machine protocol (QMP): JSON commands over a Unix socket."""
from __future__ import annotations

import json
import socket
import time
from pathlib import Path


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path: Path, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:  # QEMU creates the socket a moment after it starts
            try:
                self.sock.connect(str(path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise QmpError(f"no QMP socket at {path} after {timeout} s")
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.buffer = b""
        self._read()  # the greeting
        self.command("qmp_capabilities")

    def _read(self) -> dict:
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise QmpError("QEMU closed the QMP connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def command(self, name: str, **arguments) -> dict:
        """Runs one command and returns its "return" value; events in between are skipped."""
        message = {"execute": name}
        if arguments:
            message["arguments"] = arguments
        self.sock.sendall(json.dumps(message).encode() + b"\n")
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise QmpError(f"{name}: {reply['error'].get('desc', reply['error'])}")

    def close(self) -> None:
        self.sock.close()
