"""Pictures of the matrix ``C`` of a convolution.

Every cell of ``C`` is coloured by the kernel tap it holds
(:func:`~tconv_lib.diagrams.style.tap_colours`), on a warm lightness ramp
(light peach through orange to dark brown) that shares no colour with the
input blue, output cyan and kernel navy of the grid diagrams, so a matrix
picture beside a diagram never suggests that a tap is an input or an output.
One hue family ordered by lightness stays readable for colour-blind readers
and in greyscale print, and every tap colour carries black or white text at
a contrast of at least 4.5:1; structural zeros are white. New figures fit the
book's column, with their text at 10 px or more. The structure comes from
:func:`tconv_lib.conv_matrix_entries`, never from a numerical matrix, so a
tap whose value happens to be 0 is still drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..arithmetic import IntOrTuple
from ..matrix import conv_matrix_entries
from .figure import DiagramFigure, root_figure
from .style import (
    CELL_INCHES,
    COLUMN_INCHES,
    EDGE_GREY,
    MIN_TEXT_PT,
    PAD_EDGE_GREY,
    SHADOW_NAVY,
    rgb,
    style_context,
    tap_colours,
    text_colour,
)

__all__ = [
    "draw_conv_matrix",
    "draw_tap_matrix",
    "tap_colours",
    "tap_index_matrix",
    "tap_label",
]

#: Colour of a structural zero.
ZERO_WHITE = "#ffffff"
# Unicode subscripts keep cell labels as plain text: mathtext would cost tens
# of milliseconds per distinct label when a figure is rendered.
_SUBSCRIPTS = str.maketrans("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")


def tap_label(name: str, index: int | Sequence[int]) -> str:
    """A plain-text tap name with a subscript, e.g. ``k₋₁`` or ``w₁,₂``.

    Examples
    --------
    >>> tap_label("k", -1), tap_label("w", (1, 2))
    ('k₋₁', 'w₁,₂')
    """
    indices = (index,) if isinstance(index, (int, np.integer)) else tuple(index)
    return name + ",".join(str(int(j)) for j in indices).translate(_SUBSCRIPTS)


def tap_index_matrix(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> np.ndarray:
    """The flat tap index held by each entry of ``C``, ``-1`` for a structural zero.

    Examples
    --------
    >>> tap_index_matrix((5,), (3,), stride=2)
    array([[ 0,  1,  2, -1, -1],
           [-1, -1,  0,  1,  2]])
    """
    return _tap_index(input_shape, kernel_shape, stride, padding, dilation)[0]


def _tap_index(input_shape: Sequence[int], kernel_shape: Sequence[int], stride: IntOrTuple,
               padding: IntOrTuple, dilation: IntOrTuple
               ) -> tuple[np.ndarray, tuple[int, ...]]:
    rows, cols, taps, output_shape = conv_matrix_entries(input_shape, kernel_shape, stride,
                                                         padding, dilation)
    index = np.full((int(np.prod(output_shape)), int(np.prod(input_shape))), -1, dtype=np.int64)
    index[rows, cols] = taps
    return index, output_shape


def _check_highlight(name: str, value: object, size: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be None or an index in [0, {size}), got {value!r}")
    if not 0 <= value < size:
        raise ValueError(f"{name} must be None or an index in [0, {size}), got {value!r}")
    return int(value)


def _check_ticks(name: str, ticks: Sequence[object] | None, size: int) -> None:
    if ticks is not None and len(ticks) != size:
        raise ValueError(f"{name} must have one label per matrix {name[:3]} ({size}), "
                         f"got {len(ticks)}")


def draw_tap_matrix(
    tap_index: np.ndarray,
    *,
    labels: Sequence[str] | None = None,
    highlight_row: int | None = None,
    highlight_col: int | None = None,
    row_ticks: Sequence[object] | None = None,
    col_ticks: Sequence[object] | None = None,
    row_label: str = "row",
    col_label: str = "column",
    blocks: tuple[int, int] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw a matrix of tap indices: coloured cells, white structural zeros.

    Parameters
    ----------
    tap_index : array_like of int, 2-D
        Flat tap index of every entry, ``-1`` where the entry is always zero.
    labels : sequence of str, optional
        Text written in the cells holding tap ``t`` (Matplotlib mathtext
        allowed, but plain text such as :func:`tap_label` renders much
        faster); ``None`` writes nothing.
    highlight_row, highlight_col : int, optional
        Outline one row and/or one column.
    row_ticks, col_ticks : sequence, optional
        Tick labels, one per row / column (default: 0, 1, 2, ...).
    row_label, col_label : str
        Axis titles.
    blocks : (int, int), optional
        Draw heavier lines every ``blocks[0]`` rows and ``blocks[1]`` columns
        (the image rows of a 2-D convolution).
    title : str, optional
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn into (new ones are not registered with pyplot).

    Examples
    --------
    >>> fig = draw_tap_matrix([[0, 1, -1], [-1, 0, 1]], labels=["a", "b"])
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['a', 'b', 'a', 'b']
    """
    tap_index = np.asarray(tap_index)
    if tap_index.dtype.kind not in "iu" and tap_index.size:
        raise TypeError(f"tap_index must be a non-empty 2-D integer array, got dtype "
                        f"{tap_index.dtype}")
    if tap_index.ndim != 2 or tap_index.dtype.kind not in "iu" or tap_index.size == 0:
        raise ValueError(f"tap_index must be a non-empty 2-D integer array, got shape "
                         f"{tap_index.shape} and dtype {tap_index.dtype}")
    if tap_index.min() < -1:
        raise ValueError(f"tap_index entries must be -1 (zero) or a tap index >= 0, got "
                         f"{tap_index.min()}")
    n_rows, n_cols = tap_index.shape
    n_taps = int(tap_index.max()) + 1
    if labels is not None and len(labels) < n_taps:
        raise ValueError(f"labels must name every tap 0..{n_taps - 1}, got {len(labels)} labels")
    highlight_row = _check_highlight("highlight_row", highlight_row, n_rows)
    highlight_col = _check_highlight("highlight_col", highlight_col, n_cols)
    _check_ticks("row_ticks", row_ticks, n_rows)
    _check_ticks("col_ticks", col_ticks, n_cols)

    colours = tap_colours(n_taps) if n_taps else []
    palette = np.array([rgb(c) for c in [*colours, ZERO_WHITE]])
    image = palette[np.where(tap_index < 0, len(colours), tap_index)]

    with style_context():
        # A new figure fits the column: cells shrink for wide matrices, text keeps 10 px.
        cell = min(CELL_INCHES, (COLUMN_INCHES - 1.0) / n_cols) if ax is None else CELL_INCHES
        if ax is None:
            fig = DiagramFigure(figsize=(n_cols * cell + 1.0, n_rows * cell + 1.0),
                                layout="constrained")
            fig.fit_to_column()
            ax = fig.add_subplot()
        ax.imshow(image, interpolation="nearest", aspect="equal")
        # Thin grid between all cells (two line collections: far cheaper to
        # render than one minor tick per cell), heavier lines between blocks.
        ax.vlines(np.arange(0.5, n_cols - 1), -0.5, n_rows - 0.5, color=PAD_EDGE_GREY,
                  linewidth=0.4)
        ax.hlines(np.arange(0.5, n_rows - 1), -0.5, n_cols - 0.5, color=PAD_EDGE_GREY,
                  linewidth=0.4)
        if blocks is not None:
            # One collection per direction: a line artist per block boundary
            # made large matrices slow to draw.
            ax.hlines(np.arange(blocks[0], n_rows, blocks[0]) - 0.5, -0.5, n_cols - 0.5,
                      color=EDGE_GREY, linewidth=1.2)
            ax.vlines(np.arange(blocks[1], n_cols, blocks[1]) - 0.5, -0.5, n_rows - 0.5,
                      color=EDGE_GREY, linewidth=1.2)
        if labels is not None:
            longest = max(len(label) for label in labels[:n_taps])
            # Short names such as w₁,₂ fill a cell at 8 pt; long mathtext needs less.
            fontsize = (8 if longest <= 4 else 7 if longest < 12 else 5.5) * cell / CELL_INCHES
            fontsize = max(fontsize, MIN_TEXT_PT + 0.1)
            for r, c in zip(*np.nonzero(tap_index >= 0), strict=True):
                tap = tap_index[r, c]
                text = ax.text(c, r, labels[tap], ha="center", va="center", fontsize=fontsize,
                               color=text_colour(colours[tap]))
                # Cell labels lie inside the axes: layout need not measure them.
                text.set_in_layout(False)
        for index, extent in ((highlight_row, (n_cols, 1)), (highlight_col, (1, n_rows))):
            if index is None:
                continue
            corner = (-0.5, index - 0.5) if extent[1] == 1 else (index - 0.5, -0.5)
            ax.add_patch(Rectangle(corner, *extent, fill=False, edgecolor=SHADOW_NAVY,
                                   linewidth=2.2, zorder=3, clip_on=False))
        _set_ticks(ax, row_ticks, col_ticks, n_rows, n_cols)
        ax.set_xlabel(col_label)
        ax.set_ylabel(row_label)
        ax.xaxis.set_label_position("top")
        ax.xaxis.tick_top()
        if title:
            ax.set_title(title)
    return root_figure(ax)


