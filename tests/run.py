#!/usr/bin/env python3
"""Every test of the course, in one run, ending with one line: `N passed, M failed`.

Stages, in order (each can be chosen with --only):
  snapshots  the snapshot generator's and the test harness's own tests, and the committed
             chapter-*/ match final/
  unit       host unit tests (Catch2, ASan + UBSan) of the pure code in final/lib/
  fuzz       every fuzz target of tests/fuzz/ replays its committed corpus (g++, ASan + UBSan)
  build      every chapter snapshot and final/ build (a test each)
  scenarios  the QEMU scenarios of tests/scenarios/, on every tree they apply to
  book       the book builds with no warning, and a headless browser finds no broken page

`make test` runs everything; `make -C chapter-NN-x test` runs `--target chapter-NN-x`
(that tree's build and every scenario that applies to it). The full run boots each scenario on
its own chapter, on final/ and on the checkpoint chapters between (shared/harness/registry.py
says why); `--all-trees` boots it on every tree it applies to. `--repeat N` runs each scenario N
times (a failure in any run fails it; each run keeps its transcripts in its own run-K/ folder),
`--jobs J` runs J QEMUs at once.
Transcripts and screenshots go to tests/build/logs/.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import importlib.util
import io
import os
import resource
import subprocess
import sys
import threading
import time
import traceback
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))
from harness import ScenarioFailure, Target, all_scenarios, chapters  # noqa: E402
from harness.machine import scaled  # noqa: E402
from harness.registry import chapter_of  # noqa: E402

LOGS = ROOT / "tests" / "build" / "logs"
STAGES = ["snapshots", "unit", "fuzz", "build", "scenarios", "book"]


class Tally:
    """Counts results and prints one line per test (with details for failures)."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures: list[str] = []
        self.lock = threading.Lock()

    def record(self, name: str, ok: bool | None, seconds: float | None = None, details: str = "") -> None:
        with self.lock:
            took = f" ({seconds:.1f} s)" if seconds is not None else ""
            if ok is None:
                self.skipped += 1
                print(f"SKIP  {name}{took}{': ' + details if details else ''}", flush=True)
                return
            if ok:
                self.passed += 1
                print(f"PASS  {name}{took}", flush=True)
            else:
                self.failed += 1
                self.failures.append(name)
                print(f"FAIL  {name}{took}", flush=True)
                if details:
                    print(details.rstrip(), flush=True)

    def summary(self) -> str:
        line = f"{self.passed} passed, {self.failed} failed"
        return line + (f", {self.skipped} skipped" if self.skipped else "")


