"""What a Dumoulin–Visin diagram draws, computed from the library's arithmetic.

Pure NumPy: no Matplotlib here, so the stills, the GIFs, the HTML player and
the tests all read the same numbers, and a picture cannot drift from the maths.

Two views of one configuration:

* the **gather view** (:func:`gather_geometry`): the kernel slides over an
  input grid and each position produces one output cell. For a convolution
  the grid is the zero-padded input. For a transposed convolution it is the
  input of the *equivalent direct convolution* (Dumoulin & Visin's picture):
  ``s - 1`` zeros inserted between input cells, ``d(k - 1) - p`` zeros of
  padding before and ``d(k - 1) - p + a`` after (cropped where negative),
  swept at stride 1 by the flipped kernel.
* the **scatter view** (:func:`scatter_geometry`, transposed only): each input
  cell scales the whole kernel and adds it onto a "stretched" output grid at
  the position ``s`` times its index; the first and last ``p`` cells of that
  grid are cut off to give the output.

Coordinates are grid indices ``(row, column)`` in 2-D (``(index,)`` in 1-D),
origin top-left, matching NumPy's array indexing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._checks import placeholder
from ..arithmetic import (
    IntOrTuple,
    inverse_output_padding,
    transposed_as_direct,
    validate_conv_call,
)
from ._grid import check_frame, grid_positions
from ._text import axes_text, cell_text, format_value, size_text, span_text

__all__ = [
    "DiagramConfig",
    "GatherGeometry",
    "MatrixGeometry",
    "ScatterGeometry",
    "gather_geometry",
    "gather_values",
    "matrix_geometry",
    "scatter_geometry",
    "scatter_partial_sums",
]

#: Roles of the cells of an input grid, in order of precedence along axes.
_PAD, _ZERO, _DATA = 0, 1, 2
_ROLE_NAMES = np.array(["padding", "zero", "input"])


@dataclass(frozen=True)
class _ConfigFields:
    """The normalised fields of a :class:`DiagramConfig`: one integer per axis."""

    i: tuple[int, ...]
    k: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]
    transposed: bool
    ndim: int
    output_shape: tuple[int, ...] = field(repr=False, compare=False)


def _infer_ndim(given: dict[str, object], ndim: object) -> int:
    lengths = {len(v) for v in given.values() if isinstance(v, (tuple, list))}
    if ndim is not None:
        if isinstance(ndim, bool) or not isinstance(ndim, (int, np.integer)):
            raise TypeError(f"ndim must be None, 1 or 2, got {ndim!r}")
        if ndim not in (1, 2):
            raise ValueError(f"ndim must be 1 or 2 (diagrams are 1-D or 2-D), got {ndim}")
        return int(ndim)
    if len(lengths) > 1:
        raise ValueError(f"per-axis arguments disagree in length: {sorted(lengths)}")
    inferred = lengths.pop() if lengths else 2
    if inferred not in (1, 2):
        raise ValueError(f"diagrams are 1-D or 2-D, got {inferred} spatial axes")
    return inferred


class DiagramConfig(_ConfigFields):
    """One (transposed) convolution to draw, 1-D or 2-D, single channel.

    For a transposed convolution, ``i`` is the size of the grid it *reads*
    (the output size of the convolution it transposes) and ``stride``,
    ``padding``, ``dilation`` are those of that convolution, exactly as in
    :func:`tconv_lib.conv_transpose`.

    The arguments may be ints or per-axis tuples; the attributes always hold
    one int per spatial axis (``cfg.stride == (2, 2)``), normalised here once.

    Parameters
    ----------
    i, k : int or tuple of int
        Input and kernel size per spatial axis.
    stride, padding, dilation, output_padding : int or tuple of int
        As in :func:`tconv_lib.conv` / :func:`tconv_lib.conv_transpose`;
        ``output_padding`` only for ``transposed=True``.
    transposed : bool
        Draw the transposed convolution instead of the convolution.
    ndim : {1, 2}, optional
        Number of spatial axes; inferred from a tuple argument, else 2.

    Raises
    ------
    TypeError
        A non-integer size or parameter, or a non-bool ``transposed``.
    ValueError
        The library's own errors for an invalid configuration (checked with
        :func:`tconv_lib.validate_conv_call`), e.g. a kernel larger than the
        padded input or ``output_padding >= max(stride, dilation)``.

    Examples
    --------
    >>> cfg = DiagramConfig(5, 3, stride=2, padding=1)
    >>> cfg.input_shape, cfg.output_shape, cfg.stride
    ((5, 5), (3, 3), (2, 2))
    >>> cfg.transpose().output_shape
    (5, 5)
    """

    def __init__(self, i: IntOrTuple, k: IntOrTuple, stride: IntOrTuple = 1,
                 padding: IntOrTuple = 0, dilation: IntOrTuple = 1,
                 output_padding: IntOrTuple = 0, transposed: bool = False,
                 ndim: int | None = None) -> None:
        if not isinstance(transposed, (bool, np.bool_)):
            raise TypeError(f"transposed must be a bool, got {transposed!r}")
        given: dict[str, object] = {"i": i, "k": k, "stride": stride, "padding": padding,
                                    "dilation": dilation, "output_padding": output_padding}
        axes = _infer_ndim(given, ndim)
        for name, value in given.items():
            if isinstance(value, bool) or not isinstance(value, (int, np.integer, tuple, list)):
                raise TypeError(f"{name} must be an int or a tuple of {axes} ints, got {value!r}")
            if isinstance(value, (tuple, list)) and len(value) != axes:
                raise ValueError(
                    f"{name} must have one entry per spatial axis ({axes}), got {tuple(value)!r}"
                )
        sizes: dict[str, tuple[int, ...]] = {}
        for name in ("i", "k"):
            value = given[name]
            entries = tuple(value) if isinstance(value, (tuple, list)) else (value,) * axes
            for n in entries:
                if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
                    raise TypeError(f"{name} must hold integers, got {n!r}")
                if n < 1:
                    raise ValueError(f"{name} must be a positive integer (>= 1), got {n}")
            sizes[name] = tuple(int(n) for n in entries)  # type: ignore[arg-type]
        # The library validates every rule and computes the output shape; the
        # placeholders cost no memory.
        _, _, geo = validate_conv_call(
            placeholder((1, 1, *sizes["i"])), placeholder((1, 1, *sizes["k"])),
            stride=stride, padding=padding, dilation=dilation,
            output_padding=output_padding, transposed=bool(transposed),
        )
        super().__init__(tuple(geo.input_shape), tuple(geo.kernel_shape), tuple(geo.stride),
                         tuple(geo.pad_before), tuple(geo.dilation), tuple(geo.output_padding),
                         bool(transposed), axes, tuple(geo.output_shape))

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Spatial shape of the array the operation reads."""
        return self.i

    @property
    def kernel_shape(self) -> tuple[int, ...]:
        """Spatial shape of the kernel."""
        return self.k

    @property
    def is_square(self) -> bool:
        """True when every per-axis parameter is the same on all axes."""
        return all(len(set(v)) == 1 for v in (self.i, self.k, self.stride, self.padding,
                                              self.dilation, self.output_padding))

    def transpose(self) -> DiagramConfig:
        """The configuration with input and output exchanged.

        A convolution becomes the transposed convolution that reads its output
        and, with ``output_padding`` set to the remainder
        :func:`tconv_lib.inverse_output_padding`, restores its input size; a
        transposed convolution becomes the convolution that reads its output.

        Examples
        --------
        >>> DiagramConfig(6, 3, stride=2, padding=1).transpose().output_padding
        (1, 1)
        """
        if self.transposed:
            return DiagramConfig(self.output_shape, self.k, self.stride, self.padding,
                                 self.dilation, ndim=self.ndim)
        remainder = tuple(inverse_output_padding(i, k, s, p, d) for i, k, s, p, d in
                          zip(self.i, self.k, self.stride, self.padding, self.dilation,
                              strict=True))
        return DiagramConfig(self.output_shape, self.k, self.stride, self.padding, self.dilation,
                             output_padding=remainder, transposed=True, ndim=self.ndim)

    def describe(self) -> str:
        """Parameters as short text, one value if all axes agree.

        Examples
        --------
        >>> DiagramConfig(3, 3, stride=2, padding=1, output_padding=1, transposed=True).describe()
        'transposed: i = 3, k = 3, s = 2, p = 1, d = 1, a = 1'
        """
        parts = [f"i = {axes_text(self.i)}", f"k = {axes_text(self.k)}",
                 f"s = {axes_text(self.stride)}", f"p = {axes_text(self.padding)}",
                 f"d = {axes_text(self.dilation)}"]
        if self.transposed:
            parts.append(f"a = {axes_text(self.output_padding)}")
        return ("transposed: " if self.transposed else "convolution: ") + ", ".join(parts)


