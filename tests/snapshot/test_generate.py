"""Tests for shared/snapshot/generate.py, the chapter snapshot generator.

Each test builds a small throwaway repository (final/ + shared/chapters.txt) in a temporary
directory and runs the generator on it, either in-process (the module loaded from its path)
or as a subprocess, then looks at the chapter-<name>/ directories it wrote.

Run from the repository root:
    python3 -m unittest discover -s tests/snapshot -v
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "shared" / "snapshot" / "generate.py"
CHAPTERS = ["00-setup", "01-uefi", "02-gdt-idt"]


def load_generator():
    """Import generate.py from its path (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("snapshot_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it executes
    spec.loader.exec_module(module)
    return module


gen = load_generator()


def lines(*text: str) -> str:
    """The given lines, each ended by a newline."""
    return "".join(line + "\n" for line in text)


class FakeRepo:
    """A throwaway repository layout: final/, shared/chapters.txt and the snapshots."""

    def __init__(self, chapters=CHAPTERS):
        self._tmp = tempfile.TemporaryDirectory(prefix="snapshot-test-")
        self.root = Path(self._tmp.name)
        self.final = self.root / "final"
        self.final.mkdir()
        (self.root / "shared").mkdir()
        self.set_chapters(chapters)

    def cleanup(self):
        self._tmp.cleanup()

    def set_chapters(self, chapters):
        text = "# The chapters, in order.\n\n" + lines(*chapters)
        (self.root / "shared" / "chapters.txt").write_text(text)

    def write(self, rel: str, content: str | bytes, mode: int = 0o644) -> Path:
        """Create final/<rel> with the given text or bytes and permission bits."""
        path = self.final / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        path.chmod(mode)
        return path

    def chapter(self, name: str) -> Path:
        return self.root / f"chapter-{name}"

    def snapshot(self, chapter: str, rel: str) -> Path:
        return self.chapter(chapter) / rel

    def read(self, chapter: str, rel: str) -> str:
        return self.snapshot(chapter, rel).read_text()

    def generate(self, *extra: str) -> None:
        """Run the generator in-process (default: write next to final/); it must succeed."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = gen.main(["--root", str(self.root), *extra])
        if status != 0:
            raise AssertionError(f"generator failed with {status}: {err.getvalue()}")

    def run(self, *extra: str) -> subprocess.CompletedProcess:
        """Run the generator as a subprocess on this repository."""
        return subprocess.run(
            [sys.executable, str(GENERATOR), "--root", str(self.root), *extra],
            capture_output=True, text=True, timeout=60)


class RepoTestCase(unittest.TestCase):
    """Gives every test a fresh fake repository, self.repo."""

    def setUp(self):
        self.repo = FakeRepo()
        self.addCleanup(self.repo.cleanup)

    def assertPresence(self, rel: str, expected: dict[str, bool]):  # noqa: N802 (unittest style)
        """Check in which chapters final/<rel> exists."""
        for chapter, present in expected.items():
            with self.subTest(chapter=chapter):
                self.assertEqual(self.repo.snapshot(chapter, rel).exists(), present)


# ---------------------------------------------------------------------------------------------
# Whole files: tags and untagged files
# ---------------------------------------------------------------------------------------------
class FileTagTests(RepoTestCase):

    def test_tagged_file_starts_in_its_chapter(self):
        """`// @chapter 01-uefi` on line 1: the file is in 01 and 02, not 00; tag removed."""
        self.repo.write("loader/main.cpp", lines("// @chapter 01-uefi", "int main() {", "}"))
        self.repo.generate()
        self.assertPresence("loader/main.cpp",
                            {"00-setup": False, "01-uefi": True, "02-gdt-idt": True})
        for chapter in ("01-uefi", "02-gdt-idt"):
            self.assertEqual(self.repo.read(chapter, "loader/main.cpp"), lines("int main() {", "}"))

    def test_tagged_file_leaves_no_empty_directory_behind(self):
        """A directory holding only a later chapter's files does not exist in earlier ones."""
        self.repo.write("kernel/gdt.cpp", lines("// @chapter 02-gdt-idt", "void gdt();"))
        self.repo.generate()
        self.assertFalse(self.repo.snapshot("01-uefi", "kernel").exists())
        self.assertTrue(self.repo.snapshot("02-gdt-idt", "kernel/gdt.cpp").exists())

    def test_tag_with_range_ends_the_file(self):
        """`// @chapter 00-setup..01-uefi`: a demo file present in 00 and 01, gone in 02."""
        self.repo.write("demo.cpp", lines("// @chapter 00-setup..01-uefi", "demo();"))
        self.repo.generate()
        self.assertPresence("demo.cpp", {"00-setup": True, "01-uefi": True, "02-gdt-idt": False})
        self.assertEqual(self.repo.read("00-setup", "demo.cpp"), lines("demo();"))

    def test_untagged_file_is_in_every_chapter_byte_for_byte(self):
        """No tag: every chapter has an identical copy (CRLF, tabs, UTF-8, no final newline)."""
        data = ("// plain\r\n\tint x = 1; // caf\u00e9 \u2028 \x0c\r\n"
                "#define Y 2\n  last line").encode()
        self.repo.write("lib/plain.hpp", data)
        self.repo.generate()
        for chapter in CHAPTERS:
            with self.subTest(chapter=chapter):
                self.assertEqual(self.repo.snapshot(chapter, "lib/plain.hpp").read_bytes(), data)

    def test_empty_file_is_copied(self):
        """An empty text file is in every chapter, still empty."""
        self.repo.write("empty.txt", b"")
        self.repo.generate()
        for chapter in CHAPTERS:
            self.assertEqual(self.repo.snapshot(chapter, "empty.txt").read_bytes(), b"")


# ---------------------------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------------------------
class BlockTests(RepoTestCase):

    def test_block_starts_in_its_chapter(self):
        """`//{ 01-uefi` ... `//}`: absent in 00, present from 01, marker lines removed."""
        self.repo.write("kernel/main.cpp", lines(
            "void kmain() {",
            "//{ 01-uefi",
            "    init_uefi();",
            "        if (x) {",
            "\ttabbed();",
            "//}",
            "}"))
        self.repo.generate()
        self.assertEqual(self.repo.read("00-setup", "kernel/main.cpp"),
                         lines("void kmain() {", "}"))
        expected = lines("void kmain() {", "    init_uefi();", "        if (x) {", "\ttabbed();",
                         "}")
        self.assertEqual(self.repo.read("01-uefi", "kernel/main.cpp"), expected)
        self.assertEqual(self.repo.read("02-gdt-idt", "kernel/main.cpp"), expected)

    def test_indented_markers(self):
        """Markers may be indented like the code around them; content keeps its own indent."""
        self.repo.write("kernel/main.cpp", lines(
            "void kmain() {",
            "    //{ 01-uefi",
            "    init_uefi();",
            "    \t//}",
            "    done();",
            "}"))
        self.repo.generate()
        self.assertEqual(self.repo.read("00-setup", "kernel/main.cpp"),
                         lines("void kmain() {", "    done();", "}"))
        self.assertEqual(self.repo.read("01-uefi", "kernel/main.cpp"),
                         lines("void kmain() {", "    init_uefi();", "    done();", "}"))

    def test_closed_range_block_only_in_early_chapters(self):
        """`//{ 00-setup..00-setup`: a demo present in 00 and replaced from 01 on."""
        self.repo.write("kernel/main.cpp", lines(
            "//{ 00-setup..00-setup",
            "hello_demo();",
            "//}",
            "//{ 01-uefi",
            "real_work();",
            "//}"))
        self.repo.generate()
        self.assertEqual(self.repo.read("00-setup", "kernel/main.cpp"), lines("hello_demo();"))
        self.assertEqual(self.repo.read("01-uefi", "kernel/main.cpp"), lines("real_work();"))
        self.assertEqual(self.repo.read("02-gdt-idt", "kernel/main.cpp"), lines("real_work();"))

    def test_range_of_two_chapters_includes_both_ends(self):
        """`//{ 00-setup..01-uefi` is present in 00 and 01 and gone in 02."""
        self.repo.write("a.cpp", lines("//{ 00-setup..01-uefi", "demo();", "//}", "end();"))
        self.repo.generate()
        self.assertEqual(self.repo.read("00-setup", "a.cpp"), lines("demo();", "end();"))
        self.assertEqual(self.repo.read("01-uefi", "a.cpp"), lines("demo();", "end();"))
        self.assertEqual(self.repo.read("02-gdt-idt", "a.cpp"), lines("end();"))

    def test_nested_blocks_intersect(self):
        """An inner block is present only where its outer block is too."""
        self.repo.write("a.cpp", lines(
            "always();",
            "//{ 01-uefi",
            "outer();",
            "  //{ 00-setup..01-uefi",  # intersected with 01..: only chapter 01
            "  inner_demo();",
            "  //}",
            "  //{ 02-gdt-idt",
            "  inner_later();",
            "  //}",
            "//}"))
        self.repo.generate()
        self.assertEqual(self.repo.read("00-setup", "a.cpp"), lines("always();"))
        self.assertEqual(self.repo.read("01-uefi", "a.cpp"),
                         lines("always();", "outer();", "  inner_demo();"))
        self.assertEqual(self.repo.read("02-gdt-idt", "a.cpp"),
                         lines("always();", "outer();", "  inner_later();"))

    def test_block_inside_tagged_file_is_limited_by_the_tag(self):
        """A block in a file tagged 01-uefi never reaches chapter 00, whatever its range."""
        self.repo.write("a.cpp", lines(
            "// @chapter 01-uefi",
            "//{ 00-setup..01-uefi",
            "demo();",
            "//}",
            "kept();"))
        self.repo.generate()
        self.assertFalse(self.repo.snapshot("00-setup", "a.cpp").exists())
        self.assertEqual(self.repo.read("01-uefi", "a.cpp"), lines("demo();", "kept();"))
        self.assertEqual(self.repo.read("02-gdt-idt", "a.cpp"), lines("kept();"))

    def test_crlf_markers(self):
        """Markers in a file with Windows line endings are recognised and removed."""
        self.repo.write("a.cpp", b"x();\r\n//{ 01-uefi\r\ny();\r\n//}\r\n")
        self.repo.generate()
        self.assertEqual(self.repo.snapshot("00-setup", "a.cpp").read_bytes(), b"x();\r\n")
        self.assertEqual(self.repo.snapshot("01-uefi", "a.cpp").read_bytes(), b"x();\r\ny();\r\n")


# ---------------------------------------------------------------------------------------------
# Comment leaders of the other languages
# ---------------------------------------------------------------------------------------------
class CommentStyleTests(RepoTestCase):

    HASH_FILES = {
        "arch/x86_64/entry.S": ("#", "mov $1, %rax"),   # GNU as with the C preprocessor
        "arch/x86_64/boot.asm": ("#", "nop"),
        "Makefile": ("#", "\t$(CC) -c main.cpp"),
        "tools/run.sh": ("#", 'echo "hi"'),
        "boot.cfg": ("#", "serial=on"),
    }

    def test_hash_blocks(self):
        """`#{ 01-uefi` / `#}` in assembly, Makefiles, shell scripts and config files."""
        for rel in self.HASH_FILES:
            body = self.HASH_FILES[rel][1]
            self.repo.write(rel, lines("first", "#{ 01-uefi", body, "#}", "last"))
        self.repo.generate()
        for rel, (_, body) in self.HASH_FILES.items():
            with self.subTest(file=rel):
                self.assertEqual(self.repo.read("00-setup", rel), lines("first", "last"))
                self.assertEqual(self.repo.read("01-uefi", rel), lines("first", body, "last"))

    def test_hash_file_tags(self):
        """`# @chapter 01-uefi` on line 1 of assembly, Makefiles and shell scripts."""
        for rel, (_, body) in self.HASH_FILES.items():
            self.repo.write(rel, lines("# @chapter 01-uefi", body))
        self.repo.generate()
        for rel, (_, body) in self.HASH_FILES.items():
            with self.subTest(file=rel):
                self.assertFalse(self.repo.snapshot("00-setup", rel).exists())
                self.assertEqual(self.repo.read("01-uefi", rel), lines(body))

    def test_shell_script_tag_before_shebang(self):
        """A tagged script keeps its shebang as line 1 of the snapshot, and stays executable."""
        self.repo.write("tools/run.sh", lines("# @chapter 01-uefi", "#!/bin/sh", "echo ok"),
                        mode=0o755)
        self.repo.generate()
        script = self.repo.snapshot("01-uefi", "tools/run.sh")
        self.assertEqual(script.read_text(), lines("#!/bin/sh", "echo ok"))
        self.assertTrue(os.access(script, os.X_OK))
        result = subprocess.run([str(script)], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.stdout, "ok\n")

    def test_linker_script_markers(self):
        """`/*{ 01-uefi */` / `/*} */` blocks and a `/* @chapter 01-uefi */` tag."""
        self.repo.write("kernel/kernel.ld", lines(
            "/* @chapter 01-uefi */",
            "SECTIONS {",
            "  .text : { *(.text) }",
            "  /*{ 02-gdt-idt */",
            "  .gdt : { *(.gdt) }",
            "  /*} */",
            "}"))
        self.repo.write("loader/loader.ld", lines(
            "ENTRY(efi_main)",
            "/*{ 01-uefi */",
            "SECTIONS { }",
            "/*}*/"))
        self.repo.generate()
        self.assertFalse(self.repo.snapshot("00-setup", "kernel/kernel.ld").exists())
        self.assertEqual(self.repo.read("01-uefi", "kernel/kernel.ld"),
                         lines("SECTIONS {", "  .text : { *(.text) }", "}"))
        self.assertEqual(self.repo.read("02-gdt-idt", "kernel/kernel.ld"),
                         lines("SECTIONS {", "  .text : { *(.text) }", "  .gdt : { *(.gdt) }", "}"))
        self.assertEqual(self.repo.read("00-setup", "loader/loader.ld"), lines("ENTRY(efi_main)"))
        self.assertEqual(self.repo.read("01-uefi", "loader/loader.ld"),
                         lines("ENTRY(efi_main)", "SECTIONS { }"))

    def test_ordinary_comments_are_kept(self):
        """Comments that are not markers (`// {`, `#include`, `#!`, `/* } */`) stay as they are."""
        text = lines("#include <x.h>", "// { not a marker", "/* } neither */", "# plain", "#!x")
        self.repo.write("a.S", text)
        self.repo.generate()
        self.assertEqual(self.repo.read("00-setup", "a.S"), text)


# ---------------------------------------------------------------------------------------------
# Copying: binaries, permissions, skipped folders, regeneration
# ---------------------------------------------------------------------------------------------
class CopyTests(RepoTestCase):

    def test_binary_file_copied_unchanged(self):
        """A file that is not UTF-8 is copied byte for byte into every chapter."""
        data = bytes(range(256)) + b"\n//{ 01-uefi\n\xff\xfe//}\n"
        self.repo.write("assets/font.bin", data)
        self.repo.generate()
        for chapter in CHAPTERS:
            with self.subTest(chapter=chapter):
                self.assertEqual(self.repo.snapshot(chapter, "assets/font.bin").read_bytes(), data)

    def test_executable_bit_preserved(self):
        """Executable files stay executable; others do not become executable."""
        self.repo.write("tools/run.sh", lines("#!/bin/sh", "#{ 01-uefi", "echo 1", "#}"),
                        mode=0o755)
        self.repo.write("tools/notes.txt", "notes\n", mode=0o644)
        self.repo.write("tools/blob", b"\xff\x00", mode=0o755)
        self.repo.generate()
        for chapter in CHAPTERS:
            with self.subTest(chapter=chapter):
                mode = lambda rel: self.repo.snapshot(chapter, rel).stat().st_mode  # noqa: E731
                self.assertTrue(mode("tools/run.sh") & stat.S_IXUSR)
                self.assertTrue(mode("tools/blob") & stat.S_IXUSR)
                self.assertFalse(mode("tools/notes.txt") & 0o111)

    def test_build_and_pycache_not_copied(self):
        """final/build/ and any __pycache__/ are never part of a snapshot."""
        self.repo.write("main.cpp", "int x;\n")
        self.repo.write("build/main.o", b"\x7fELF\x00")
        self.repo.write("build/deep/main.d", "main.o: main.cpp\n")
        self.repo.write("tools/__pycache__/t.cpython-311.pyc", b"\x00\x01")
        self.repo.write("__pycache__/x.pyc", b"\x00")
        self.repo.generate()
        for chapter in CHAPTERS:
            with self.subTest(chapter=chapter):
                snap = self.repo.chapter(chapter)
                self.assertTrue((snap / "main.cpp").exists())
                self.assertFalse((snap / "build").exists())
                self.assertFalse((snap / "__pycache__").exists())
                self.assertFalse((snap / "tools").exists())

    def test_regeneration_keeps_build_and_removes_stale_files(self):
        """Regenerating keeps chapter-*/build/ but deletes files final/ no longer has."""
        self.repo.write("main.cpp", "int x;\n")
        self.repo.write("old/gone.cpp", "int gone;\n")
        self.repo.generate()
        build = self.repo.chapter("01-uefi") / "build"
        build.mkdir()
        (build / "main.o").write_bytes(b"\x7fELF")
        (self.repo.chapter("01-uefi") / "hand-made.txt").write_text("stale\n")
        (self.repo.final / "old" / "gone.cpp").unlink()
        self.repo.write("main.cpp", "int y;\n")
        self.repo.generate()
        snap = self.repo.chapter("01-uefi")
        self.assertEqual((build / "main.o").read_bytes(), b"\x7fELF")
        self.assertFalse((snap / "hand-made.txt").exists())
        self.assertFalse((snap / "old").exists())
        self.assertEqual((snap / "main.cpp").read_text(), "int y;\n")

    def test_out_writes_elsewhere(self):
        """`--out DIR` (subprocess) writes every chapter below DIR and nothing next to final/."""
        self.repo.write("main.cpp", lines("// @chapter 01-uefi", "int x;"))
        with tempfile.TemporaryDirectory() as out:
            result = self.repo.run("--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(sorted(p.name for p in Path(out).iterdir()),
                             [f"chapter-{c}" for c in CHAPTERS])
            self.assertEqual((Path(out) / "chapter-02-gdt-idt" / "main.cpp").read_text(),
                             "int x;\n")
        self.assertEqual(list(self.repo.root.glob("chapter-*")), [])

    def test_regeneration_removes_unlisted_chapters(self):
        """Regenerating in place deletes chapter-* directories no longer in chapters.txt."""
        self.repo.write("main.cpp", "int x;\n")
        self.repo.generate()
        self.repo.set_chapters(CHAPTERS[:2])
        result = self.repo.run()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(self.repo.chapter("02-gdt-idt").exists())
        self.assertTrue(self.repo.chapter("01-uefi").exists())


# ---------------------------------------------------------------------------------------------
# Malformed markers: a clear error naming final/<file>:<line>, exit status 1
# ---------------------------------------------------------------------------------------------
class MarkerErrorTests(RepoTestCase):

    def assertMarkerError(self, text: str, where: str, *words: str):  # noqa: N802
        """final/kernel/bad.cpp holds `text`; the generator must exit 1 naming `where`."""
        self.repo.write("kernel/good.cpp", "int ok;\n")
        self.repo.write("kernel/bad.cpp", text)
        result = self.repo.run()
        self.assertEqual(result.returncode, 1, f"stdout={result.stdout!r} stderr={result.stderr!r}")
        self.assertIn(f"final/kernel/bad.cpp:{where}:", result.stderr)
        self.assertIn("error", result.stderr)
        for word in words:
            self.assertIn(word, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        # Nothing is written when final/ is malformed.
        self.assertEqual(list(self.repo.root.glob("chapter-*")), [])

    def test_unknown_chapter_in_block(self):
        """A block naming a chapter not in chapters.txt."""
        self.assertMarkerError(lines("a();", "//{ 07-paging", "b();", "//}"), "2", "07-paging")

    def test_unknown_chapter_in_tag(self):
        """A file tag naming a chapter not in chapters.txt."""
        self.assertMarkerError(lines("// @chapter 09-smp", "a();"), "1", "09-smp")

    def test_unknown_chapter_at_range_end(self):
        """The second chapter of a range is checked too."""
        self.assertMarkerError(lines("//{ 00-setup..05-nope", "a();", "//}"), "1", "05-nope")

    def test_reversed_range(self):
        """`//{ 02-gdt-idt..01-uefi` runs backwards."""
        self.assertMarkerError(lines("a();", "a();", "//{ 02-gdt-idt..01-uefi", "b();", "//}"),
                               "3", "02-gdt-idt..01-uefi")

    def test_unclosed_block_names_opening_line(self):
        """A block never closed: the error points at the line that opened it."""
        self.assertMarkerError(lines("a();", "//{ 01-uefi", "b();", "c();"), "2", "never closed")

    def test_unclosed_outer_block_names_its_opening_line(self):
        """Two nested opens and one close: the close ends the inner block, the outer is named."""
        self.assertMarkerError(lines("a();", "//{ 01-uefi", "  //{ 02-gdt-idt", "x();", "  //}"),
                               "2", "never closed")

    def test_stray_close(self):
        """A `//}` with no open block."""
        self.assertMarkerError(lines("a();", "//{ 01-uefi", "//}", "b();", "//}"), "5", "close")

    def test_tag_not_on_first_line(self):
        """`// @chapter` anywhere but line 1."""
        self.assertMarkerError(lines("#pragma once", "// @chapter 01-uefi"), "2", "first line")

    def test_open_without_chapter(self):
        """`//{` with no chapter name."""
        self.assertMarkerError(lines("a();", "//{", "b();", "//}"), "2", "malformed")

    def test_open_with_trailing_junk(self):
        """`//{01-uefi x`: extra words after the chapter."""
        self.assertMarkerError(lines("//{01-uefi x", "b();", "//}"), "1", "malformed")

    def test_misspelled_chapter_name(self):
        """`//{ 1-uefi`: not a chapter name at all."""
        self.assertMarkerError(lines("//{ 1-uefi", "b();", "//}"), "1", "malformed")

    def test_malformed_tag(self):
        """`// @chapter` with no chapter, on the first line."""
        self.assertMarkerError(lines("// @chapter", "a();"), "1", "malformed")

    def test_close_with_trailing_junk(self):
        """`//} 01-uefi`: a close takes no argument."""
        self.assertMarkerError(lines("//{ 01-uefi", "a();", "//} 01-uefi"), "3", "malformed")

    def test_hash_and_linker_script_errors(self):
        """Malformed `#{` and `/*{` markers are caught as well."""
        for text, where in ((lines("x", "#{ 01-uefi", "y"), "2"),
                            (lines("x", "#{01-uefi x", "#}"), "2"),
                            (lines("x", "/*{ 01-uefi */", "y", "/*} */", "/*} */"), "5"),
                            (lines("x", "/*{ */", "/*} */"), "2")):
            with self.subTest(text=text):
                self.repo = FakeRepo()  # a fresh tree for each case
                self.addCleanup(self.repo.cleanup)
                self.assertMarkerError(text, where)

    def test_line_numbers_count_only_newlines(self):
        """A form feed (page break) inside a line does not shift the reported line number."""
        self.assertMarkerError(lines("a();", "\x0c", "b(); // \u2028", "//}"), "4", "close")

    def test_module_raises_marker_error(self):
        """In-process, parse() raises MarkerError with the location."""
        with self.assertRaisesRegex(gen.MarkerError, r"^final/x\.cpp:3: error: "):
            gen.parse(lines("a", "b", "//}"), CHAPTERS, "final/x.cpp")


# ---------------------------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------------------------
class CheckTests(RepoTestCase):

    def setUp(self):
        super().setUp()
        self.repo.write("kernel/main.cpp", lines("int a;", "//{ 01-uefi", "int b;", "//}"))
        self.repo.write("loader/efi.hpp", lines("// @chapter 01-uefi", "struct Efi;"))
        self.repo.write("tools/run.sh", lines("#!/bin/sh", "true"), mode=0o755)
        self.repo.write("assets/logo.bin", b"\x89PNG\xff\x00")
        self.repo.generate()

    def check(self) -> subprocess.CompletedProcess:
        return self.repo.run("--check")

    def assertCheckFails(self, *names: str):  # noqa: N802
        result = self.check()
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        for name in names:
            self.assertIn(name, result.stderr)

    def test_fresh_snapshots_pass(self):
        """Freshly generated snapshots pass --check (exit 0)."""
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("3 chapter snapshots match", result.stdout)

    def test_check_ignores_build_output(self):
        """Build output inside a snapshot (chapter-*/build/) is not a difference."""
        (self.repo.chapter("00-setup") / "build").mkdir()
        (self.repo.chapter("00-setup") / "build" / "kernel.elf").write_bytes(b"\x7fELF")
        self.assertEqual(self.check().returncode, 0)

    def test_hand_edit_fails(self):
        """A snapshot file edited by hand is named."""
        path = self.repo.snapshot("01-uefi", "kernel/main.cpp")
        path.write_text(path.read_text().replace("int b;", "int c;"))
        self.assertCheckFails("chapter-01-uefi/kernel/main.cpp", "differs")

    def test_hand_edit_of_binary_fails(self):
        """A changed binary file is named."""
        self.repo.snapshot("02-gdt-idt", "assets/logo.bin").write_bytes(b"\x89PNG\xff\x01")
        self.assertCheckFails("chapter-02-gdt-idt/assets/logo.bin")

    def test_lost_executable_bit_fails(self):
        """A snapshot script that lost its executable bit is named."""
        self.repo.snapshot("00-setup", "tools/run.sh").chmod(0o644)
        self.assertCheckFails("chapter-00-setup/tools/run.sh")

    def test_missing_file_fails(self):
        """A file deleted from a snapshot is named."""
        self.repo.snapshot("02-gdt-idt", "loader/efi.hpp").unlink()
        self.assertCheckFails("chapter-02-gdt-idt/loader/efi.hpp", "missing")

    def test_missing_chapter_directory_fails(self):
        """A whole chapter directory missing is reported."""
        shutil.rmtree(self.repo.chapter("02-gdt-idt"))
        self.assertCheckFails("chapter-02-gdt-idt/kernel/main.cpp", "missing")

    def test_extra_file_fails(self):
        """A file added to a snapshot by hand is named."""
        self.repo.snapshot("00-setup", "kernel/extra.cpp").write_text("int extra;\n")
        self.assertCheckFails("chapter-00-setup/kernel/extra.cpp")

    def test_file_of_later_chapter_in_earlier_snapshot_fails(self):
        """A tagged file present in a chapter before its tag is an extra file."""
        (self.repo.chapter("00-setup") / "loader").mkdir()
        self.repo.snapshot("00-setup", "loader/efi.hpp").write_text("struct Efi;\n")
        self.assertCheckFails("chapter-00-setup/loader/efi.hpp")

    def test_unlisted_chapter_directory_fails(self):
        """A chapter-* directory not in chapters.txt is named."""
        (self.repo.root / "chapter-03-paging").mkdir()
        (self.repo.root / "chapter-03-paging" / "main.cpp").write_text("int x;\n")
        self.assertCheckFails("chapter-03-paging", "chapters.txt")

    def test_check_does_not_write(self):
        """--check leaves a stale snapshot as it is."""
        path = self.repo.snapshot("01-uefi", "kernel/main.cpp")
        path.write_text("edited\n")
        self.check()
        self.assertEqual(path.read_text(), "edited\n")

    def test_check_reports_marker_errors(self):
        """A malformed marker in final/ makes --check fail with the location."""
        self.repo.write("kernel/main.cpp", lines("//{ 01-uefi", "x"))
        self.assertCheckFails("final/kernel/main.cpp:1")


# ---------------------------------------------------------------------------------------------
# The real repository
# ---------------------------------------------------------------------------------------------
class StripTests(RepoTestCase):
    """--strip: a data file as programs read it (the boot image is packed this way)."""

    def test_tag_and_blocks_go_text_stays(self):
        text = lines("# @chapter 01-uefi", "Welcome.", "#{ 02-gdt-idt", "Later text.", "#}",
                     "#{ 00-setup..01-uefi", "An early demo line.", "#}", "End.")
        self.assertEqual(gen.strip(text, CHAPTERS, "motd.txt"),
                         lines("Welcome.", "Later text.", "End."))

    def test_file_without_markers_is_unchanged(self):
        text = "no markers\r\nhere, CRLF kept\r\n"
        self.assertEqual(gen.strip(text, CHAPTERS, "plain.txt"), text)

    def test_command_line_prints_the_stripped_file(self):
        data = self.repo.final / "motd.txt"
        data.write_text(lines("# @chapter 02-gdt-idt", "hello", "#{ 02-gdt-idt", "world", "#}"))
        done = self.repo.run("--strip", str(data))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, lines("hello", "world"))

    def test_a_malformed_marker_fails(self):
        data = self.repo.final / "bad.txt"
        data.write_text(lines("#{ 02-gdt-idt", "never closed"))
        done = self.repo.run("--strip", str(data))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("never closed", done.stderr)


class RealRepositoryTests(unittest.TestCase):

    def test_real_repository_generates(self):
        """The generator succeeds on this repository's final/ (written to a temp dir)."""
        if not (REPO / "final").is_dir():
            self.skipTest(f"{REPO / 'final'} is absent: no real repository to generate from")
        chapters = gen.read_chapters(REPO / "shared" / "chapters.txt")
        with tempfile.TemporaryDirectory() as out:
            result = subprocess.run(
                [sys.executable, str(GENERATOR), "--root", str(REPO), "--out", out],
                capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(sorted(p.name for p in Path(out).iterdir()),
                             sorted(f"chapter-{c}" for c in chapters))
            for chapter in chapters:
                self.assertFalse((Path(out) / f"chapter-{chapter}" / "build").exists())


if __name__ == "__main__":
    unittest.main()
