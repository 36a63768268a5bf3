"""Search results with excerpts, also when the book is opened from the disk (file://).

Sphinx 5.3's search page shows, under each result, an excerpt of the page around the searched
word: searchtools.js fetch()es the result's HTML and reads its ``[role=main]`` element (Furo's
``<article role="main">``). Served over HTTP that works; but a browser refuses fetch() on
file:// URLs, so a reader who opens book/_build/html/index.html from the disk (what `make book`
prints) gets the titles only. So, for the html builder:

- when the build finishes, this writes ``_static/search-texts.js``: the text of every page's
  ``[role=main]`` element, by page name, as the fetched page would give it;
- the search page (book/_templates/search.html) loads it and ``_static/search-offline.js``,
  which answers searchtools.js's fetch() of a page from those texts, on file:// only.
"""
from __future__ import annotations

import html.parser
import json
from pathlib import Path

from sphinx.application import Sphinx


class MainText(html.parser.HTMLParser):
    """The text inside <article role="main">, without the headerlink anchors (as searchtools)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0      # nesting inside the article; 0 = outside
        self.skip = 0       # nesting inside a .headerlink
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag not in VOID
            if self.skip or "headerlink" in (attrs.get("class") or "").split():
                self.skip += tag not in VOID
        elif attrs.get("role") == "main":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            if self.skip:
                self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def write_texts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    out = Path(app.outdir)
    texts = {}
    for docname in sorted(app.env.found_docs):
        page = out / f"{docname}.html"
        if page.is_file():
            parser = MainText()
            parser.feed(page.read_text(encoding="utf-8"))
            texts[docname] = " ".join("".join(parser.parts).split())
    script = "window.BOOK_PAGE_TEXTS = " + json.dumps(texts, ensure_ascii=False) + ";\n"
    (out / "_static" / "search-texts.js").write_text(script, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", write_texts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