def _check_config(config: object) -> DiagramConfig:
    if not isinstance(config, DiagramConfig):
        raise TypeError(f"config must be a DiagramConfig, got {config!r}")
    return config


def _axis_roles(cfg: DiagramConfig, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Role and source index of each cell of the drawn input along one axis.

    Returns ``(roles, sources)``: ``roles`` in {_PAD, _ZERO, _DATA};
    ``sources[q]`` is the index of the input value at cell ``q`` or -1.
    """
    i, s, p = cfg.i[axis], cfg.stride[axis], cfg.padding[axis]
    if not cfg.transposed:
        positions = np.arange(i + 2 * p) - p
        inside = (positions >= 0) & (positions < i)
        return np.where(inside, _DATA, _PAD), np.where(inside, positions, -1)
    eq = transposed_as_direct(i, cfg.k[axis], s, p, cfg.output_padding[axis], cfg.dilation[axis])
    # Cell q of the drawn grid sits at stretched index q - pad_before; a
    # negative pad_before crops, i.e. the drawn grid starts inside.
    stretched = np.arange(eq.padded_size) - eq.pad_before
    inside = (stretched >= 0) & (stretched < eq.stretched_size)
    on_data = inside & (stretched % s == 0)
    roles = np.where(on_data, _DATA, np.where(inside, _ZERO, _PAD))
    return roles, np.where(on_data, stretched // s, -1)


@dataclass(frozen=True)
class GatherGeometry:
    """Everything the gather view draws, frame by frame.

    Attributes
    ----------
    config : DiagramConfig
        The configuration drawn.
    input_roles : numpy.ndarray of str
        Role of every cell of the drawn input grid: ``'input'`` (a value of the
        input), ``'padding'`` or ``'zero'`` (inserted between input values).
    input_sources : tuple of numpy.ndarray
        Per axis, the input index shown in each drawn cell, or -1.
    output_shape : tuple of int
        Shape of the output grid.
    footprints : numpy.ndarray
        ``(frames, taps, ndim)``: the input-grid cells under the kernel in each
        frame, taps in row-major order of the kernel *as laid on the grid*.
    destinations : numpy.ndarray
        ``(frames, ndim)``: the output cell each frame computes (row-major).
    kernel_taps : numpy.ndarray
        ``(taps, ndim)``: index into the *original* kernel of each laid tap;
        reversed on every axis for a transposed convolution (the flip).
    """

    config: DiagramConfig
    input_roles: np.ndarray
    input_sources: tuple[np.ndarray, ...]
    output_shape: tuple[int, ...]
    footprints: np.ndarray
    destinations: np.ndarray
    kernel_taps: np.ndarray

    @property
    def input_grid_shape(self) -> tuple[int, ...]:
        """Shape of the drawn input grid (padded, zero-inserted where relevant)."""
        return tuple(self.input_roles.shape)

    # The names every view shares (tconv_lib.diagrams.views.ViewGeometry).

    @property
    def drawn_input_shape(self) -> tuple[int, ...]:
        """Shape of the drawn input grid, :attr:`input_grid_shape`."""
        return self.input_grid_shape

    @property
    def drawn_output_shape(self) -> tuple[int, ...]:
        """Shape of the drawn output grid: the output."""
        return self.output_shape

    @property
    def output_roles(self) -> np.ndarray:
        """Role of every drawn output cell: all ``'output'``."""
        return np.full(self.output_shape, "output")

    def input_cells(self, frame: int) -> np.ndarray:
        """``(taps, ndim)``: the drawn input cells under the kernel in ``frame``.

        Examples
        --------
        >>> gather_geometry(DiagramConfig(4, 3, ndim=1)).input_cells(1)[:, 0].tolist()
        [1, 2, 3]
        """
        return self.footprints[check_frame(frame, self.n_frames)]

    def output_cells(self, frame: int) -> np.ndarray:
        """``(1, ndim)``: the output cell computed in ``frame``."""
        frame = check_frame(frame, self.n_frames)
        return self.destinations[frame:frame + 1]

    def output_label(self) -> str:
        """Caption of the drawn output grid.

        Examples
        --------
        >>> gather_geometry(DiagramConfig(4, 3)).output_label()
        'output 2×2'
        """
        return f"output {size_text(self.output_shape)}"

    @property
    def n_frames(self) -> int:
        """Number of kernel positions, one per output cell."""
        return len(self.destinations)

    @property
    def step(self) -> tuple[int, ...]:
        """Distance between neighbouring kernel positions on the drawn grid."""
        return (1,) * self.config.ndim if self.config.transposed else self.config.stride

    def input_label(self) -> str:
        """Caption of the drawn input grid: its size and how it was prepared.

        For a transposed configuration the grid is the stretched input after
        padding, or after cropping where ``p > d(k - 1)`` makes the equivalent
        padding negative.

        Examples
        --------
        >>> gather_geometry(DiagramConfig(3, 3, stride=2, transposed=True, ndim=1)).input_label()
        'input 3\\n1 zero inserted, padded to 9'
        >>> gather_geometry(DiagramConfig(5, 3, padding=3, transposed=True, ndim=1)).input_label()
        'input 5\\ncropped to 3'
        >>> gather_geometry(DiagramConfig(4, 3, padding=2, transposed=True, ndim=1)).input_label()
        'input 4'
        """
        cfg = self.config
        size = size_text(cfg.input_shape)
        if not cfg.transposed:
            pad = f", padding {axes_text(cfg.padding)}" if any(cfg.padding) else ""
            return f"input {size}{pad}"
        between = axes_text(tuple(s - 1 for s in cfg.stride))
        zeros = (f"{between} zero{'' if between == '1' else 's'} inserted, "
                 if any(s > 1 for s in cfg.stride) else "")
        pads = [pad for eq in (transposed_as_direct(*args) for args in zip(
                    cfg.input_shape, cfg.kernel_shape, cfg.stride, cfg.padding,
                    cfg.output_padding, cfg.dilation, strict=True))
                for pad in (eq.pad_before, eq.pad_after)]
        if not any(pads):
            # Nothing added or removed: only inserted zeros (if any) change the grid.
            grown = f"\n{zeros}now {size_text(self.input_grid_shape)}" if zeros else ""
            return f"input {size}{grown}"
        action = ("padded" if min(pads) >= 0 else "cropped" if max(pads) <= 0
                  else "padded and cropped")
        return f"input {size}\n{zeros}{action} to {size_text(self.input_grid_shape)}"

    def describe_frame(self, frame: int,
                       values: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> str:
        """One sentence for frame ``frame`` (alt text, the player's status line).

        ``values`` is the result of :func:`gather_values`; with it the sentence
        spells out the sum of products, skipping padding and inserted zeros.

        Examples
        --------
        >>> g = gather_geometry(DiagramConfig(4, 3, ndim=1))
        >>> g.describe_frame(1)
        'step 2 of 2: output cell (1) = sum over input cells (1..3)'
        >>> g.describe_frame(1, gather_values(g, [1, 2, 3, 4], [1, 0, 2]))
        'step 2 of 2: output cell (1) = 2·1 + 3·0 + 4·2 = 10'
        """
        frame = check_frame(frame, self.n_frames)
        cells = self.footprints[frame]
        head = (f"step {frame + 1} of {self.n_frames}: output cell "
                f"{cell_text(self.destinations[frame])} = ")
        if values is None:
            spans = ", ".join(span_text(cells[:, axis], self.config.dilation[axis])
                              for axis in range(self.config.ndim))
            return head + f"sum over input cells ({spans})"
        grid, laid, output = values
        index = tuple(cells[:, axis] for axis in range(self.config.ndim))
        on_data = self.input_roles[index] == "input"
        terms = [f"{format_value(v, 3)}·{format_value(t, 3)}" for v, t, keep in
                 zip(grid[index], laid.reshape(-1), on_data, strict=True) if keep]
        total = format_value(output[tuple(self.destinations[frame])], 3)
        return head + (" + ".join(terms) if terms else "0 (only zeros under the kernel)") \
            + f" = {total}"


def gather_geometry(config: DiagramConfig) -> GatherGeometry:
    """The gather view of ``config``.

    Examples
    --------
    >>> g = gather_geometry(DiagramConfig(5, 3, stride=2, padding=1, ndim=1))
    >>> g.input_roles.tolist()
    ['padding', 'input', 'input', 'input', 'input', 'input', 'padding']
    >>> g.footprints[:, :, 0].tolist(), g.destinations[:, 0].tolist()
    ([[0, 1, 2], [2, 3, 4], [4, 5, 6]], [0, 1, 2])
    >>> t = gather_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
    >>> t.input_roles.tolist()
    ['padding', 'padding', 'input', 'zero', 'input', 'padding', 'padding']
    """
    cfg = _check_config(config)
    per_axis = [_axis_roles(cfg, axis) for axis in range(cfg.ndim)]
    # A cell is padding if it is padding along any axis, else an inserted zero
    # if it is one along any axis, else an input value.
    codes = np.array(per_axis[0][0])
    for roles, _ in per_axis[1:]:
        codes = np.minimum.outer(codes, roles)
    step = (1,) * cfg.ndim if cfg.transposed else cfg.stride
    destinations = grid_positions(cfg.output_shape)
    laid_taps = grid_positions(cfg.k)
    footprints = (destinations[:, None, :] * np.array(step)
                  + laid_taps[None, :, :] * np.array(cfg.dilation))
    kernel_taps = (np.array(cfg.k) - 1 - laid_taps) if cfg.transposed else laid_taps
    return GatherGeometry(
        config=cfg,
        input_roles=_ROLE_NAMES[codes],
        input_sources=tuple(sources for _, sources in per_axis),
        output_shape=cfg.output_shape,
        footprints=footprints,
        destinations=destinations,
        kernel_taps=kernel_taps,
    )


def _check_values(cfg: DiagramConfig, x: object, w: object) -> tuple[np.ndarray, np.ndarray]:
    arrays = np.asarray(x), np.asarray(w)
    for name, array, shape in (("x", arrays[0], cfg.i), ("w", arrays[1], cfg.k)):
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
        if array.shape != shape:
            raise ValueError(f"{name} must have the spatial shape {shape}, got {array.shape}")
    return arrays


def gather_values(geometry: GatherGeometry, x: object, w: object
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers to write in the cells of the gather view.

    Parameters
    ----------
    geometry : GatherGeometry
    x, w : array_like
        Input and kernel, of spatial shapes ``config.i`` and ``config.k``
        (no batch or channel axes).

    Returns
    -------
    grid : numpy.ndarray
        Values of the drawn input grid (zeros on padding and inserted zeros).
    laid_kernel : numpy.ndarray
        The kernel as laid on the grid (flipped for a transposed convolution).
    output : numpy.ndarray
        Output values: ``output[y] = sum(grid[footprint(y)] * laid_kernel)``.

    Examples
    --------
    >>> g = gather_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
    >>> grid, laid, out = gather_values(g, [1, 10], [1, 2, 3])
    >>> grid.tolist(), laid.tolist(), out.tolist()
    ([0, 0, 1, 0, 10, 0, 0], [3, 2, 1], [1, 2, 13, 20, 30])
    """
    x, w = _check_values(geometry.config, x, w)
    sources = geometry.input_sources
    mesh = np.ix_(*(np.maximum(s, 0) for s in sources))
    grid = np.where(geometry.input_roles == "input", x[mesh], 0).astype(
        np.result_type(x, w), copy=False)
    laid = np.flip(w) if geometry.config.transposed else w
    taps = laid.reshape(-1)
    cells = tuple(geometry.footprints[:, :, axis] for axis in range(geometry.config.ndim))
    output = (grid[cells] * taps).sum(axis=1).reshape(geometry.output_shape)
    return grid, laid, output


@dataclass(frozen=True)
class ScatterGeometry:
    """Everything the scatter view of a transposed convolution draws.

    Attributes
    ----------
    config : DiagramConfig
        A transposed configuration.
    input_shape : tuple of int
        The grid read, one frame per cell (row-major).
    full_shape : tuple of int
        The stretched output grid before cropping, ``(i - 1)s + d(k - 1) + 1 + a``.
    crop_before : tuple of int
        ``p``: the output is ``full[p : p + o]`` along every axis.
    output_shape : tuple of int
        The output ``o`` of :func:`tconv_lib.conv_transpose`.
    output_roles : numpy.ndarray of str
        ``'output'`` inside the kept window, ``'padding'`` on the cropped cells.
    sources : numpy.ndarray
        ``(frames, ndim)``: the input cell of each frame.
    anchors : numpy.ndarray
        ``(frames, ndim)``: where the kernel's first tap lands, ``s`` times the source.
    targets : numpy.ndarray
        ``(frames, taps, ndim)``: full-grid cells written in each frame, taps
        in row-major kernel order (no flip in this view).
    """

    config: DiagramConfig
    input_shape: tuple[int, ...]
    full_shape: tuple[int, ...]
    crop_before: tuple[int, ...]
    output_shape: tuple[int, ...]
    output_roles: np.ndarray
    sources: np.ndarray
    anchors: np.ndarray
    targets: np.ndarray

    @property
    def n_frames(self) -> int:
        """Number of frames, one per input cell."""
        return len(self.sources)

    # The names every view shares (tconv_lib.diagrams.views.ViewGeometry).

    @property
    def drawn_input_shape(self) -> tuple[int, ...]:
        """Shape of the drawn input grid: the input."""
        return self.input_shape

    @property
    def drawn_output_shape(self) -> tuple[int, ...]:
        """Shape of the drawn output grid: the stretched grid, :attr:`full_shape`."""
        return self.full_shape

    @property
    def input_roles(self) -> np.ndarray:
        """Role of every drawn input cell: all ``'input'``."""
        return np.full(self.input_shape, "input")

    def input_cells(self, frame: int) -> np.ndarray:
        """``(1, ndim)``: the input cell whose copy of the kernel ``frame`` adds."""
        frame = check_frame(frame, self.n_frames)
        return self.sources[frame:frame + 1]

    def output_cells(self, frame: int) -> np.ndarray:
        """``(taps, ndim)``: the stretched-grid cells that ``frame`` writes to.

        Examples
        --------
        >>> sg = scatter_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
        >>> sg.output_cells(1)[:, 0].tolist()
        [2, 3, 4]
        """
        return self.targets[check_frame(frame, self.n_frames)]

    def input_label(self) -> str:
        """Caption of the drawn input grid.

        Examples
        --------
        >>> scatter_geometry(DiagramConfig(2, 3, stride=2, transposed=True)).input_label()
        'input 2×2'
        """
        return f"input {size_text(self.input_shape)}"

    def output_label(self) -> str:
        """Caption of the drawn output grid: the output, inside the stretched grid.

        Examples
        --------
        >>> cfg = DiagramConfig(2, 3, stride=2, padding=1, transposed=True, ndim=1)
        >>> print(scatter_geometry(cfg).output_label())
        output 3
        (stretched grid 5, outer 1 cut off)
        """
        cut = (f", outer {axes_text(self.crop_before)} cut off" if any(self.crop_before)
               else "")
        return (f"output {size_text(self.output_shape)}\n"
                f"(stretched grid {size_text(self.full_shape)}{cut})")

    def describe_frame(self, frame: int, x: object = None) -> str:
        """One sentence for frame ``frame``; with the input ``x``, its value.

        Output cells are numbered in the kept (cropped) output; cells that
        padding cuts off are left out of the sentence.

        Examples
        --------
        >>> sg = scatter_geometry(DiagramConfig(2, 3, stride=2, padding=1, transposed=True,
        ...                                     ndim=1))
        >>> sg.describe_frame(1)
        'step 2 of 2: input cell (1) times the kernel, added to output cells (1..2)'
        >>> sg.describe_frame(0, [5, 7])
        'step 1 of 2: input cell (0) = 5 times the kernel, added to output cells (0..1)'
        """
        frame = check_frame(frame, self.n_frames)
        source = self.sources[frame]
        value = "" if x is None else f" = {format_value(np.asarray(x)[tuple(source)], 3)}"
        cells = self.targets[frame] - np.array(self.crop_before)
        kept = np.all((cells >= 0) & (cells < np.array(self.output_shape)), axis=1)
        if not kept.any():
            where = "which padding cuts off entirely"
        else:
            spans = ", ".join(span_text(cells[kept, axis], self.config.dilation[axis])
                              for axis in range(self.config.ndim))
            where = f"added to output cells ({spans})"
        return (f"step {frame + 1} of {self.n_frames}: input cell {cell_text(source)}{value} "
                f"times the kernel, {where}")

    @property
    def crop(self) -> tuple[slice, ...]:
        """Index of the kept output window inside the full grid."""
        return tuple(slice(p, p + o) for p, o in
                     zip(self.crop_before, self.output_shape, strict=True))


def scatter_geometry(config: DiagramConfig) -> ScatterGeometry:
    """The scatter view of a transposed configuration.

    Raises
    ------
    ValueError
        If ``config`` is not transposed (the scatter view draws the transpose;
        use ``config.transpose()``).

    Examples
    --------
    >>> sg = scatter_geometry(DiagramConfig(2, 3, stride=2, padding=1, transposed=True, ndim=1))
    >>> sg.full_shape, sg.output_shape, sg.output_roles.tolist()
    ((5,), (3,), ['padding', 'output', 'output', 'output', 'padding'])
    >>> sg.targets[:, :, 0].tolist()
    [[0, 1, 2], [2, 3, 4]]
    """
    cfg = _check_config(config)
    if not cfg.transposed:
        raise ValueError(
            "the scatter view draws a transposed convolution, got transposed=False; "
            "pass config.transpose() to see the transpose of this convolution"
        )
    full = tuple((i - 1) * s + d * (k - 1) + 1 + a for i, s, d, k, a in
                 zip(cfg.i, cfg.stride, cfg.dilation, cfg.k, cfg.output_padding, strict=True))
    kept = [np.where((np.arange(n) >= p) & (np.arange(n) < p + o), 1, 0)
            for n, p, o in zip(full, cfg.padding, cfg.output_shape, strict=True)]
    codes = kept[0]
    for k in kept[1:]:
        codes = np.minimum.outer(codes, k)
    sources = grid_positions(cfg.i)
    anchors = sources * np.array(cfg.stride)
    targets = anchors[:, None, :] + grid_positions(cfg.k)[None, :, :] * np.array(cfg.dilation)
    return ScatterGeometry(
        config=cfg,
        input_shape=cfg.i,
        full_shape=full,
        crop_before=cfg.padding,
        output_shape=cfg.output_shape,
        output_roles=np.array(["padding", "output"])[codes],
        sources=sources,
        anchors=anchors,
        targets=targets,
    )


def scatter_partial_sums(geometry: ScatterGeometry, x: object, w: object) -> np.ndarray:
    """Running sums on the full (uncropped) grid after each frame of the scatter view.

    Frame ``f`` adds ``x[source_f] * w`` at the cells ``targets[f]``. The last
    frame, cropped with ``geometry.crop``, is the transposed convolution.

    Returns
    -------
    numpy.ndarray
        Shape ``(frames, *full_shape)``.

    Examples
    --------
    >>> sg = scatter_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
    >>> scatter_partial_sums(sg, [1, 10], [1, 2, 3]).tolist()
    [[1, 2, 3, 0, 0], [1, 2, 13, 20, 30]]
    """
    x, w = _check_values(geometry.config, x, w)
    ndim = geometry.config.ndim
    sums = np.zeros((geometry.n_frames, *geometry.full_shape), dtype=np.result_type(x, w))
    running = np.zeros(geometry.full_shape, dtype=sums.dtype)
    taps = w.reshape(-1)
    for frame, (source, cells) in enumerate(zip(geometry.sources, geometry.targets,
                                                strict=True)):
        # Targets of one frame are distinct cells, so a fancy-indexed += is exact.
        running[tuple(cells[:, axis] for axis in range(ndim))] += x[tuple(source)] * taps
        sums[frame] = running
    return sums


@dataclass(frozen=True)
class MatrixGeometry:
    """The matrix view: output cell by output cell, the row of ``C`` (or ``Cᵀ``) it reads.

    A convolution is ``y = C x`` for the matrix ``C`` of
    :func:`tconv_lib.conv_matrix`; a transposed convolution is ``y = Cᵀ x`` for
    the ``C`` of the convolution it transposes. Frame ``f`` shades output cell
    ``f`` and the input cells that row ``f`` of the matrix holds a tap for, on
    the input and output grids themselves (no padding, no inserted zeros: the
    matrix has absorbed both).

    Attributes
    ----------
    config : DiagramConfig
    rows : tuple of numpy.ndarray
        Per frame, ``(n, ndim)`` input cells with a structural non-zero in its row.
    taps : tuple of numpy.ndarray
        Per frame, the flat kernel tap of each of those entries.

    Examples
    --------
    >>> m = matrix_geometry(DiagramConfig(5, 3, stride=2, ndim=1))
    >>> m.n_frames, m.input_cells(1)[:, 0].tolist(), m.taps[1].tolist()
    (2, [2, 3, 4], [0, 1, 2])
    >>> t = matrix_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
    >>> t.n_frames, t.input_cells(2)[:, 0].tolist()  # output 2 of Cᵀ: column 2 of C
    (5, [0, 1])
    """

    config: DiagramConfig
    rows: tuple[np.ndarray, ...]
    taps: tuple[np.ndarray, ...]

    @property
    def n_frames(self) -> int:
        """Number of frames, one per output cell."""
        return len(self.rows)

    @property
    def drawn_input_shape(self) -> tuple[int, ...]:
        """The input itself."""
        return self.config.input_shape

    @property
    def drawn_output_shape(self) -> tuple[int, ...]:
        """The output itself."""
        return self.config.output_shape

    @property
    def input_roles(self) -> np.ndarray:
        """All ``'input'``."""
        return np.full(self.config.input_shape, "input")

    @property
    def output_roles(self) -> np.ndarray:
        """All ``'output'``."""
        return np.full(self.config.output_shape, "output")

    def input_cells(self, frame: int) -> np.ndarray:
        """The input cells that the matrix row of output cell ``frame`` reads."""
        return self.rows[check_frame(frame, self.n_frames)]

    def output_cells(self, frame: int) -> np.ndarray:
        """``(1, ndim)``: output cell ``frame`` (row-major)."""
        frame = check_frame(frame, self.n_frames)
        return np.array([np.unravel_index(frame, self.config.output_shape)], dtype=np.int64)

    def input_label(self) -> str:
        """Caption of the input grid."""
        return f"input {size_text(self.config.input_shape)} (the vector x)"

    def output_label(self) -> str:
        """Caption of the output grid."""
        name = "Cᵀx" if self.config.transposed else "Cx"
        return f"output {size_text(self.config.output_shape)} ({name})"

    def describe_frame(self, frame: int) -> str:
        """One sentence for frame ``frame``.

        Examples
        --------
        >>> matrix_geometry(DiagramConfig(4, 3, ndim=1)).describe_frame(0)
        'step 1 of 2: output cell (0) = row 0 of C times x: 3 taps on input cells (0..2)'
        """
        cells = self.input_cells(frame)
        matrix = "Cᵀ" if self.config.transposed else "C"
        head = (f"step {frame + 1} of {self.n_frames}: output cell "
                f"{cell_text(self.output_cells(frame)[0])} = row {frame} of {matrix} times x: ")
        if len(cells) == 0:
            return head + "no taps, so 0"
        spans = ", ".join(span_text(cells[:, axis], 1) for axis in range(self.config.ndim))
        return head + f"{len(cells)} tap{'' if len(cells) == 1 else 's'} on input cells ({spans})"


def matrix_geometry(config: DiagramConfig) -> MatrixGeometry:
    """The matrix view of ``config`` (see :class:`MatrixGeometry`).

    Examples
    --------
    >>> matrix_geometry(DiagramConfig(4, 3)).n_frames
    4
    """
    from ..matrix import conv_matrix_entries  # the matrix module, only for this view

    cfg = _check_config(config)
    conv_input = cfg.output_shape if cfg.transposed else cfg.input_shape
    rows, cols, taps, _ = conv_matrix_entries(conv_input, cfg.k, cfg.stride, cfg.padding,
                                              cfg.dilation)
    # The transposed convolution's output cell f is column f of C.
    out_index, in_index = (cols, rows) if cfg.transposed else (rows, cols)
    order = np.lexsort((in_index, out_index))
    out_index, in_index, taps = out_index[order], in_index[order], taps[order]
    n_out = int(np.prod(cfg.output_shape))
    bounds = np.searchsorted(out_index, np.arange(n_out + 1))
    cells = np.stack(np.unravel_index(in_index, cfg.input_shape), axis=-1).astype(np.int64)
    return MatrixGeometry(
        config=cfg,
        rows=tuple(cells[bounds[f]:bounds[f + 1]].reshape(-1, cfg.ndim) for f in range(n_out)),
        taps=tuple(taps[bounds[f]:bounds[f + 1]] for f in range(n_out)),
    )
