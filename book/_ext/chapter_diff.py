"""``.. chapter-diff::``: the complete change from one chapter snapshot to the next, computed at build time.

Usage, in a chapter page::

    .. chapter-diff:: 00-setup 01-uefi     (what chapter 01 adds to chapter 00)
    .. chapter-diff:: 00-setup             (the first chapter: every file is new)

The directive compares the two snapshot trees chapter-<name>/ beside book/ (build/ folders and
caches are skipped) and renders a summary line (files changed, lines added and removed) and one
collapsible unified diff per file, titled with its path and line counts, highlighted as ``diff``. A missing snapshot is an error, so the book cannot describe a chapter that is not
there. Nothing is cached: the diff is always that of the trees on disk at build time.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html import HTMLTranslator

SKIP_DIRS = {"build", "__pycache__", ".git"}
SKIP_FILES = {".gitignore"}


class diff_file(nodes.General, nodes.Element):
    """One file's diff: a <details> element in HTML, a plain section elsewhere."""


def visit_diff_file_html(self: HTMLTranslator, node: diff_file) -> None:
    summary = self.encode(node["summary"])
    state = " open" if node.get("open") else ""
    self.body.append(f'<details class="chapter-diff-file" id="{node["ids"][0]}"{state}>'
                     f'<summary><code>{self.encode(node["path"])}</code> {summary}</summary>\n')


def depart_diff_file_html(self: HTMLTranslator, node: diff_file) -> None:
    self.body.append("</details>\n")


def visit_diff_file_other(self, node: diff_file) -> None:
    pass


def depart_diff_file_other(self, node: diff_file) -> None:
    pass


def snapshot_files(tree: Path) -> dict[str, Path]:
    """Every file of a snapshot, by its path relative to the tree (with / separators)."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name in SKIP_FILES or name.endswith(".pyc"):
                continue
            path = Path(dirpath) / name
            files[path.relative_to(tree).as_posix()] = path
    return files


def read_lines(path: Path | None) -> list[str] | None:
    """The file's lines with their endings; [] for no file; None for a binary file."""
    if path is None:
        return []
    try:
        return path.read_bytes().decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def unified(old: list[str], new: list[str], old_name: str, new_name: str) -> tuple[str, int, int]:
    """A unified diff as text, with the counts of added and removed lines."""
    out, added, removed = [], 0, 0
    for line in difflib.unified_diff(old, new, old_name, new_name, n=3):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out), added, removed


class ChapterDiff(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        if len(self.arguments) == 2:
            before, after = self.arguments
        else:
            before, after = None, self.arguments[0]
        root = Path(self.env.srcdir).resolve().parent
        trees = {}
        for name in (before, after):
            if name is None:
                continue
            tree = root / f"chapter-{name}"
            if not tree.is_dir():
                raise self.error(f"chapter-diff: snapshot chapter-{name}/ does not exist "
                                 f"(is {name} in shared/chapters.txt? run `make chapters`)")
            trees[name] = snapshot_files(tree)
        old_files = trees.get(before, {}) if before else {}
        new_files = trees[after]

        rows, blocks = [], []
        total_added = total_removed = 0
        for rel in sorted(set(old_files) | set(new_files)):
            old_path, new_path = old_files.get(rel), new_files.get(rel)
            for p in (old_path, new_path):
                if p is not None:
                    self.env.note_dependency(str(p))
            old, new = read_lines(old_path), read_lines(new_path)
            status = "added" if old_path is None else "removed" if new_path is None else "changed"
            if old is None or new is None:
                if old_path and new_path and old_path.read_bytes() == new_path.read_bytes():
                    continue
                text, added, removed = f"Binary file {rel} {status}\n", 0, 0
            else:
                if old == new:
                    continue
                old_name = f"a/chapter-{before}/{rel}" if old_path else "/dev/null"
                new_name = f"b/chapter-{after}/{rel}" if new_path else "/dev/null"
                text, added, removed = unified(old, new, old_name, new_name)
            total_added += added
            total_removed += removed
            anchor = nodes.make_id(f"diff-{after}-{rel}")
            counts = f"({status}, +{added} \u2212{removed})"
            rows.append((rel, anchor, counts))
            block = nodes.literal_block(text, text, language="diff")
            block["classes"].append("chapter-diff-block")
            entry = diff_file(path=rel, summary=counts, ids=[anchor])
            entry += block
            blocks.append(entry)

        if not rows:
            raise self.error(f"chapter-diff: chapter-{before}/ and chapter-{after}/ are identical")

        what = f"from chapter {before} to chapter {after}" if before else f"chapter {after}, from nothing"
        summary = nodes.paragraph(
            "", f"{len(rows)} files changed {what}: {total_added} insertions(+), "
                f"{total_removed} deletions(\u2212). Open a file to read its diff.")
        container = nodes.container(classes=["chapter-diff"])
        container += [summary, *blocks]
        return [container]


def setup(app: Sphinx) -> dict:
    app.add_node(diff_file,
                 html=(visit_diff_file_html, depart_diff_file_html),
                 singlehtml=(visit_diff_file_html, depart_diff_file_html),
                 latex=(visit_diff_file_other, depart_diff_file_other),
                 text=(visit_diff_file_other, depart_diff_file_other),
                 man=(visit_diff_file_other, depart_diff_file_other),
                 texinfo=(visit_diff_file_other, depart_diff_file_other))
    app.add_directive("chapter-diff", ChapterDiff)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
