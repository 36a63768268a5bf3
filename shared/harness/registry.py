"""Scenarios and the trees they run on: one shared corpus, a per-chapter pass/skip map.

A scenario names the chapter that introduces the behaviour it checks (`since`) and, when a later
chapter replaces that behaviour on purpose, the last chapter it still holds for (`until`; the book
says why). It then runs on every snapshot in that range and on final/ (which counts as the last
chapter), so a test written once keeps guarding every later chapter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from harness.machine import Machine

ROOT = Path(__file__).resolve().parents[2]


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
        raise ValueError(f"{tree}: not a chapter snapshot; for a copy of one, say which chapter it is: "
                         f"echo 01-uefi > {tree}/.chapter (chapters: {', '.join(names)})")
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


_SCENARIOS: list[Scenario] = []


def scenario(since: str, until: str | None = None, timeout: float = 120.0, capture: dict[str, str] | None = None):
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
        _SCENARIOS.append(Scenario(f"{module}.{func.__name__}", func, since, until, timeout,
                                   (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "",
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
             allow_fatal: bool = False, **options: str) -> Machine:
        """Boots this tree with `options` added to boot.cfg; returns the running machine."""
        machine = Machine(self.tree, f"{self.scenario}-{label}", self.log_dir, options, edit_esp=edit_esp,
                          gdb=gdb, memory_mib=memory_mib, allow_fatal=allow_fatal)
        self.machines.append(machine)
        return machine.start()

    def cleanup(self) -> None:
        for machine in self.machines:
            machine.close()
