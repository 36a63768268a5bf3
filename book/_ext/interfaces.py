"""``.. interface-index::``: every kernel interface the book documents, grouped by chapter.

The chapters render their interfaces from the Doxygen comments with Breathe; Breathe declares
each one in Sphinx's C++ domain (and macros in the C domain). After every page is read, this
directive lists those declarations: namespace-level classes, structs, enums, functions, variables,
types, concepts and macros, each linking to the page that introduces it. Nothing is typed by hand,
so the index cannot go stale.

The declarations live on the chapters' reference pages (book/reference/NN-name.rst), so the index
groups them by page, in chapter order, each group headed by its chapter ("04 · Timer and
scheduler", from the course plan) and linking to that reference page.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from course import PLAN

TITLES = {chapter.name: f"{chapter.name[:2]} \u00b7 {chapter.title}" for chapter in PLAN}

KINDS = {"class": "class", "struct": "struct", "union": "union", "enum": "enum",
         "function": "function", "member": "variable", "var": "variable", "type": "type",
         "concept": "concept", "macro": "macro"}


class interface_index(nodes.General, nodes.Element):
    """A placeholder, replaced by the list once every page has been read."""


class InterfaceIndex(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [interface_index()]


def _entries(app: Sphinx) -> list[tuple[str, str, str, str]]:
    """(name, kind, docname, anchor) for every namespace-level declaration."""
    found = []
    cpp = app.env.get_domain("cpp")
    root = cpp.data["root_symbol"]
    for symbol in root.get_all_symbols():
        decl = symbol.declaration
        if decl is None or decl.objectType not in KINDS:
            continue
        parent = symbol.parent
        if parent is not None and parent.declaration is not None \
                and parent.declaration.objectType != "namespace":
            continue  # a member: listed on its class's page, not here
        name = str(symbol.get_full_nested_name().get_display_string()).lstrip(":")
        kind = decl.objectType
        if kind == "class" and getattr(decl, "directiveType", "class") == "struct":
            kind = "struct"
        found.append((name, KINDS[kind], symbol.docname, decl.get_newest_id()))
    for name, _disp, kind, docname, anchor, _prio in app.env.get_domain("c").get_objects():
        if kind == "macro":
            found.append((name, "macro", docname, anchor))
    return sorted(set(found), key=lambda e: (e[2], e[0].lower(), e[1]))


def heading(app: Sphinx, docname: str) -> str:
    """A group's heading: the chapter for a reference page, else the page's own title."""
    folder, _, name = docname.rpartition("/")
    if folder == "reference" and name in TITLES:
        return TITLES[name]
    title = app.env.titles.get(docname)
    return title.astext() if title else docname


def fill(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(interface_index))
    if not placeholders:
        return
    entries = _entries(app)
    by_doc: dict[str, list] = {}
    for name, kind, docname, anchor in entries:
        by_doc.setdefault(docname, []).append((name, kind, anchor))
    result = []
    for docname in sorted(by_doc):
        section_title = nodes.rubric("", "")
        link = nodes.reference("", "", internal=True,
                               refuri=app.builder.get_relative_uri(fromdocname, docname))
        link += nodes.Text(heading(app, docname))
        section_title += link
        table = nodes.bullet_list(classes=["interface-index"])
        for name, kind, anchor in by_doc[docname]:
            ref = nodes.reference("", "", internal=True,
                                  refuri=app.builder.get_relative_uri(fromdocname, docname) + "#" + anchor)
            ref += nodes.literal(name, name)
            table += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f" ({kind})")))
        result += [section_title, table]
    if not result:
        result = [nodes.paragraph("", "No interface is documented yet.")]
    for placeholder in placeholders:
        placeholder.replace_self(result)


def setup(app: Sphinx) -> dict:
    app.add_node(interface_index)
    app.add_directive("interface-index", InterfaceIndex)
    app.connect("doctree-resolved", fill)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
