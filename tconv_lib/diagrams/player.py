"""Scrubbable animation players that need no Python kernel.

Why this design. On the static book a widget is dead (no kernel runs its
callbacks), and Matplotlib's ``to_jshtml`` embeds every frame as a PNG: about
30-100 kB per frame, so a gallery of twenty animations would blow the page
budget of 3 MB and take seconds to render. A diagram, though, is a few dozen
coloured squares, and a frame differs from the next only in *which* squares
are shaded. So a player here is one self-contained HTML snippet:

* an inline SVG of the grids, every cell a ``<rect>`` whose class names its
  role (colours, dashes and hatching from :mod:`.style`, the same table the
  Matplotlib stills use), drawn from :mod:`.geometry` like the stills;
* the shaded cells of each frame as a small JSON array, and one caption per
  frame (from ``describe_frame``), also read by screen readers;
* a range slider, step and play/pause buttons, and a few lines of inline
  JavaScript that move the class ``on`` from cell to cell.

A player weighs a few kilobytes, renders instantly, and works the same on the
static site, in JupyterLab, in Colab, and as a plain file; without JavaScript
it still shows the first frame. Every id and CSS rule is scoped to one
container with a unique id, so any number of players can share a page.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
from dataclasses import dataclass

import numpy as np

from .geometry import (
    DiagramConfig,
    _one,
    _size,
    gather_geometry,
    gather_values,
    scatter_geometry,
    scatter_partial_sums,
)
from .style import SHADOW_NAVY, svg_css, svg_defs

__all__ = ["HtmlBlock", "HtmlPlayer", "html_player", "side_by_side"]

_LABEL_PX = 11
_CHAR_PX = 6.3  # average advance of an 11 px sans-serif character
_counter = itertools.count(1)


@dataclass(frozen=True, repr=False)
class HtmlBlock:
    """A piece of HTML that notebooks display as such (``_repr_html_``).

    ``text`` is its plain-text stand-in: what ``repr`` shows, and so what
    outputs that cannot hold HTML (the book's PDF, a terminal) print instead
    of the markup.
    """

    html: str
    text: str = "[interactive figure: see the web edition]"

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


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
        Natural width of the drawing, in CSS pixels.
    """

    player_id: str = ""
    n_frames: int = 0
    captions: tuple[str, ...] = ()
    width_px: float = 0.0


def _format(value: object) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.2g}"


def _as_2d(shape: tuple[int, ...]) -> tuple[int, int]:
    return (1, shape[0]) if len(shape) == 1 else (shape[0], shape[1])


def _flat(cells: np.ndarray, shape: tuple[int, ...]) -> list[int]:
    """Row-major flat indices of ``(n, ndim)`` cells in a grid of ``shape``."""
    return np.ravel_multi_index(tuple(cells.T), shape).tolist()


def _text_px(text: str) -> float:
    return max(len(line) for line in text.split("\n")) * _CHAR_PX


class _Svg:
    """Accumulates SVG markup for grids and labels placed in pixel units."""

    def __init__(self, cell: int) -> None:
        self.cell = cell
        self.parts: list[str] = []

    def grid(self, group: str, roles: np.ndarray, x0: float, y0: float, on: set[int],
             texts: list[str] | None, taps: bool) -> None:
        """Cells (group ``group``), their numbers (``group+'t'``) and tap labels (``'ap'``)."""
        cell = self.cell
        rects, values, tap_texts = [], [], []
        for n, role in enumerate(roles.ravel()):
            r, c = divmod(n, roles.shape[1])
            x, y = x0 + c * cell, y0 + r * cell
            state = " on" if n in on else ""
            rects.append(f'<rect x="{x:g}" y="{y:g}" width="{cell}" height="{cell}" '
                         f'class="c-{role}{state}"/>')
            if texts is not None:
                values.append(f'<text x="{x + cell / 2:g}" y="{y + cell / 2:g}" '
                              f'class="t-{role}{state}">{html.escape(texts[n])}</text>')
            if taps:
                tap_texts.append(f'<text x="{x + cell - 1.5:g}" y="{y + cell - 2:g}" '
                                 f'class="tap t-{role}{state}"></text>')
        self.parts.append(f'<g class="{group}">{"".join(rects)}</g>')
        if texts is not None:
            self.parts.append(f'<g class="{group}t">{"".join(values)}</g>')
        if taps:
            self.parts.append(f'<g class="ap">{"".join(tap_texts)}</g>')

    def label(self, text: str, x: float, y: float, anchor_top: bool) -> None:
        """Centered label; ``anchor_top`` puts its first line at ``y``, else its last."""
        lines = text.split("\n")
        first = y + _LABEL_PX if anchor_top else y - (len(lines) - 1) * (_LABEL_PX + 2) - 3
        spans = "".join(f'<tspan x="{x:g}" dy="{0 if j == 0 else _LABEL_PX + 2}">'
                        f"{html.escape(line)}</tspan>" for j, line in enumerate(lines))
        self.parts.append(f'<text class="lbl" x="{x:g}" y="{first:g}">{spans}</text>')