def _set_ticks(ax: Axes, row_ticks: Sequence[object] | None,
               col_ticks: Sequence[object] | None, n_rows: int, n_cols: int) -> None:
    # Label every cell when there is room, else every few cells.
    for axis_ticks, n, setter, label_setter in (
        (row_ticks, n_rows, ax.set_yticks, ax.set_yticklabels),
        (col_ticks, n_cols, ax.set_xticks, ax.set_xticklabels),
    ):
        step = 1 if n <= 30 else int(np.ceil(n / 16))
        positions = np.arange(0, n, step)
        setter(positions)
        names = (list(positions) if axis_ticks is None
                 else [axis_ticks[int(p)] for p in positions])
        label_setter([str(name) for name in names], fontsize=7)


def _default_labels(kernel_shape: tuple[int, ...], name: str) -> list[str]:
    return [tap_label(name, index) for index in np.ndindex(kernel_shape)]


def draw_conv_matrix(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    *,
    transpose: bool = False,
    labels: bool | Sequence[str] = True,
    highlight_row: int | None = None,
    highlight_col: int | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw ``C`` (or ``C^T``) of a single-channel convolution, tap by tap.

    Parameters
    ----------
    input_shape, kernel_shape : tuple of int
        Spatial shapes (1 to 3 axes).
    stride, padding, dilation : int or tuple of int
        As in :func:`tconv_lib.conv`.
    transpose : bool
        Draw ``C^T``, the matrix of the transposed convolution.
    labels : bool or sequence of str
        ``True`` writes the array tap ``w₀``, ``w₁``, ... (``w₀,₁`` in 2-D) in each
        non-zero cell; a sequence gives one label per flat tap; ``False``
        writes nothing (better for large matrices).
    highlight_row, highlight_col : int, optional
        Outline a row / column of the drawn matrix.
    title : str, optional
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (e.g. one panel of a side-by-side comparison).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = draw_conv_matrix((5,), (3,), stride=2, highlight_row=1)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['w₀', 'w₁', 'w₂', 'w₀', 'w₁', 'w₂']
    """
    kernel_shape = tuple(kernel_shape)
    index, output_shape = _tap_index(input_shape, kernel_shape, stride, padding, dilation)
    if labels is True:
        names = _default_labels(kernel_shape, "w")
    elif labels is False:
        names = None
    else:
        names = list(labels)
    blocks = (output_shape[-1], input_shape[-1]) if len(input_shape) > 1 else None
    row_label, col_label = "output cell (flattened)", "input cell (flattened)"
    if len(input_shape) == 1:
        row_label, col_label = "output cell", "input cell"
    if transpose:
        index = index.T
        blocks = blocks[::-1] if blocks else None
        row_label, col_label = col_label, row_label
    return draw_tap_matrix(index, labels=names, highlight_row=highlight_row,
                           highlight_col=highlight_col, row_label=row_label,
                           col_label=col_label, blocks=blocks, title=title, ax=ax)
