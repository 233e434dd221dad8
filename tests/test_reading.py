"""Every page of the built site as a reader sees it, at 1280 px and at 390 px.

The measurement is :mod:`book_tools.reading` (the reading report uses the same code): visible
code lines per page (at most 60), no visible code line wider than its column, no display
equation drawn past its box at 1280 px nor cut off without a scrolling box at 390 px, no SVG
figure text under 10 px, no console error, no doubled title, and no serious or critical
axe-core violation. Each goal is one test, failing with the pages and findings above it.

The second half builds a small site that breaks every rule once, and a clean one, and checks
that the measurement finds exactly those faults: the goals can fail.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest
from book_tools.reading import (
    AXE_MISSING,
    AXE_SCRIPT,
    DESKTOP,
    PHONE,
    RULES,
    findings,
)
from book_tools.site import browse_site, require_browser


def _require_axe() -> None:
    if not AXE_SCRIPT.is_file():
        pytest.fail(AXE_MISSING)


@pytest.fixture(scope="module")
def readings(built_site):
    require_browser()
    _require_axe()
    visit = browse_site(built_site)
    return {page: page_visit.reading for page, page_visit in visit.pages.items()}


@pytest.fixture(scope="module")
def site_findings(readings):
    return {page: findings(reading) for page, reading in readings.items()}


@pytest.mark.parametrize("rule", RULES)
def test_reading_goal_holds_on_every_page(site_findings, rule):
    failing = {page: found[rule] for page, found in sorted(site_findings.items()) if found[rule]}
    assert failing == {}, f"{rule}: {sum(map(len, failing.values()))} findings"


def test_the_measurement_sees_the_book(readings):
    # Guards against a measurement that finds nothing because it looks at nothing.
    assert "intro.html" in readings
    chapters = [page for page in readings if page.startswith("chapters/")]
    assert chapters, "no chapter page was read"
    for page in chapters:
        views = readings[page].views
        assert set(views) == {DESKTOP, PHONE}
        assert views[DESKTOP]["width"] <= DESKTOP and views[PHONE]["width"] <= PHONE
    assert any(readings[page].visible_code_cells for page in chapters), "no code cell seen"
    assert sum(len(r.views[DESKTOP]["equations"]) for r in readings.values()) > 10
    assert sum(len(r.views[DESKTOP]["svgTexts"]) for r in readings.values()) > 10
    assert all(reading.axe is not None for reading in readings.values())


# --------------------------------------------------------------------------------------
# the rules can fail: a reading_site site that breaks each once


def _mathjax_folder() -> Path:
    dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    return Path(dist.locate_file("sphinx-mathjax-offline/static/mathjax"))


_HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>{title}</title>
<style>body {{ margin: 0; font-family: sans-serif; }} main {{ max-width: 600px; margin: 0 auto; }}
pre {{ font: 14px/1.4 monospace; padding: 4px; margin: 0; overflow-x: auto; }}
.scroll {{ overflow-x: auto; }} .eqno {{ float: right; }}</style>
<script src="mathjax/tex-chtml.js" defer></script></head><body><main><h1>{title}</h1>"""
_TAIL = "</main></body></html>"


def _cell(source: str) -> str:
    return ('<div class="cell"><div class="cell_input"><div class="highlight">'
            f"<pre>{source}</pre></div></div></div>")


