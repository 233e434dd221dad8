"""Shared fixtures: the strict build of the book from a clean copy of the repository.

The build runs once per test session (once in total under pytest-xdist too: the first
worker builds while the others wait on a lock) and every site test reads its output.
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
