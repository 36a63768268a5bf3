"""Scenarios and the trees they run on: one shared corpus, a per-chapter pass/skip map.

A scenario names the chapter that introduces the behaviour it checks (`since`) and, when a later
chapter replaces that behaviour on purpose, the last chapter it still holds for (`until`; the book
says why). It applies to every snapshot in that range and to final/ (which counts as the last
chapter), so a test written once keeps guarding every later chapter: `run.py --target TREE`
runs every scenario that applies to TREE.

The full run (`make test`) does not boot every scenario on every tree: 14 trees times every
scenario would take hours. It runs each scenario on `matrix_chapters()`: its own chapter, final/,
its `until` chapter, and each checkpoint in between, a chapter whose code the next chapter
replaces (a marker `//{ A..B` ends there, so B's code paths exist in no later tree). Code a
chapter adds stays in every later tree and final/, so final/ checks it together with all the rest.
"""
from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from harness.machine import Machine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "shared" / "snapshot"))
import generate  # noqa: E402  (the snapshot generator: its marker syntax)


def chapters() -> list[str]:
    lines = (ROOT / "shared" / "chapters.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def chapter_of(tree: Path) -> str:
    """The chapter a tree is: final/ is the last one; chapter-NN-x/ is NN-x; a student's copy
    (say my-01/) says which chapter it started from in a file `.chapter` (see tests/run.py)."""
    names = chapters()
    if tree.name == "final":
        return names[-1]
    marker = tree / ".chapter"
    name = marker.read_text().strip() if marker.exists() else tree.name.removeprefix("chapter-")
    if name not in names:
        raise ValueError(f"{tree}: not a chapter snapshot; for a copy of one, say which chapter "
                         f"it is: echo 01-uefi > {tree}/.chapter (chapters: {', '.join(names)})")
    return name


@dataclass
class Scenario:
    name: str
    func: Callable[["Target"], None]
    since: str
    until: str | None
    timeout: float
    doc: str
    capture: dict[str, str]

    def applies_to(self, tree: Path) -> bool:
        names = chapters()
        index = names.index(chapter_of(tree))
        first = names.index(self.since)
        last = names.index(self.until) if self.until else len(names) - 1
        return first <= index <= last

    def matrix_chapters(self) -> list[str]:
        """The chapter snapshots the full run boots this scenario on, besides final/ (which
        stands for the last chapter): its own, its `until`, and the checkpoints in between."""
        names = chapters()
        first = names.index(self.since)
        last = names.index(self.until) if self.until else len(names) - 1
        wanted = {self.since, self.until}
        wanted |= {c for c in checkpoints() if first <= names.index(c) <= last}
        return [c for c in names if c in wanted]


@functools.cache
def checkpoints() -> frozenset[str]:
    """Chapters whose code the next chapter replaces: the last chapter of every `A..B` marker
    (block or file tag) in final/."""
    found = set()
    for path in (ROOT / "final").rglob("*"):
        if not path.is_file() or generate.SKIP_NAMES & set(path.relative_to(ROOT / "final").parts):
            continue
        try:
            text = path.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        for line in text.splitlines():
            m = generate.BLOCK_OPEN.match(line) or generate.FILE_TAG.match(line)
            if m and m.group("last"):
                found.add(m.group("last"))
    return frozenset(found) & set(chapters())


_SCENARIOS: list[Scenario] = []


def scenario(since: str, until: str | None = None, timeout: float = 120.0,
             capture: dict[str, str] | None = None):
    """Registers a scenario function `f(target)` for the chapters since..until.

    `capture` maps what a run of this scenario on its own chapter produced (the file name of a
    transcript or screenshot in its log directory, e.g. "boot.log" or "boot-framebuffer.png") to
    a file name in book/captures/: `make captures` refreshes the book's real-run material."""
    names = chapters()
    for chapter in filter(None, (since, until)):
        if chapter not in names:
            raise ValueError(f"scenario chapter '{chapter}' is not in shared/chapters.txt")

    def register(func):
        module = func.__module__.rsplit(".", 1)[-1]
        title = func.__doc__.strip().splitlines()[0] if func.__doc__ else ""
        _SCENARIOS.append(Scenario(f"{module}.{func.__name__}", func, since, until, timeout, title,
                                   capture or {}))
        return func
    return register


def all_scenarios() -> list[Scenario]:
    return list(_SCENARIOS)


@dataclass
class Target:
    """One scenario running on one tree; hands out machines and cleans up after them."""
    tree: Path
    scenario: str
    log_dir: Path
    machines: list[Machine] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.tree.name

    def boot(self, label: str = "boot", *, edit_esp=None, gdb: bool = False, memory_mib: int = 256,
             allow_fatal: bool = False, virtual_clock: bool = False,
             disk_faults: dict[str, str] | None = None,
             disk_files: dict[str, Path] | None = None, network: str | None = None,
             forward: list[tuple[str, int]] | None = None, pcap: bool = False,
             **options: str) -> Machine:
        """Boots this tree with `options` added to boot.cfg; returns the running machine.
        `virtual_clock`: the guest's time follows its instructions, not the host (launch.py).
        `disk_faults`: disk image name -> QEMU blkdebug rules that fail some of its I/O.
        `disk_files`: disk image name -> a host file the run copies instead of the tree's.
        `network`, `forward`, `pcap`: the network card's cable, the guest ports forwarded from
        the host (m.host_port), a capture of its frames in m.pcap (chapter 09; see Machine)."""
        machine = Machine(self.tree, f"{self.scenario}-{label}", self.log_dir, options,
                          edit_esp=edit_esp, gdb=gdb, memory_mib=memory_mib,
                          allow_fatal=allow_fatal, virtual_clock=virtual_clock,
                          disk_faults=disk_faults, disk_files=disk_files, network=network,
                          forward=forward, pcap=pcap)
        self.machines.append(machine)
        return machine.start()

    def cleanup(self) -> None:
        for machine in self.machines:
            machine.close()
