"""Scrubbable animation players that need no Python kernel.

Why this design. On the static book a widget is dead (no kernel runs its
callbacks), and Matplotlib's ``to_jshtml`` embeds every frame as a PNG: about
30-100 kB per frame, so a gallery of twenty animations would blow the page
budget of 3 MB and take seconds to render. A diagram, though, is a few dozen
coloured squares, and a frame differs from the next only in *which* squares
are shaded. So a player here is one self-contained HTML snippet:

* an inline SVG of the grids, every cell a ``<rect>`` whose class names its
  role (colours, dashes and hatching from :mod:`.style`, the same table the
  Matplotlib stills use), laid out from the view's geometry (:mod:`.views`);
* the shaded cells of each frame as a small JSON array, and one caption per
  frame (from ``describe_frame``), also read by screen readers;
* a range slider, step and play/pause buttons, and a few lines of inline
  JavaScript that move the class ``on`` from cell to cell.

**Reading size.** The SVG has a ``viewBox`` and fills the column: it grows up
to :data:`MAX_ZOOM` times its natural size (and at most :data:`MAX_HEIGHT_PX`
tall) and never shrinks below the width at which its smallest text is
:data:`MIN_TEXT_PX` pixels, unless the screen itself is narrower. The status
line reserves the height of its longest caption, so the page does not jump
while a player plays.

**Print.** Each player also carries a PNG strip of a few frames, drawn from
the same layout with Pillow (no Matplotlib), in its notebook output next to
the HTML (``image/png`` in the mime bundle), for the PDF edition.

A player weighs a few kilobytes, renders instantly, and works the same on the
static site, in JupyterLab, in Colab, and as a plain file; without JavaScript
it still shows the first frame. Every id and CSS rule is scoped to one
container with a unique id, so any number of players can share a page.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import io
import itertools
import json
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ._grid import as_2d, flat_indices
from ._text import format_value
from .examples import example_values
from .geometry import (
    DiagramConfig,
    GatherGeometry,
    ScatterGeometry,
    gather_values,
    scatter_partial_sums,
)
from .style import (
    CELL_STYLES,
    HATCH_GREY,
    SHADOW_NAVY,
    rgb,
    shaded,
    svg_css,
    svg_defs,
    text_colour,
)
from .views import ViewGeometry, get_view

__all__ = [
    "MAX_HEIGHT_PX",
    "MAX_ZOOM",
    "MIN_TEXT_PX",
    "HtmlBlock",
    "HtmlPlayer",
    "PlayerCells",
    "gather_cells",
    "html_player",
    "scatter_cells",
    "side_by_side",
    "stack_blocks",
]

#: Smallest size of any text in a player, in CSS pixels, at its smallest width.
MIN_TEXT_PX = 10.0
#: A player grows to at most this many times its natural size to fill the column...
MAX_ZOOM = 1.75
#: ... and its drawing to at most this height in CSS pixels.
MAX_HEIGHT_PX = 560.0
#: Font sizes in SVG units (one unit is one CSS pixel at natural size).
LABEL_UNITS = 12.0
_TITLE_UNITS = 13.0
_NUMBER_FRACTION = 0.40  # of a cell
_TAP_FRACTION = 0.32
_CHAR_EM = 0.6  # average advance of a sans-serif character, in em (with a margin)
_STATUS_PX = 13
_counter = itertools.count(1)
#: The latest players made in this process, by id: a block assembled from their markup
#: by hand (``HtmlBlock(a.html + b.html)``) still finds their pictures for print.
_PLAYERS: OrderedDict[str, HtmlPlayer] = OrderedDict()
_KEEP_PLAYERS = 512
_PLAYER_ID = re.compile(r'class="tcv-player" id="([^"]+)"')


def _default_text() -> str:
    return "[interactive figure: see the web edition]"


@dataclass(frozen=True, repr=False)
class HtmlBlock:
    """A piece of HTML that notebooks display as such, with a picture for print.

    Attributes
    ----------
    html : str
        The markup (``_repr_html_``).
    text : str
        Its plain-text stand-in: what ``repr`` shows.
    still : callable, optional
        Returns PNG bytes of a picture of the block (players: a strip of
        frames). Called once, when the block is displayed; the picture goes
        into the notebook output as ``image/png`` beside ``text/html``, which
        the PDF edition shows instead of the HTML.

    Examples
    --------
    >>> block = HtmlBlock("<p>hi</p>", "hi")
    >>> sorted(block._repr_mimebundle_())
    ['text/html', 'text/plain']
    """

    html: str
    text: str = field(default_factory=_default_text)
    still: Callable[[], bytes] | None = field(default=None, compare=False)

    def _repr_html_(self) -> str:
        return self.html

    @cached_property
    def png(self) -> bytes | None:
        """The PNG picture for print, or ``None`` (drawn on first use).

        A block without a picture of its own that contains players (markup
        joined by hand) shows theirs, side by side.
        """
        if self.still is not None:
            return self.still()
        players = [_PLAYERS[i] for i in _PLAYER_ID.findall(self.html) if i in _PLAYERS]
        pictures = [p.png for p in players if p.png is not None]
        return _join_pngs(pictures, horizontal=True) if pictures else None

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, object]:
        bundle: dict[str, object] = {"text/html": self.html, "text/plain": self.text}
        if self.png is not None:
            bundle["image/png"] = self.png
        return bundle

    def __repr__(self) -> str:
        return self.text

    def __add__(self, other: HtmlBlock) -> HtmlBlock:
        """The two blocks one below the other (markup, text and pictures)."""
        if not isinstance(other, HtmlBlock):
            return NotImplemented
        return stack_blocks(self, other)


@dataclass(frozen=True, repr=False)
class HtmlPlayer(HtmlBlock):
    """A kernel-free player; ``html`` is the snippet, ``player_id`` its unique id.

    Attributes
    ----------
    html : str
    player_id : str
        Id of the container element; every id and CSS rule inside derives from it.
    n_frames : int
    captions : tuple of str
        The status line of every frame.
    width_px : float
        Natural width of the drawing, in CSS pixels (its ``viewBox`` width).
    min_width_px, max_width_px : float
        The drawing's width range on a page wide enough: its smallest text is
        :data:`MIN_TEXT_PX` at ``min_width_px``.
    min_text_units : float
        Size of its smallest text in ``viewBox`` units.
    """

    player_id: str = ""
    n_frames: int = 0
    captions: tuple[str, ...] = ()
    width_px: float = 0.0
    min_width_px: float = 0.0
    max_width_px: float = 0.0
    min_text_units: float = 0.0


def _text_units(text: str, size: float) -> float:
    return max(len(line) for line in text.split("\n")) * size * _CHAR_EM


@dataclass(frozen=True)
class PlayerCells:
    """What a view's player writes in its cells (the *player part* of a view).

    Attributes
    ----------
    input_texts, output_texts : list of str, optional
        Text of every drawn input / output cell at frame 0 (row-major).
    output_updates : list, optional
        Per frame, ``[flat output index, text]`` pairs written in that frame
        (texts accumulate over frames, as running sums do).
    taps : list of str, optional
        Per laid kernel tap, the label written in the corner of the input
        cell it covers (``×w``), in the order of the view's input cells.
    kernel : list of str, optional
        Texts of a kernel grid drawn beside the input (row-major).
    marks : numpy.ndarray, optional
        ``(n, ndim)`` output cells marked with a dot (where a kernel copy starts).
    """

    input_texts: list[str] | None = None
    output_texts: list[str] | None = None
    output_updates: list[list[list[object]]] | None = None
    taps: list[str] | None = None
    kernel: list[str] | None = None
    marks: np.ndarray | None = None


def _kernel_letters(config: DiagramConfig) -> list[str]:
    n = int(np.prod(config.k))
    return list("abcdefghijklmnopqrstuvwxyz"[:n]) if n <= 26 else [str(t) for t in range(n)]


def gather_cells(geometry: GatherGeometry, x: np.ndarray | None,
                 w: np.ndarray | None) -> PlayerCells:
    """The player part of the gather view: input values, laid taps and outputs.

    Examples
    --------
    >>> from tconv_lib.diagrams.geometry import gather_geometry
    >>> g = gather_geometry(DiagramConfig(4, 3, ndim=1))
    >>> cells = gather_cells(g, np.array([1, 2, 3, 4]), np.array([1, 0, 2]))
    >>> cells.taps, cells.output_updates
    (['1', '0', '2'], [[[0, '7']], [[1, '10']]])
    """
    if x is None or w is None:
        return PlayerCells()
    grid, laid, output = gather_values(geometry, x, w)
    out_texts = [""] * int(np.prod(geometry.output_shape))
    out_texts[0] = format_value(output.ravel()[0])
    return PlayerCells(
        input_texts=[format_value(v) for v in grid.ravel()],
        output_texts=out_texts,
        output_updates=[[[f, format_value(v)]] for f, v in enumerate(output.ravel())],
        taps=[format_value(v) for v in laid.ravel()],
    )


def scatter_cells(geometry: ScatterGeometry, x: np.ndarray | None,
                  w: np.ndarray | None) -> PlayerCells:
    """The player part of the scatter view: the kernel beside, running sums, start dots.

    Examples
    --------
    >>> from tconv_lib.diagrams.geometry import scatter_geometry
    >>> sg = scatter_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
    >>> scatter_cells(sg, None, None).kernel
    ['a', 'b', 'c']
    >>> scatter_cells(sg, np.array([1, 10]), np.array([1, 2, 3])).output_updates[1]
    [[2, '13'], [3, '20'], [4, '30']]
    """
    marks = geometry.anchors
    if x is None or w is None:
        return PlayerCells(kernel=_kernel_letters(geometry.config), marks=marks)
    sums = scatter_partial_sums(geometry, x, w)
    updates = [[[i, format_value(sums[f].ravel()[i])]
                for i in flat_indices(geometry.targets[f], geometry.full_shape)]
               for f in range(geometry.n_frames)]
    out_texts = [""] * int(np.prod(geometry.full_shape))
    for i, text in updates[0]:
        out_texts[int(i)] = str(text)  # type: ignore[call-overload]
    return PlayerCells(
        input_texts=[format_value(v) for v in np.asarray(x).ravel()],
        output_texts=out_texts, output_updates=updates,
        kernel=[format_value(v) for v in np.asarray(w).ravel()], marks=marks)


# ----------------------------------------------------------------------------- layout


@dataclass
class _Grid:
    """One grid of the drawing, placed in SVG units."""

    group: str  # "a" input, "b" output, "k" kernel beside the input
    roles: np.ndarray  # 2-D
    label: str
    texts: list[str] | None
    taps: bool = False
    x: float = 0.0
    y: float = 0.0

    def size(self, cell: float) -> tuple[float, float]:
        return self.roles.shape[1] * cell, self.roles.shape[0] * cell

    def slot(self, cell: float) -> float:
        """Width the grid needs with its label."""
        return max(self.size(cell)[0], _text_units(self.label, LABEL_UNITS))


@dataclass
class _Layout:
    grids: list[_Grid]
    cell: float
    width: float
    height: float
    title: str | None
    label_below: dict[str, bool]

    @property
    def line(self) -> float:
        return LABEL_UNITS + 2


def _place(grids: dict[str, _Grid], cell: float, layout: str, title: str | None) -> _Layout:
    """Place the grids (input, optional kernel, output) and size the canvas."""
    line = LABEL_UNITS + 2
    head = (line + 6) if title else 0.0
    lines = {g.group: g.label.count("\n") + 1 for g in grids.values()}
    bottom_row = [grids["a"]] + ([grids["k"]] if "k" in grids else [])
    out = grids["b"]
    below = {"a": True, "k": True, "b": layout == "side"}
    if layout == "stacked":
        rows = [[out], bottom_row]
    elif layout == "side":
        rows = [[*bottom_row, out]]
    else:
        raise ValueError(f"layout must be 'stacked' or 'side', got {layout!r}")

    def row_width(row: list[_Grid]) -> float:
        gaps = [cell if g.group == "k" else 2 * cell for g in row[1:]]
        return sum(g.slot(cell) for g in row) + sum(gaps)

    width = max(max(row_width(row) for row in rows),
                _text_units(title or "", _TITLE_UNITS)) + 8
    y = head + 4.0
    for row in rows:
        above = max((lines[g.group] for g in row if not below[g.group]), default=0)
        y += above * line + (4 if above else 0)
        body = max(g.size(cell)[1] for g in row)
        x = (width - row_width(row)) / 2
        for n, g in enumerate(row):
            if n:
                x += cell if g.group == "k" else 2 * cell
            gw, gh = g.size(cell)
            g.x, g.y = x + (g.slot(cell) - gw) / 2, y + (body - gh) / 2
            x += g.slot(cell)
        under = max((lines[g.group] for g in row if below[g.group]), default=0)
        y += body + under * line + (cell if row is not rows[-1] else 8)
    return _Layout(list(grids.values()), cell, width, y, title, below)


def _frame_state(data: dict[str, Any], frame: int, base_out: list[str] | None
                 ) -> tuple[set[int], set[int], dict[int, str], list[str] | None]:
    """What the script shows at ``frame``: shaded cells, tap labels, output texts."""
    on_a, on_b = data["on"][frame]
    taps = {i: "×" + data["k"][j] for j, i in enumerate(on_a)} if "k" in data else {}
    out = None
    if "out" in data and base_out is not None:
        out = [""] * len(base_out)
        for updates in data["out"][:frame + 1]:
            for index, text in updates:
                out[index] = text
    return set(on_a), set(on_b), taps, out


# ----------------------------------------------------------------------------- SVG


def _svg_grid(g: _Grid, cell: float, on: set[int], tap_texts: dict[int, str]) -> list[str]:
    rects, values, taps = [], [], []
    for n, role in enumerate(g.roles.ravel()):
        r, c = divmod(n, g.roles.shape[1])
        x, y = g.x + c * cell, g.y + r * cell
        state = " on" if (n in on or g.group == "k") else ""
        rects.append(f'<rect x="{x:g}" y="{y:g}" width="{cell:g}" height="{cell:g}" '
                     f'class="c-{role}{state}"/>')
        if g.texts is not None:
            values.append(f'<text x="{x + cell / 2:g}" y="{y + cell / 2:g}" '
                          f'class="t-{role}{state}">{html.escape(g.texts[n])}</text>')
        if g.taps:
            taps.append(f'<text x="{x + cell - 1.5:g}" y="{y + cell - 2:g}" '
                        f'class="tap t-{role}{state}">{html.escape(tap_texts.get(n, ""))}'
                        "</text>")
    parts = [f'<g class="{g.group}">{"".join(rects)}</g>']
    if g.texts is not None:
        parts.append(f'<g class="{g.group}t">{"".join(values)}</g>')
    if g.taps:
        parts.append(f'<g class="ap">{"".join(taps)}</g>')
    return parts


def _label_origin(g: _Grid, lay: _Layout) -> tuple[float, float, list[str]]:
    lines = g.label.split("\n")
    width, height = g.size(lay.cell)
    if lay.label_below[g.group]:
        first = g.y + height + 2 + LABEL_UNITS
    else:
        first = g.y - 3 - (len(lines) - 1) * lay.line
    return g.x + width / 2, first, lines


def _svg(lay: _Layout, data: dict[str, Any], marks: np.ndarray | None) -> str:
    on_a, on_b, taps, _ = _frame_state(data, 0, None)
    parts: list[str] = []
    for g in lay.grids:
        parts += _svg_grid(g, lay.cell, on_a if g.group == "a" else on_b if g.group == "b"
                           else set(), taps)
        x, first, lines = _label_origin(g, lay)
        spans = "".join(f'<tspan x="{x:g}" dy="{0 if j == 0 else lay.line:g}">'
                        f"{html.escape(line)}</tspan>" for j, line in enumerate(lines))
        parts.append(f'<text class="lbl" x="{x:g}" y="{first:g}">{spans}</text>')
    out = next(g for g in lay.grids if g.group == "b")
    for r, c in _marks_2d(marks):
        parts.append(f'<circle class="dot" cx="{out.x + c * lay.cell + 4:g}" '
                     f'cy="{out.y + r * lay.cell + 4:g}" r="2.2"/>')
    if lay.title:
        parts.append(f'<text class="ttl" x="{lay.width / 2:g}" y="{lay.line:g}">'
                     f"{html.escape(lay.title)}</text>")
    return "".join(parts)


def _marks_2d(marks: np.ndarray | None) -> list[tuple[int, int]]:
    if marks is None or len(marks) == 0:
        return []
    cells = marks if marks.shape[1] == 2 else np.column_stack(
        [np.zeros(len(marks), dtype=int), marks[:, 0]])
    return [(int(r), int(c)) for r, c in cells]


# ----------------------------------------------------------------------------- PNG


def _font_path() -> str | None:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "mpl-data/fonts/ttf/DejaVuSans.ttf"
    return str(path) if path.exists() else None


def _png_strip(lay: _Layout, data: dict[str, Any], marks: np.ndarray | None,
               frames: Sequence[int], base_out: list[str] | None, scale: float = 1.25) -> bytes:
    """A strip of ``frames`` drawn from the player's own layout, as a small PNG."""
    from PIL import Image, ImageDraw, ImageFont

    path = _font_path()

    def font(size: float, bold: bool = False) -> Any:
        px = max(1, round(size * scale))
        if path is None:
            return ImageFont.load_default(px)
        name = path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") if bold else path
        return ImageFont.truetype(name if Path(name).exists() else path, px)

    head = LABEL_UNITS + 6
    panel_w, panel_h = math.ceil(lay.width * scale), math.ceil((lay.height + head) * scale)
    gap = round(12 * scale)
    image = Image.new("RGB", (len(frames) * panel_w + (len(frames) - 1) * gap, panel_h),
                      "white")
    draw = ImageDraw.Draw(image)
    label_font, title_font = font(LABEL_UNITS), font(_TITLE_UNITS, bold=True)
    number_font = font(lay.cell * _NUMBER_FRACTION)
    tap_font = font(lay.cell * _TAP_FRACTION)
    cell = lay.cell * scale

    def colour(hex_colour: str) -> tuple[int, int, int]:
        red, green, blue = rgb(hex_colour)
        return round(255 * red), round(255 * green), round(255 * blue)

    for n, frame in enumerate(frames):
        left, top = n * (panel_w + gap), head * scale
        on_a, on_b, taps, out = _frame_state(data, frame, base_out)
        draw.text((left + panel_w / 2, 2 * scale), f"step {frame + 1} of {len(data['on'])}",
                  fill="#111111", font=label_font, anchor="mt")
        for g in lay.grids:
            on = on_a if g.group == "a" else on_b if g.group == "b" else None
            texts = out if (g.group == "b" and out is not None) else g.texts
            for index, role in enumerate(g.roles.ravel()):
                r, c = divmod(index, g.roles.shape[1])
                x0, y0 = left + (g.x + c * lay.cell) * scale, top + (g.y + r * lay.cell) * scale
                lit = on is None or index in on
                style = CELL_STYLES[str(role)]
                face = shaded(style.face) if lit else style.face
                box = (x0, y0, x0 + cell, y0 + cell)
                draw.rectangle(box, fill=colour(face))
                if style.hatch:
                    step = 5 * scale
                    for offset in np.arange(-cell, cell, step):
                        draw.line((x0 + max(offset, 0), y0 + max(-offset, 0),
                                   x0 + min(cell, cell + offset), y0 + min(cell, cell - offset)),
                                  fill=colour(HATCH_GREY), width=1)
                _edge(draw, box, colour(style.edge), style.linestyle == "dashed", scale)
                if texts is not None and texts[index]:
                    draw.text((x0 + cell / 2, y0 + cell / 2), texts[index],
                              fill=text_colour(face), font=number_font, anchor="mm")
                if g.taps and index in taps:
                    draw.text((x0 + cell - 1.5 * scale, y0 + cell - 2 * scale), taps[index],
                              fill=text_colour(face), font=tap_font, anchor="rs")
            x, first, lines = _label_origin(g, lay)
            for j, line in enumerate(lines):
                draw.text((left + x * scale, top + (first + j * lay.line) * scale), line,
                          fill="#111111", font=label_font, anchor="ms")
        outgrid = next(g for g in lay.grids if g.group == "b")
        for r, c in _marks_2d(marks):
            cx = left + (outgrid.x + c * lay.cell + 4) * scale
            cy = top + (outgrid.y + r * lay.cell + 4) * scale
            draw.ellipse((cx - 2.2 * scale, cy - 2.2 * scale, cx + 2.2 * scale,
                          cy + 2.2 * scale), fill=colour(SHADOW_NAVY))
        if lay.title:
            draw.text((left + panel_w / 2, top + lay.line * scale), lay.title, fill="#111111",
                      font=title_font, anchor="ms")
    return _png_bytes(image)


