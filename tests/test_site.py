"""Every page of the built site, loaded in headless Chromium from a loopback server.

The site must render completely from its own files: nothing may be fetched from anywhere else
(every other request is aborted and counted, and Chromium's network log must show no byte sent
off the loopback interface), the console stays clean, every image loads, every formula is
typeset by the site's own MathJax, and notebook pages offer their launch buttons.
"""

from __future__ import annotations

import pytest
from book_tools.site import (
    book_config,
    browse_site,
    html_pages,
    page_source,
    require_browser,
    source_has_math,
)
from book_tools.toc import toc_files


@pytest.fixture(scope="module")
def site_visit(built_site):
    require_browser()
    return browse_site(built_site)


@pytest.fixture(scope="module")
def book_root(built_site):
    return built_site.parent.parent


def _failures(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """The pages that have problems, with their problems."""
    return {page: items for page, items in sorted(problems.items()) if items}


def test_every_page_is_visited(site_visit, built_site, book_root):
    pages = html_pages(built_site)
    assert "intro.html" in pages
    assert set(site_visit.pages) == set(pages)
    # Every file of the table of contents produced a page that was visited.
    assert [entry for entry in toc_files(book_root) if f"{entry}.html" not in pages] == []


def test_nothing_is_fetched_from_outside_the_site(site_visit):
    blocked = {page: visit.blocked_requests for page, visit in site_visit.pages.items()}
    assert _failures(blocked) == {}, "requests to other hosts"


def test_no_byte_leaves_the_loopback_interface(site_visit):
    assert site_visit.network_leaks == []


def test_every_site_request_succeeds(site_visit):
    failed = {page: visit.failed_requests for page, visit in site_visit.pages.items()}
    assert _failures(failed) == {}


def test_console_is_clean(site_visit):
    errors = {page: visit.console_errors for page, visit in site_visit.pages.items()}
    assert _failures(errors) == {}


def test_every_image_loads(site_visit):
    broken = {page: visit.broken_images for page, visit in site_visit.pages.items()}
    assert _failures(broken) == {}


def test_every_formula_is_typeset(site_visit):
    problems = {
        page: visit.untypeset_math + visit.math_errors + visit.raw_tex
        for page, visit in site_visit.pages.items()
    }
    assert _failures(problems) == {}


def test_pages_with_math_in_their_source_show_typeset_math(site_visit, book_root):
    with_math = [
        page for page in site_visit.pages
        if (source := page_source(book_root, page)) is not None and source_has_math(source)
    ]
    assert with_math, "no page source contains math; the check would be vacuous"
    missing = [page for page in with_math if site_visit.pages[page].math_containers == 0]
    assert missing == []


def test_notebook_pages_have_launch_buttons(site_visit, book_root):
    notebook_pages = [
        page for page in site_visit.pages
        if (source := page_source(book_root, page)) is not None and source.suffix == ".ipynb"
    ]
    assert notebook_pages, "no page is built from a notebook"
    branch = book_config(book_root)["repository"].get("branch", "master")
    problems = {}
    for page in notebook_pages:
        notebook = page.removesuffix(".html") + ".ipynb"
        buttons = site_visit.pages[page].launch_buttons
        expected = {
            "Binder": f"urlpath=lab/tree/{notebook}",
            "Colab": f"/blob/{branch}/{notebook}",
            "Live Code": "initThebe",
        }
        problems[page] = [
            f"{kind} missing or not pointing at {needle!r}: {buttons.get(kind)!r}"
            for kind, needle in expected.items()
            if needle not in (buttons.get(kind) or "")
        ]
    assert _failures(problems) == {}
