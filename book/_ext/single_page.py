"""The whole book on one page: what the singlehtml builder needs beyond the html one.

`make book` runs ``sphinx-build -b singlehtml`` after the html build, into _build/html/singlehtml.
Sphinx 5.3's singlehtml builder has two gaps this extension fills:

- a node registered for ``html`` only has no visitor in singlehtml (the builder looks visitors up
  by its own name): graphviz diagrams get the html visitors here;
- it inlines every toctree entry as a document, so ``genindex`` in the front page's toctree (a
  page the html builder generates, not a document) fails the build: the toctrees it reads lose
  such entries (while it assembles the page and its sidebar's navigation). The single page has
  no search page and no general index, so the sidebar also drops its search box, and links to
  the general index go to the page-by-page book's (the single page lives in its folder).
"""
from __future__ import annotations

from contextlib import contextmanager

from sphinx.application import Sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.ext import graphviz

GENERATED = {"genindex", "modindex", "search"}  # pages the html builder writes, not documents


class SinglePageBuilder(SingleFileHTMLBuilder):
    """Sphinx's singlehtml builder, whose toctrees skip the generated pages while it assembles."""

    def init(self) -> None:
        super().init()
        self.config.html_sidebars = {
            pattern: [t for t in templates if t != "sidebar/search.html"]
            for pattern, templates in self.config.html_sidebars.items()}

    @contextmanager
    def _documents_only(self):
        """While inside: the doctrees Sphinx reads have no toctree entry for a generated page."""
        read = self.env.get_doctree

        def get_doctree(docname: str):
            tree = read(docname)
            for toctree in tree.findall(addnodes.toctree):
                toctree["includefiles"] = [f for f in toctree["includefiles"] if f not in GENERATED]
                toctree["entries"] = [e for e in toctree["entries"] if e[1] not in GENERATED]
            return tree

        self.env.get_doctree = get_doctree  # never while the environment is pickled
        try:
            yield
        finally:
            del self.env.get_doctree

    def assemble_doctree(self):
        with self._documents_only():
            return super().assemble_doctree()

    def _get_local_toctree(self, *args, **kwargs):  # the sidebar's navigation
        with self._documents_only():
            return super()._get_local_toctree(*args, **kwargs)

    def get_doc_context(self, *args, **kwargs):  # the page's table of contents
        with self._documents_only():
            return super().get_doc_context(*args, **kwargs)

    def write_doc(self, docname, doctree):
        # The text's own links to the general index go to the page-by-page book's, one folder up.
        for ref in doctree.findall(nodes.reference):
            if ref.get("refuri", "").split("#")[0] in {f"{g}.html" for g in GENERATED}:
                ref["refuri"] = "../" + ref["refuri"]
        super().write_doc(docname, doctree)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(graphviz.graphviz, override=True,
                 singlehtml=(graphviz.html_visit_graphviz, None))
    app.add_builder(SinglePageBuilder, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
