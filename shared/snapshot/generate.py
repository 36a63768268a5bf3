#!/usr/bin/env python3
"""Generate the chapter snapshots from final/.

Every line of the OS lives once, in final/. Chapter markers say where each piece first
appears (and, rarely, where a demo stops). This tool writes one complete directory per
chapter, chapter-<name>/, with the markers stripped, so students read clean code.

Markers (the comment leader may be //, # or /* ... */, so they work in C++, assembly,
linker scripts, Makefiles and scripts):

    // @chapter 04-scheduler          first line: the whole file starts in chapter 04
    //{ 05-processes                  the lines up to the matching //} start in chapter 05
    //}
    //{ 01-uefi..03-paging            lines in chapters 01 to 03 only (a demo replaced later)

A chapter is named as in shared/chapters.txt. A range A..B includes both ends. Blocks nest;
an inner block is present only where its outer block is. A file without a tag belongs to
every chapter. Anything malformed is an error naming the file and line.

Usage:
    generate.py                 regenerate every chapter-* directory next to final/
    generate.py --check         compare the committed snapshots with what would be generated
    generate.py --out DIR       write the snapshots below DIR instead (used by --check and tests)
    generate.py --strip FILE    print FILE as the last chapter (final/) has it, markers removed:
                                how data files enter the boot image (shared/mk/user.mk), so a
                                program never reads a marker
"""
from __future__ import annotations

import argparse
import filecmp
import io
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A comment leader, then the marker, then (for /* */) the closing of the comment.
_LEAD = r"(?://|#|/\*)"
_TAIL = r"\s*(?:\*/)?\s*$"
_NAME = r"[0-9][0-9]-[a-z0-9-]+"
_RANGE = rf"(?P<first>{_NAME})(?:\.\.(?P<last>{_NAME}))?"
FILE_TAG = re.compile(rf"^\s*{_LEAD}\s*@chapter\s+{_RANGE}{_TAIL}")
BLOCK_OPEN = re.compile(rf"^\s*{_LEAD}\{{\s*{_RANGE}{_TAIL}")
BLOCK_CLOSE = re.compile(rf"^\s*{_LEAD}\}}{_TAIL}")
# Anything that looks like it wants to be a marker, to catch typos.
LOOKS_LIKE_MARKER = re.compile(rf"^\s*{_LEAD}(?:\{{|\}}|\s*@chapter)")

# Files and folders of final/ that are never part of a snapshot.
SKIP_NAMES = {"build", "__pycache__", ".gitignore"}


class MarkerError(Exception):
    """A malformed marker; the message names the file and line."""


@dataclass(frozen=True)
class Span:
    """The chapters a piece of code is present in: indices into the chapter list."""
    first: int
    last: int

    def contains(self, index: int) -> bool:
        return self.first <= index <= self.last

    def within(self, outer: "Span") -> "Span":
        return Span(max(self.first, outer.first), min(self.last, outer.last))


def read_chapters(path: Path) -> list[str]:
    names = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line)
    return names


def _span(match: re.Match, chapters: list[str], where: str) -> Span:
    first, last = match.group("first"), match.group("last") or chapters[-1]
    for name in (first, last):
        if name not in chapters:
            raise MarkerError(f"{where}: error: unknown chapter '{name}' "
                              f"(known: {', '.join(chapters)})")
    span = Span(chapters.index(first), chapters.index(last))
    if span.first > span.last:
        raise MarkerError(f"{where}: error: chapter range {first}..{last} runs backwards")
    return span


def parse(text: str, chapters: list[str], name: str) -> list[tuple[Span, str | None]]:
    """Split a file into (span, line) pairs; line None stands for 'the file exists here'.

    The first pair always describes the file itself (from its tag, or every chapter)."""
    # Split on real line ends only: str.splitlines() also splits at form feeds and U+2028,
    # which would throw off the line numbers in error messages.
    lines = io.StringIO(text, newline="").readlines()
    whole = Span(0, len(chapters) - 1)
    out: list[tuple[Span, str | None]] = []
    start = 0
    if lines:
        tag = FILE_TAG.match(lines[0])
        if tag:
            whole = _span(tag, chapters, f"{name}:1")
            start = 1
    out.append((whole, None))
    stack: list[tuple[Span, int]] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        where = f"{name}:{number}"
        if (m := BLOCK_OPEN.match(line)):
            outer = stack[-1][0] if stack else whole
            stack.append((_span(m, chapters, where).within(outer), number))
        elif BLOCK_CLOSE.match(line):
            if not stack:
                raise MarkerError(f"{where}: error: block close without an open block")
            stack.pop()
        elif FILE_TAG.match(line):
            raise MarkerError(f"{where}: error: @chapter tag must be on the first line")
        elif LOOKS_LIKE_MARKER.match(line):
            raise MarkerError(f"{where}: error: malformed chapter marker: {line.strip()}")
        else:
            out.append((stack[-1][0] if stack else whole, line))
    if stack:
        raise MarkerError(f"{name}:{stack[-1][1]}: error: block opened here is never closed")
    return out


