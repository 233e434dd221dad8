"""The explorer's two pictures, each drawn on one reused Matplotlib figure into PNG bytes.

Speed comes from doing the expensive work once per configuration:

* :class:`DiagramCanvas` lays out a :class:`~tconv_lib.diagrams.still.GatherDrawing`
  or :class:`~tconv_lib.diagrams.still.ScatterDrawing` when the settings
  change; a step only calls its ``set_frame`` and renders.
* :class:`MatrixCanvas` draws the matrix with
  :func:`~tconv_lib.diagrams.matrix_view.draw_tap_matrix` once per
  configuration and keeps the rendered pixels; a step restores them and draws
  only the highlight on top (Matplotlib's blitting).

The figures are created without pyplot, so none is registered with it and
none outlives its canvas: the number of figures stays constant however many
updates are made.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from ..diagrams.matrix_view import draw_tap_matrix
from ..diagrams.still import CELL_INCHES, GatherDrawing, ScatterDrawing
from ..diagrams.style import SHADOW_NAVY, style_context
from .scene import ExplorerScene

__all__ = ["HIGHLIGHT_ORANGE", "DiagramCanvas", "MatrixCanvas", "png_bytes"]

#: Outline of the matrix entries a step involves: Okabe–Ito orange, distinct
#: from every tap colour (cyan to navy) for colour-blind readers too.
HIGHLIGHT_ORANGE = "#e69f00"
#: Smallest cell, in inches, at which numbers stay legible in a cell.
_NUMBER_CELL_INCHES = 0.17
#: Smallest matrix cell, in inches, at which tap labels fit.
_LABEL_CELL_INCHES = 0.26
#: Room for the grid labels: half their width, and their height above/below, in inches.
_LABEL_INCHES = (1.25, 0.42)
#: Gap between the input and the output grid, in cells (as laid out by the drawings).
_GAP_CELLS = 1.5
#: Matrix margins in inches (left: row ticks and label; top: column ticks and label).
_MARGINS = {"left": 0.62, "right": 0.12, "top": 0.5, "bottom": 0.08}
#: Length of the longer axis title ("output cell") in inches.
_TITLE_INCHES = 0.85


def _check_size(name: str, size: object) -> tuple[float, float]:
    if (not isinstance(size, tuple) or len(size) != 2
            or not all(isinstance(v, (int, float)) and v > 0 for v in size)):
        raise ValueError(f"{name} must be a pair of positive numbers (inches), got {size!r}")
    return float(size[0]), float(size[1])


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's current pixels as PNG (no metadata, so equal pixels give equal bytes).

    Fast zlib compression: the pictures are flat colours, which compress well
    even at the lowest level, and encoding time counts in every update.

    Examples
    --------
    >>> canvas = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=10)); canvas.draw()
    >>> png_bytes(canvas)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class DiagramCanvas:
    """The Dumoulin–Visin diagram of the current step, on one reused figure.

    Parameters
    ----------
    max_inches : (float, float)
        Largest width and height of the picture; larger configurations get
        smaller cells (and no numbers once a cell is too small to hold one).
    dpi : float

    Examples
    --------
    >>> from tconv_lib.widgets.scene import ExplorerSettings, explorer_scene
    >>> canvas = DiagramCanvas()
    >>> canvas.show(explorer_scene(ExplorerSettings(ndim=1, i=2, padding=0, output_padding=0)))
    >>> png = canvas.render(4)
    >>> canvas.drawing.frame, png[:4]
    (4, b'\\x89PNG')
    """

    def __init__(self, max_inches: tuple[float, float] = (5.6, 5.6), dpi: float = 90) -> None:
        self.max_inches = _check_size("max_inches", max_inches)
        if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or dpi <= 0:
            raise ValueError(f"dpi must be a positive number, got {dpi!r}")
        self.figure = Figure(dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.drawing: GatherDrawing | ScatterDrawing | None = None
        self.numbers_shown = False

    def _cell_inches(self, scene: ExplorerScene) -> float:
        """Cell size that fits both grids and their labels into ``max_inches``."""
        geo = scene.geometry
        grids = ((geo.input_grid_shape, geo.output_shape) if scene.view == "gather"
                 else (geo.input_shape, geo.full_shape))
        rows = sum(shape[0] if len(shape) == 2 else 1 for shape in grids) + _GAP_CELLS
        cols = max(shape[-1] for shape in grids) + 1
        max_w, max_h = self.max_inches
        return min(CELL_INCHES, max_w / cols, (max_h - 2 * _LABEL_INCHES[1]) / rows)

    def show(self, scene: ExplorerScene) -> None:
        """Lay out the drawing of ``scene`` (at step 0)."""
        cell = self._cell_inches(scene)
        self.numbers_shown = scene.settings.numbers and cell >= _NUMBER_CELL_INCHES
        kind = GatherDrawing if scene.view == "gather" else ScatterDrawing
        with style_context():
            self.figure.clear()
            ax = self.figure.add_axes((0, 0, 1, 1))
            numbers = {"numbers": True, "x": scene.x, "w": scene.w} if self.numbers_shown else {}
            self.drawing = kind(ax, scene.config, **numbers)
            # The labels keep their size in points while the cells shrink, so
            # the room they need is reserved in inches around the grids.
            x0, x1, y0, y1 = self.drawing.input.extent
            ox0, ox1, oy0, oy1 = self.drawing.output.extent
            x0, x1, y0, y1 = min(x0, ox0), max(x1, ox1), min(y0, oy0), max(y1, oy1)
            half = max((x1 - x0) / 2 + 0.3, _LABEL_INCHES[0] / cell)
            centre = (x0 + x1) / 2
            ax.set_xlim(centre - half, centre + half)
            ax.set_ylim(y0 - _LABEL_INCHES[1] / cell, y1 + _LABEL_INCHES[1] / cell)
            self.figure.set_size_inches(2 * half * cell, (y1 - y0) * cell + 2 * _LABEL_INCHES[1])

    def render(self, step: int) -> bytes:
        """Move the drawing to ``step`` and return the picture as PNG bytes."""
        if self.drawing is None:
            raise RuntimeError("call show(scene) before render(step)")
        self.drawing.set_frame(step)
        with style_context():
            self.canvas.draw()
        return png_bytes(self.canvas)


class MatrixCanvas:
    """The matrix ``C`` (or ``Cᵀ``) with the entries of the current step outlined.

    Every entry is coloured by its kernel tap (white: structural zero), as in
    :func:`tconv_lib.draw_conv_matrix`; the step's row (gather view) or column
    (scatter view) is framed in navy and its non-zero entries in orange.

    Parameters
    ----------
    max_inches : (float, float)
        Largest width and height of the matrix itself (margins come on top).
    dpi : float

    Examples
    --------
    >>> from tconv_lib.widgets.scene import ExplorerSettings, explorer_scene
    >>> canvas = MatrixCanvas()
    >>> canvas.show(explorer_scene(ExplorerSettings(ndim=1, i=2, padding=0, output_padding=0)))
    >>> _ = canvas.render(2)
    >>> len(canvas.entries.get_paths()), canvas.band.get_xy()
    (2, (-0.5, 1.5))
    """

    def __init__(self, max_inches: tuple[float, float] = (4.6, 5.6), dpi: float = 90) -> None:
        self.max_inches = _check_size("max_inches", max_inches)
        if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or dpi <= 0:
            raise ValueError(f"dpi must be a positive number, got {dpi!r}")
        self.figure = Figure(dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.scene: ExplorerScene | None = None
        self.labels_shown = False
        self._background = None

    def show(self, scene: ExplorerScene) -> None:
        """Draw the matrix of ``scene`` once and keep its pixels for the steps."""
        index = scene.tap_index
        n_rows, n_cols = index.shape
        cell = min(CELL_INCHES, self.max_inches[0] / n_cols, self.max_inches[1] / n_rows)
        self.labels_shown = cell >= _LABEL_CELL_INCHES
        labels = None
        if self.labels_shown:
            labels = [f"$w_{{{','.join(map(str, tap))}}}$" for tap in np.ndindex(scene.config.k)]
        cfg = scene.config
        blocks = (cfg.output_shape[-1], cfg.input_shape[-1]) if cfg.ndim == 2 else None
        # Pad small matrices so that the axis titles, centred on them, fit.
        matrix_w, matrix_h = n_cols * cell, n_rows * cell
        pad_x, pad_y = max(_TITLE_INCHES - matrix_w, 0) / 2, max(_TITLE_INCHES - matrix_h, 0) / 2
        m = _MARGINS
        left, bottom = m["left"] + pad_x, m["bottom"] + pad_y
        width = left + matrix_w + pad_x + m["right"]
        height = bottom + matrix_h + pad_y + m["top"]
        with style_context():
            self.figure.clear()
            self.figure.set_size_inches(width, height)
            ax = self.figure.add_axes((left / width, bottom / height, matrix_w / width,
                                       matrix_h / height))
            draw_tap_matrix(index, labels=labels, row_label="output cell",
                            col_label="input cell", blocks=blocks, ax=ax)
            # The highlight is drawn only on top of the saved pixels (animated
            # artists are left out of the full draw).
            self.band = Rectangle((0, 0), 0, 0, fill=False, edgecolor=SHADOW_NAVY,
                                  linewidth=2.0, clip_on=False, animated=True)
            self.entries = PatchCollection([], facecolor="none", edgecolor=HIGHLIGHT_ORANGE,
                                           linewidth=2.0, animated=True)
            ax.add_patch(self.band)
            ax.add_collection(self.entries)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.axes, self.scene = ax, scene

    def render(self, step: int) -> bytes:
        """Outline the matrix entries of ``step`` and return the picture as PNG bytes."""
        if self.scene is None:
            raise RuntimeError("call show(scene) before render(step)")
        highlight = self.scene.highlight(step)
        n_rows, n_cols = self.scene.tap_index.shape
        if highlight.row is not None:
            self.band.set_bounds(-0.5, highlight.row - 0.5, n_cols, 1)
        else:
            self.band.set_bounds(highlight.column - 0.5, -0.5, 1, n_rows)
        self.entries.set_paths([Rectangle((c - 0.5, r - 0.5), 1, 1) for r, c in
                                zip(highlight.rows, highlight.columns, strict=True)])
        with style_context():
            self.canvas.restore_region(self._background)
            self.axes.draw_artist(self.band)
            self.axes.draw_artist(self.entries)
        return png_bytes(self.canvas)