def run_command(cmd: list[str], log: Path, timeout: float, cwd: Path = ROOT) -> tuple[bool, str]:
    """Runs cmd with its output to `log`; returns (success, the log's tail)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        try:
            code = subprocess.call(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
        except subprocess.TimeoutExpired:
            code = "timeout"
    tail = "\n".join("    | " + line for line in log.read_text(errors="replace").splitlines()[-25:])
    return code == 0, f"  {' '.join(cmd)}: exit {code} (full output: {log})\n{tail}"


# ---- stages ---------------------------------------------------------------------------------
def stage_snapshots(tally: Tally, _args) -> None:
    for folder, label in (("snapshot", "snapshot-generator"), ("harness", "harness")):
        _run_unittests(tally, ROOT / "tests" / folder, label)
    start = time.monotonic()
    ok, details = run_command([sys.executable, "shared/snapshot/generate.py", "--check"],
                              LOGS / "snapshot-check.log", 120)
    tally.record("committed chapter snapshots match final/", ok, time.monotonic() - start, details)


def _run_unittests(tally: Tally, folder: Path, label: str) -> None:
    suite = unittest.defaultTestLoader.discover(str(folder), top_level_dir=str(folder))
    for test in _flatten(suite):
        stream = io.StringIO()
        start = time.monotonic()
        result = unittest.TextTestRunner(stream=stream, verbosity=0).run(test)
        ok = result.wasSuccessful()
        skipped = bool(result.skipped)
        tally.record(f"{label} {test.id().split('.', 1)[-1]}", None if skipped and ok else ok,
                     time.monotonic() - start, stream.getvalue() if not ok or skipped else "")


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


def stage_unit(tally: Tally, args) -> None:
    start = time.monotonic()
    ok, details = run_command(["make", "-C", "tests/unit", f"-j{args.jobs}"], LOGS / "unit-build.log", 900)
    if not ok:
        tally.record("host unit tests build", False, time.monotonic() - start, details)
        return
    # Catch2's XML reporter streams each test case's result as it ends; its JUnit reporter keeps
    # every assertion (680,000) with its expanded text until the end, which took 70 s of CPU.
    report = ROOT / "tests" / "build" / "unit" / "report.xml"
    binary = ROOT / "tests" / "build" / "unit" / "unit-tests"
    log = LOGS / "unit-run.log"
    report.unlink(missing_ok=True)
    ran, details = run_command([str(binary), "--reporter", "xml", "--durations", "yes", "--out", str(report)],
                               log, 600)
    try:
        cases = list(unit_results(ET.parse(report).getroot()))
    except (ET.ParseError, FileNotFoundError) as e:
        tally.record("host unit tests ran", False, None, f"  no complete XML report: {e}; see {log}")
        return
    if not cases:  # a report without a single test case: nothing was tested
        tally.record("host unit tests ran", False, None, f"  the XML report lists no test case; see {log}")
        return
    for name, ok, seconds, problems in cases:
        tally.record(f"unit {name}", ok, seconds, "\n".join("    " + p for p in problems))
    if not ran and all(ok for _, ok, _, _ in cases):
        # A failure after the last test case: a leak LeakSanitizer reports at exit, say.
        tally.record("host unit tests exit cleanly", False, None, details)


# What fails a unit test case in Catch2's XML report.
_UNIT_FAILURES = ("Expression", "Exception", "FatalErrorCondition", "Failure")


def unit_results(root):
    """(name, ok, seconds, problems) per leaf section of each test case, named as Catch2's JUnit
    reporter names them ("case/section/subsection"), or per test case without sections. A test
    case that failed outside its sections is also reported under its own name."""
    for case in root.iter("TestCase"):
        name = case.get("name")
        leaves: dict[str, tuple[bool, float, list[str]]] = {}

        def failures(element) -> list[str]:
            found = []
            for child in element:
                if child.tag not in _UNIT_FAILURES or child.get("success") == "true":
                    continue
                text = " ".join(" ".join(child.itertext()).split())
                found.append(f"{child.get('filename', '')}:{child.get('line', '')}: {child.tag}: {text}")
            return found

        def walk(element, path: str) -> None:
            sections = [child for child in element if child.tag == "Section"]
            if not sections:
                ok, seconds, problems = leaves.get(path, (True, 0.0, []))
                totals = element.find("OverallResults")
                seconds += float(totals.get("durationInSeconds", 0)) if totals is not None else 0.0
                here = failures(element)
                leaves[path] = (ok and not here, seconds, problems + here)
            for section in sections:
                walk(section, f"{path}/{section.get('name')}")

        overall = case.find("OverallResult")
        case_ok = overall is not None and overall.get("success") == "true"
        case_seconds = float(overall.get("durationInSeconds", 0)) if overall is not None else 0.0
        outside = failures(case)
        for section in (child for child in case if child.tag == "Section"):
            walk(section, f"{name}/{section.get('name')}")
        for path, (ok, seconds, problems) in leaves.items():
            yield path, ok, seconds, problems
        if not leaves or outside or (not case_ok and all(ok for ok, _, _ in leaves.values())):
            yield name, case_ok and not outside, case_seconds if not leaves else 0.0, outside


def trees(args) -> list[Path]:
    if args.target:
        tree = (ROOT / args.target).resolve()
        try:
            chapter_of(tree)
        except ValueError as e:
            sys.exit(f"run.py: {e}")
        return [tree]
    return [ROOT / f"chapter-{name}" for name in chapters()] + [ROOT / "final"]


UNBUILT: set[str] = set()  # trees whose build failed: their scenarios are skipped, not run on stale images


# The compile cache every tree shares: the directory shared/mk/ccache.mk gives ccache.
CCACHE_DIR = ROOT / "build" / "ccache"


def cache_counts() -> tuple[int, int] | None:
    """(hits, misses) the compile cache has counted so far; None without ccache."""
    try:
        out = subprocess.run(["ccache", "--print-stats"], capture_output=True, text=True,
                             timeout=60, env={**os.environ, "CCACHE_DIR": str(CCACHE_DIR)}).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    stats = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
    if "cache_miss" not in stats:
        return None
    hits = int(stats["direct_cache_hit"]) + int(stats["preprocessed_cache_hit"])
    return hits, int(stats["cache_miss"])


def children_cpu_seconds() -> float:
    """CPU time (user + system) of every child process this run has waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stage_build(tally: Tally, args) -> None:
    """Builds each tree; prints its CPU time (the figure a loaded machine does not stretch) and
    how many of its compiles the shared cache answered."""
    for tree in trees(args):
        before = cache_counts()
        # 900 s on an idle machine; a busy one stretches a build as it stretches a boot.
        timeout, why = scaled(900)
        start, cpu = time.monotonic(), children_cpu_seconds()
        ok, details = run_command(["make", "-C", str(tree), f"-j{args.jobs}", "all"],
                                  LOGS / tree.name / "build.log", timeout)
        if not ok and why:
            details += f"\n  the build's time limit was {timeout:.0f} s{why}"
        seconds, cpu = time.monotonic() - start, children_cpu_seconds() - cpu
        tally.record(f"build {tree.name}", ok, seconds, details)
        after = cache_counts()
        line = f"      {cpu:.1f} s of CPU"
        if before and after and after[0] + after[1] > before[0] + before[1]:
            hits, misses = after[0] - before[0], after[1] - before[1]
            line += f"; compile cache: {hits} of {hits + misses} compiles found"
        print(line, flush=True)
        if not ok:
            UNBUILT.add(tree.name)


