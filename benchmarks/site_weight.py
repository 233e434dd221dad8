"""Weigh the built site: the heaviest pages as a reader's browser loads them, and the total.

Loads every page of a built site in headless Chromium (as ``tests/test_page_weight.py`` does)
and prints a Markdown record. With ``--write`` the record becomes (or replaces) the "Site"
section of ``benchmarks/RESULTS.md``.

Usage (after ``bash scripts/build-book.sh``)::

    python benchmarks/site_weight.py                 # print the record
    python benchmarks/site_weight.py --write         # also update benchmarks/RESULTS.md
    python benchmarks/site_weight.py --site path/to/_build/html --top 8
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import date
from pathlib import Path

# The page-loading code is the browser tests' own, so the record and the test agree.
from book_tools.paths import REPO_ROOT
from book_tools.results import write_section
from book_tools.site import browse_site, html_pages, page_weight, site_size

MB = 1_000_000


def weigh(site: Path, top: int) -> str:
    """Return the Markdown record of the heaviest ``top`` pages of ``site`` and its total."""
    visit = browse_site(site.resolve())
    weights = sorted(
        ((page_weight(visit.site, page_visit), page) for page, page_visit in visit.pages.items()),
        key=lambda item: item[0].transfer,
        reverse=True,
    )
    heaviest = weights[0][0]
    richest_weight, richest_page = max(weights, key=lambda item: item[0].content)
    lines = [
        f"Measured {date.today().isoformat()} on {platform.machine()} with "
        "`python benchmarks/site_weight.py`: every "
        "file of the site the browser loads for a page (first visit). *Download*: text files "
        "gzip-compressed as a static host sends them; *uncompressed*: the same files as "
        "stored; *own content*: the HTML and the images, media and players it shows, "
        "without the theme and MathJax assets all pages share. Limit: 3 MB for download "
        "and for own content.",
        "",
        f"- pages: {len(html_pages(site))}; total size of `_build/html`: "
        f"{site_size(site) / MB:.1f} MB",
        f"- heaviest download: {heaviest.transfer / MB:.2f} MB (`{weights[0][1]}`); "
        f"heaviest own content: {richest_weight.content / MB:.2f} MB (`{richest_page}`)",
        "",
        "| page | download (MB) | uncompressed (MB) | own content (MB) |",
        "|---|---:|---:|---:|",
        *(
            f"| `{page}` | {weight.transfer / MB:.2f} | {weight.raw / MB:.2f} "
            f"| {weight.content / MB:.2f} |"
            for weight, page in weights[:top]
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--top", type=int, default=5, help="how many of the heaviest pages")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site at {args.site}: run bash scripts/build-book.sh first")
    record = weigh(args.site, args.top)
    print(record)
    if args.write:
        write_section("site_weight", f"## Site\n\n{record}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
