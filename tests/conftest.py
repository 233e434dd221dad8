"""Shared fixtures and the suite's markers.

Fixtures: the strict build of the book from a clean copy of the repository, which runs once
per test session (once in total under pytest-xdist too: the first worker builds while the
others wait on a lock) and whose output every site, notebook and PDF test reads; and a blank
Chromium page.

Markers (``-m "not book and not browser and not pdf and not environments"`` is
``scripts/test.sh --fast``; ``environments`` is set by ``tests/test_environments.py``),
set here from what a test needs, so that no test module has to remember them:

- ``book``: needs the strict build of the whole book (the ``book_build``/``built_site``
  fixtures; the notebooks are executed by that build);
- ``browser``: opens pages in headless Chromium;
- ``pdf``: builds the PDF with XeLaTeX;
- ``oracle``: compares ``tconv_lib`` with another library (PyTorch, JAX, Keras, ONNX).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest
from book_tools.build import BookBuild, build_book, copy_repository
from book_tools.paths import REPO_ROOT
from book_tools.site import CHROMIUM, CHROMIUM_ARGS, require_browser
from filelock import FileLock

__all__ = ["REPO_ROOT"]

MARKERS = {
    "book": "needs the strict build of the whole book (notebooks executed by it)",
    "browser": "opens pages in headless Chromium",
    "pdf": "builds the PDF of the book with XeLaTeX",
    "oracle": "compares tconv_lib with another library (PyTorch, JAX, Keras, ONNX)",
    "environments": "builds a fresh reader environment (Binder, Colab, oldest pins, JupyterLab)",
}
_BOOK_FIXTURES = frozenset({"book_build", "built_site"})
_BROWSER_FIXTURES = frozenset({"page", "site_visit", "readings", "reading_site"})
_PDF_FIXTURES = frozenset({"book_pdf", "reader"})
_ORACLE_MODULES = ("test_oracle_", "test_frameworks")


def pytest_configure(config: pytest.Config) -> None:
    for name, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by what it needs (its fixtures, or its module for the oracles)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & _BOOK_FIXTURES:
            item.add_marker(pytest.mark.book)
        if fixtures & _BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & _PDF_FIXTURES:
            item.add_marker(pytest.mark.pdf)
        if item.path.name.startswith(_ORACLE_MODULES):
            item.add_marker(pytest.mark.oracle)


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """The strict build of a clean copy of the repository, made once per session."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # one folder for all workers
    record = shared / "book-build.json"
    with FileLock(str(shared / "book-build.lock")):
        if record.exists():
            saved = json.loads(record.read_text())
            return BookBuild(**{**saved, "source": Path(saved["source"])})
        result = build_book(copy_repository(shared / "book-source"))
        record.write_text(json.dumps({**asdict(result), "source": str(result.source)}))
        return result


@pytest.fixture(scope="session")
def built_site(book_build: BookBuild) -> Path:
    """Path of ``_build/html`` of the strict build; fails the test if the build failed."""
    if book_build.returncode != 0 or not (book_build.html / "index.html").exists():
        pytest.fail(f"the strict book build failed:\n{book_build.log[-5000:]}")
    return book_build.html


@pytest.fixture(scope="module")
def page():
    """A blank page in Debian's Chromium, for tests that load HTML snippets."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=list(CHROMIUM_ARGS))
        yield browser.new_page()
        browser.close()
