"""What the explorer shows for one setting of its controls, without any widget.

The explorer's controls are gathered in an :class:`ExplorerSettings`;
:func:`explorer_scene` turns them into an :class:`ExplorerScene`: the
configuration to draw, the example numbers, the output, the matrix ``C`` (or
``Cᵀ``) as tap indices, and, for every step, the matrix entries and output
cells that the step involves. Everything here is NumPy and the library's
arithmetic, so the tests can check the explorer's content without a browser
and without drawing.

The matrix entries come from :func:`tconv_lib.conv_matrix_entries`, the kernel
positions from :mod:`tconv_lib.diagrams.geometry`: two independent
computations that the tests hold against each other step by step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from ..arithmetic import conv_output_size, inverse_output_padding, transposed_as_direct
from ..diagrams.formulas import substituted_formula
from ..diagrams.geometry import (
    DiagramConfig,
    GatherGeometry,
    ScatterGeometry,
    gather_geometry,
    gather_values,
    scatter_geometry,
)
from ..diagrams.matrix_view import tap_index_matrix
from ..diagrams.still import example_values
from ..ops import conv, conv_transpose

__all__ = ["ExplorerScene", "ExplorerSettings", "MatrixHighlight", "explain_error",
           "explorer_scene"]

_VIEWS = ("gather", "scatter")


@dataclass(frozen=True)
class ExplorerSettings:
    """The values of the explorer's controls (except the step).

    Square configurations only: in 2-D every size and parameter is the same
    on both axes. For a transposed convolution ``i`` is the size of the grid
    it reads and ``stride``, ``padding``, ``dilation`` are those of the
    convolution it transposes, as in :func:`tconv_lib.conv_transpose`;
    ``output_padding`` is ignored for a convolution.

    Attributes
    ----------
    ndim : {1, 2}
    transposed : bool
    i, k, stride, padding, output_padding, dilation : int
    view : {'gather', 'scatter'}
        ``'scatter'`` needs ``transposed=True``.
    numbers : bool
        Write the example values in the cells of the diagram.

    Examples
    --------
    >>> ExplorerSettings(i=3, stride=2, padding=1, output_padding=1).replace(ndim=1).ndim
    1
    """

    ndim: int = 2
    transposed: bool = True
    i: int = 3
    k: int = 3
    stride: int = 2
    padding: int = 1
    output_padding: int = 1
    dilation: int = 1
    view: str = "gather"
    numbers: bool = True

    def replace(self, **changes: object) -> ExplorerSettings:
        """A copy with some fields changed (unknown names raise ``TypeError``)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise TypeError(f"unknown explorer setting(s) {unknown}; known: {sorted(known)}")
        return ExplorerSettings(**{**{name: getattr(self, name) for name in known}, **changes})


@dataclass(frozen=True)
class MatrixHighlight:
    """The part of the drawn matrix one step involves.

    Attributes
    ----------
    row, column : int or None
        The matrix row (gather view: the output cell computed) or column
        (scatter view: the input cell spread) of the step; the other is None.
    rows, columns : numpy.ndarray
        Matrix indices of the structurally non-zero entries in that row or
        column, i.e. the products the step adds up or writes.
    """

    row: int | None
    column: int | None
    rows: np.ndarray
    columns: np.ndarray