def _broken_page() -> str:
    long_cell = "\n".join(f"x{n} = {n}" for n in range(58)) + "\n" + "y = " + "1 + " * 40 + "1"
    hidden = "\n".join(f"hidden_{n} = {n}" for n in range(30))
    long_tex = r"\[" + " + ".join(f"a_{{{n}}} b_{{{n}}}" for n in range(40)) + r"\]"
    medium_tex = r"\[" + " + ".join(f"c_{{{n}}}" for n in range(22)) + r"\]"
    return (
        _HEAD.format(title="Broken — Broken")
        + "<p>Code a reader sees:</p>" + _cell(long_cell) + _cell("z = 2\nw = 3")
        + '<details class="hide above-input"><summary>Show code</summary>'
        + _cell(hidden) + "</details>"
        + '<div class="solution dropdown" style="display:none">' + _cell(hidden) + "</div>"
        + f'<div class="math" id="eq-wide">{long_tex}</div>'
        + f'<div class="math scroll" id="eq-scrolls">{medium_tex}</div>'
        + '<div class="math" id="eq-fits"><span class="eqno">(1.1)</span>\\[a = b\\]</div>'
        + '<svg viewBox="0 0 100 40" width="50" height="20" role="img" aria-label="tiny">'
        + '<text x="2" y="20" font-size="10">tiny label</text></svg>'
        + '<p style="color:#bbb;background:#fff">Pale grey text that few can read.</p>'
        + '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
        + '<script>console.error("something broke")</script>'
        + _TAIL
    )


def _clean_page() -> str:
    return (
        _HEAD.format(title="Clean page — Test site")
        + _cell("import numpy as np\nx = np.arange(4)")
        + '<div class="math" id="eq-ok"><span class="eqno">(1.1)</span>\\[o = i + k - 1\\]</div>'
        + '<svg viewBox="0 0 100 40" width="300" height="120" role="img" aria-label="big">'
        + '<text x="2" y="20" font-size="10">large label</text></svg>'
        + '<p>Plain text, readable.</p>'
        + _TAIL
    )


@pytest.fixture(scope="module")
def reading_site(tmp_path_factory):
    require_browser()
    _require_axe()
    site = tmp_path_factory.mktemp("reading-site")
    shutil.copytree(_mathjax_folder(), site / "mathjax")
    (site / "broken.html").write_text(_broken_page(), encoding="utf-8")
    (site / "clean.html").write_text(_clean_page(), encoding="utf-8")
    visit = browse_site(site, ("broken.html", "clean.html"))
    return {page: visit.pages[page].reading for page in ("broken.html", "clean.html")}


def test_a_clean_page_meets_every_goal(reading_site):
    found = findings(reading_site["clean.html"])
    assert {rule: items for rule, items in found.items() if items} == {}
    assert reading_site["clean.html"].visible_code_lines == 2


def test_every_rule_fails_on_a_page_that_breaks_it(reading_site):
    found = findings(reading_site["broken.html"])
    assert [rule for rule in RULES if not found[rule]] == []


def test_hidden_and_collapsed_code_is_not_counted(reading_site):
    reading = reading_site["broken.html"]
    # 59 + 2 visible lines; the 30 lines behind the toggle and in the dropdown do not count.
    assert reading.visible_code_lines == 61
    assert [cell["lines"] for cell in reading.visible_code_cells] == [59, 2]
    wide = findings(reading)["code wider than the column (1280 px)"]
    assert len(wide) == 1 and "line 59" in wide[0]


def test_equations_are_judged_at_each_width(reading_site):
    found = findings(reading_site["broken.html"])
    past = found["equation past its box (1280 px)"]
    cut = found["equation cut off without a scrolling box (390 px)"]
    assert any("#eq-wide" in item for item in past)
    assert not any("#eq-fits" in item for item in past + cut)
    # The formula in a scrolling box is reachable on a phone; the other one is cut off.
    assert any("#eq-wide" in item for item in cut)
    assert not any("#eq-scrolls" in item for item in cut)


def test_small_svg_text_and_the_other_rules_are_found(reading_site):
    found = findings(reading_site["broken.html"])
    assert found["figure text under 10 px (1280 px)"] == ["5.0 px 'tiny label' in 'tiny'"]
    assert any("something broke" in error for error in found["console errors"])
    assert found["doubled title"] == ["'Broken — Broken'"]
    axe = " ".join(found["serious or critical accessibility violations (axe-core)"])
    assert "color-contrast" in axe and "image-alt" in axe
