"""Markup that renders in JupyterLab too: what the chapters hold so that a reader opening a
notebook (Binder, a local JupyterLab with jupyterlab-myst) sees no error box and no solution."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*REPO_ROOT.glob("chapters/*.ipynb"), *REPO_ROOT.glob("appendices/*.ipynb")])
IDS = [p.relative_to(REPO_ROOT).as_posix() for p in NOTEBOOKS]

# Directives the book's Sphinx build knows but JupyterLab's MyST renderer does not; each has
# a form that renders in both (see book_tools.sphinx_ext.book_references).
JUPYTERLAB_UNKNOWN = re.compile(r"```\{(footbibliography|bibliography)\}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_directive_that_jupyterlab_cannot_render(path: Path):
    nb = nbformat.read(path, as_version=4)
    found = [m.group(0) for c in nb.cells if c.cell_type == "markdown"
             for m in JUPYTERLAB_UNKNOWN.finditer(c.source)]
    assert not found, f"use <!-- footbibliography --> instead of {found}"


def solution_open_after(markdown: str, inside: bool) -> bool:
    """Whether a gated solution is still open after this markdown cell."""
    start, end = markdown.rfind("{solution-start}"), markdown.rfind("{solution-end}")
    if start < 0 and end < 0:
        return inside
    return start > end


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solution_code_is_collapsed_in_jupyterlab(path: Path):
    nb = nbformat.read(path, as_version=4)
    inside, open_cells = False, []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            inside = solution_open_after(cell.source, inside)
        elif inside and not cell.metadata.get("jupyter", {}).get("source_hidden"):
            open_cells.append(index)
    assert not open_cells, f"solution code cells {open_cells} need jupyter.source_hidden"


def test_the_reference_marker_becomes_the_directive():
    from book_tools.sphinx_ext.book_references import DIRECTIVE, MARKER, expand_reference_markers

    assert expand_reference_markers(f"## References\n\n{MARKER}", notebook=False).endswith(
        DIRECTIVE)