@dataclass(frozen=True)
class ExplorerScene:
    """Everything the explorer shows for one :class:`ExplorerSettings`.

    Build it with :func:`explorer_scene`.

    Attributes
    ----------
    settings : ExplorerSettings
    config : DiagramConfig
        The configuration drawn.
    geometry : GatherGeometry or ScatterGeometry
        The view's geometry, one frame per step.
    x, w : numpy.ndarray
        The example input and kernel (:func:`tconv_lib.example_values`).
    result : numpy.ndarray
        The output for ``x`` and ``w``, from :func:`tconv_lib.conv` or
        :func:`tconv_lib.conv_transpose`.
    tap_index : numpy.ndarray
        The drawn matrix as flat kernel-tap indices, ``-1`` for a structural
        zero: ``C`` for a convolution, ``Cᵀ`` for a transposed convolution.
        Rows are output cells, columns input cells (row-major) in both cases.
    matrix_name : str
        ``'C'`` or ``'Cᵀ'``.
    """

    settings: ExplorerSettings
    config: DiagramConfig
    geometry: GatherGeometry | ScatterGeometry
    x: np.ndarray
    w: np.ndarray
    result: np.ndarray
    tap_index: np.ndarray
    matrix_name: str
    _values: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def view(self) -> str:
        """``'gather'`` or ``'scatter'``."""
        return self.settings.view

    @property
    def n_steps(self) -> int:
        """Number of steps: output cells (gather view) or input cells (scatter view)."""
        return self.geometry.n_frames

    def _check_step(self, step: object) -> int:
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
            raise TypeError(f"step must be an integer, got {step!r}")
        if not 0 <= step < self.n_steps:
            raise ValueError(f"step must lie in 0..{self.n_steps - 1}, got {step}")
        return int(step)

    def highlight(self, step: int) -> MatrixHighlight:
        """The matrix row (gather) or column (scatter) of ``step`` and its non-zeros.

        Examples
        --------
        >>> scene = explorer_scene(ExplorerSettings(ndim=1, i=2, padding=0, output_padding=0))
        >>> scene.matrix_name, scene.tap_index.shape
        ('Cᵀ', (5, 2))
        >>> h = scene.highlight(2)
        >>> h.row, h.rows.tolist(), h.columns.tolist()
        (2, [2, 2], [0, 1])
        """
        step = self._check_step(step)
        if self.view == "gather":
            (columns,) = np.nonzero(self.tap_index[step] >= 0)
            return MatrixHighlight(step, None, np.full(len(columns), step), columns)
        (rows,) = np.nonzero(self.tap_index[:, step] >= 0)
        return MatrixHighlight(None, step, rows, np.full(len(rows), step))

    def output_cells(self, step: int) -> np.ndarray:
        """Flat indices of the output cells that ``step`` computes or adds to.

        Gather view: the one cell the kernel position computes. Scatter view:
        the cells of the kept output that the scaled kernel lands on (cells
        that padding cuts off are left out).

        Examples
        --------
        >>> scene = explorer_scene(ExplorerSettings(ndim=1, i=2, padding=1, output_padding=0,
        ...                                         view="scatter"))
        >>> scene.output_cells(0).tolist(), scene.output_cells(1).tolist()
        ([0, 1], [1, 2])
        """
        step = self._check_step(step)
        geo = self.geometry
        if self.view == "gather":
            return np.array([np.ravel_multi_index(tuple(geo.destinations[step]),
                                                  geo.output_shape)])
        cells = geo.targets[step] - np.array(geo.crop_before)
        kept = np.all((cells >= 0) & (cells < np.array(geo.output_shape)), axis=1)
        return np.ravel_multi_index(tuple(cells[kept].T), geo.output_shape)

    def caption(self, step: int) -> str:
        """The step in words, with the example numbers.

        Examples
        --------
        >>> scene = explorer_scene(ExplorerSettings(ndim=1, transposed=False, i=4, stride=1,
        ...                                         padding=0))
        >>> scene.caption(1)
        'step 2 of 2: output cell (1) = 2·3 + 2·1 + 1·1 = 9'
        """
        step = self._check_step(step)
        if self.view == "gather":
            return self.geometry.describe_frame(step, self._values)
        return self.geometry.describe_frame(step, self.x)

    def formula_lines(self) -> list[str]:
        """The output-size formula with the numbers substituted, and what follows from it.

        Examples
        --------
        >>> lines = explorer_scene(ExplorerSettings(ndim=1, i=3, k=3, stride=2, padding=1,
        ...                                         output_padding=1)).formula_lines()
        >>> lines[0]
        'o = (i − 1)·s − 2·p + d·(k − 1) + a + 1 = (3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6'
        """
        cfg = self.config
        lines = [substituted_formula(cfg)]
        if cfg.ndim == 2:
            lines.append(f"on both axes: the output is {cfg.output_shape[0]}×"
                         f"{cfg.output_shape[1]}")
        i, k, s, p, d = cfg.i[0], cfg.k[0], cfg.stride[0], cfg.padding[0], cfg.dilation[0]
        if cfg.transposed:
            eq = transposed_as_direct(i, k, s, p, cfg.output_padding[0], d)
            lines.append(
                f"as a stride-1 convolution: insert s − 1 = {eq.zeros_between} "
                f"zero{'' if eq.zeros_between == 1 else 's'} between input cells, "
                f"{_pad_words(eq.pad_before)} before and "
                f"{_pad_words(eq.pad_after)} after, then slide the flipped kernel")
        else:
            remainder = inverse_output_padding(i, k, s, p, d)
            lines.append(f"remainder a = (i + 2p − d(k − 1) − 1) mod s = {remainder}: the "
                         f"transposed convolution with output_padding = {remainder} gives "
                         f"back {i} cells")
        return lines


def _pad_words(amount: int) -> str:
    if amount < 0:
        return f"crop {-amount}"
    return f"pad {amount}"