def _edge(draw: Any, box: tuple[float, float, float, float], fill: tuple[int, int, int],
          dashed: bool, scale: float) -> None:
    x0, y0, x1, y1 = box
    if not dashed:
        draw.rectangle(box, outline=fill, width=1)
        return
    dash, space = 3 * scale, 2 * scale
    for (ax, ay), (bx, by) in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)),
                               ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
        length = math.hypot(bx - ax, by - ay)
        t = 0.0
        while t < length:
            u = min(t + dash, length)
            draw.line((ax + (bx - ax) * t / length, ay + (by - ay) * t / length,
                       ax + (bx - ax) * u / length, ay + (by - ay) * u / length),
                      fill=fill, width=1)
            t += dash + space


@lru_cache(maxsize=1)
def _print_palette() -> Any:
    """A palette image of the diagram's own colours and the blends antialiasing makes.

    Mapping every pixel to these keeps the print colours exactly the style's.
    """
    from PIL import Image

    faces = [c.face for c in CELL_STYLES.values()]
    solid = {*faces, *(shaded(f) for f in faces), *(c.edge for c in CELL_STYLES.values()),
             HATCH_GREY, SHADOW_NAVY, "#111111", "#ffffff"}
    colours = [tuple(round(255 * v) for v in rgb(c)) for c in sorted(solid)]
    inks = [(17, 17, 17), (255, 255, 255)]
    blends = {tuple(round(a + (b - a) * t) for a, b in zip(face, ink, strict=True))
              for face in colours for ink in inks for t in (0.25, 0.5, 0.75)}
    entries = [*colours, *sorted(blends - set(colours))][:256]
    flat = [v for colour in entries for v in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(entries)))
    return palette


