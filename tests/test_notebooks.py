"""Every notebook of the book runs top to bottom in a fresh kernel, and is committed stripped."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted(
    path
    for folder in ("chapters", "appendices")
    for path in (REPO_ROOT / folder).glob("*.ipynb")
)
IDS = [path.relative_to(REPO_ROOT).as_posix() for path in NOTEBOOKS]
CELL_TIMEOUT = 120  # seconds; chapters are budgeted at a few seconds in total


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_in_a_fresh_kernel(path: Path):
    nb = nbformat.read(path, as_version=4)
    # Cells tagged raises-exception may raise; any other error fails the test.
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        cell.source.splitlines()[0] if cell.source else "<empty cell>"
        for cell in nb.cells
        if cell.cell_type == "code"
        and "raises-exception" not in cell.metadata.get("tags", [])
        and any(output.output_type == "error" for output in cell.outputs)
    ]
    assert errors == []


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
