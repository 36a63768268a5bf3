#!/usr/bin/env python3
"""`make bench`: the course's measured figures, from real boots of final/ in QEMU.

  ipc       the median round trip of 1000 channel_call messages between two processes (ipc_ping
            and ipc_pong, chapter 06), in TSC ticks, over several boots
  boot      seconds from QEMU's start to the first line of chapter 07's client, which it prints
            after init has started the file server, the keyboard driver and the client

Under QEMU's software emulation (TCG, no KVM) every guest instruction is translated, so these
figures say how the OS behaves relative to itself (this change made IPC 20% slower), not how
fast it would be on hardware. Nothing here is a pass/fail test; the numbers are printed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))
from harness.machine import Machine  # noqa: E402

TREE = ROOT / "final"


def ipc_round_trips(runs: int, logs: Path) -> list[int]:
    medians = []
    for run in range(runs):
        m = Machine(TREE, f"bench-ipc-{run}", logs, {"test": "run", "run": "ipc_ping"}).start()
        try:
            got = m.expect(r"^ipc_ping\[\d+\]: 1000 round trips to pid \d+: median (\d+) TSC ticks", 120)
            medians.append(int(got.group(1)))
            m.expect_shutdown("pass", 60)
        finally:
            m.close()
        print(f"  ipc run {run + 1}: median round trip {medians[-1]} TSC ticks", flush=True)
    return medians


def boot_to_client(runs: int, logs: Path) -> list[float]:
    seconds = []
    for run in range(runs):
        m = Machine(TREE, f"bench-boot-{run}", logs).start()
        try:
            m.expect(r"^client\[\d+\]: reading motd.txt through the file server$", 90)
            seconds.append(m.elapsed())
        finally:
            m.quit()
            m.close()
        print(f"  boot run {run + 1}: client's first line {seconds[-1]:.2f} s after QEMU started", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="boots per figure (default 3)")
    args = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="rustoslinux-bench-"))
    ipc = ipc_round_trips(args.runs, logs)
    boot = boot_to_client(args.runs, logs)
    print(f"ipc: median round trip {int(statistics.median(ipc))} TSC ticks "
          f"(medians of {args.runs} boots: {', '.join(map(str, ipc))})")
    print(f"boot: client's first line {statistics.median(boot):.2f} s after QEMU started "
          f"(runs: {', '.join(f'{s:.2f}' for s in boot)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