def load_scenarios() -> None:
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


def run_scenario(scn, tree: Path, run: int | None = None) -> tuple[bool, float, str]:
    """One boot of `scn` on `tree`; with --repeat, run `run` keeps its own transcripts (runs at
    once would overwrite each other's, and a flake is read from the run that failed)."""
    logs = LOGS / tree.name if run is None else LOGS / tree.name / f"run-{run}"
    target = Target(tree, scn.name, logs)
    start = time.monotonic()
    try:
        scn.func(target)
        return True, time.monotonic() - start, ""
    except ScenarioFailure as failure:
        return False, time.monotonic() - start, str(failure)
    except Exception:
        return False, time.monotonic() - start, "  the scenario itself crashed:\n" + traceback.format_exc()
    finally:
        target.cleanup()


def runs_on(scn, tree: Path, args) -> bool:
    """Whether this run boots `scn` on `tree`: with --target or --all-trees, wherever it applies;
    in the full run, on the trees of the registry's policy (its own chapter, final/, checkpoints)."""
    if not scn.applies_to(tree):
        return False
    if args.target or args.all_trees or tree.name == "final":
        return True
    return chapter_of(tree) in scn.matrix_chapters()


def scenario_work(args) -> list:
    load_scenarios()
    return [(scn, tree) for tree in trees(args) for scn in all_scenarios()
            if runs_on(scn, tree, args) and (not args.k or any(k in scn.name for k in args.k.split(",")))]


def stage_scenarios(tally: Tally, args) -> None:
    work = scenario_work(args)
    for scn, tree in [w for w in work if w[1].name in UNBUILT]:
        tally.record(f"scenario {scn.name} on {tree.name}", None, None, "the tree did not build")
    work = [w for w in work if w[1].name not in UNBUILT]
    # Longest first, so that no long run starts last and leaves the other QEMUs idle at the end.
    # The hint is static, never a measured time: the timeout a scenario declares (the long ones
    # declare one: the power cuts, HTTP, the hostile peer, the shell ...), then the later tree
    # first (more servers to boot). Only the order changes; every run still happens.
    order = {tree.name: index for index, tree in enumerate(trees(args))}
    work.sort(key=lambda w: (-w[0].timeout, -order.get(w[1].name, 0)))
    repeat = max(1, args.repeat)
    runs = {(scn.name, tree.name): [] for scn, tree in work}  # (ok, seconds) of each repetition
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_scenario, scn, tree, None if repeat == 1 else k + 1): (scn, tree)
                   for k in range(repeat) for scn, tree in work}
        for future in concurrent.futures.as_completed(futures):
            scn, tree = futures[future]
            ok, seconds, details = future.result()
            name = f"scenario {scn.name} on {tree.name}"
            if repeat == 1:
                tally.record(name, ok, seconds, details)
                continue
            results = runs[(scn.name, tree.name)]
            results.append((ok, seconds))
            # Each repetition is reported; the scenario counts once, when its last run ends.
            print(f"{'pass' if ok else 'FAIL'}  {name} (run {len(results)} of {repeat}, {seconds:.1f} s)", flush=True)
            if not ok:
                print(details.rstrip(), flush=True)
            if len(results) == repeat:
                passed = sum(r[0] for r in results)
                times = sorted(r[1] for r in results)
                tally.record(f"{name}: {passed} of {repeat} runs passed", passed == repeat,
                             None, f"  run times {', '.join(f'{t:.1f}' for t in times)} s")
    if repeat > 1:
        print(f"repeated {repeat} times with {args.jobs} QEMUs at once: "
              f"{sum(len(r) for r in runs.values())} runs of {len(runs)} scenarios", flush=True)


def list_scenarios(args) -> None:
    """Prints the (scenario, tree) pairs this run would boot, and how many per tree."""
    work = scenario_work(args)
    for scn, tree in work:
        print(f"{scn.name} on {tree.name}")
    per_tree = {}
    for _, tree in work:
        per_tree[tree.name] = per_tree.get(tree.name, 0) + 1
    print(", ".join(f"{name}: {count}" for name, count in per_tree.items()))
    print(f"{len(work)} scenario runs")


