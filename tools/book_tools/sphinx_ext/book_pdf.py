"""Give the PDF (LaTeX build) the structure of the site.

Jupyter Book's own LaTeX layer is switched off (``use_jupyterbook_latex: false``: its class
needs a 600 MB font package), and plain Sphinx would nest every chapter inside the last
section of the landing page. This extension rearranges the assembled LaTeX document instead:

- the landing page becomes one unnumbered chapter, "Preface", with its sections as sections;
- each part of ``_toc.yml`` starts with a part page titled by its caption, and its chapters
  follow as chapters, numbered like the site: chapters of a ``numbered`` part carry the
  running chapter number (equations ``(5.1)``, ``Fig. 5.1``); chapters of other parts are
  unnumbered, with equations and figures numbered from 1 in each, as the site numbers them.

Print as a course hands it out:

- hidden inputs are left out: the source of code cells tagged ``hide-input``, ``hide-cell``,
  ``check`` or ``remove-*`` (and the output of ``hide-cell`` and ``hide-output`` cells, which
  the site also keeps behind a toggle);
- the solutions of a chapter are gathered in a "Solutions" section at its end, still titled
  "Solution to Exercise 3.1" as on the site;
- the Bibliography appendix is the list itself: LaTeX prints every citation in one
  bibliography chapter, so the page that only introduced the list (and was otherwise empty)
  is left out, its labels kept on the list.

Players show their still picture (``image/png``, chosen by ``nb_mime_priority_overrides`` in
``_config.yml``). Nothing changes for the HTML builders.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

# Switches between the site's two numbering styles, around Sphinx's own definitions.
PREAMBLE = r"""
% Numbering like the site (book_pdf extension).
\let\bookchapterequation\theequation
\let\bookchapterfigure\thefigure
\let\bookchaptertable\thetable
\newif\ifbooklocalnumbering
\newcount\booksecnumdepth
\newcommand{\bookunnumberedchapters}{%
  \ifbooklocalnumbering\else\booksecnumdepth=\value{secnumdepth}\fi
  \booklocalnumberingtrue
  \setcounter{secnumdepth}{-1}%
  \renewcommand{\theequation}{\arabic{equation}}%
  \renewcommand{\thefigure}{\arabic{figure}}%
  \renewcommand{\thetable}{\arabic{table}}}
\newcommand{\booknumberedchapters}{%
  \ifbooklocalnumbering\setcounter{secnumdepth}{\booksecnumdepth}\fi
  \booklocalnumberingfalse
  \let\theequation\bookchapterequation
  \let\thefigure\bookchapterfigure
  \let\thetable\bookchaptertable}
\AddToHook{cmd/chapter/before}{%
  \ifbooklocalnumbering\setcounter{equation}{0}\setcounter{figure}{0}%
  \setcounter{table}{0}\fi}
"""


def _latex(code: str) -> nodes.raw:
    return nodes.raw("", code, format="latex")


def _part_heading(caption: str) -> str:
    r"""LaTeX for a part page titled ``caption``, in the table of contents and the bookmarks.

    The captions carry their own "Part II", so LaTeX must not number the parts again.

    >>> print(_part_heading("Part I"))
    \cleardoublepage\phantomsection\addcontentsline{toc}{part}{Part I}\part*{Part I}
    """
    title = escape(caption)
    return (r"\cleardoublepage\phantomsection"
            rf"\addcontentsline{{toc}}{{part}}{{{title}}}\part*{{{title}}}")


class PartsAndChapters(SphinxPostTransform):
    """Move each chapter to the top level of the assembled book, under its part."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        site_map = getattr(self.config, "external_site_map", None)
        if site_map is None or self.document.get("docname") != self.config.root_doc:
            return
        book = next(iter(self.document.findall(nodes.section)), None)
        if book is None:
            return
        chapters = {
            node["docname"]: node
            for node in self.document.findall(addnodes.start_of_file)
            if node.parent is not None
        }
        _gather_preface(book)
        book.insert(0, _latex(r"\bookunnumberedchapters"))
        for part in site_map[self.config.root_doc].subtrees:
            start = _part_heading(part.caption) if part.caption else ""
            style = r"\booknumberedchapters" if part.numbered else r"\bookunnumberedchapters"
            book += _latex(start + style)
            for docname in part.files():
                chapter = chapters.get(docname)
                if chapter is not None:
                    chapter.parent.remove(chapter)
                    book += chapter
        # The hidden toctrees' wrappers are empty now.
        for wrapper in list(self.document.findall(nodes.compound)):
            if "toctree-wrapper" in wrapper["classes"] and not wrapper.children:
                wrapper.parent.remove(wrapper)


