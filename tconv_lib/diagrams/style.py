"""The one visual style of every diagram in the book.

Colours follow the spirit of Dumoulin & Visin's figures (blue input, cyan
output, a dark shadow for the kernel) but every role also differs in
*lightness* and, where two roles share a lightness, in line style or hatching,
so the pictures stay readable for colour-blind readers and in greyscale print:

=============  ======================  ===========================
role           colour                  also distinguished by
=============  ======================  ===========================
input          medium blue             solid edge
output         light cyan              solid edge
padding        white                   dashed edge
zero           very light grey-blue    hatching (inserted zeros)
shadow         dark navy overlay       darkens whatever it covers
=============  ======================  ===========================

The module is pure Python (no Matplotlib import) so that the HTML player can
use the same constants; :func:`style_context` imports Matplotlib on demand.
Matplotlib stills take their cell styles from :data:`CELL_STYLES`; the SVG of
the player takes them from :func:`svg_css`, generated from the same table.
"""

from __future__ import annotations

import numbers
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass

__all__ = [
    "CELL_INCHES",
    "BOOK_DPI",
    "CELL_STYLES",
    "COLUMN_INCHES",
    "GRID_GAP",
    "MIN_TEXT_PT",
    "INPUT_BLUE",
    "OUTPUT_CYAN",
    "RC_PARAMS",
    "SHADOW_ALPHA",
    "SHADOW_NAVY",
    "CellStyle",
    "apply_style",
    "relative_luminance",
    "rgb",
    "shaded",
    "style_context",
    "svg_css",
    "tap_colours",
    "svg_defs",
    "text_colour",
]

INPUT_BLUE = "#4f8fd6"
OUTPUT_CYAN = "#a9e4ef"
SHADOW_NAVY = "#0d1b3e"
EDGE_GREY = "#37474f"
PAD_EDGE_GREY = "#8a969c"
ZERO_FACE = "#e3e9f1"
HATCH_GREY = "#7d8a99"
TEXT_DARK = "#111111"
TEXT_LIGHT = "#ffffff"

#: Inches per cell in the Matplotlib figures of every diagram (stills, matrix pictures).
CELL_INCHES = 0.3
#: Gap between two grids of one drawing, in cells.
GRID_GAP = 1.5
#: Resolution at which the book shows figures (``figure.dpi`` below).
BOOK_DPI = 130
#: Width of the book's text column, in inches at :data:`BOOK_DPI` (680 px).
COLUMN_INCHES = 680 / BOOK_DPI
#: Smallest text in a figure, in points: 10 px at :data:`BOOK_DPI`.
MIN_TEXT_PT = 10 * 72 / BOOK_DPI

#: Stops of the ramp of kernel-tap colours in matrix pictures, light to dark: warm
#: tones that share no colour with the input, output and kernel of the grid diagrams.
TAP_RAMP = ("#fde0b2", "#f7b26b", "#e07b39", "#b4501f", "#6b270f")
# Below this contrast neither black nor white text reads well on a tap colour.
_MIN_CONTRAST = 4.5

#: Opacity of the kernel shadow laid over a cell (footprint, destination).
SHADOW_ALPHA = 0.62


@dataclass(frozen=True)
class CellStyle:
    """How one role of cell is drawn.

    Attributes
    ----------
    face, edge : str
        Fill and outline colours (``#rrggbb``).
    linestyle : {'solid', 'dashed'}
        Outline style; padding cells are dashed.
    hatch : str
        Matplotlib hatch pattern (``''`` for none); inserted zeros are hatched.
    """

    face: str
    edge: str
    linestyle: str = "solid"
    hatch: str = ""


#: Role of a cell -> its style. ``padding`` also covers the ``a`` extra zeros of
#: a transposed convolution's equivalent input; ``zero`` the ``s - 1`` inserted
#: zeros; ``empty`` a place holder that is drawn as nothing.
CELL_STYLES: dict[str, CellStyle] = {
    "input": CellStyle(face=INPUT_BLUE, edge=EDGE_GREY),
    "output": CellStyle(face=OUTPUT_CYAN, edge=EDGE_GREY),
    "padding": CellStyle(face="#ffffff", edge=PAD_EDGE_GREY, linestyle="dashed"),
    "zero": CellStyle(face=ZERO_FACE, edge=PAD_EDGE_GREY, linestyle="dashed", hatch="////"),
}

