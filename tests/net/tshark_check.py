#!/usr/bin/env python3
"""Judges a capture with tshark (Wireshark's dissectors), checksum validation on.

A scenario's capture (QEMU's filter-dump on the NIC's netdev) must hold frames, and none of them
may be malformed, carry a bad IPv4/ICMP/UDP/TCP checksum, draw an expert error, or (on a clean
link) be a TCP retransmission. `check()` returns the number of frames and the offending lines;
run as a script it prints them and exits 1 when the capture fails.

    python3 tests/net/tshark_check.py capture.pcap [--allow-retransmissions] [--from MAC]
                                      [--data-port PORT ...]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

CHECKSUMS = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
             "-o", "udp.check_checksum:TRUE"]
# ICMP's checksum is always checked; its status field says so.
BAD = ('_ws.malformed || _ws.expert.severity >= "Error" || ip.checksum.status == "Bad" || '
       'icmp.checksum.status == "Bad" || udp.checksum.status == "Bad" || '
       'tcp.checksum.status == "Bad"')
RETRANSMISSIONS = "tcp.analysis.retransmission || tcp.analysis.fast_retransmission"
# A hole in a TCP stream ("previous segment not captured"): a segment that never reached the
# capture, so one the sender dropped before its card (QEMU's filter-dump sits at the card).
HOLES = "tcp.analysis.lost_segment"


class TsharkMissing(RuntimeError):
    pass


def _tshark(pcap: Path, display_filter: str | None, data_ports: tuple[int, ...] = ()) -> list[str]:
    if shutil.which("tshark") is None:
        raise TsharkMissing("tshark is missing: run `make deps` (shared/deps/install test)")
    cmd = ["tshark", "-n", "-r", str(pcap), *CHECKSUMS]
    for port in data_ports:
        cmd += ["-d", f"udp.port=={port},data"]
    if display_filter:
        cmd += ["-Y", display_filter]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"tshark failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return [line for line in done.stdout.splitlines() if line.strip()]


def check(pcap: Path, *, allow_retransmissions: bool = False, holes_are_bad: bool = False,
          source_mac: str | None = None, data_ports: tuple[int, ...] = ()) -> tuple[int, list[str]]:
    """(frames in the capture, lines of the frames that fail). `source_mac` judges only the frames
    that MAC sent (a hostile peer's own bad frames are the point of its test). UDP on
    `data_ports` carries the OS's own text: tshark reads it as plain data, not as whatever
    protocol owns the other port (a reply to port 22222 is not Sippy RTPproxy). With
    `holes_are_bad`, a frame after a hole in its TCP stream fails too."""
    frames = len(_tshark(pcap, None, data_ports))
    bad = BAD if allow_retransmissions else f"{BAD} || {RETRANSMISSIONS}"
    if holes_are_bad:
        bad = f"{bad} || {HOLES}"
    if source_mac:
        bad = f"eth.src == {source_mac} && ({bad})"
    return frames, _tshark(pcap, bad, data_ports)


def count(pcap: Path, display_filter: str) -> int:
    """How many frames of the capture match `display_filter`."""
    return len(_tshark(pcap, display_filter))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pcap", type=Path)
    ap.add_argument("--allow-retransmissions", action="store_true")
    ap.add_argument("--from", dest="source_mac", help="judge only frames from this MAC")
    ap.add_argument("--data-port", type=int, action="append", default=[],
                    help="UDP port whose payload is plain data (repeatable)")
    args = ap.parse_args(argv)
    frames, bad = check(args.pcap, allow_retransmissions=args.allow_retransmissions,
                        source_mac=args.source_mac, data_ports=tuple(args.data_port))
    for line in bad:
        print(line)
    print(f"{args.pcap}: {frames} frames, {len(bad)} failing")
    return 0 if frames > 0 and not bad else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
