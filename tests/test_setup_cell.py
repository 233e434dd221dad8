"""Every notebook's Colab set-up cell, and CITATION.cff, are in step with ``_config.yml``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "sync_setup_cell", REPO_ROOT / "scripts" / "sync_setup_cell.py"
)
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

URL, BRANCH = sync.repository_settings()
SOURCE = sync.setup_cell_source(URL, BRANCH)
NOTEBOOKS = sync.notebook_paths()
IDS = [path.relative_to(REPO_ROOT).as_posix() for path in NOTEBOOKS]


def _notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _setup_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [index for index, cell in enumerate(nb.cells) if sync.is_setup_cell(cell)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_has_the_current_setup_cell_after_its_title(path: Path):
    nb = nbformat.read(path, as_version=4)
    first_markdown = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    assert _setup_cells(nb) == [first_markdown + 1]
    cell = nb.cells[first_markdown + 1]
    assert cell.source == sync.setup_cell_source(URL, BRANCH, sync.notebook_extra(nb))
    assert set(cell.metadata["tags"]) == {"colab-setup", "remove-cell"}
    assert cell.outputs == [] and cell.execution_count is None


def test_sync_check_finds_nothing_out_of_step():
    assert sync.out_of_step() == {}


def test_setup_cell_installs_from_the_configured_repository_only_when_missing():
    assert f'repository = "git+{URL}@{BRANCH}"' in SOURCE
    assert 'f"tconv_lib @ {repository}"' in SOURCE
    assert max(len(line) for line in SOURCE.splitlines()) <= 100  # ruff checks notebooks
    assert 'if importlib.util.find_spec("tconv_lib") is None:' in SOURCE
    # pip in a subprocess: no "%pip" magic, so no restart prompt in Colab or Jupyter
    assert "%pip" not in SOURCE and 'subprocess.run([sys.executable, "-m", "pip"' in SOURCE
    assert "--upgrade" not in SOURCE and "--force-reinstall" not in SOURCE


def test_a_notebook_can_ask_for_an_optional_dependency_group():
    import tomllib

    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert set(sync.EXTRA_MODULES) <= set(extras)
    source = sync.setup_cell_source(URL, BRANCH, "frameworks")
    assert 'f"tconv_lib[frameworks] @ {repository}"' in source
    assert '"onnxruntime"' in source
    with pytest.raises(ValueError, match="extra must be one of"):
        sync.setup_cell_source(URL, BRANCH, "everything")


def test_sync_inserts_after_the_first_markdown_cell_and_strips_outputs():
    code = nbformat.v4.new_code_cell("x = 1", execution_count=3)
    code.outputs = [nbformat.v4.new_output("stream", text="1")]
    nb = _notebook(nbformat.v4.new_markdown_cell("# Title"), code)
    synced = sync.sync_notebook(nb, SOURCE)
    assert [c.cell_type for c in synced.cells] == ["markdown", "code", "code"]
    assert _setup_cells(synced) == [1]
    assert synced.cells[2].outputs == [] and synced.cells[2].execution_count is None


def test_sync_replaces_stale_and_duplicate_setup_cells():
    stale = nbformat.v4.new_code_cell("old source")
    stale.metadata["tags"] = ["colab-setup"]
    duplicate = nbformat.v4.new_code_cell("older source")
    duplicate.metadata["tags"] = ["colab-setup", "remove-cell"]
    nb = _notebook(stale, nbformat.v4.new_markdown_cell("# Title"), duplicate)
    synced = sync.sync_notebook(nb, SOURCE)
    assert _setup_cells(synced) == [1]
    assert synced.cells[1].source == SOURCE
    assert synced.cells[1].id == stale.id  # an existing cell keeps its id


def test_sync_is_idempotent():
    nb = _notebook(nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("y = 2"))
    once = nbformat.writes(sync.sync_notebook(nb, SOURCE))
    twice = nbformat.writes(sync.sync_notebook(nbformat.reads(once, as_version=4), SOURCE))
    assert once == twice


def test_citation_links_follow_the_configured_repository():
    text = 'cff-version: 1.2.0\nrepository-code: "https://github.com/old/repo"\nurl: "x"\n'
    synced = sync.synced_citation_text(text, "https://github.com/new-org/book")
    assert 'repository-code: "https://github.com/new-org/book"' in synced
    assert 'url: "https://new-org.github.io/book/"' in synced
    assert synced.startswith("cff-version: 1.2.0\n")
