"""The course plan, and the checks that keep the book, the chapter list and the snapshots in step.

- ``PLAN``: the thirteen chapters of the course (from the design), each with what it adds and the
  phase of the project's seed plan it implements.
- ``.. course-map::``: the front page's table of chapters; chapters that exist link to their page.
- At start-up: every chapter in shared/chapters.txt must have its page (chapters/NN-name.rst),
  its reference page (book/reference/NN-name.rst) and its snapshot (chapter-NN-name/), and every
  chapter page and reference page must be in shared/chapters.txt. A mismatch is a warning, so
  ``sphinx-build -W`` fails.
- Every literal block that shows a capture (book/captures/) must be plain text: a terminal
  escape code or another control character in it is a warning.
- ``.. answer::``: the answer to a review question, folded until the reader opens it (an HTML
  ``<details>`` element; other builders show it as a plain block).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chapter:
    name: str    # as in shared/chapters.txt: NN-name
    title: str
    adds: str    # what the chapter adds to the OS
    phase: str   # the seed plan's phase it implements


PLAN = [
    Chapter("00-setup", "Setting up", "the toolchain, the Makefile, the QEMU and GDB scripts, "
            "a UEFI application that says hello on the serial port", "0: environment setup"),
    Chapter("01-uefi", "A UEFI boot loader", "GOP framebuffer and text, the memory map, loading the "
            "kernel ELF, higher-half page tables, the jump to the kernel with BootInfo",
            "1: boot loader"),
    Chapter("02-gdt-idt", "Kernel entry, GDT and IDT", "kernel entry, stack, BSS, logger, GDT, IDT, "
            "exception handlers, a breakpoint test", "2: kernel initialization"),
    Chapter("03-paging", "Memory", "frame allocator, PML4, higher half, heap (operator new), "
            "page-fault handler", "3: memory management"),
    Chapter("04-scheduler", "Timer and scheduler", "APIC/PIT timer, tasks, context switch, "
            "round robin", "4: timer and scheduler"),
    Chapter("05-processes", "Processes", "processes (PID, address space, capability table, state), "
            "ELF loader, ring 3, syscalls", "5: process model"),
    Chapter("06-ipc", "IPC", "messages (header, payload, sender, capability references), channels, "
            "blocking receive, rights", "6: IPC system"),
    Chapter("07-servers", "System servers", "process server, RAMFS file server over IPC, "
            "a userspace driver server", "7: system servers"),
    Chapter("08-filesystem", "File systems", "RAMFS directories and read/write, FAT on a disk "
            "image, a journaling native file system", "8: file system"),
    Chapter("09-network", "Networking", "NIC driver in userspace, Ethernet, ARP, IPv4 and routing, "
            "ICMP, UDP, TCP", "9: network stack"),
    Chapter("10-ui", "The user interface", "drawing primitives, double buffering, compositor, "
            "window manager, input, shell", "10: UI system"),
    Chapter("11-security", "Security", "capability permissions everywhere, isolation, "
            "memory-region enforcement, IPC validation", "11: security model"),
    Chapter("12-debug", "Debugging and stability", "kernel log, serial debugging, symbolized panics, "
            "leak and deadlock detection", "12: debugging and stability"),
]


def repo_root(app: Sphinx) -> Path:
    """The repository: the folder above book/."""
    return Path(app.srcdir).resolve().parent


def existing_chapters(app: Sphinx) -> list[str]:
    """The chapters that exist, in order, from shared/chapters.txt."""
    path = repo_root(app) / "shared" / "chapters.txt"
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line)
    return names


def check_chapters(app: Sphinx) -> None:
    root = repo_root(app)
    listed = existing_chapters(app)
    planned = {c.name for c in PLAN}
    for name in listed:
        if name not in planned:
            logger.warning(f"shared/chapters.txt: chapter {name} is not in the course plan "
                           f"(book/_ext/course.py PLAN)")
        if not (root / "chapters" / f"{name}.rst").is_file():
            logger.warning(f"chapter {name} exists (shared/chapters.txt) but has no page: "
                           f"write chapters/{name}.rst")
        if not (root / "book" / "reference" / f"{name}.rst").is_file():
            logger.warning(f"chapter {name} exists (shared/chapters.txt) but has no reference "
                           f"page: write book/reference/{name}.rst (its C++ interfaces)")
        if not (root / f"chapter-{name}").is_dir():
            logger.warning(f"chapter {name} has no snapshot chapter-{name}/: run `make chapters`")
    for folder in ("chapters", "book/reference"):
        for page in sorted((root / folder).glob("*.rst")):
            if page.stem not in listed:
                logger.warning(f"{folder}/{page.name} describes a chapter that is not in "
                               f"shared/chapters.txt")


class CourseMap(SphinxDirective):
    """The table of every planned chapter; the ones that exist link to their page."""

    def run(self) -> list[nodes.Node]:
        listed = existing_chapters(self.env.app)
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 22 50 18 10",
            "   :class: course-map",
            "",
            "   * - Chapter",
            "     - What it adds",
            "     - Seed plan phase",
            "     - Status",
        ]
        for chapter in PLAN:
            here = chapter.name in listed
            label = f"{chapter.name[:2]} \u00b7 {chapter.title}"
            title = f":doc:`{label} </chapters/{chapter.name}>`" if here else label
            lines += [
                f"   * - {title}",
                f"     - {chapter.adds}",
                f"     - {chapter.phase}",
                f"     - {'written' if here else 'planned'}",
            ]
        container = nodes.container(classes=["course-map"])
        self.state.nested_parse(StringList(lines, source="course-map"), self.content_offset, container)
        return [container]


class answer(nodes.General, nodes.Element):
    """A folded answer: <details><summary>Answer</summary>...</details> in HTML."""


class Answer(SphinxDirective):
    """``.. answer::`` followed by the answer's text, indented."""
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = answer(classes=["answer"])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def visit_answer_html(self, node: answer) -> None:
    self.body.append('<details class="answer"><summary>Answer</summary>\n')


def depart_answer_html(self, node: answer) -> None:
    self.body.append("</details>\n")


def visit_answer_other(self, node: answer) -> None:
    pass


def depart_answer_other(self, node: answer) -> None:
    pass


# Anything below a space except tab and newline, and DEL: never part of a readable log.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def check_captures(app: Sphinx, doctree: nodes.document) -> None:
    captures = Path(app.srcdir).resolve() / "captures"
    for block in doctree.findall(nodes.literal_block):
        source = block.get("source")
        if not source or not Path(source).resolve().is_relative_to(captures):
            continue
        match = _CONTROL.search(block.astext())
        if match:
            logger.warning(f"{source}: control character {match.group()!r} in a capture: the "
                           f"harness should strip terminal escape codes", location=block)


def setup(app: Sphinx) -> dict:
    app.add_directive("course-map", CourseMap)
    app.add_node(answer, html=(visit_answer_html, depart_answer_html),
                 singlehtml=(visit_answer_html, depart_answer_html),
                 text=(visit_answer_other, depart_answer_other))
    app.add_directive("answer", Answer)
    app.connect("builder-inited", check_chapters)
    app.connect("doctree-read", check_captures)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
