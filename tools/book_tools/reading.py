"""What a reader sees on a page of the built site, at 1280 px and at 390 px, and the goals.

One measurement, shared by the browser tests (``tests/test_reading.py``) and the reading
report (``python -m book_tools.reading_report``), so that the two cannot disagree:

- **visible code lines**: lines of code cells a reader sees without opening anything (cells
  tagged ``hide-input``, ``hide-cell`` or ``remove-*``, and cells inside a collapsed solution or
  dropdown, are not visible); goal: at most 60 per page;
- **code wider than the column** at 1280 px: a visible code line that does not fit its box;
- **equations past their box** at 1280 px: a MathJax display (``mjx-container[display]``) whose
  formula runs past its block or under its equation number;
- **equations cut off** at 390 px: the same, when no box around the formula scrolls sideways;
- **small figure text** at 1280 px: ``<text>`` of an inline SVG (or of an SVG shown as
  ``<img>``, drawn again inline at the image's size) whose rendered font size -- the computed
  font size times the SVG's scale on screen -- is under 10 px. Raster images are not measured;
- **console errors**, a **doubled title** ("A — A"), and axe-core's **serious or critical
  accessibility violations** (every rule at 1280 px; at 390 px the rules a narrow layout can
  change, ``AXE_PHONE_RULES``).

The measurement itself is ``reading.js`` (run in the page by Playwright); this module turns its
data into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from book_tools.paths import JS_TOOLS

#: The two window widths a page is read at: a desktop and a phone.
DESKTOP, PHONE = 1280, 390
WINDOW_HEIGHT = {DESKTOP: 900, PHONE: 844}
#: The goals (DESIGN.md §7, the reading issue).
MAX_VISIBLE_CODE_LINES = 60
MIN_FIGURE_TEXT_PX = 10.0
AXE_IMPACTS = ("serious", "critical")
AXE_SCRIPT = JS_TOOLS / "axe-core" / "axe.min.js"
#: At 390 px axe-core runs only the rules whose outcome a narrower layout can change (the
#: phone header, sideways-scrolling boxes, touch targets); every rule runs at 1280 px. A full
#: second run would double the slowest part of the measurement for findings it cannot add.
AXE_PHONE_RULES = (
    "scrollable-region-focusable", "target-size", "meta-viewport", "meta-viewport-large",
    "button-name", "link-name", "summary-name", "label-content-name-mismatch",
    "nested-interactive", "aria-hidden-focus",
)
AXE_MISSING = (f"axe-core is not installed ({AXE_SCRIPT} is missing): "
               "run `npm ci --prefix tests/js` (scripts/test.sh does)")

#: The findings, in the order a report lists them; each is a goal of the test suite.
RULES = (
    "visible code lines",
    "code wider than the column (1280 px)",
    "equation past its box (1280 px)",
    "equation cut off without a scrolling box (390 px)",
    "figure text under 10 px (1280 px)",
    "console errors",
    "doubled title",
    "serious or critical accessibility violations (axe-core)",
)

_MEASURE_JS = files("book_tools").joinpath("reading.js").read_text(encoding="utf-8")
_AXE_RUN_JS = """
async ([impacts, rules]) => {
  const options = {resultTypes: ['violations']};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run(document, options);
  return result.violations.filter((v) => impacts.includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 4).map((node) => node.target.join(' ')),
  }));
}
"""


@dataclass
class PageReading:
    """What one page shows a reader: the measurement at each width and axe-core's findings.

    ``views`` maps a window width to the data of ``reading.js`` at that width; ``axe`` holds
    the serious and critical violations found at either width (``None``: axe-core was not
    available, so nothing was measured).
    """

    page: str
    views: dict[int, dict] = field(default_factory=dict)
    axe: list[dict] | None = None
    console_errors: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.views[DESKTOP]["title"] if DESKTOP in self.views else ""

    @property
    def visible_code_cells(self) -> list[dict]:
        return self.views[DESKTOP]["codeCells"] if DESKTOP in self.views else []

    @property
    def visible_code_lines(self) -> int:
        return sum(cell["lines"] for cell in self.visible_code_cells)


def measure(tab, axe_script: Path | None = AXE_SCRIPT, settle_ms: int = 300) -> PageReading:
    """Measure the page open in the Playwright ``tab`` at 1280 px, then at 390 px.

    The page must have loaded (MathJax is awaited here). Leaves the tab at 390 px.
    """
    reading = PageReading(page="")
    axe_ready = axe_script is not None and axe_script.is_file()
    findings: dict[str, dict] = {}
    for width in (DESKTOP, PHONE):
        tab.set_viewport_size({"width": width, "height": WINDOW_HEIGHT[width]})
        reading.views[width] = tab.evaluate(_MEASURE_JS, {"settleMs": settle_ms})
        if axe_ready:
            if width == DESKTOP:
                tab.add_script_tag(path=str(axe_script))
            rules = None if width == DESKTOP else list(AXE_PHONE_RULES)
            for violation in tab.evaluate(_AXE_RUN_JS, [list(AXE_IMPACTS), rules]):
                seen = findings.setdefault(violation["id"], {**violation, "widths": []})
                seen["widths"].append(width)
                seen["count"] = max(seen["count"], violation["count"])
    reading.axe = list(findings.values()) if axe_ready else None
    return reading


def doubled_title(title: str) -> bool:
    """Tell whether a page title repeats one of its parts ("Book — Book").

    >>> doubled_title("The book — The book"), doubled_title("3. Matrix — The book")
    (True, False)
    >>> doubled_title("The book")
    False
    """
    parts = [part.strip().casefold() for part in re.split(r"\s+[—–|·-]\s+", title)]
    parts = [part for part in parts if part]
    return len(parts) != len(set(parts))


def findings(reading: PageReading) -> dict[str, list[str]]:
    """Every finding of a page, by rule (``RULES``); an empty list means the goal holds.

    >>> reading = PageReading("a.html", views={
    ...     1280: {"title": "A — A", "codeCells": [{"where": "#c", "first": "x = 1",
    ...            "lines": 61, "longest": 5, "wide": []}], "equations": [], "svgTexts": []},
    ...     390: {"title": "A — A", "codeCells": [], "equations": [], "svgTexts": []}},
    ...     axe=[], console_errors=[])
    >>> found = findings(reading)
    >>> sorted(rule for rule, items in found.items() if items)
    ['doubled title', 'visible code lines']
    >>> found["visible code lines"]
    ['61 visible code lines (goal: at most 60)']
    """
    desktop = reading.views.get(DESKTOP, {})
    phone = reading.views.get(PHONE, {})
    found: dict[str, list[str]] = {rule: [] for rule in RULES}
    lines = reading.visible_code_lines
    if lines > MAX_VISIBLE_CODE_LINES:
        found["visible code lines"].append(
            f"{lines} visible code lines (goal: at most {MAX_VISIBLE_CODE_LINES})")
    for cell in desktop.get("codeCells", []):
        for wide in cell["wide"]:
            found["code wider than the column (1280 px)"].append(
                f"{cell['where']} line {wide['line']}: {wide['chars']} characters, "
                f"{wide['px']} px in a {wide['column']} px column: {wide['text']!r}")
    for equation in desktop.get("equations", []):
        if equation["pastBox"] or equation["overlapsNumber"]:
            how = "runs under its number" if equation["overlapsNumber"] else "runs past its box"
            found["equation past its box (1280 px)"].append(
                f"{equation['where']} {equation['label']!r}: {how} "
                f"({equation['contentWidth']} px in {equation['boxWidth']} px)")
    for equation in phone.get("equations", []):
        if (equation["pastBox"] or equation["overlapsNumber"]) and not equation["scrolls"]:
            how = "runs under its number" if equation["overlapsNumber"] else "is cut off"
            found["equation cut off without a scrolling box (390 px)"].append(
                f"{equation['where']} {equation['label']!r}: {how} "
                f"({equation['contentWidth']} px in {equation['boxWidth']} px)")
    for text in desktop.get("svgTexts", []):
        if text["px"] < MIN_FIGURE_TEXT_PX:
            found["figure text under 10 px (1280 px)"].append(
                f"{text['px']:.1f} px {text['text']!r} in {text['figure']!r}")
    found["console errors"] = list(reading.console_errors)
    if doubled_title(reading.title):
        found["doubled title"].append(repr(reading.title))
    rule = "serious or critical accessibility violations (axe-core)"
    if reading.axe is None:
        found[rule].append(AXE_MISSING)
    for violation in reading.axe or []:
        widths = " and ".join(f"{width} px" for width in violation["widths"])
        found[rule].append(
            f"{violation['impact']} {violation['id']} ({violation['help']}): "
            f"{violation['count']} element(s) at {widths}, e.g. {violation['targets']}")
    return found


def summary(reading: PageReading) -> dict[str, str]:
    """Figures of a page worth printing even when every goal holds.

    >>> empty = {"title": "", "codeCells": [], "equations": [], "svgTexts": []}
    >>> summary(PageReading("a.html", views={1280: empty, 390: empty}, axe=[]))["code"]
    '0 visible code lines in 0 cells'
    """
    desktop = reading.views.get(DESKTOP, {})
    phone = reading.views.get(PHONE, {})
    cells = reading.visible_code_cells
    longest = max((cell["longest"] for cell in cells), default=0)
    sizes = [text["px"] for text in desktop.get("svgTexts", [])]
    scrolling = sum(1 for eq in phone.get("equations", []) if eq["scrolls"])
    return {
        "code": f"{reading.visible_code_lines} visible code lines in {len(cells)} cells"
                + (f" (longest line {longest} characters)" if cells else ""),
        "equations": f"{len(desktop.get('equations', []))} display equations; "
                     f"{scrolling} scroll sideways at {PHONE} px",
        "figure text": (f"{len(sizes)} SVG text labels, smallest {min(sizes)} px"
                        if sizes else "no SVG text"),
        "page width": (f"the page scrolls sideways by {phone.get('pageOverflow')} px "
                       f"at {PHONE} px" if phone.get("pageOverflow") else "fits both widths"),
    }
