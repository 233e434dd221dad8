"""Packaging and releases: the wheel builds cleanly, ships everything the package loads, and
every place that shows the version takes it from ``pyproject.toml``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib

REPO_ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
VERSION = PROJECT["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel and sdist built by ``python -m build`` (isolated), and the build's log."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out),
         str(REPO_ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    return out, log


def test_the_build_prints_no_deprecation_warning(dist):
    _, log = dist
    warnings = [line for line in log.splitlines() if re.search(r"deprecat", line, re.I)]
    assert not warnings, "\n".join(warnings)


def test_twine_accepts_the_distributions(dist):
    out, _ = dist
    files = sorted(str(p) for p in out.iterdir())
    assert any(f.endswith(".whl") for f in files) and any(f.endswith(".tar.gz") for f in files)
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_ships_every_package_file_and_the_licence(dist):
    out, _ = dist
    (wheel,) = out.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    source = REPO_ROOT / "tconv_lib"
    expected = {
        str(path.relative_to(REPO_ROOT))
        for path in source.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    missing = sorted(expected - names)
    assert not missing, f"files of tconv_lib/ missing from the wheel: {missing}"
    assert not any(n.startswith(("chapters/", "tests/", "tools/")) for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_every_imported_third_party_package_is_declared():
    declared = {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in PROJECT["dependencies"]}
    import_names = {"PIL": "pillow", "numpy": "numpy", "scipy": "scipy", "sympy": "sympy",
                    "matplotlib": "matplotlib", "ipywidgets": "ipywidgets",
                    "anywidget": "anywidget", "traitlets": "traitlets"}
    found = set()
    for path in (REPO_ROOT / "tconv_lib").rglob("*.py"):
        for match in re.finditer(r"^\s*(?:from|import)\s+([A-Za-z_][A-Za-z0-9_]*)",
                                 path.read_text(), re.M):
            found.add(match.group(1))
    third_party = {name for name in found if name in import_names}
    undeclared = sorted(import_names[n] for n in third_party
                        if import_names[n] not in declared
                        # traitlets comes with ipywidgets and anywidget, which declare it
                        and not (n == "traitlets" and declared & {"ipywidgets", "anywidget"}))
    assert not undeclared, f"imported but not in pyproject's dependencies: {undeclared}"


def test_the_version_is_the_same_everywhere():
    import tconv_lib

    assert tconv_lib.__version__ == VERSION
    citation = (REPO_ROOT / "CITATION.cff").read_text()
    assert re.search(rf'^version:\s*"?{re.escape(VERSION)}"?\s*$', citation, re.M), citation
    # The How-to-cite page takes the version from pyproject.toml when the book is built.
    cite_page = (REPO_ROOT / "appendices" / "how_to_cite.md").read_text()
    assert re.search(r"version\s*=\s*\{\{\{\s*version\s*\}\}\}", cite_page), \
        "the BibTeX entry of the How-to-cite page must use the {{ version }} placeholder"
    from book_tools.sphinx_ext.book_version import project_version

    assert project_version(REPO_ROOT) == VERSION
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(VERSION)}\]", changelog, re.M)


def test_zenodo_metadata_is_complete():
    record = json.loads((REPO_ROOT / ".zenodo.json").read_text())
    assert record["title"] == re.search(r'^title:\s*"(.+)"', (REPO_ROOT / "CITATION.cff")
                                        .read_text(), re.M).group(1)
    assert record["creators"] and record["license"]
    assert record["upload_type"] == "publication"


def test_the_site_and_the_cite_page_show_the_version(built_site: Path):
    landing = (built_site / "intro.html").read_text()  # index.html only redirects here
    assert f"Version {VERSION}" in landing
    from bs4 import BeautifulSoup

    cite = BeautifulSoup((built_site / "appendices" / "how_to_cite.html").read_text(),
                         "html.parser").get_text()  # the BibTeX entry is syntax-highlighted
    assert re.search(rf"version\s*=\s*\{{{re.escape(VERSION)}\}}", cite), \
        "the How-to-cite entry does not give the version"
    assert "{{ version }}" not in cite
