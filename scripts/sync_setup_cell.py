"""Keep every notebook's set-up cell, and CITATION.cff, in step with ``_config.yml``.

Colab opens a chapter without the book's helper package. Every notebook under ``chapters/``
and ``appendices/`` therefore starts, right after its first (title) markdown cell, with a code
cell tagged ``colab-setup`` and ``remove-cell`` (hidden in the book) that installs
``tconv_lib`` from the repository when it is not importable. The repository URL and branch
are read from ``repository`` in ``_config.yml``, the one place that names them; the links
of ``CITATION.cff`` are rewritten from the same setting.

Also clears every code cell's outputs and execution count: notebooks are committed stripped.

Usage::

    python scripts/sync_setup_cell.py          # rewrite what is out of step
    python scripts/sync_setup_cell.py --check  # only report; exit 1 if anything is
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml
from book_tools.paths import REPO_ROOT as ROOT
from book_tools.sphinx_ext.book_site import pages_url  # the site URL rule the book uses

NOTEBOOK_FOLDERS = ("chapters", "appendices")
SETUP_TAGS = ["colab-setup", "remove-cell"]
SETUP_CELL_ID = "colab-setup"


def repository_settings(root: Path = ROOT) -> tuple[str, str]:
    """Return ``(url, branch)`` of the ``repository`` section of ``_config.yml``.

    >>> url, branch = repository_settings()
    >>> url.startswith("https://github.com/"), branch
    (True, 'main')
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    repository = config.get("repository") or {}
    url = str(repository.get("url", "")).rstrip("/")
    if not url.startswith("https://"):
        raise ValueError(f"repository.url in _config.yml must be an https URL, got {url!r}")
    return url, str(repository.get("branch", "main"))


# Optional dependency groups of pyproject.toml that a notebook may ask its set-up cell to
# install (notebook metadata ``{"tconv_book": {"extra": NAME}}``), with the modules whose
# absence triggers the install.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "frameworks": ("jax", "keras", "onnx", "onnxruntime"),
}


def setup_cell_source(url: str, branch: str, extra: str | None = None) -> str:
    """The source of the set-up cell for a repository ``url`` and ``branch``.

    pip runs in a subprocess rather than as ``%pip``: nothing asks for a kernel restart, and
    packages already installed (Colab's own, for example) are kept unless a lower bound of
    ``tconv_lib`` rules them out.

    >>> print(setup_cell_source("https://github.com/o/r", "main").splitlines()[-4])
        repository = "git+https://github.com/o/r@main"
    >>> "tconv_lib[frameworks] @" in setup_cell_source("https://github.com/o/r", "main",
    ...                                                 "frameworks")
    True
    """
    if extra is not None and extra not in EXTRA_MODULES:
        raise ValueError(f"extra must be one of {sorted(EXTRA_MODULES)} or None, got {extra!r}")
    modules = ("tconv_lib", *EXTRA_MODULES.get(extra or "", ()))
    requirement = f"tconv_lib[{extra}]" if extra else "tconv_lib"
    if len(modules) == 1:
        condition = 'if importlib.util.find_spec("tconv_lib") is None:\n'
    else:
        names = ", ".join(f'"{m}"' for m in modules)
        condition = (f"needed = ({names})\n"
                     "if any(importlib.util.find_spec(m) is None for m in needed):\n")
    return (
        "# Set-up for Colab and other fresh environments: install the book's helper\n"
        "# package from its repository when it is missing (Binder and local set-ups have it).\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        + condition
        + f'    repository = "git+{url}@{branch}"\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",\n'
        f'                    f"{requirement} @ {{repository}}"], check=True)\n'
        "    importlib.invalidate_caches()"
    )


def notebook_extra(nb: nbformat.NotebookNode) -> str | None:
    """The optional dependency group a notebook's set-up cell installs, if any."""
    extra = nb.metadata.get("tconv_book", {}).get("extra")
    return None if extra is None else str(extra)


def is_setup_cell(cell: dict) -> bool:
    return cell.get("cell_type") == "code" and "colab-setup" in cell.get("metadata", {}).get(
        "tags", []
    )


def _setup_position(cells: list) -> int:
    """Index right after the first markdown cell (0 if there is none)."""
    for index, cell in enumerate(cells):
        if cell.get("cell_type") == "markdown":
            return index + 1
    return 0


def sync_notebook(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """Return ``nb`` with exactly one set-up cell, in place and up to date, and no outputs."""
    others = [cell for cell in nb.cells if not is_setup_cell(cell)]
    existing = next((cell for cell in nb.cells if is_setup_cell(cell)), None)
    cell = nbformat.v4.new_code_cell(source=source)
    cell.metadata["tags"] = list(SETUP_TAGS)
    if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
        cell.id = existing.get("id", SETUP_CELL_ID) if existing else SETUP_CELL_ID
    else:
        cell.pop("id", None)
    others.insert(_setup_position(others), cell)
    for code_cell in others:
        if code_cell.get("cell_type") == "code":
            code_cell.outputs = []
            code_cell.execution_count = None
    nb.cells = others
    return nb


def notebook_paths(root: Path = ROOT) -> list[Path]:
    """Every notebook of the book, in a stable order."""
    return sorted(
        path
        for folder in NOTEBOOK_FOLDERS
        for path in (root / folder).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts
    )


def synced_notebook_text(path: Path, url: str, branch: str) -> str:
    nb = nbformat.read(path, as_version=4)
    text = nbformat.writes(sync_notebook(nb, setup_cell_source(url, branch, notebook_extra(nb))))
    return text if text.endswith("\n") else text + "\n"


def synced_citation_text(text: str, url: str) -> str:
    """``CITATION.cff`` text with ``repository-code`` and ``url`` derived from ``url``."""
    text = re.sub(r"(?m)^repository-code:.*$", f'repository-code: "{url}"', text)
    return re.sub(r"(?m)^url:.*$", f'url: "{pages_url(url)}"', text)


def out_of_step(root: Path = ROOT) -> dict[Path, str]:
    """Map each file that differs from its synced form to that form."""
    url, branch = repository_settings(root)
    wanted = {path: synced_notebook_text(path, url, branch) for path in notebook_paths(root)}
    citation = root / "CITATION.cff"
    if citation.exists():
        wanted[citation] = synced_citation_text(citation.read_text(encoding="utf-8"), url)
    return {
        path: text for path, text in wanted.items() if path.read_text(encoding="utf-8") != text
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = out_of_step()
    for path, text in stale.items():
        if not args.check:
            path.write_text(text, encoding="utf-8")
        print(f"{'out of step' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