#: Matplotlib settings applied to every diagram; fixed fonts and SVG hash salt
#: make saved files byte-for-byte reproducible.
RC_PARAMS: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "hatch.color": HATCH_GREY,
    "hatch.linewidth": 0.6,
    "svg.hashsalt": "tconv-lib",
    "svg.fonttype": "none",
    # 130 dpi: a 0.3 in cell is 39 px and its 7 pt number about 13 px on a web page;
    # saved files (figure_bytes, GIFs) choose their own resolution.
    "figure.dpi": BOOK_DPI,
    "savefig.dpi": BOOK_DPI,
    "savefig.bbox": "standard",
    "axes.titlesize": 9,
}


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as red, green and blue fractions in [0, 1].

    Raises
    ------
    TypeError
        If ``colour`` is not a str.
    ValueError
        If it is not of the form ``#rrggbb``.

    Examples
    --------
    >>> rgb("#ff8000")
    (1.0, 0.5019607843137255, 0.0)
    """
    if not isinstance(colour, str):
        raise TypeError(f"colour must be a '#rrggbb' string, got {colour!r}")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"colour must be a '#rrggbb' string, got {colour!r}")
    red, green, blue = (int(colour[j:j + 2], 16) / 255 for j in (1, 3, 5))
    return red, green, blue


def shaded(face: str, alpha: float = SHADOW_ALPHA) -> str:
    """The colour of ``face`` under the kernel shadow, as ``#rrggbb``.

    Computing the blend here (instead of drawing a translucent patch) makes the
    Matplotlib stills and the SVG player show exactly the same colour.

    Examples
    --------
    >>> shaded("#ffffff", alpha=0.5)
    '#868d9e'
    """
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise TypeError(f"alpha must be a number, got {alpha!r}")
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha must lie in [0, 1], got {alpha}")
    top = rgb(SHADOW_NAVY)
    mix = [(1 - alpha) * f + alpha * t for f, t in zip(rgb(face), top, strict=True)]
    return "#" + "".join(f"{round(255 * c):02x}" for c in mix)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``, 0 (black) to 1 (white).

    Used to check that roles stay apart in greyscale, and to pick a readable
    text colour for the numbers in cells.

    Examples
    --------
    >>> round(relative_luminance("#ffffff"), 3), round(relative_luminance("#000000"), 3)
    (1.0, 0.0)
    """
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(face: str) -> str:
    """Black or white, whichever contrasts more with ``face``.

    Examples
    --------
    >>> text_colour(shaded(INPUT_BLUE)), text_colour(OUTPUT_CYAN)
    ('#ffffff', '#111111')
    """
    lum = relative_luminance(face)
    dark, light = relative_luminance(TEXT_DARK), relative_luminance(TEXT_LIGHT)
    return TEXT_LIGHT if (light + 0.05) / (lum + 0.05) > (lum + 0.05) / (dark + 0.05) else TEXT_DARK


def style_context() -> AbstractContextManager:
    """A ``matplotlib.rc_context`` with :data:`RC_PARAMS` (imports Matplotlib).

    Examples
    --------
    >>> import matplotlib
    >>> with style_context():
    ...     matplotlib.rcParams["svg.hashsalt"]
    'tconv-lib'
    """
    import matplotlib

    return matplotlib.rc_context(RC_PARAMS)  # type: ignore[arg-type]


def apply_style() -> None:
    """Apply :data:`RC_PARAMS` globally, e.g. at the top of a notebook.

    Examples
    --------
    >>> import matplotlib
    >>> apply_style(); matplotlib.rcParams["hatch.color"] == HATCH_GREY
    True
    """
    import matplotlib

    matplotlib.rcParams.update(RC_PARAMS)  # type: ignore[arg-type]