def _png_bytes(image: Any) -> bytes:
    from PIL import Image

    small = image.quantize(palette=_print_palette(), dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _strip_frames(n_frames: int, width: float) -> list[int]:
    """First, middle and last frame, as many as fit in a print column (about 700 units)."""
    fit = max(1, min(3, int(700 // max(width, 1.0))))
    chosen = sorted({0, n_frames // 2, n_frames - 1}) if fit >= 3 else (
        sorted({0, n_frames - 1}) if fit == 2 else [min(1, n_frames - 1)])
    return chosen[:fit]


# ----------------------------------------------------------------------------- script & CSS

# The behaviour of every player; ``__ID__`` is replaced by the container id.
_SCRIPT = """(function(){var C=document.currentScript,
R=document.getElementById("__ID__")||(C&&C.parentNode);
if(!R||R.getAttribute("data-ready"))return;R.setAttribute("data-ready","1");
var D=JSON.parse(R.querySelector("script.tcv-data").textContent);
function q(s){return Array.prototype.slice.call(R.querySelectorAll(s));}
var G={a:q("g.a>rect"),at:q("g.at>text"),ap:q("g.ap>text"),b:q("g.b>rect"),bt:q("g.bt>text")};
var S=R.querySelector("input.tcv-slider"),T=R.querySelector(".tcv-live"),
P=R.querySelector(".tcv-play"),N=D.on.length,cur=0,timer=null;
function mark(L,I){L.forEach(function(e){e.classList.remove("on");});
I.forEach(function(i){if(L[i])L[i].classList.add("on");});}
function show(f){cur=f;var on=D.on[f];mark(G.a,on[0]);mark(G.at,on[0]);mark(G.ap,on[0]);
mark(G.b,on[1]);mark(G.bt,on[1]);
if(D.k){G.ap.forEach(function(t){t.textContent="";});
on[0].forEach(function(i,j){G.ap[i].textContent="\\u00d7"+D.k[j];});}
if(D.out){G.bt.forEach(function(t){t.textContent="";});
for(var g=0;g<=f;g++)D.out[g].forEach(function(p){G.bt[p[0]].textContent=p[1];});}
S.value=f;S.setAttribute("aria-valuetext","step "+(f+1)+" of "+N);T.textContent=D.cap[f];}
function stop(){if(timer){clearInterval(timer);timer=null;}P.textContent="\\u25b6";
P.setAttribute("aria-label","Play");P.setAttribute("aria-pressed","false");
T.setAttribute("aria-live","polite");}
function go(f){stop();show((f+N)%N);}
P.addEventListener("click",function(){if(timer){stop();return;}
P.textContent="\\u275a\\u275a";P.setAttribute("aria-label","Pause");
P.setAttribute("aria-pressed","true");
T.setAttribute("aria-live","off");if(cur===N-1)show(0);
timer=setInterval(function(){show((cur+1)%N);},D.ms);});
R.querySelector(".tcv-prev").addEventListener("click",function(){go(cur-1);});
R.querySelector(".tcv-next").addEventListener("click",function(){go(cur+1);});
S.addEventListener("input",function(){stop();show(+S.value);});show(0);})();"""


def _controls_css(player_id: str, lay: _Layout, numbers: bool, min_px: float,
                  max_px: float) -> str:
    s = f"#{player_id}"
    cell = lay.cell
    # The player fills its column up to max_px; the drawing scales with it (viewBox)
    # and keeps at least min_px, the width at which its smallest text is MIN_TEXT_PX,
    # unless the column itself is narrower.
    rules = [
        f"{s}{{display:block;width:100%;max-width:{max_px:.0f}px;margin:4px auto;"
        f"font-family:sans-serif;box-sizing:border-box}}",
        f"{s} svg{{display:block;width:100%;height:auto;min-width:min(100%,{min_px:.0f}px);"
        "margin:0 auto}",
        f"{s} .lbl{{font-size:{LABEL_UNITS:g}px;text-anchor:middle;fill:currentColor}}",
        f"{s} .ttl{{font-size:{_TITLE_UNITS:g}px;font-weight:bold;text-anchor:middle;"
        "fill:currentColor}",
        f"{s} g.at text,{s} g.bt text,{s} g.kt text{{text-anchor:middle;"
        "dominant-baseline:central;"
        f"font-size:{cell * _NUMBER_FRACTION:.3g}px}}",
        f"{s} .tap{{text-anchor:end;font-size:{cell * _TAP_FRACTION:.3g}px;font-style:italic}}",
        f"{s} .tcv-controls{{display:flex;align-items:center;gap:6px;margin-top:4px}}",
        f"{s} .tcv-controls button{{min-width:2.4em;min-height:2em;padding:1px 6px;"
        "cursor:pointer;border:1px solid #5f6b72;border-radius:4px;background:#f4f6f8;"
        "color:#111;font-size:14px}",
        f"{s} .tcv-controls button:focus-visible,{s} .tcv-slider:focus-visible"
        "{outline:3px solid #1a5fb4;outline-offset:2px}",
        f"{s} .tcv-slider{{flex:1;min-width:60px}}",
        # Status: the live caption and an invisible copy of the longest one share one
        # grid cell, so the line keeps the height of the longest caption while it plays.
        f"{s} .tcv-status{{display:grid;font-size:{_STATUS_PX}px;line-height:1.35;"
        "margin:4px 0 0}",
        f"{s} .tcv-status>span{{grid-area:1/1}}",
        f"{s} .tcv-sizer{{visibility:hidden}}",
        f"{s} .dot{{fill:{SHADOW_NAVY}}}",
    ]
    del numbers
    return "".join(rules)


def _longest(captions: Sequence[str]) -> str:
    return max(captions, key=lambda c: (len(c), c))


def html_player(config: DiagramConfig, *, view: str = "gather", numbers: bool = False,
                x: object = None, w: object = None, layout: str = "stacked",
                title: str | None = None, seconds_per_frame: float = 0.9,
                cell_px: int | None = None, player_id: str | None = None) -> HtmlPlayer:
    """A scrubbable player of one view of ``config``, at reading size, with a still for print.

    Parameters
    ----------
    config : DiagramConfig
    view : str
        A name of :data:`tconv_lib.diagrams.views.VIEWS`: ``'gather'``,
        ``'scatter'`` (needs a transposed configuration; draws the kernel
        beside the input) or ``'matrix'`` (no numbers).
    numbers : bool
        Write values in the cells (input values, kernel taps under the
        shadow, outputs or running sums so far); with ``x``/``w`` absent the
        values of :func:`tconv_lib.example_values` are used.
    x, w : array_like, optional
    layout : {'stacked', 'side'}
    title : str, optional
        A bold line above the grids.
    seconds_per_frame : float
        Speed of the play button.
    cell_px : int, optional
        Cell size at natural size, in pixels; default 32 with numbers, 26
        without. Text sizes follow the cell; the player never shrinks (on a
        wide enough page) below the size at which its smallest text is
        :data:`MIN_TEXT_PX` pixels.
    player_id : str, optional
        Id of the container; default unique within the process (a digest of
        the content plus a counter), so players never clash on one page.

    Returns
    -------
    HtmlPlayer
        Displays itself in a notebook (HTML, and a PNG strip of frames for
        print); ``.html`` is the snippet.

    Examples
    --------
    >>> p = html_player(DiagramConfig(4, 3), player_id="demo")
    >>> p.n_frames, p.html.count('class="c-input'), p.captions[0]
    (4, 16, 'step 1 of 4: output cell (0, 0) = sum over input cells (0..2, 0..2)')
    >>> p.png[:4], len(p.png) < 60_000
    (b'\\x89PNG', True)
    """
    spec = get_view(view)
    if not isinstance(numbers, bool):
        raise TypeError(f"numbers must be a bool, got {numbers!r}")
    if (x is None) != (w is None):
        raise ValueError("give both x and w, or neither (then example values are used)")
    if isinstance(seconds_per_frame, bool) or not isinstance(seconds_per_frame, (int, float)):
        raise TypeError(f"seconds_per_frame must be a number, got {seconds_per_frame!r}")
    if seconds_per_frame <= 0:
        raise ValueError(f"seconds_per_frame must be positive, got {seconds_per_frame!r}")
    if cell_px is None:
        cell_px = 32 if numbers else 26
    if isinstance(cell_px, bool) or not isinstance(cell_px, int):
        raise TypeError(f"cell_px must be an integer, got {cell_px!r}")
    if not 6 <= cell_px <= 80:
        raise ValueError(f"cell_px must be an integer from 6 to 80, got {cell_px!r}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, got {title!r}")
    if layout not in ("stacked", "side"):
        raise ValueError(f"layout must be 'stacked' or 'side', got {layout!r}")
    if player_id is not None and (not isinstance(player_id, str) or not player_id.replace(
            "-", "").replace("_", "").isalnum()):
        raise ValueError(f"player_id must be letters, digits, '-' or '_', got {player_id!r}")
    if numbers and x is None:
        x, w = example_values(config)
    geo: ViewGeometry = spec.geometry(config)
    cells_of = spec.player_cells()
    if numbers and cells_of is None:
        raise ValueError(f"the {spec.name} view writes no numbers; use numbers=False")
    xs = np.asarray(x) if numbers else None
    ws = np.asarray(w) if numbers else None
    cells: PlayerCells = cells_of(geo, xs, ws) if cells_of is not None else PlayerCells()

    in_shape, out_shape = geo.drawn_input_shape, geo.drawn_output_shape
    frames = [[flat_indices(geo.input_cells(f), in_shape),
               flat_indices(geo.output_cells(f), out_shape)] for f in range(geo.n_frames)]
    captions = [_caption(geo, f, spec.name, numbers, xs, ws) for f in range(geo.n_frames)]
    data: dict[str, Any] = {"on": frames}
    if cells.taps is not None:
        data["k"] = cells.taps
    if cells.output_updates is not None:
        data["out"] = cells.output_updates
    data["cap"] = captions
    data["ms"] = round(1000 * seconds_per_frame)
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if player_id is None:
        digest = hashlib.sha1(f"{config!r}{view}{payload}".encode()).hexdigest()[:8]
        player_id = f"tcvp-{digest}-{next(_counter)}"

    grids = {"a": _Grid("a", geo.input_roles.reshape(as_2d(in_shape)), geo.input_label(),
                        cells.input_texts, taps=cells.taps is not None)}
    if cells.kernel is not None:
        grids["k"] = _Grid("k", np.full(as_2d(config.k), "output"), "kernel", cells.kernel)
    grids["b"] = _Grid("b", geo.output_roles.reshape(as_2d(out_shape)), geo.output_label(),
                       cells.output_texts)
    lay = _place(grids, float(cell_px), layout, title)
    sizes = [LABEL_UNITS] + ([_TITLE_UNITS] if title else [])
    if any(g.texts is not None for g in lay.grids):
        sizes.append(cell_px * _NUMBER_FRACTION)
    if cells.taps is not None:
        sizes.append(cell_px * _TAP_FRACTION)
    smallest = min(sizes)
    min_scale = max(1.0, MIN_TEXT_PX / smallest)
    max_scale = max(min_scale, min(MAX_ZOOM, MAX_HEIGHT_PX / lay.height))
    min_px, max_px = math.ceil(lay.width * min_scale), math.ceil(lay.width * max_scale)

    alt = f"{config.describe()}; {spec.label} view, {len(captions)} steps"
    # "</" inside a script element would end it early; JSON allows "<\/".
    safe_payload = payload.replace("</", "<\\/")
    longest = _longest(captions)
    markup = (
        f'<div class="tcv-player" id="{player_id}" role="group" '
        f'aria-label="Animation: {html.escape(alt)}" data-min-width="{min_px}">'
        f"<style>{svg_css(player_id)}\n{_controls_css(player_id, lay, numbers, min_px, max_px)}"
        "</style>"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width:g} {lay.height:g}" '
        f'width="{lay.width:g}" height="{lay.height:g}" role="img" '
        f'aria-label="{html.escape(alt)}">'
        f"{svg_defs(player_id)}{_svg(lay, data, cells.marks)}</svg>"
        f'<div class="tcv-controls">'
        f'<button type="button" class="tcv-prev" aria-label="Previous step">\u276e</button>'
        f'<button type="button" class="tcv-play" aria-label="Play" aria-pressed="false">'
        "\u25b6</button>"
        f'<button type="button" class="tcv-next" aria-label="Next step">\u276f</button>'
        f'<input type="range" class="tcv-slider" min="0" max="{len(captions) - 1}" value="0" '
        f'step="1" aria-label="Step of the animation" '
        f'aria-valuetext="step 1 of {len(captions)}"></div>'
        f'<p class="tcv-status"><span class="tcv-sizer" aria-hidden="true">'
        f"{html.escape(longest)}</span>"
        f'<span class="tcv-live" aria-live="polite">{html.escape(captions[0])}</span></p>'
        f'<script type="application/json" class="tcv-data">{safe_payload}</script>'
        f"<script>{_SCRIPT.replace('__ID__', player_id)}</script></div>"
    )
    text = f"[player: {alt}; {captions[0]}]"
    shown = _strip_frames(len(captions), lay.width)
    base_out = cells.output_texts

    def still() -> bytes:
        return _png_strip(lay, data, cells.marks, shown, base_out)

    player = HtmlPlayer(html=markup, text=text, still=still, player_id=player_id,
                        n_frames=len(captions), captions=tuple(captions),
                        width_px=float(lay.width), min_width_px=float(min_px),
                        max_width_px=float(max_px), min_text_units=float(smallest))
    _PLAYERS[player_id] = player
    while len(_PLAYERS) > _KEEP_PLAYERS:
        _PLAYERS.popitem(last=False)
    return player


def _caption(geo: ViewGeometry, frame: int, view: str, numbers: bool,
             x: np.ndarray | None, w: np.ndarray | None) -> str:
    """The frame's sentence, with numbers where the view can spell them out."""
    if numbers and isinstance(geo, GatherGeometry):
        return geo.describe_frame(frame, gather_values(geo, x, w))
    if numbers and isinstance(geo, ScatterGeometry):
        return geo.describe_frame(frame, x)
    del view
    return geo.describe_frame(frame)


# ----------------------------------------------------------------------------- rows


def _caption_em(caption: str) -> float:
    """Width of the longest caption line in em of the page font (captions are 0.85 em)."""
    return max(len(line) for line in caption.split("\n")) * 0.85 * 0.55


def side_by_side(*items: HtmlBlock, captions: Sequence[str] | None = None) -> HtmlBlock:
    """Lay players (or any :class:`HtmlBlock`) out in a row that wraps to fewer per row.

    Every column is at least as wide as the widest item's legible width and
    the longest caption line, so a caption never breaks inside a formula and
    a player never shrinks below reading size: when the row is too narrow,
    items move onto the next line instead. Captions sit above their items
    (``<figcaption>``), and the drawings of one row start at the same height
    however long their captions are; a newline in a caption starts a new line.
    The block's picture for print is the items' pictures side by side.

    Examples
    --------
    >>> cfg = DiagramConfig(4, 3)
    >>> row = side_by_side(html_player(cfg), html_player(cfg.transpose()))
    >>> row.html.count('class="tcv-player"'), row.png[:4]
    (2, b'\\x89PNG')
    """
    if not items or not all(isinstance(item, HtmlBlock) for item in items):
        raise TypeError("side_by_side takes one or more HtmlBlock/HtmlPlayer objects")
    if captions is not None:
        if isinstance(captions, str) or not all(isinstance(c, str) for c in captions):
            raise TypeError("captions must be a sequence of str, one per item")
        if len(captions) != len(items):
            raise ValueError(f"captions must have one entry per item ({len(items)}), "
                             f"got {len(captions)}")
    min_px = max((item.min_width_px for item in items if isinstance(item, HtmlPlayer)),
                 default=13 * 16.0)
    min_em = max((_caption_em(c) for c in captions), default=0.0) if captions else 0.0
    column = f"max({min_px:.0f}px,{min_em:.1f}em)"
    cell_style = ("min-width:0;margin:0;display:grid;grid-row:span 2;"
                  "grid-template-rows:subgrid;row-gap:4px" if captions else "min-width:0;margin:0")
    cells = []
    for n, item in enumerate(items):
        caption = ('<figcaption style="font-size:0.85em;line-height:1.35;align-self:end;'
                   'white-space:pre;overflow-x:auto">'
                   f"{html.escape(captions[n])}</figcaption>" if captions else "")
        cells.append(f'<figure style="{cell_style}">{caption}<div>{item.html}</div></figure>')
    markup = ('<div class="tcv-row" style="display:grid;gap:16px 24px;align-items:start;'
              f'grid-template-columns:repeat(auto-fit,minmax(min(100%,{column}),1fr))">'
              f'{"".join(cells)}</div>')
    pictures = [item for item in items if item.still is not None]

    def still() -> bytes:
        return _join_pngs([item.png for item in pictures if item.png is not None],
                          horizontal=True, captions=captions if len(pictures) == len(items)
                          else None)

    return HtmlBlock(markup, text="\n".join(item.text for item in items),
                     still=still if pictures else None)


def stack_blocks(*blocks: HtmlBlock) -> HtmlBlock:
    """Blocks one below the other: markup, text and print pictures (also ``a + b``).

    Examples
    --------
    >>> both = stack_blocks(HtmlBlock("<p>a</p>", "a"), html_player(DiagramConfig(4, 3)))
    >>> both.html.startswith("<p>a</p>"), both.png[:4]
    (True, b'\\x89PNG')
    """
    if not blocks or not all(isinstance(b, HtmlBlock) for b in blocks):
        raise TypeError("stack_blocks takes one or more HtmlBlock/HtmlPlayer objects")
    pictures = [b for b in blocks if b.still is not None]

    def still() -> bytes:
        return _join_pngs([b.png for b in pictures if b.png is not None], horizontal=False)

    return HtmlBlock("".join(b.html for b in blocks), "\n".join(b.text for b in blocks),
                     still=still if pictures else None)


def _join_pngs(pngs: Sequence[bytes], *, horizontal: bool,
               captions: Sequence[str] | None = None, limit: int = 2200) -> bytes:
    """PNG pictures in a row (wrapping at ``limit`` pixels) or a column, captions above."""
    from PIL import Image, ImageDraw, ImageFont

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pngs]
    path = _font_path()
    font = ImageFont.truetype(path, 20) if path else ImageFont.load_default(20)
    gap = 24
    if captions:
        captioned = []
        for image, caption in zip(images, captions, strict=True):
            lines = caption.split("\n")
            width = max(image.width, *(int(font.getlength(line)) + 4 for line in lines))
            board = Image.new("RGB", (width, image.height + 26 * len(lines) + 6), "white")
            draw = ImageDraw.Draw(board)
            for j, line in enumerate(lines):
                draw.text((2, 2 + 26 * j), line, fill="#111111", font=font)
            board.paste(image, ((width - image.width) // 2, 26 * len(lines) + 6))
            captioned.append(board)
        images = captioned
    rows: list[list[Any]] = [[]]
    for image in images:
        row_width = sum(i.width + gap for i in rows[-1])
        if not horizontal or (rows[-1] and row_width + image.width > limit):
            if rows[-1]:
                rows.append([])
        rows[-1].append(image)
    rows = [r for r in rows if r]
    width = max(sum(i.width for i in r) + gap * (len(r) - 1) for r in rows)
    height = sum(max(i.height for i in r) for r in rows) + gap * (len(rows) - 1)
    sheet = Image.new("RGB", (width, height), "white")
    y = 0
    for r in rows:
        x = 0
        for image in r:
            sheet.paste(image, (x, y))
            x += image.width + gap
        y += max(i.height for i in r) + gap
    return _png_bytes(sheet)