def capture(tally: Tally, args) -> None:
    """Runs every scenario that declares captures on its own chapter and copies them to book/captures/."""
    load_scenarios()
    destination = ROOT / "book" / "captures"
    destination.mkdir(parents=True, exist_ok=True)
    for scn in all_scenarios():
        if not scn.capture:
            continue
        tree = ROOT / f"chapter-{scn.since}"
        ok, seconds, details = run_scenario(scn, tree)
        tally.record(f"capture {scn.name} on {tree.name}", ok, seconds, details)
        if not ok:
            continue
        for produced, name in scn.capture.items():
            source = LOGS / tree.name / f"{scn.name}-{produced}"
            data = source.read_bytes()
            if source.suffix == ".log":  # the firmware's screen-clearing leaves blank lines
                data = b"\n".join(line for line in data.split(b"\n") if line.strip()) + b"\n"
            (destination / name).write_bytes(data)
            print(f"      -> book/captures/{name}")


def stage_fuzz(tally: Tally, args) -> None:
    """Replays each fuzz target's committed corpus: inputs that once found a bug stay checked."""
    folder = ROOT / "tests" / "fuzz"
    targets = sorted(p.stem[len("fuzz_"):] for p in folder.glob("fuzz_*.cpp"))
    if not targets:
        return
    start = time.monotonic()
    ok, details = run_command(["make", "-C", str(folder), f"-j{args.jobs}", "replay"],
                              LOGS / "fuzz-build.log", 900)
    if not ok:
        tally.record("fuzz replay build", False, time.monotonic() - start, details)
        return
    for name in targets:
        corpus = folder / "corpus" / name
        start = time.monotonic()
        if not corpus.is_dir() or not any(corpus.iterdir()):
            tally.record(f"fuzz {name} replays its corpus", False, 0.0, f"  no corpus in {corpus}")
            continue
        ok, details = run_command([str(ROOT / "tests" / "build" / "fuzz" / f"replay-{name}"),
                                   str(corpus)], LOGS / f"fuzz-{name}.log", 300)
        tally.record(f"fuzz {name} replays its corpus", ok, time.monotonic() - start, details)


def stage_book(tally: Tally, args) -> None:
    if not (ROOT / "book" / "Makefile").exists():
        tally.record("book", None, None, "no book/Makefile yet")
        return
    start = time.monotonic()
    ok, details = run_command(["make", "-C", "book", "html"], LOGS / "book-build.log", 900)
    tally.record("book builds with no warnings", ok, time.monotonic() - start, details)
    checker = ROOT / "tests" / "book" / "browser_check.py"
    if not ok or not checker.exists():
        return
    log = LOGS / "book-browser.log"
    ok, details = run_command([sys.executable, str(checker)], log, 300)
    lines = log.read_text(errors="replace").splitlines()
    counted = 0
    for line in lines:
        if line.startswith("PASS "):
            tally.record(f"book {line[5:]}", True)
            counted += 1
        elif line.startswith("FAIL "):
            tally.record(f"book {line[5:]}", False)
            counted += 1
    if not ok and counted == 0:
        tally.record("book browser check", False, None, details)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", help="one tree (chapter-NN-x or final): its build and scenarios only")
    ap.add_argument("--only", help=f"comma-separated stages ({', '.join(STAGES)})")
    ap.add_argument("-k", help="only scenarios whose name contains this text (or one of several, comma-separated)")
    ap.add_argument("--capture", action="store_true", help="refresh book/captures/ from real runs, nothing else")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                    help="parallel builds (make -jJ) and QEMU runs at once (default: the number of CPUs)")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run every chosen scenario N times; one failed run fails it (flakiness hunt)")
    ap.add_argument("--all-trees", action="store_true",
                    help="boot each scenario on every tree it applies to, not only on the policy's trees")
    ap.add_argument("--list", action="store_true", help="list the scenario runs this selection makes, run nothing")
    args = ap.parse_args(argv)
    if args.list:
        list_scenarios(args)
        return 0
    stages = args.only.split(",") if args.only else (["build", "scenarios"] if args.target else STAGES)
    tally = Tally()
    started = time.monotonic()
    if args.capture:
        stages = []
        capture(tally, args)
    took = []
    for name in stages:
        print(f"== {name}", flush=True)
        stage_start = time.monotonic()
        globals()[f"stage_{name}"](tally, args)
        took.append(f"{name} {time.monotonic() - stage_start:.0f} s")
    print(f"\nfinished in {time.monotonic() - started:.0f} s ({', '.join(took)}); "
          f"transcripts and screenshots in {LOGS}")
    if tally.failures:
        print("failed:\n" + "\n".join(f"  {name}" for name in tally.failures))
    print(tally.summary())
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