def _layout(in_shape: tuple[int, int], out_shape: tuple[int, int], cell: int, layout: str,
            labels: tuple[str, str], title: str | None):
    """Pixel origins of both grids and of their labels, and the canvas size."""
    line = _LABEL_PX + 2
    lines_in, lines_out = labels[0].count("\n") + 1, labels[1].count("\n") + 1
    head = (line + 6) if title else 0
    (hi, wi), (ho, wo) = in_shape, out_shape
    if layout == "stacked":
        width = max(wi * cell, wo * cell, _text_px(labels[0]), _text_px(labels[1]),
                    _text_px(title or "")) + 8
        out_y = head + lines_out * line + 4
        in_y = out_y + ho * cell + cell
        height = in_y + hi * cell + lines_in * line + 8
        return ((width - wi * cell) / 2, in_y), ((width - wo * cell) / 2, out_y), width, height
    if layout == "side":
        left_w = max(wi * cell, _text_px(labels[0])) + 4
        right_w = max(wo * cell, _text_px(labels[1])) + 4
        width = max(left_w + right_w + 2 * cell, _text_px(title or "") + 8)
        body = max(hi, ho) * cell
        top = head + 4
        height = top + body + max(lines_in, lines_out) * line + 8
        return (((left_w - wi * cell) / 2, top + (body - hi * cell) / 2),
                (left_w + 2 * cell + (right_w - wo * cell) / 2, top + (body - ho * cell) / 2),
                width, height)
    raise ValueError(f"layout must be 'stacked' or 'side', got {layout!r}")




def _gather_parts(config: DiagramConfig, numbers: bool, x: object, w: object):
    geo = gather_geometry(config)
    values = gather_values(geo, x, w) if numbers else None
    in_grid, out_grid = geo.input_grid_shape, geo.output_shape
    frames = [[_flat(geo.footprints[f], in_grid), _flat(geo.destinations[f:f + 1], out_grid)]
              for f in range(geo.n_frames)]
    data: dict[str, object] = {"on": frames}
    in_texts = out_texts = None
    if values is not None:
        grid, laid, output = values
        in_texts = [_format(v) for v in grid.ravel()]
        out_texts = [""] * int(np.prod(out_grid))
        out_texts[0] = _format(output.ravel()[0])
        data["k"] = [_format(v) for v in laid.ravel()]
        data["out"] = [[[f, _format(v)]] for f, v in enumerate(output.ravel())]
    in_label = geo.input_label()
    captions = [geo.describe_frame(f, values) for f in range(geo.n_frames)]
    return (geo.input_roles, np.full(out_grid, "output"), data, in_texts, out_texts,
            (in_label, f"output {_size(out_grid)}"), captions, None)


