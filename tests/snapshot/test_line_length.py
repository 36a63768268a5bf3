"""No line of final/ or shared/ is wider than 100 columns (run by tests/run.py's snapshot stage).

The book shows code listings in a column 100 characters wide, and every listing is a piece of
final/ (through the chapter snapshots, which only drop marker lines) or of shared/. A longer
line would scroll sideways in the book, so it fails here instead, with the file and line.
Tabs count as Sphinx expands them in a listing (to the next multiple of 8); build output,
caches and binary files are skipped.
"""
from __future__ import annotations

import os
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "shared" / "snapshot"))
import generate  # noqa: E402

MAX_COLUMNS = 100
TAB_WIDTH = 8  # Sphinx's default tab_width for literalinclude
CHECKED = ("final", "shared")


def text_files(top: Path) -> list[Path]:
    """The files below `top` a snapshot or the book could show: no build/ or __pycache__/."""
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in generate.SKIP_NAMES)
        found += [Path(dirpath) / f for f in sorted(filenames) if f not in generate.SKIP_NAMES]
    return found


def long_lines(path: Path, root: Path = ROOT) -> list[str]:
    """Every line of `path` wider than MAX_COLUMNS, as 'file:line: N columns'."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return []  # binary: never shown as a listing
    rel = path.relative_to(root).as_posix()
    return [f"{rel}:{number}: {width} columns"
            for number, line in enumerate(text.split("\n"), start=1)
            if (width := len(line.rstrip("\r").expandtabs(TAB_WIDTH))) > MAX_COLUMNS]


class LineLength(unittest.TestCase):
    def test_no_line_is_wider_than_the_book(self):
        found = [problem for top in CHECKED for path in text_files(ROOT / top)
                 for problem in long_lines(path)]
        if found:
            self.fail(f"{len(found)} line(s) wider than {MAX_COLUMNS} columns (break them the way "
                      "the surrounding code does):\n" + "\n".join(found))

    def test_the_check_sees_a_long_line(self):
        # Not vacuous: 101 columns fail, 100 pass, and a tab counts as up to 8 columns.
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "wide.cpp"
            path.write_text("x" * 100 + "\n" + "y" * 101 + "\n\t" + "z" * 93 + "\n")
            self.assertEqual(long_lines(path, Path(tmp)),
                             ["wide.cpp:2: 101 columns", "wide.cpp:3: 101 columns"])


if __name__ == "__main__":
    unittest.main()
