"""Every notebook of the book runs top to bottom in a fresh kernel, and is committed stripped.

Each notebook is executed **once** per test run: the strict build (the ``book_build``
fixture) executes every notebook of ``_toc.yml`` in a fresh kernel, in parallel, into its
execution cache, and the test of a notebook reads the executed notebook from that cache. A
notebook that failed there is not cached: its test fails with the build's traceback for it
(``_build/html/reports/<page>.err.log``). A notebook the build did not execute -- one missing
from ``_toc.yml``, or edited since the build copied the repository -- is executed here, under
nbclient, as before.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from book_tools.build import BookBuild
from book_tools.toc import toc_notebooks
from conftest import REPO_ROOT
from jupyter_cache import get_cache
from nbclient import NotebookClient

NOTEBOOKS = sorted(
    path
    for folder in ("chapters", "appendices")
    for path in (REPO_ROOT / folder).glob("*.ipynb")
)
IDS = [path.relative_to(REPO_ROOT).as_posix() for path in NOTEBOOKS]
CELL_TIMEOUT = 120  # seconds; chapters are budgeted at a few seconds in total


def _execute_here(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    return nb


def _failed_cells(nb: nbformat.NotebookNode) -> list[str]:
    """First lines of the cells that raised, except those tagged ``raises-exception``."""
    return [
        cell.source.splitlines()[0] if cell.source else "<empty cell>"
        for cell in nb.cells
        if cell.cell_type == "code"
        and "raises-exception" not in cell.metadata.get("tags", [])
        and any(output.output_type == "error" for output in cell.get("outputs", []))
    ]


def executed_notebook(book_build: BookBuild, path: Path) -> nbformat.NotebookNode | None:
    """The build's executed copy of the notebook at ``path`` (of the repository), or ``None``
    if the build's cache holds no execution of its current code."""
    cache_folder = book_build.source / "_build" / ".jupyter_cache"
    if not cache_folder.is_dir():
        return None
    cache = get_cache(str(cache_folder))
    try:
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb


def _built_unchanged(book_build: BookBuild, path: Path) -> bool:
    relative = path.relative_to(REPO_ROOT)
    copy = book_build.source / relative
    listed = {notebook.resolve() for notebook in toc_notebooks(book_build.source)}
    return copy.resolve() in listed and copy.read_bytes() == path.read_bytes()


def _build_report(book_build: BookBuild, path: Path) -> str:
    docname = path.relative_to(REPO_ROOT).with_suffix("").as_posix()
    report = book_build.html / "reports" / f"{docname}.err.log"
    if report.is_file():
        return report.read_text(encoding="utf-8", errors="replace")[-6000:]
    return book_build.log[-4000:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_in_a_fresh_kernel(path: Path, book_build: BookBuild):
    executed = executed_notebook(book_build, path)
    if executed is None:
        if _built_unchanged(book_build, path):
            pytest.fail(f"{path.name} failed in the book's build (executed once, in a fresh "
                        f"kernel):\n{_build_report(book_build, path)}")
        executed = _execute_here(nbformat.read(path, as_version=4), path.parent)
    assert _failed_cells(executed) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert dirty == [], f"cells with outputs or execution counts: {dirty}"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


def test_failed_cells_ignore_only_cells_meant_to_raise():
    raising = nbformat.v4.new_code_cell("1 / 0")
    raising.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError",
                                              evalue="division by zero", traceback=[])]
    allowed = nbformat.v4.new_code_cell("int('x')\n# meant to fail")
    allowed.metadata["tags"] = ["raises-exception"]
    allowed.outputs = list(raising.outputs)
    nb = nbformat.v4.new_notebook(cells=[raising, allowed, nbformat.v4.new_code_cell("2")])
    assert _failed_cells(nb) == ["1 / 0"]