def _scatter_parts(config: DiagramConfig, numbers: bool, x: object, w: object):
    geo = scatter_geometry(config)
    sums = scatter_partial_sums(geo, x, w) if numbers else None
    frames = [[_flat(geo.sources[f:f + 1], geo.input_shape), _flat(geo.targets[f], geo.full_shape)]
              for f in range(geo.n_frames)]
    data: dict[str, object] = {"on": frames}
    in_texts = out_texts = None
    if sums is not None:
        in_texts = [_format(v) for v in np.asarray(x).ravel()]
        data["out"] = [[[i, _format(sums[f].ravel()[i])] for i in on[1]]
                       for f, on in enumerate(frames)]
        out_texts = [""] * int(np.prod(geo.full_shape))
        for i, text in data["out"][0]:
            out_texts[i] = text
    cut = f", outer {_one(config.padding)} cut off" if any(config.padding) else ""
    labels = (f"input {_size(geo.input_shape)}",
              f"output {_size(geo.output_shape)}\n(stretched grid {_size(geo.full_shape)}{cut})")
    captions = [geo.describe_frame(f, x if numbers else None) for f in range(geo.n_frames)]
    return (np.full(geo.input_shape, "input"), geo.output_roles, data, in_texts, out_texts,
            labels, captions, geo.anchors)


# The behaviour of every player; ``__ID__`` is replaced by the container id.
_SCRIPT = """(function(){var C=document.currentScript,
R=document.getElementById("__ID__")||(C&&C.parentNode);
if(!R||R.getAttribute("data-ready"))return;R.setAttribute("data-ready","1");
var D=JSON.parse(R.querySelector("script.tcv-data").textContent);
function q(s){return Array.prototype.slice.call(R.querySelectorAll(s));}
var G={a:q("g.a>rect"),at:q("g.at>text"),ap:q("g.ap>text"),b:q("g.b>rect"),bt:q("g.bt>text")};
var S=R.querySelector("input.tcv-slider"),T=R.querySelector(".tcv-status"),
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
P.setAttribute("aria-label","Play");T.setAttribute("aria-live","polite");}
function go(f){stop();show((f+N)%N);}
P.addEventListener("click",function(){if(timer){stop();return;}
P.textContent="\\u275a\\u275a";P.setAttribute("aria-label","Pause");
T.setAttribute("aria-live","off");if(cur===N-1)show(0);
timer=setInterval(function(){show((cur+1)%N);},D.ms);});
R.querySelector(".tcv-prev").addEventListener("click",function(){go(cur-1);});
R.querySelector(".tcv-next").addEventListener("click",function(){go(cur+1);});
S.addEventListener("input",function(){stop();show(+S.value);});show(0);})();"""


def _controls_css(player_id: str) -> str:
    s = f"#{player_id}"
    # The drawing sets the player's width (centred, like the book's figures); the
    # status line wraps inside it (width 0, min-width 100%) instead of widening it,
    # so that players in a row share the row and shrink, drawing included, to fit.
    return (f"{s}{{display:block;width:fit-content;min-width:min(100%,22em);max-width:100%;"
            f"margin:4px auto;font-family:sans-serif}}"
            f"{s} svg{{max-width:100%;height:auto;display:block;margin:0 auto}}"
            f"{s} .lbl{{font-size:{_LABEL_PX}px;text-anchor:middle;fill:currentColor}}"
            f"{s} .ttl{{font-size:{_LABEL_PX + 1}px;font-weight:bold;text-anchor:middle;"
            f"fill:currentColor}}"
            f"{s} g.at text,{s} g.bt text{{text-anchor:middle;dominant-baseline:central}}"
            f"{s} .tap{{text-anchor:end;font-size:7px;font-style:italic}}"
            f"{s} .tcv-controls{{display:flex;flex-wrap:wrap;align-items:center;gap:6px;"
            f"margin-top:4px}}"
            f"{s} .tcv-controls button{{min-width:2.2em;padding:1px 6px;cursor:pointer;"
            f"border:1px solid #8a969c;border-radius:4px;background:#f4f6f8;color:#111}}"
            f"{s} .tcv-slider{{flex:1;min-width:60px}}"
            f"{s} .tcv-status{{font-size:12px;margin:4px 0 0;min-height:1.3em;"
            f"width:0;min-width:100%}}"
            f"{s} .dot{{fill:{SHADOW_NAVY}}}")


