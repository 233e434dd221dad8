"""Matplotlib stills of the gather and scatter views.

A *drawing* (:class:`GatherDrawing`, :class:`ScatterDrawing`) lays every cell
out once and then only recolours cells and rewrites numbers in
``set_frame``, so the stills, the small multiples and the GIF frames share one
code path and animations are cheap to render.

Layout conventions (Dumoulin & Visin's, plus labels): the input grid below and
the output grid above (``layout='stacked'``), or input left and output right
(``layout='side'``); square cells of one data unit; row 0 at the top. Several
drawings can share one axes (``origin=``); each knows its ``extent``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from ._grid import as_2d, as_2d_cells, check_frame
from ._text import format_value
from .examples import example_values
from .figure import DiagramFigure
from .geometry import (
    DiagramConfig,
    GatherGeometry,
    ScatterGeometry,
    gather_geometry,
    gather_values,
    scatter_geometry,
    scatter_partial_sums,
)
from .style import (
    CELL_INCHES,
    CELL_STYLES,
    GRID_GAP,
    SHADOW_NAVY,
    shaded,
    style_context,
    text_colour,
)
from .views import ViewGeometry, ViewSpec, get_view

__all__ = [
    "CELL_INCHES",
    "GatherDrawing",
    "ScatterDrawing",
    "ViewDrawing",
    "compose_figure",
    "draw_all_frames",
    "draw_still",
    "example_values",
    "figure_bytes",
    "fit_axes",
    "save_figure",
]

_FONT = 7.0
_LABEL_FONT = 8.0
# Kernel taps in the corner of a shaded cell: as large as fits beside the cell's number
# (6 pt is 10.8 px at the book's 130 dpi).
_TAP_FONT = 6.0
_TAP_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# One line of label text, in cells (8 pt with line spacing, 0.3 in per cell).
_LINE = _LABEL_FONT * 1.35 / 72 / CELL_INCHES

Extent = tuple[float, float, float, float]


def _mask(shape: tuple[int, int], cells: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[cells[:, 0], cells[:, 1]] = True
    return mask


def _text_width(text: str, fontsize: float = _LABEL_FONT) -> float:
    """Rough width of a line of text in cells (DejaVu Sans averages ~0.55 em;
    0.6 leaves a margin)."""
    return max(len(line) for line in text.split("\n")) * fontsize * 0.6 / 72 / CELL_INCHES


def _union(*extents: Extent) -> Extent:
    return (min(e[0] for e in extents), max(e[1] for e in extents),
            min(e[2] for e in extents), max(e[3] for e in extents))


class _Grid:
    """One grid of square cells at a fixed place, one collection per cell role."""

    def __init__(self, ax: Axes, roles: np.ndarray, origin: tuple[float, float]) -> None:
        self.roles = np.asarray(roles).reshape(as_2d(np.shape(roles)))
        self.shape = self.roles.shape
        self.origin = origin
        self.collections: dict[str, tuple[PolyCollection, np.ndarray]] = {}
        for role, style in CELL_STYLES.items():
            mask = self.roles == role
            if not mask.any():
                continue
            # Unit squares as one array of vertices: building a Rectangle patch
            # per cell was the slowest part of laying out a large grid.
            rows, cols = np.nonzero(mask)
            left = self.origin[0] + cols
            bottom = self.origin[1] + self.shape[0] - rows - 1
            squares = np.stack([np.stack([left + dx, bottom + dy], axis=-1)
                                for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))], axis=1)
            coll = PolyCollection(list(squares), facecolor=style.face, edgecolor=style.edge,
                                  linestyle=style.linestyle, linewidth=0.8,
                                  hatch=style.hatch or None, zorder=1)
            ax.add_collection(coll)
            self.collections[role] = (coll, mask)
        # Text artists are made on first use: a grid without numbers needs none,
        # and creating one per cell dominated the explorer's redraw time.
        self.ax = ax
        self._texts: dict[tuple[int, int], Text] = {}
        self.shaded_mask = np.zeros(self.shape, dtype=bool)

    def corner(self, r: int, c: int) -> tuple[float, float]:
        """Lower-left corner of cell (r, c); row 0 is the top row."""
        return self.origin[0] + c, self.origin[1] + self.shape[0] - r - 1

    @property
    def extent(self) -> Extent:
        x, y = self.origin
        return x, x + self.shape[1], y, y + self.shape[0]

    def shade(self, shaded_mask: np.ndarray) -> None:
        """Put the kernel shadow on the cells where ``shaded_mask`` is True."""
        for role, (coll, mask) in self.collections.items():
            face = CELL_STYLES[role].face
            coll.set_facecolor([shaded(face) if on else face for on in shaded_mask[mask]])
        self.shaded_mask = np.asarray(shaded_mask, dtype=bool)
        for (r, c), text in self._texts.items():
            text.set_color(self._text_colour(r, c))

    def _text_colour(self, r: int, c: int) -> str:
        face = CELL_STYLES[self.roles[r, c]].face
        return text_colour(shaded(face) if self.shaded_mask[r, c] else face)

    def text(self, r: int, c: int) -> Text:
        """The text artist of cell (r, c), made on first request."""
        if (r, c) not in self._texts:
            x, y = self.corner(r, c)
            self._texts[r, c] = self.ax.text(x + 0.5, y + 0.5, "", ha="center", va="center",
                                             fontsize=_FONT, zorder=3,
                                             color=self._text_colour(r, c))
        return self._texts[r, c]

    @property
    def texts(self) -> np.ndarray:
        """Every cell's text artist as an array shaped like the grid."""
        texts = np.empty(self.shape, dtype=object)
        for r, c in np.ndindex(*self.shape):
            texts[r, c] = self.text(r, c)
        return texts

    def write(self, values: np.ndarray | None, show: np.ndarray | None = None) -> None:
        """Write ``values`` in the cells (where ``show`` is True), or clear them."""
        for r, c in np.ndindex(*self.shape):
            if values is not None and (show is None or show[r, c]):
                self.text(r, c).set_text(format_value(values[r, c]))
            elif (r, c) in self._texts:
                self._texts[r, c].set_text("")

    def label(self, ax: Axes, text: str, where: str) -> Extent:
        """Write ``text`` centred below or above the grid; return its extent."""
        x0, x1, y0, y1 = self.extent
        centre, width = (x0 + x1) / 2, _text_width(text)
        height = _LINE * (text.count("\n") + 1)
        if where == "below":
            ax.text(centre, y0 - 0.3, text, ha="center", va="top", fontsize=_LABEL_FONT)
            return centre - width / 2, centre + width / 2, y0 - 0.3 - height, y0
        ax.text(centre, y1 + 0.3, text, ha="center", va="bottom", fontsize=_LABEL_FONT)
        return centre - width / 2, centre + width / 2, y1, y1 + 0.3 + height