def render(pieces: list[tuple[Span, str | None]], index: int) -> str | None:
    """The file as chapter `index` has it, or None when the file is not in that chapter."""
    if not pieces[0][0].contains(index):
        return None
    return "".join(line for span, line in pieces[1:] if line is not None and span.contains(index))


def strip(text: str, chapters: list[str], name: str) -> str:
    """`text` without its markers, as the last chapter (final/) has it; "" when the file ends
    before the last chapter. A file without markers comes back unchanged."""
    return render(parse(text, chapters, name), len(chapters) - 1) or ""


def source_files(final: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(final):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_NAMES)
        for f in sorted(filenames):
            if f not in SKIP_NAMES:
                files.append(Path(dirpath) / f)
    return files


def _clear(target: Path) -> None:
    """Empty a snapshot directory but keep its build/ output, so a rebuild stays incremental."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.name in SKIP_NAMES:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def generate(final: Path, chapters: list[str], out: Path) -> list[Path]:
    """Write chapter-<name>/ below `out` for every chapter; return the directories written."""
    parsed = []
    for path in source_files(final):
        rel = path.relative_to(final)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            parsed.append((rel, path, None))  # binary: copied as is into every chapter
            continue
        parsed.append((rel, path, parse(text, chapters, f"final/{rel}")))
    written = []
    for index, chapter in enumerate(chapters):
        target = out / f"chapter-{chapter}"
        _clear(target)
        for rel, path, pieces in parsed:
            if pieces is None:
                content = path.read_bytes()
            else:
                text = render(pieces, index)
                if text is None:
                    continue
                content = text.encode("utf-8")
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(content)
            shutil.copymode(path, dest)
        written.append(target)
    return written


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in source_files(root)}


def compare(expected: Path, actual: Path) -> list[str]:
    """Differences between a generated snapshot and a committed one."""
    problems = []
    want, have = _tree(expected), _tree(actual)
    for rel in sorted(want - have):
        problems.append(f"{actual.name}/{rel}: missing (run `make chapters`)")
    for rel in sorted(have - want):
        problems.append(f"{actual.name}/{rel}: not generated from final/ (edited by hand?)")
    for rel in sorted(want & have):
        a, b = expected / rel, actual / rel
        same_mode = (os.stat(a).st_mode & 0o111) == (os.stat(b).st_mode & 0o111)
        if not filecmp.cmp(a, b, shallow=False) or not same_mode:
            problems.append(f"{actual.name}/{rel}: differs from what final/ generates")
    return problems


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="the repository (holds final/ and shared/)")
    ap.add_argument("--out", type=Path, help="where to write the chapter directories")
    ap.add_argument("--check", action="store_true", help="fail when a committed snapshot is stale")
    ap.add_argument("--strip", type=Path, metavar="FILE",
                    help="print FILE without its chapter markers")
    args = ap.parse_args(argv)
    chapters = read_chapters(args.root / "shared" / "chapters.txt")
    final = args.root / "final"
    try:
        if args.strip:
            # Bytes in, bytes out (newline=""): only marker lines go.
            with open(args.strip, newline="") as f:
                text = f.read()
            sys.stdout.write(strip(text, chapters, str(args.strip)))
            return 0
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                generated = generate(final, chapters, Path(tmp))
                problems = []
                for g in generated:
                    problems += compare(g, args.root / g.name)
                stale = sorted(p.name for p in args.root.glob("chapter-*")
                               if p.name not in {g.name for g in generated})
                problems += [f"{name}: not in shared/chapters.txt "
                             "(remove it, or run `make chapters`)" for name in stale]
            for p in problems:
                print(f"snapshot: {p}", file=sys.stderr)
            if problems:
                print(f"snapshot: {len(problems)} difference(s); run `make chapters` and commit",
                      file=sys.stderr)
                return 1
            print(f"snapshot: {len(generated)} chapter snapshots match final/")
            return 0
        out = args.out or args.root
        if args.out is None:
            for old in args.root.glob("chapter-*"):
                if old.name[len("chapter-"):] not in chapters:
                    shutil.rmtree(old)
        for g in generate(final, chapters, out):
            print(f"generated {g}")
        return 0
    except MarkerError as e:
        print(e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