def html_player(config: DiagramConfig, *, view: str = "gather", numbers: bool = False,
                x: object = None, w: object = None, layout: str = "stacked",
                title: str | None = None, seconds_per_frame: float = 0.9,
                cell_px: int | None = None, player_id: str | None = None) -> HtmlPlayer:
    """A scrubbable player of the gather or scatter view of ``config``.

    Parameters
    ----------
    config : DiagramConfig
    view : {'gather', 'scatter'}
        ``'scatter'`` needs a transposed configuration.
    numbers : bool
        Write values in the cells (input values, kernel taps under the
        shadow, outputs or running sums so far); with ``x``/``w`` absent the
        values of :func:`tconv_lib.diagrams.still.example_values` are used.
    x, w : array_like, optional
    layout : {'stacked', 'side'}
    title : str, optional
        A bold line above the grids.
    seconds_per_frame : float
        Speed of the play button.
    cell_px : int, optional
        Cell size in pixels; default 28 with numbers, 24 without.
    player_id : str, optional
        Id of the container; default unique within the process (a digest of
        the content plus a counter), so players never clash on one page.

    Returns
    -------
    HtmlPlayer
        Displays itself in a notebook; ``.html`` is the snippet.

    Examples
    --------
    >>> p = html_player(DiagramConfig(4, 3), player_id="demo")
    >>> p.n_frames, p.html.count('class="c-input'), p.captions[0]
    (4, 16, 'step 1 of 4: output cell (0, 0) = sum over input cells (0..2, 0..2)')
    """
    if view not in ("gather", "scatter"):
        raise ValueError(f"view must be 'gather' or 'scatter', got {view!r}")
    if not isinstance(numbers, bool):
        raise TypeError(f"numbers must be a bool, got {numbers!r}")
    if (x is None) != (w is None):
        raise ValueError("give both x and w, or neither (then example values are used)")
    if not isinstance(seconds_per_frame, (int, float)) or seconds_per_frame <= 0:
        raise ValueError(f"seconds_per_frame must be positive, got {seconds_per_frame!r}")
    if cell_px is None:
        cell_px = 28 if numbers else 24
    if isinstance(cell_px, bool) or not isinstance(cell_px, int) or not 6 <= cell_px <= 80:
        raise ValueError(f"cell_px must be an integer from 6 to 80, got {cell_px!r}")
    if numbers and x is None:
        from .still import example_values  # Matplotlib only when example numbers are wanted

        x, w = example_values(config)
    build = _gather_parts if view == "gather" else _scatter_parts
    in_roles, out_roles, data, in_texts, out_texts, labels, captions, anchors = build(
        config, numbers, x, w)
    in_roles = in_roles.reshape(_as_2d(in_roles.shape))
    out_roles = out_roles.reshape(_as_2d(out_roles.shape))
    data["cap"] = captions
    data["ms"] = round(1000 * seconds_per_frame)
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if player_id is None:
        digest = hashlib.sha1(f"{config!r}{view}{payload}".encode()).hexdigest()[:8]
        player_id = f"tcvp-{digest}-{next(_counter)}"
    if not player_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"player_id must be letters, digits, '-' or '_', got {player_id!r}")

    (ix, iy), (ox, oy), width, height = _layout(in_roles.shape, out_roles.shape, cell_px,
                                                layout, labels, title)
    svg = _Svg(cell_px)
    first = data["on"][0]
    svg.grid("a", in_roles, ix, iy, set(first[0]), in_texts, taps="k" in data)
    svg.grid("b", out_roles, ox, oy, set(first[1]), out_texts, taps=False)
    if anchors is not None:
        for r, c in (anchors if anchors.shape[1] == 2 else
                     np.column_stack([np.zeros(len(anchors), int), anchors[:, 0]])):
            svg.parts.append(f'<circle class="dot" cx="{ox + c * cell_px + 3.5:g}" '
                             f'cy="{oy + r * cell_px + 3.5:g}" r="1.8"/>')
    line = _LABEL_PX + 2
    svg.label(labels[0], ix + in_roles.shape[1] * cell_px / 2,
              iy + in_roles.shape[0] * cell_px + 2, anchor_top=True)
    if layout == "stacked":
        svg.label(labels[1], ox + out_roles.shape[1] * cell_px / 2, oy - 2, anchor_top=False)
    else:
        svg.label(labels[1], ox + out_roles.shape[1] * cell_px / 2,
                  oy + out_roles.shape[0] * cell_px + 2, anchor_top=True)
    if title:
        svg.parts.append(f'<text class="ttl" x="{width / 2:g}" y="{line:g}">'
                         f"{html.escape(title)}</text>")
    if numbers:
        svg.parts.insert(0, f"<style>#{player_id} text{{font-size:{max(cell_px * 0.42, 7):.3g}px}}"
                            f"#{player_id} .tap{{font-size:{max(cell_px * 0.28, 5):.3g}px}}"
                            "</style>")
    alt = f"{config.describe()}; {view} view, {len(captions)} steps"
    # "</" inside a script element would end it early; JSON allows "<\/".
    safe_payload = payload.replace("</", "<\\/")
    markup = (
        f'<div class="tcv-player" id="{player_id}">'
        f"<style>{svg_css(player_id)}\n{_controls_css(player_id)}</style>"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-label="{html.escape(alt)}">'
        f"{svg_defs(player_id)}{''.join(svg.parts)}</svg>"
        f'<div class="tcv-controls">'
        f'<button type="button" class="tcv-prev" aria-label="Previous step">\u276e</button>'
        f'<button type="button" class="tcv-play" aria-label="Play">\u25b6</button>'
        f'<button type="button" class="tcv-next" aria-label="Next step">\u276f</button>'
        f'<input type="range" class="tcv-slider" min="0" max="{len(captions) - 1}" value="0" '
        f'step="1" aria-label="Step of the animation ({html.escape(alt)})"></div>'
        f'<p class="tcv-status" aria-live="polite">{html.escape(captions[0])}</p>'
        f'<script type="application/json" class="tcv-data">{safe_payload}</script>'
        f"<script>{_SCRIPT.replace('__ID__', player_id)}</script></div>"
    )
    text = (f"[interactive player: {alt}, scrubbable in the web edition; "
            f"first {captions[0]}]")
    return HtmlPlayer(html=markup, text=text, player_id=player_id, n_frames=len(captions),
                      captions=tuple(captions), width_px=float(width))


