"""Every link inside the built site leads somewhere: files exist, anchors exist in them, and
every cross-reference and citation was resolved by Sphinx.

The strict build already fails on unresolved references; these checks read the HTML a reader
gets, so they also catch links written as raw HTML, theme links, and anything a later
post-processing step might break. (One repository URL in the sources, the sitemap and the
sharing tags are checked in ``test_book.py``.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from book_tools.site import (
    book_config,
    html_pages,
    internal_links,
    read_html,
    redirect_target,
    site_anchors,
)


@pytest.fixture(scope="module")
def pages(built_site):
    return html_pages(built_site)


def _failures(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """The pages that have problems, with their problems."""
    return {page: items for page, items in sorted(problems.items()) if items}


def test_every_internal_link_and_anchor_resolves(built_site, pages):
    anchors = site_anchors(built_site)
    problems: dict[str, list[str]] = {}
    checked = 0
    for page in pages:
        problems[page] = []
        for link in internal_links(built_site, page):
            checked += 1
            if not (built_site / link.path).is_file():
                problems[page].append(f"{link.raw}: no file {link.path}")
            elif link.fragment and link.path.endswith(".html"):
                if link.fragment not in anchors(link.path):
                    problems[page].append(f"{link.raw}: no anchor #{link.fragment} in {link.path}")
    assert checked > 10 * len(pages), "suspiciously few links: is the parser finding them?"
    assert _failures(problems) == {}


def test_redirect_stubs_lead_to_pages(built_site):
    stubs = {
        path.relative_to(built_site).as_posix(): target
        for path in built_site.glob("*.html")
        if (target := redirect_target(path)) is not None
    }
    assert "index.html" in stubs
    missing = {stub: target for stub, target in stubs.items()
               if not (built_site / target).is_file()}
    assert missing == {}


def _deliberately_unresolved(book_root: Path):
    """A test for the references the book's ``nitpick_ignore(_regex)`` leaves unresolved on
    purpose (third-party types: an offline build cannot fetch their inventories)."""
    config = book_config(book_root).get("sphinx", {}).get("config", {})
    exact = {tuple(pair) for pair in config.get("nitpick_ignore", [])}
    patterns = [(re.compile(kind), re.compile(target))
                for kind, target in config.get("nitpick_ignore_regex", [])]

    def ignored(kind: str, target: str) -> bool:
        return (kind, target) in exact or any(
            kind_pattern.fullmatch(kind) and target_pattern.fullmatch(target)
            for kind_pattern, target_pattern in patterns
        )

    return ignored


_GENERIC_CLASSES = {"xref", "docutils", "literal", "notranslate"}


def _reference_kind(element) -> str:
    """The ``domain:role`` of an unresolved reference: its classes ``xref py py-class`` give
    ``py:class``, ``xref std std-ref`` give ``std:ref``."""
    classes = [name for name in element.get("class", []) if name not in _GENERIC_CLASSES]
    domain = classes[0] if classes else ""
    role = next((name.removeprefix(f"{domain}-") for name in classes[1:]
                 if name.startswith(f"{domain}-")), "")
    return f"{domain}:{role}"


def test_cross_references_are_resolved(built_site, pages):
    # Sphinx renders a reference it could not resolve as its bare target, marked ``xref``
    # but outside any link; a resolved one always sits inside an <a>.
    ignored = _deliberately_unresolved(built_site.parent.parent)
    problems = {
        page: [f"{_reference_kind(element)} {element.get_text(strip=True)}"
               for element in read_html(built_site / page).select(".xref")
               if element.find_parent("a") is None
               and not ignored(_reference_kind(element), element.get_text(strip=True))]
        for page in pages
    }
    assert _failures(problems) == {}


def test_citations_are_resolved(built_site, pages):
    # An unknown bibtex key leaves a citation span with no link (or, for a footnote
    # citation, nothing at all, which the strict build reports); every footnote
    # citation must point at an entry listed on its own page.
    problems: dict[str, list[str]] = {}
    cited = 0
    for page in pages:
        soup = read_html(built_site / page)
        problems[page] = [
            span.get_text(strip=True) for span in soup.select("span.bibtex-citation")
            if span.find("a", href=True) is None
        ]
        for reference in soup.select("a.footnote-reference"):
            cited += 1
            target = reference.get("href", "").lstrip("#")
            entry = soup.find(id=target)
            if entry is None or not entry.get_text(strip=True):
                problems[page].append(f"footnote {reference.get_text(strip=True)} -> #{target}")
    assert cited > 0, "no footnote citation found anywhere; chapters cite with {footcite}"
    assert _failures(problems) == {}
