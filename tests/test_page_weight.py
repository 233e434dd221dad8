"""No page of the built site makes a reader download more than 3 MB.

A page is weighed from what Chromium actually fetched from the site while showing it (the
HTML, scripts, styles, fonts, MathJax's components, images, animation players), together
with anything the HTML references for display that the browser did not fetch. Two limits:

- the first visit's download, text files gzip-compressed as a static host sends them;
- the page's own content, uncompressed: the HTML and the images, media and players it shows.

The heaviest pages and the total size are recorded in ``benchmarks/RESULTS.md`` by
``benchmarks/site_weight.py``.
"""

from __future__ import annotations

import pytest
from book_tools.site import browse_site, page_weight, require_browser

MAX_PAGE_BYTES = 3_000_000


@pytest.fixture(scope="module")
def site_visit(built_site):
    require_browser()
    return browse_site(built_site)


@pytest.fixture(scope="module")
def weights(site_visit, built_site):
    return {page: page_weight(built_site, visit) for page, visit in site_visit.pages.items()}


def test_first_visit_downloads_at_most_3_mb(weights):
    heavy = {page: w.transfer for page, w in weights.items() if w.transfer > MAX_PAGE_BYTES}
    assert heavy == {}, f"pages whose download exceeds {MAX_PAGE_BYTES:,} bytes: {heavy}"


def test_page_content_is_at_most_3_mb_uncompressed(weights):
    heavy = {page: w.content for page, w in weights.items() if w.content > MAX_PAGE_BYTES}
    assert heavy == {}, f"pages whose HTML and media exceed {MAX_PAGE_BYTES:,} bytes: {heavy}"


def test_weight_counts_what_the_browser_loaded(site_visit, built_site):
    # Guards the measurement itself: the intro page's weight includes its HTML, the theme's
    # style sheets and scripts, and, when it shows math, MathJax's own script.
    visit = site_visit.pages["intro.html"]
    assert "intro.html" in visit.loaded_paths
    assert any(path.endswith(".css") for path in visit.loaded_paths)
    assert any(path.endswith(".js") for path in visit.loaded_paths)
    if visit.math_elements:
        assert "_static/mathjax/tex-chtml.js" in visit.loaded_paths
    weight = page_weight(built_site, visit)
    html_bytes = (built_site / "intro.html").stat().st_size
    loaded_bytes = sum((built_site / path).stat().st_size for path in visit.loaded_paths)
    assert weight.raw >= loaded_bytes > weight.content >= html_bytes
    assert weight.transfer < weight.raw