def side_by_side(*items: HtmlBlock, captions: tuple[str, ...] | None = None) -> HtmlBlock:
    """Lay players (or any :class:`HtmlBlock`) out in a row that wraps on narrow screens.

    The items share the row equally (players scale their drawings down to fit)
    and move onto new lines when each would be narrower than 13em. Captions sit
    in a line of their own above the items, so that the drawings of one row
    start at the same height however long their captions are; a newline in a
    caption starts a new line.

    Examples
    --------
    >>> cfg = DiagramConfig(4, 3)
    >>> row = side_by_side(html_player(cfg), html_player(cfg.transpose()))
    >>> row.html.count('class="tcv-player"')
    2
    """
    if not items or not all(isinstance(item, HtmlBlock) for item in items):
        raise TypeError("side_by_side takes one or more HtmlBlock/HtmlPlayer objects")
    if captions is not None and len(captions) != len(items):
        raise ValueError(f"captions must have one entry per item ({len(items)}), "
                         f"got {len(captions)}")
    # A grid whose columns fill the row; each cell spans two of its rows through a
    # subgrid (caption, item), which lines the items of one row up.
    cell_style = ("min-width:0;display:grid;grid-row:span 2;grid-template-rows:subgrid;"
                  "row-gap:4px" if captions else "min-width:0")
    cells = []
    for n, item in enumerate(items):
        caption = ('<div style="font-size:0.85em;line-height:1.3;align-self:end;'
                   f'white-space:pre-line">{html.escape(captions[n])}</div>' if captions else "")
        cells.append(f'<div style="{cell_style}">{caption}<div>{item.html}</div></div>')
    return HtmlBlock(
        '<div class="tcv-row" style="display:grid;gap:16px 24px;align-items:start;'
        f'grid-template-columns:repeat(auto-fit,minmax(min(100%,13em),1fr))">{"".join(cells)}'
        "</div>",
        text="\n".join(item.text for item in items))