def svg_css(player_id: str) -> str:
    """CSS for the SVG of one HTML player, generated from :data:`CELL_STYLES`.

    Classes: ``c-<role>`` on the cell rectangles, ``t-<role>`` on the numbers
    in them, and ``on`` on both while the kernel shadow covers the cell. Every
    rule is scoped to the element with id ``player_id`` so that several
    players on one page cannot interfere; hatching refers to the patterns of
    :func:`svg_defs` with the same ``player_id``.

    Examples
    --------
    >>> css = svg_css("p1")
    >>> "#p1 .c-padding{" in css and "stroke-dasharray" in css and "url(#p1-hatch)" in css
    True
    """
    rules = []
    for role, style in CELL_STYLES.items():
        dash = "stroke-dasharray:3 2;" if style.linestyle == "dashed" else ""
        fill, fill_on = style.face, shaded(style.face)
        if style.hatch:
            fill, fill_on = f"url(#{player_id}-hatch)", f"url(#{player_id}-hatch-on)"
        scope = f"#{player_id}"
        rules.append(f"{scope} .c-{role}{{fill:{fill};stroke:{style.edge};{dash}}}")
        rules.append(f"{scope} .c-{role}.on{{fill:{fill_on}}}")
        rules.append(f"{scope} .t-{role}{{fill:{text_colour(style.face)}}}")
        rules.append(f"{scope} .t-{role}.on{{fill:{text_colour(shaded(style.face))}}}")
    return "\n".join(rules)


def svg_defs(player_id: str) -> str:
    """SVG ``<defs>`` with the hatch patterns of inserted zeros (plain and shaded).

    Examples
    --------
    >>> svg_defs("p1").count("<pattern")
    2
    """
    patterns = []
    for suffix, face in (("hatch", ZERO_FACE), ("hatch-on", shaded(ZERO_FACE))):
        patterns.append(
            f'<pattern id="{player_id}-{suffix}" width="5" height="5" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="5" height="5" fill="{face}"/>'
            f'<line x1="0" y1="0" x2="0" y2="5" stroke="{HATCH_GREY}" stroke-width="1.2"/>'
            f"</pattern>")
    return "<defs>" + "".join(patterns) + "</defs>"


def _ramp(position: float) -> str:
    """Linear blend along :data:`TAP_RAMP`, ``position`` in [0, 1]."""
    segments = len(TAP_RAMP) - 1
    segment = min(int(position * segments), segments - 1)
    fraction = position * segments - segment
    start, end = rgb(TAP_RAMP[segment]), rgb(TAP_RAMP[segment + 1])
    red, green, blue = ((1 - fraction) * a + fraction * b for a, b in zip(start, end,
                                                                         strict=True))
    return "#" + "".join(f"{round(255 * c):02x}" for c in (red, green, blue))


def _contrast(face: str) -> float:
    lum, ink = relative_luminance(face), relative_luminance(text_colour(face))
    return (max(lum, ink) + 0.05) / (min(lum, ink) + 0.05)


def tap_colours(n_taps: int) -> list[str]:
    """``n_taps`` colours, light to dark, one per kernel tap (flat index order).

    Raises
    ------
    TypeError
        If ``n_taps`` is not an integer.
    ValueError
        If it is below 1.

    Examples
    --------
    >>> tap_colours(3)
    ['#fde0b2', '#e07b39', '#6b270f']
    >>> tap_colours(1)
    ['#e07b39']
    """
    if isinstance(n_taps, bool) or not isinstance(n_taps, numbers.Integral):
        raise TypeError(f"n_taps must be a positive integer, got {n_taps!r}")
    if n_taps < 1:
        raise ValueError(f"n_taps must be a positive integer, got {n_taps!r}")
    if n_taps == 1:
        return [TAP_RAMP[len(TAP_RAMP) // 2]]
    colours = []
    for t in range(n_taps):
        position = t / (n_taps - 1)
        # A few mid-dark tones read badly with black and with white text: step
        # towards the darker neighbour until one of them does.
        while _contrast(_ramp(position)) < _MIN_CONTRAST and position < 1:
            position = min(1.0, position + 0.005)
        colours.append(_ramp(position))
    return colours
