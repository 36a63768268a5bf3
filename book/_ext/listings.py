"""Every code listing names its file, numbers its lines as the file does, and links to the file.

This extension replaces Sphinx's ``literalinclude`` directive with a subclass, so the chapters
write nothing extra. For a listing of a file outside book/ (a chapter snapshot or shared/):

- the caption is the file's path from the repository root, e.g.
  ``chapter-04-scheduler/kernel/sched/scheduler.cpp``; a listing's own ``:caption:`` stays, with
  the path after it unless it already names it;
- the line numbers are the file's (``lineno-match``, whatever ``start-at``/``end-before``/``lines``
  /``dedent`` select);
- the caption links to the listing's first line in the whole file as the book renders it:
  ``_sources-code/<path>.html#L<line>``. Those pages, one per file that some listing includes and
  no other, are written when the build finishes (the html and singlehtml builders), highlighted
  like the listings, every line with its number and an anchor ``L<n>``.

A capture (book/captures/*, a serial log) gets the caption ``book/captures/NAME`` and no line
numbers: a log has no lines worth citing by number.
"""
from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.environment import BuildEnvironment

PAGES = "_sources-code"  # the folder of the whole-file pages, in the output


class listing_link(nodes.reference):
    """The caption's link; its URL depends on the page it ends up in, so it is set once resolved."""


def source_page(path: str) -> str:
    """The whole-file page of `path` (relative to the repository), relative to the output root."""
    return f"{PAGES}/{path}.html"


class Listing(LiteralInclude):
    """``literalinclude`` with the file's path as caption, its line numbers and a link to it."""

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir).resolve().parent
        _, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename).resolve()
        captures = Path(self.env.srcdir).resolve() / "captures"
        is_capture = path.is_relative_to(captures)
        shown = (path.relative_to(root).as_posix() if path.is_relative_to(root)
                 else self.arguments[0])
        if not is_capture:
            self.options["lineno-match"] = True
        own = self.options.get("caption")
        self.options["caption"] = "placeholder"  # replaced below: the path is never parsed as markup
        result = super().run()
        container = result[0]
        if not isinstance(container, nodes.container):
            return result  # Sphinx's warning (missing file, anchor not found): -W fails the build
        caption = next(iter(container.findall(nodes.caption)))
        block = next(iter(container.findall(nodes.literal_block)))
        caption.clear()
        if own and shown not in own:
            caption += self.parse_inline(own)
            caption += nodes.Text(" \u2014 ")
        elif own:
            caption += self.parse_inline(own)
        if not own or shown not in own:
            caption += nodes.literal(shown, shown)
        if is_capture:
            container["classes"].append("capture")
            return result
        first = block["highlight_args"]["linenostart"]
        link = listing_link("", "", internal=True, listing_path=shown, listing_line=first,
                            reftitle=f"{shown}, the whole file")
        link.extend(caption.children)
        caption.clear()
        caption += link
        container["classes"].append("listing")
        self.env.listing_files.setdefault(self.env.docname, set()).add(shown)
        return result

    def parse_inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(text, self.lineno)
        return parsed + messages


# ---- which files the listings include, kept in the environment (parallel reads merge it) -------

def init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not hasattr(env, "listing_files"):
        env.listing_files = {}


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.listing_files.pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.listing_files:
            env.listing_files[docname] = other.listing_files[docname]


# ---- links: relative to the page the listing ends up in ---------------------------------------

def resolve_links(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    # singlehtml puts every page into index.html at the root; html keeps the docname's folders.
    depth = 0 if app.builder.name == "singlehtml" else fromdocname.count("/")
    for link in doctree.findall(listing_link):
        page = source_page(link["listing_path"])
        link["refuri"] = "../" * depth + page + f"#L{link['listing_line']}"


def visit_link_html(self, node: listing_link) -> None:
    self.visit_reference(node)


def depart_link_html(self, node: listing_link) -> None:
    self.depart_reference(node)


def visit_link_other(self, node: listing_link) -> None:
    pass


def depart_link_other(self, node: listing_link) -> None:
    pass


# ---- the whole-file pages ---------------------------------------------------------------------

LEXERS = {".cpp": "cpp", ".hpp": "cpp", ".h": "cpp", ".S": "gas", ".ld": "text", ".mk": "make",
          ".py": "python", ".gdb": "text", ".txt": "text", ".sh": "bash"}


def lexer_for(path: str):
    name = Path(path).name
    if name == "Makefile":
        return get_lexer_by_name("make")
    try:
        return get_lexer_by_name(LEXERS.get(Path(path).suffix, "text"))
    except ClassNotFound:
        return get_lexer_by_name("text")


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{path} \u2014 {project}</title>
<link rel="stylesheet" href="{up}_static/pygments.css">
<link rel="stylesheet" href="{up}_static/book.css">
</head><body class="source-page">
<header><a href="{up}{index}">{project}</a> \u00b7 <code>{path}</code>, {count} lines</header>
<div class="highlight"><pre>{lines}</pre></div>
</body></html>
"""


def render_page(app: Sphinx, root: Path, path: str) -> str:
    text = (root / path).read_text(encoding="utf-8")
    # nowrap: one line of output per line of input, each closing its own spans.
    code = highlight(text, lexer_for(path), HtmlFormatter(nowrap=True)).split("\n")
    if code and code[-1] == "":
        code.pop()
    width = len(str(len(code)))
    lines = "".join(f'<span class="line" id="L{n}">'
                    f'<a class="linenos" href="#L{n}">{n:>{width}}</a> {line}\n</span>'
                    for n, line in enumerate(code, 1))
    up = "../" * (path.count("/") + 1)
    index = "index.html"
    return PAGE.format(path=html.escape(path), project=html.escape(app.config.project), up=up,
                       index=index, count=len(code), lines=lines)


def write_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.srcdir).resolve().parent
    files = sorted(set().union(*app.env.listing_files.values()))
    for path in files:
        out = Path(app.outdir) / source_page(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_page(app, root, path), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_directive("literalinclude", Listing, override=True)
    app.add_node(listing_link, html=(visit_link_html, depart_link_html),
                 singlehtml=(visit_link_html, depart_link_html),
                 text=(visit_link_other, depart_link_other))
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", resolve_links)
    app.connect("build-finished", write_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
