# The book's Sphinx configuration. Build with `make -C book html` (or `make book` from the top):
# Doxygen first (one XML tree per chapter snapshot), then sphinx-build with warnings as errors.
#
# Sources: this folder (front page, setup, glossary, interface index) and the chapter texts in
# ../chapters/, reached through the symlink book/chapters -> ../chapters (Sphinx follows it), so a
# chapter page's name is chapters/NN-name.
#
# Code listings are always read from the chapter snapshots (../chapter-NN-name/) and the shared
# infrastructure (../shared/) with text anchors, and every interface from Doxygen through Breathe:
# a missing file, anchor or symbol is a warning, and -W makes it an error.
import os
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(BOOK / "_ext"))

if not (BOOK / "chapters").is_dir():
    raise RuntimeError("book/chapters must be a symlink to ../chapters (git restores it; "
                       "on a checkout without symlinks run: ln -s ../chapters book/chapters)")

project = "RustOsLinux"
author = "the RustOsLinux course authors"
copyright = "RustOsLinux course authors"
release = version = ""

extensions = [
    "sphinx.ext.graphviz",
    "breathe",
    "course",
    "chapter_diff",
    "interfaces",
    "listings",
    "search_excerpts",
    "single_page",
]
templates_path = ["_templates"]

root_doc = "index"
exclude_patterns = ["_build", "_templates", "captures", "screenshots", "README.md", "Thumbs.db",
                    ".DS_Store"]
primary_domain = "cpp"
highlight_language = "none"
pygments_style = "friendly"
pygments_dark_style = "monokai"
# Cross-references made in the text (:cpp:class:`BootOptions`, :term:`ESP`, :doc:...) must resolve.
nitpicky = True
nitpick_ignore_regex = [
    # Names inside the declarations Breathe renders (types of parameters, members and bases) need
    # not all be documented in the book: the standard library, GNU-EFI, constants. References
    # written in the text (:cpp:class:, :cpp:func:...) are still checked.
    (r"cpp:identifier", r".*"),
]

# Diagrams: graphviz sources in the pages, rendered by `dot` at build time, as SVG.
graphviz_output_format = "svg"
graphviz_dot_args = ["-Gfontname=sans-serif", "-Nfontname=sans-serif", "-Efontname=sans-serif"]

# Breathe: one Doxygen project per chapter snapshot, so a chapter shows its interfaces as that
# chapter has them (a later chapter may add members). book/Makefile writes them.
def _chapters():
    lines = (ROOT / "shared" / "chapters.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


breathe_projects = {name: str(BOOK / "_build" / "doxygen" / name / "xml") for name in _chapters()}
breathe_default_project = _chapters()[-1]
breathe_domain_by_extension = {"hpp": "cpp", "cpp": "cpp", "h": "cpp"}
breathe_show_include = False
breathe_show_define_initializer = False
breathe_order_parameters_first = False
breathe_separate_member_pages = False

# HTML: the furo theme, as Debian packages it.
html_theme = "furo"
html_title = "RustOsLinux: build a microkernel in C++"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# Furo's sidebar, with a link to the other form of the book below the navigation.
html_sidebars = {"**": ["sidebar/scroll-start.html", "sidebar/brand.html", "sidebar/search.html",
                        "sidebar/navigation.html", "sidebar/whole-book.html",
                        "sidebar/scroll-end.html"]}
html_theme_options = {
    "navigation_with_keys": True,
}