def _gather_preface(book: nodes.section) -> None:
    """Make the landing page one unnumbered chapter, "Preface", its sections sections.

    Left at the top level, each of its sections would open a chapter of its own, most of
    them a few lines long and each on a new right-hand page.
    """
    preface = nodes.section(ids=["book-preface"])
    preface += nodes.title("", "Preface")
    for child in list(book.children):
        if not isinstance(child, nodes.title):
            book.remove(child)
            preface += child
    book += preface


#: Tags whose cells print without their source.
HIDDEN_INPUT_TAGS = frozenset({"hide-input", "hide-cell", "check", "remove-input", "remove-cell"})
#: Tags whose cells print without their output.
HIDDEN_OUTPUT_TAGS = frozenset({"hide-cell", "hide-output", "remove-output", "remove-cell"})


def printed_parts(tags: list[str]) -> tuple[bool, bool]:
    """Whether a code cell with ``tags`` prints its source, and its output.

    >>> printed_parts([]), printed_parts(["hide-input", "check"]), printed_parts(["hide-cell"])
    ((True, True), (False, True), (False, False))
    """
    tags = set(tags)
    return not tags & HIDDEN_INPUT_TAGS, not tags & HIDDEN_OUTPUT_TAGS


class LeaveOutHiddenInputs(SphinxPostTransform):
    """Drop the source (and, for hidden cells, the output) of cells hidden on the site."""

    default_priority = 150
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") != "cell_code":
                continue
            tags = (cell.get("cell_metadata") or {}).get("tags", [])
            source, output = printed_parts(tags)
            for child in list(cell.children):
                part = child.get("nb_element")
                if (part == "cell_code_source" and not source) or (
                        part == "cell_code_output" and not output):
                    cell.remove(child)
            if not cell.children:
                cell.parent.remove(cell)


def _solution_nodes(node: nodes.Node) -> list[nodes.Element]:
    return [found for found in node.findall(nodes.Element)
            if type(found).__name__ == "solution_node"]


class GatherSolutions(SphinxPostTransform):
    """Move each chapter's solutions to a "Solutions" section at the chapter's end."""

    default_priority = 410  # after PartsAndChapters, before Sphinx's bibliography (750)
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for chapter in list(self.document.findall(addnodes.start_of_file)):
            section = next((child for child in chapter.children
                            if isinstance(child, nodes.section)), None)
            solutions = [node for node in _solution_nodes(chapter)
                         if node.next_node(addnodes.start_of_file) is None]
            if section is None or not solutions:
                continue
            gathered = nodes.section(ids=[f"solutions-{chapter['docname'].replace('/', '-')}"])
            gathered += nodes.title("", "Solutions")
            for solution in solutions:
                solution.parent.remove(solution)
                gathered += solution
            section += gathered


class BibliographyInItsPlace(SphinxPostTransform):
    """Leave out the page that only introduces the bibliography LaTeX prints by itself."""

    default_priority = 740  # before Sphinx gathers the citations (750)
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for chapter in list(self.document.findall(addnodes.start_of_file)):
            citations = list(chapter.findall(nodes.citation))
            if not citations:
                continue
            ids = [i for section in chapter.findall(nodes.section) for i in section["ids"]]
            for child in list(chapter.children):
                chapter.remove(child)
            chapter += nodes.target(ids=ids)
            chapter.extend(citations)


def _add_preamble(app: Sphinx, config) -> None:
    elements = dict(config.latex_elements or {})
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE
    config.latex_elements = elements


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_preamble)
    app.add_post_transform(PartsAndChapters)
    app.add_post_transform(LeaveOutHiddenInputs)
    app.add_post_transform(GatherSolutions)
    app.add_post_transform(BibliographyInItsPlace)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