def _place(first: tuple[int, int], second: tuple[int, int], layout: str,
           origin: tuple[float, float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Origins of the first (input) and second (output) grid for a layout."""
    (h1, w1), (h2, w2) = first, second
    x, y = origin
    if layout == "stacked":
        width = max(w1, w2)
        return (x + (width - w1) / 2, y), (x + (width - w2) / 2, y + h1 + GRID_GAP)
    if layout == "side":
        height = max(h1, h2)
        return (x, y + (height - h1) / 2), (x + w1 + 2 * GRID_GAP, y + (height - h2) / 2)
    raise ValueError(f"layout must be 'stacked' or 'side', got {layout!r}")


def _check_values(config: DiagramConfig, numbers: object, x: object, w: object
                  ) -> tuple[np.ndarray | None, np.ndarray | None]:
    if not isinstance(numbers, bool):
        raise TypeError(f"numbers must be a bool, got {numbers!r}")
    if (x is None) != (w is None):
        raise ValueError("give both x and w, or neither (then example values are used)")
    if x is None:
        return example_values(config) if numbers else (None, None)
    return np.asarray(x), np.asarray(w)


class ViewDrawing:
    """Any view drawn into ``ax`` from its geometry alone (:class:`~.views.ViewGeometry`).

    The input grid below (or left of) the output grid, their labels, and in
    each frame the kernel shadow on the view's input and output cells. The
    gather and scatter drawings add numbers, kernels and marks on top of it; a
    new view without a drawing of its own is drawn by this class.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    geometry : ViewGeometry
    layout : {'stacked', 'side'}
    labels : bool
        Write the grids' labels (``input_label``, ``output_label``).
    origin : (float, float)
        Lower-left corner of the drawing in data units (to share an axes).
    title : str, optional
        Bold line above the drawing.
    fit : bool
        Set the axes limits to this drawing (see :func:`fit_axes`).

    Examples
    --------
    >>> fig = Figure()
    >>> d = ViewDrawing(fig.add_subplot(), gather_geometry(DiagramConfig(4, 3)))
    >>> d.set_frame(3); int(d.input.shaded_mask.sum()), int(d.output.shaded_mask.sum())
    (9, 1)
    """

    def __init__(self, ax: Axes, geometry: ViewGeometry, *, layout: str = "stacked",
                 labels: bool = True, origin: tuple[float, float] = (0.0, 0.0),
                 title: str | None = None, fit: bool = True) -> None:
        self.geometry = geometry
        self.config = geometry.config
        self._ax = ax
        in_shape, out_shape = as_2d(geometry.drawn_input_shape), as_2d(geometry.drawn_output_shape)
        self._in_origin, out_origin = _place(in_shape, out_shape, layout, origin)
        self.input = _Grid(ax, geometry.input_roles, self._in_origin)
        self.output = _Grid(ax, geometry.output_roles, out_origin)
        self._parts = [self.input.extent, self.output.extent]
        if labels:
            self._parts.append(self.input.label(ax, geometry.input_label(), "below"))
            self._parts.append(self.output.label(ax, geometry.output_label(),
                                                 "above" if layout == "stacked" else "below"))
        self.extent: Extent = _union(*self._parts)
        self._pending = (title, fit)
        self.frame = 0
        if type(self) is ViewDrawing:
            self._finish()

    def _finish(self) -> None:
        """Title, axes limits and frame 0, once every part is drawn."""
        title, fit = self._pending
        self.extent = _union(*self._parts)
        self._title(self._ax, title)
        if fit:
            fit_axes(self._ax, self.extent)
        self.set_frame(0)

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return self.geometry.n_frames

    def set_frame(self, frame: int) -> None:
        """Shade the view's input and output cells of ``frame``."""
        frame = check_frame(frame, self.n_frames)
        self.input.shade(_mask(self.input.shape, as_2d_cells(self.geometry.input_cells(frame))))
        self.output.shade(_mask(self.output.shape,
                                as_2d_cells(self.geometry.output_cells(frame))))
        self.frame = frame

    def caption(self) -> str:
        """The current frame in words (the geometry's ``describe_frame``)."""
        return self.geometry.describe_frame(self.frame)

    def _title(self, ax: Axes, title: str | None, top: float | None = None) -> None:
        """Bold ``title`` above the drawing, or above height ``top`` (to align two titles)."""
        if title:
            x0, x1, _, y1 = self.extent
            y1 = y1 if top is None else max(y1, top)
            ax.text((x0 + x1) / 2, y1 + 0.3, title, ha="center", va="bottom",
                    fontsize=_LABEL_FONT, weight="bold")
            width = _text_width(title) * 1.1
            self.extent = _union(self.extent, ((x0 + x1 - width) / 2, (x0 + x1 + width) / 2,
                                               y1, y1 + 0.3 + _LINE))


class GatherDrawing(ViewDrawing):
    """The gather view of one configuration drawn into ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    config : DiagramConfig
    numbers : bool
        Write values in the cells: the (zero-inserted, padded) input, the
        kernel tap (``×w``) in the corner of each shaded cell, and the outputs
        computed so far.
    x, w : array_like, optional
        Values to write; default :func:`example_values`.
    layout : {'stacked', 'side'}
    show_kernel : bool
        Also draw the kernel and, for a transposed convolution, the flipped
        kernel that the equivalent convolution lays on the grid; its taps are
        letters when ``numbers`` is False, so the flip is visible either way.
    labels, origin, title, fit
        As for :class:`ViewDrawing`.

    Examples
    --------
    >>> fig = Figure()
    >>> drawing = GatherDrawing(fig.add_subplot(), DiagramConfig(4, 3), numbers=True)
    >>> drawing.set_frame(3)
    >>> drawing.output.texts[1, 1].get_text()
    '34'
    >>> drawing.caption()[:40]
    'step 4 of 4: output cell (1, 1) = 1·3 + '

    """

    geometry: GatherGeometry

    def __init__(self, ax: Axes, config: DiagramConfig, *, numbers: bool = False,
                 x: object = None, w: object = None, layout: str = "stacked",
                 show_kernel: bool = False, labels: bool = True,
                 origin: tuple[float, float] = (0.0, 0.0), title: str | None = None,
                 fit: bool = True) -> None:
        geo = gather_geometry(config)
        xs, ws = _check_values(config, numbers, x, w)
        self.values = gather_values(geo, xs, ws) if xs is not None else None
        super().__init__(ax, geo, layout=layout, labels=labels, origin=origin, title=title,
                         fit=fit)
        self._taps: dict[tuple[int, int], Text] = {}  # tap labels, made when first written
        if show_kernel:
            in_shape = as_2d(geo.input_grid_shape)
            self._parts.append(self._draw_kernels(
                ax, ws, _union(*self._parts)[1] + 1.0,
                self._in_origin[1] + (in_shape[0] - as_2d(config.k)[0]) / 2))
        self._finish()

    def _draw_kernels(self, ax: Axes, w: object, left: float, bottom: float) -> Extent:
        """Draw the kernel (and its flip) at ``left``; return the extent used."""
        k = as_2d(self.config.k)
        taps = np.arange(int(np.prod(k))).reshape(k)
        names = np.array(list(_TAP_LETTERS))[taps] if taps.size <= 26 else taps.astype(str)
        shown = (np.vectorize(format_value)(np.asarray(w).reshape(k))
                 if self.values is not None else names)
        panels = [("kernel", shown)]
        if self.config.transposed:
            panels.append(("flipped\n(as laid)", np.flip(shown)))
        parts = []
        for title, content in panels:
            grid = _Grid(ax, np.full(k, "output"), (left, bottom))
            grid.shade(np.ones(k, dtype=bool))
            for r, c in np.ndindex(*k):
                grid.text(r, c).set_text(content[r, c])
            parts += [grid.extent, grid.label(ax, title, "below")]
            left = _union(*parts)[1] + 1.0
        return _union(*parts)

    def set_frame(self, frame: int) -> None:
        """Show kernel position ``frame`` (row-major over the output cells)."""
        super().set_frame(frame)
        frame = self.frame
        for text in self._taps.values():
            text.set_text("")
        if self.values is not None:
            grid, laid, out = self.values
            self.input.write(grid.reshape(self.input.shape))
            done = np.zeros(self.output.shape, dtype=bool)
            done.reshape(-1)[:frame + 1] = True
            self.output.write(out.reshape(self.output.shape), done)
            footprint = as_2d_cells(self.geometry.input_cells(frame))
            for (r, c), tap in zip(footprint, laid.reshape(-1), strict=True):
                label = self._tap_label(int(r), int(c))
                label.set_text(f"×{format_value(tap)}")
                label.set_color(self.input.text(int(r), int(c)).get_color())

    def _tap_label(self, r: int, c: int) -> Text:
        if (r, c) not in self._taps:
            x0, y0 = self.input.corner(r, c)
            self._taps[r, c] = self._ax.text(x0 + 0.95, y0 + 0.04, "", ha="right", va="bottom",
                                             fontsize=_TAP_FONT, zorder=4)
        return self._taps[r, c]

    def caption(self) -> str:
        """The current frame in words (see ``GatherGeometry.describe_frame``)."""
        return self.geometry.describe_frame(self.frame, self.values)


class ScatterDrawing(ViewDrawing):
    """The scatter view of a transposed configuration drawn into ``ax``.

    Frame ``f`` shades input cell ``f`` and the output cells it writes to.
    Small dots mark the "stretched grid": ``s`` times each input index, where
    a copy of the kernel starts. Cells that the padding ``p`` cuts off are
    dashed. Parameters are those of :class:`GatherDrawing` (no
    ``show_kernel``); with ``numbers`` the output cells hold running sums.

    Examples
    --------
    >>> fig = Figure()
    >>> cfg = DiagramConfig(2, 3, stride=2, transposed=True, ndim=1)
    >>> d = ScatterDrawing(fig.add_subplot(), cfg, numbers=True, x=[1, 10], w=[1, 2, 3])
    >>> d.set_frame(1); [t.get_text() for t in d.output.texts[0]]
    ['1', '2', '13', '20', '30']
    """

    geometry: ScatterGeometry

    def __init__(self, ax: Axes, config: DiagramConfig, *, numbers: bool = False,
                 x: object = None, w: object = None, layout: str = "stacked",
                 labels: bool = True, origin: tuple[float, float] = (0.0, 0.0),
                 title: str | None = None, fit: bool = True) -> None:
        geo = scatter_geometry(config)
        xs, ws = _check_values(config, numbers, x, w)
        self.x = xs
        self.sums = scatter_partial_sums(geo, xs, ws) if xs is not None else None
        super().__init__(ax, geo, layout=layout, labels=labels, origin=origin, title=title,
                         fit=fit)
        corners = np.array([self.output.corner(r, c) for r, c in as_2d_cells(geo.anchors)])
        ax.scatter(corners[:, 0] + 0.15, corners[:, 1] + 0.85, s=5, c=SHADOW_NAVY, zorder=4,
                   linewidths=0)
        self._finish()

    def set_frame(self, frame: int) -> None:
        """Show the contribution of input cell ``frame`` (row-major)."""
        super().set_frame(frame)
        if self.sums is not None and self.x is not None:
            self.input.write(self.x.reshape(self.input.shape))
            written = np.zeros(self.output.shape, dtype=bool)
            for f in range(self.frame + 1):
                cells = as_2d_cells(self.geometry.output_cells(f))
                written[cells[:, 0], cells[:, 1]] = True
            self.output.write(self.sums[self.frame].reshape(self.output.shape), written)

    def caption(self) -> str:
        """The current frame in words (see ``ScatterGeometry.describe_frame``)."""
        return self.geometry.describe_frame(self.frame, self.x)


def fit_axes(ax: Axes, extent: Extent, margin: float = 0.3) -> None:
    """Show exactly ``extent`` (plus ``margin`` cells) with square cells, no axis lines.

    Examples
    --------
    >>> ax = Figure().add_subplot(); fit_axes(ax, (0, 4, 0, 2)); ax.get_xlim()
    (np.float64(-0.3), np.float64(4.3))
    """
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0 - margin, x1 + margin)
    ax.set_ylim(y0 - margin, y1 + margin)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _figure_for() -> tuple[Figure, Axes]:
    """A figure with one axes filling it; :func:`_size_to` sets its size later."""
    fig = DiagramFigure()
    ax = fig.add_axes((0, 0, 1, 1))
    return fig, ax


def _size_to(fig: Figure, ax: Axes, scale: float) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    fig.set_size_inches((x1 - x0) * CELL_INCHES * scale, (y1 - y0) * CELL_INCHES * scale)
    if isinstance(fig, DiagramFigure):
        fig.fit_to_column()


def _figure_title(ax: Axes, extent: Extent, text: str, scale: float) -> Extent:
    """Write ``text`` centred above ``extent``; return the enlarged extent.

    Fonts keep their size in points while ``scale`` shrinks the cells, hence
    the division by ``scale`` when estimating the room the text needs.
    """
    centre = (extent[0] + extent[1]) / 2
    ax.text(centre, extent[3] + 0.5, text, ha="center", va="bottom", fontsize=_LABEL_FONT + 1)
    width = _text_width(text, _LABEL_FONT + 1) / scale
    height = _LINE * 1.2 * (text.count("\n") + 1) / scale
    return _union(extent, (centre - width / 2, centre + width / 2, extent[3],
                           extent[3] + 0.5 + height))


#: ``view='both'``: these two views of one transposed configuration in one figure.
_BOTH = ("gather", "scatter")
#: Cells between the gather and the scatter view of a ``view='both'`` figure.
_VIEW_GAP = 2.5
#: The widest ``view='both'`` figure drawn side by side, in cells (the book's column at
#: full size); wider ones, typically long 1-D pictures, put the scatter view below.
_MAX_ROW_CELLS = 17.0


def _make_drawing(spec: ViewSpec, ax: Axes, config: DiagramConfig, *, numbers: bool,
                  x: object, w: object, show_kernel: bool = False,
                  **options: Any) -> ViewDrawing:
    """The drawing of ``spec`` (its own class, or :class:`ViewDrawing` from its geometry)."""
    kind = spec.drawing_class()
    if kind is None:
        if numbers or x is not None:
            raise ValueError(f"the {spec.name} view has no drawing that writes numbers; "
                             "use numbers=False")
        return ViewDrawing(ax, spec.geometry(config), **options)
    extra = {"show_kernel": show_kernel} if show_kernel else {}
    drawing: ViewDrawing = kind(ax, config, numbers=numbers, x=x, w=w, **extra, **options)
    return drawing


def _check_scale(scale: object) -> float:
    if isinstance(scale, bool) or not isinstance(scale, (int, float)):
        raise TypeError(f"scale must be a positive number, got {scale!r}")
    if scale <= 0:
        raise ValueError(f"scale must be a positive number, got {scale!r}")
    return float(scale)


def draw_still(config: DiagramConfig, frame: int | tuple[int, int] = 0, *,
               view: str = "gather", numbers: bool = False, x: object = None,
               w: object = None, layout: str = "stacked", show_kernel: bool = False,
               title: bool = True, scale: float = 1.0) -> Figure:
    """A still of one frame of ``config``.

    Parameters
    ----------
    config : DiagramConfig
    frame : int or (int, int)
        Kernel position (gather) or input cell (scatter), row-major; for
        ``view='both'`` one int for both views or a ``(gather, scatter)`` pair.
    view : str
        A view of :data:`tconv_lib.diagrams.views.VIEWS` (``'gather'``,
        ``'scatter'``, ``'matrix'``), or ``'both'``.
        ``'scatter'`` and ``'both'`` need a transposed configuration; ``'both'``
        puts the gather view (left) and the scatter view (right) side by side,
        or, where the two would be wider than 17 cells (long 1-D pictures), the
        scatter view below the gather view.
    numbers, x, w, layout, show_kernel
        See :class:`GatherDrawing`.
    title : bool
        Put :meth:`DiagramConfig.describe` above the picture.
    scale : float
        Multiplies the figure size.

    Returns
    -------
    matplotlib.figure.Figure
        Display it as the last expression of a notebook cell, or save it with
        :func:`save_figure`.

    Examples
    --------
    >>> fig = draw_still(DiagramConfig(5, 3, stride=2, padding=1), frame=4, numbers=True)
    >>> width, height = fig.get_size_inches()
    >>> bool(height > width)  # output stacked over input: a tall picture
    True
    """
    frames = frame if isinstance(frame, tuple) else (frame, frame)
    if not isinstance(view, str):
        raise TypeError(f"view must be a str, got {view!r}")
    if len(frames) != 2:
        raise ValueError(f"frame must be an int or a (gather, scatter) pair, got {frame!r}")
    fig, drawings = compose_figure(config, view=view, numbers=numbers, x=x, w=w, layout=layout,
                                   show_kernel=show_kernel, title=title, scale=scale)
    for drawing, index in zip(drawings, frames if view == "both" else frames[:1], strict=True):
        drawing.set_frame(index)
    return fig


def compose_figure(config: DiagramConfig, *, view: str = "gather", numbers: bool = False,
                   x: object = None, w: object = None, layout: str = "stacked",
                   show_kernel: bool = False, title: bool = True, scale: float = 1.0
                   ) -> tuple[Figure, list[ViewDrawing]]:
    """A figure sized to its drawings, and the drawings (at frame 0) to animate.

    Arguments as for :func:`draw_still`. Used by :func:`draw_still` and by the
    GIF writer, which calls ``set_frame`` on the drawings and re-renders.

    Examples
    --------
    >>> fig, drawings = compose_figure(DiagramConfig(2, 3, transposed=True), view="both")
    >>> [type(d).__name__ for d in drawings], [d.n_frames for d in drawings]
    (['GatherDrawing', 'ScatterDrawing'], [16, 4])
    """
    spec = None if view == "both" else get_view(view, extra=("both",))
    scale = _check_scale(scale)
    if not isinstance(title, bool):
        raise TypeError(f"title must be a bool, got {title!r}")
    with style_context():
        fig, ax = _figure_for()
        if spec is None:
            return fig, _both_views(fig, ax, config, numbers=numbers, x=x, w=w, layout=layout,
                                    show_kernel=show_kernel, title=title, scale=scale)
        drawing = _make_drawing(spec, ax, config, numbers=numbers, x=x, w=w, layout=layout,
                                fit=False, show_kernel=show_kernel)
        extent = drawing.extent
        if title:
            extent = _figure_title(ax, extent, config.describe(), scale)
        fit_axes(ax, extent)
        _size_to(fig, ax, scale)
    return fig, [drawing]


def _both_views(fig: Figure, ax: Axes, config: DiagramConfig, *, numbers: bool, x: object,
                w: object, layout: str, show_kernel: bool, title: bool, scale: float
                ) -> list[ViewDrawing]:
    """Gather view and scatter view, side by side or, when too wide, one above the other.

    Each view gets its own axes, placed so that one data unit is the same length
    in both and the figure is sized around them (see :func:`_place_axes`).
    """
    first, second = (get_view(name) for name in _BOTH)
    gather = _make_drawing(first, ax, config, numbers=numbers, x=x, w=w, layout=layout,
                           show_kernel=show_kernel, fit=False)
    scatter_ax = fig.add_axes((0, 0, 1, 1))
    scatter = _make_drawing(second, scatter_ax, config, numbers=numbers, x=x, w=w,
                            layout=layout, fit=False,
                            origin=(gather.extent[1] + _VIEW_GAP, 0.0))
    if scatter.extent[1] - gather.extent[0] <= _MAX_ROW_CELLS:
        top = max(gather.extent[3], scatter.extent[3])  # both titles on one line
        gather._title(ax, f"{first.label} view", top)
        scatter._title(scatter_ax, f"{second.label} view", top)
        whole = _union(gather.extent, scatter.extent)
        if title:
            whole = _figure_title(ax, whole, config.describe(), scale)
        _place_axes(fig, [(ax, whole, (0.0, 0.0)), (scatter_ax, scatter.extent, (0.0, 0.0))],
                    scale)
        return [gather, scatter]
    gather._title(ax, f"{first.label} view")
    scatter._title(scatter_ax, f"{second.label} view")
    upper = gather.extent
    if title:
        upper = _figure_title(ax, upper, config.describe(), scale)
    lower = scatter.extent
    shift = ((upper[0] + upper[1] - lower[0] - lower[1]) / 2, upper[2] - GRID_GAP - lower[3])
    _place_axes(fig, [(ax, upper, (0.0, 0.0)), (scatter_ax, lower, shift)], scale)
    return [gather, scatter]


def _place_axes(fig: Figure, boxes: list[tuple[Axes, Extent, tuple[float, float]]],
                scale: float, margin: float = 0.3) -> None:
    """Show each axes' ``extent`` shifted by its offset, all at one scale; size ``fig``.

    The offsets are in cells; the figure is the union of the shifted extents
    plus ``margin`` cells, at :data:`CELL_INCHES` times ``scale`` per cell.
    """
    # Each axes includes the margin, so that the outlines of its outermost cells,
    # which straddle the extent, are not clipped.
    boxes = [(ax, (e[0] - margin, e[1] + margin, e[2] - margin, e[3] + margin), offset)
             for ax, e, offset in boxes]
    shifted = [(e[0] + dx, e[1] + dx, e[2] + dy, e[3] + dy) for _, e, (dx, dy) in boxes]
    x0, x1, y0, y1 = _union(*shifted)
    width, height = x1 - x0, y1 - y0
    for (ax, extent, _), (sx0, sx1, sy0, sy1) in zip(boxes, shifted, strict=True):
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_axis_off()
        ax.set_position(((sx0 - x0) / width, (sy0 - y0) / height,
                         (sx1 - sx0) / width, (sy1 - sy0) / height))
    fig.set_size_inches(width * CELL_INCHES * scale, height * CELL_INCHES * scale)
    if isinstance(fig, DiagramFigure):
        fig.fit_to_column()


def draw_all_frames(config: DiagramConfig, *, view: str = "gather", numbers: bool = False,
                    x: object = None, w: object = None, ncols: int | None = None,
                    scale: float = 0.6) -> Figure:
    """Small multiples: every frame of ``config`` in one figure, row-major.

    Examples
    --------
    >>> fig = draw_all_frames(DiagramConfig(4, 3))
    >>> len(fig.axes[0].collections)  # 4 frames x (input + output grids)
    8
    """
    spec = get_view(view)
    scale = _check_scale(scale)
    n = spec.geometry(config).n_frames
    if ncols is None:
        ncols = int(np.ceil(np.sqrt(n)))
    if isinstance(ncols, bool) or not isinstance(ncols, int):
        raise TypeError(f"ncols must be a positive integer, got {ncols!r}")
    if ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    with style_context():
        fig, ax = _figure_for()
        extents = []
        width = height = 0.0
        for frame in range(n):
            row, col = divmod(frame, ncols)
            origin = (col * (width + GRID_GAP), -row * (height + GRID_GAP))
            drawing = _make_drawing(spec, ax, config, numbers=numbers, x=x, w=w, labels=False,
                                    fit=False, origin=origin, title=f"step {frame + 1}")
            drawing.set_frame(frame)
            if frame == 0:
                width = drawing.extent[1] - drawing.extent[0]
                height = drawing.extent[3] - drawing.extent[2]
            extents.append(drawing.extent)
        text = config.describe() + f"\n{spec.label} view, every step"
        fit_axes(ax, _figure_title(ax, _union(*extents), text, scale))
        _size_to(fig, ax, scale)
    return fig


def _metadata(fmt: str) -> dict:
    # Dates and software versions in file metadata would change the bytes of
    # every saved file on every build.
    if fmt == "svg":
        return {"Date": None, "Creator": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
    if fmt == "png":
        return {"Software": None}
    raise ValueError(f"format must be 'png', 'svg' or 'pdf', got {fmt!r}")


def figure_bytes(fig: Figure, fmt: str = "png", dpi: float = 100) -> bytes:
    """The figure as PNG, SVG or PDF bytes, identical on every call and every run.

    Examples
    --------
    >>> fig = draw_still(DiagramConfig(4, 3, ndim=1))
    >>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    True
    """
    meta = _metadata(fmt)
    buffer = io.BytesIO()
    with style_context():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=meta)
    return buffer.getvalue()


def save_figure(fig: Figure, path: str | Path, dpi: float = 100) -> Path:
    """Save deterministically; the format is the file suffix (png, svg, pdf).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.svg"
    >>> save_figure(draw_still(DiagramConfig(4, 3)), target).read_bytes()[:5]
    b'<?xml'
    """
    path = Path(path)
    path.write_bytes(figure_bytes(fig, path.suffix.lstrip(".").lower(), dpi))
    return path