def _matrix_of(cfg: DiagramConfig) -> tuple[np.ndarray, str]:
    """Tap indices of ``C`` (convolution) or ``Cᵀ`` (transposed convolution)."""
    if not cfg.transposed:
        return tap_index_matrix(cfg.i, cfg.k, cfg.stride, cfg.padding, cfg.dilation), "C"
    # The transposed convolution's matrix is the transpose of the matrix of the
    # convolution that reads its output. When output_padding >= stride (only
    # possible with dilation > stride) that convolution has more outputs than
    # the transposed one has inputs: keep the first i on every axis.
    index = tap_index_matrix(cfg.output_shape, cfg.k, cfg.stride, cfg.padding, cfg.dilation)
    conv_out = tuple(conv_output_size(o, k, s, p, d) for o, k, s, p, d in
                     zip(cfg.output_shape, cfg.k, cfg.stride, cfg.padding, cfg.dilation,
                         strict=True))
    kept = index.reshape(*conv_out, -1)[tuple(slice(0, n) for n in cfg.i)]
    return kept.reshape(int(np.prod(cfg.i)), -1).T, "Cᵀ"


def _check_settings(settings: ExplorerSettings) -> None:
    if not isinstance(settings, ExplorerSettings):
        raise TypeError(f"settings must be an ExplorerSettings, got {type(settings).__name__}")
    if settings.ndim not in (1, 2) or isinstance(settings.ndim, bool):
        raise ValueError(f"ndim must be 1 or 2, got {settings.ndim!r}")
    for name in ("transposed", "numbers"):
        if not isinstance(getattr(settings, name), bool):
            raise TypeError(f"{name} must be a bool, got {getattr(settings, name)!r}")
    if settings.view not in _VIEWS:
        raise ValueError(f"view must be one of {_VIEWS}, got {settings.view!r}")
    if settings.view == "scatter" and not settings.transposed:
        raise ValueError("the scatter view shows a transposed convolution: choose the "
                         "transposed convolution, or the gather view")


def explorer_scene(settings: ExplorerSettings) -> ExplorerScene:
    """Compute everything the explorer shows for ``settings``.

    Raises
    ------
    ValueError, TypeError
        The library's own error for an invalid combination (e.g. a kernel
        larger than the padded input); :func:`explain_error` words it for the
        reader.

    Examples
    --------
    >>> scene = explorer_scene(ExplorerSettings(i=3, k=3, stride=2, padding=1,
    ...                                         output_padding=1))
    >>> scene.config.output_shape, scene.n_steps, scene.result.shape
    ((6, 6), 36, (6, 6))
    """
    _check_settings(settings)
    output_padding = settings.output_padding if settings.transposed else 0
    cfg = DiagramConfig(settings.i, settings.k, settings.stride, settings.padding,
                        settings.dilation, output_padding=output_padding,
                        transposed=settings.transposed, ndim=settings.ndim)
    x, w = example_values(cfg)
    if settings.transposed:
        result = conv_transpose(x[None, None], w[None, None], cfg.stride, cfg.padding,
                                cfg.output_padding, cfg.dilation)[0, 0]
    else:
        result = conv(x[None, None], w[None, None], cfg.stride, cfg.padding,
                      cfg.dilation)[0, 0]
    tap_index, name = _matrix_of(cfg)
    if settings.view == "gather":
        geometry = gather_geometry(cfg)
        values = gather_values(geometry, x, w)
    else:
        geometry, values = scatter_geometry(cfg), None
    return ExplorerScene(settings=settings, config=cfg, geometry=geometry, x=x, w=w,
                         result=result, tap_index=tap_index, matrix_name=name, _values=values)


#: Substrings of library error messages -> advice for the reader.
_ADVICE = (
    (("kernel larger than the padded input",),
     "The kernel does not fit: its dilated size d(k − 1) + 1 is larger than the padded input "
     "i + 2p. Enlarge the input or the padding, or shrink the kernel or the dilation."),
    (("smaller than max(stride, dilation)",),
     "output_padding only chooses among the output sizes that the stride makes ambiguous, "
     "so it must stay below max(stride, dilation). Lower output_padding, or raise the stride."),
    (("below 1", "< 1"),
     "The padding crops away more cells than the transposed convolution produces. "
     "Reduce the padding."),
    (("scatter view",),
     "A convolution gathers: each output cell reads a window of the input. Choose the "
     "transposed convolution to see the scatter view."),
)


def explain_error(error: Exception) -> str:
    """A reader-friendly sentence for a library error, followed by the library's message.

    Examples
    --------
    >>> try:
    ...     explorer_scene(ExplorerSettings(transposed=False, i=2, padding=0))
    ... except ValueError as err:
    ...     print(explain_error(err)[:40])
    The kernel does not fit: its dilated siz
    """
    if not isinstance(error, Exception):
        raise TypeError(f"error must be an exception, got {type(error).__name__}")
    message = str(error)
    advice = next((text for keys, text in _ADVICE if any(key in message for key in keys)),
                  "These settings do not describe a valid convolution.")
    return f"{advice} (The library says: {message}.)"
