"""Print what a reader sees on pages of a built site, and which reading goals fail.

Usage::

    python -m book_tools.reading_report HTML_FOLDER [PAGE ...] [--json FILE]

``HTML_FOLDER`` is a built site (``_build/html`` of a full or scratch build); ``PAGE`` are
paths inside it (``chapters/03_matrix.html``; default: every page). Each page is opened in
Debian's headless Chromium from a loopback server (requests to other hosts are aborted), at
1280 px and at 390 px, and measured by :mod:`book_tools.reading` -- the same code the browser
tests (``tests/test_reading.py``) judge the goals with. Exit status 1 if any goal fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from book_tools.reading import RULES, findings, summary
from book_tools.site import browse_site, html_pages


def report(site: Path, pages: list[str] | None = None) -> tuple[str, dict[str, dict]]:
    """The report's text, and the findings of each page by rule."""
    chosen = tuple(pages) if pages else tuple(html_pages(site))
    visit = browse_site(site.resolve(), chosen)
    lines: list[str] = []
    results: dict[str, dict] = {}
    failing = 0
    for page in chosen:
        reading = visit.pages[page].reading
        found = findings(reading)
        results[page] = {"summary": summary(reading), "findings": found,
                         "visible_code_cells": reading.visible_code_cells}
        bad = [rule for rule in RULES if found[rule]]
        failing += bool(bad)
        lines.append(f"== {page}  ({'FAILS ' + str(len(bad)) + ' goal(s)' if bad else 'ok'})")
        for key, value in summary(reading).items():
            lines.append(f"   {key}: {value}")
        for cell in reading.visible_code_cells:
            lines.append(f"     {cell['lines']:3d} lines, {cell['longest']:3d} cols  "
                         f"{cell['where']}  {cell['first']}")
        for rule in bad:
            lines.append(f"   ✗ {rule}: {len(found[rule])}")
            lines += [f"       - {item}" for item in found[rule][:12]]
            if len(found[rule]) > 12:
                lines.append(f"       ... and {len(found[rule]) - 12} more")
    if visit.network_leaks:
        lines.append(f"network leaks: {visit.network_leaks}")
    lines.append(f"{len(chosen)} pages read; {failing} fail a reading goal.")
    return "\n".join(lines), results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m book_tools.reading_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site, e.g. _build/html")
    parser.add_argument("pages", nargs="*", help="pages inside it (default: all)")
    parser.add_argument("--json", type=Path, help="also write the findings as JSON here")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"no built site at {args.site}")
    known = set(html_pages(args.site))
    unknown = [page for page in args.pages if page not in known]
    if unknown:
        parser.error(f"not pages of {args.site}: {unknown}; pages: {sorted(known)}")
    text, results = report(args.site, args.pages)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=asdict), encoding="utf-8")
    failed = any(items for result in results.values() for items in result["findings"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
