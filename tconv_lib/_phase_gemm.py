"""Fast kernels behind ``conv`` and ``conv_transpose``: sums of shifted matrix products.

Both operations are sums over kernel taps ``t`` of a channel-mixing matrix
product ``W_t x`` placed at a tap-dependent offset. Two layout choices turn
every term into one BLAS call on contiguous memory, with no im2col matrix and
no separate accumulation pass:

* **Phase split.** Along an axis with stride ``s``, the padded coordinate
  ``z = s q + r`` is split into a phase ``r`` and a coarse index ``q``; the tap
  offset ``d t = s u + r`` then becomes a *unit* shift ``u`` on the coarse grid
  of phase ``r``.
* **Flat channels-last grid.** Each phase is stored as a ``(rows, channels)``
  matrix whose rows enumerate ``(n, q_1, ..., q_D)`` row-major over a grid big
  enough for the largest shift. A shift of the spatial multi-index by ``u`` is
  then a shift of the row index by one integer, so the rows a tap reads (or
  writes) form a contiguous block: a plain BLAS operand.

Each tap is then ``Y[j] += X[j + delta_t] @ M_t`` over a block of rows ``j``,
done by ``gemm`` with ``beta = 1`` in place. The only copies are the change of
layout of the input and of the output. Grid rows that are not output cells are
computed and dropped (a few percent on large images, a quarter on 8 x 8 ones).
The output rows are done in cache-sized chunks; BLAS spreads each product over
its threads.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.linalg import blas

from .arithmetic import ConvGeometry

#: Bytes of input plus output rows processed per chunk (keeps blocks cache-resident).
CHUNK_BYTES = 1 << 20

# Channels copied together when changing layout (see _change_layout), unless a copy of
# that many would move fewer elements than the second figure.
_CHANNEL_TILE = 8
_MIN_ELEMENTS_PER_COPY = 16384

# A gemm call per group pays off only if each product mixes enough channels
# (C_in/G * C_out/G); below this, NumPy's matmul plus an addition is faster (4x for
# 3 x 3 channels), and it takes all groups in one batched call.
_MIN_CHANNEL_PAIRS_FOR_BLAS = 160


@dataclass(frozen=True)
class _Tap:
    index: int  # flat (row-major) index into the kernel's spatial axes
    phase: tuple[int, ...]  # r with d t = s u + r, per axis
    shift: tuple[int, ...]  # u, per axis


@dataclass(frozen=True)
class _Plan:
    """Everything about one call's layout that depends only on its geometry."""

    phases: tuple[tuple[int, ...], ...]  # the phases some tap uses, sorted
    grid: tuple[int, ...]  # coarse grid per image: the data plus room for the largest shift
    reach_rows: int  # row shift of the largest shift
    tap_rows: tuple[tuple[int, int, int], ...]  # (tap index, phase number, row shift)
    # Per phase: (grid slices, data slices) of the cells that phase shares with the data.
    overlaps: tuple[tuple[tuple[slice, ...], tuple[slice, ...]] | None, ...]


def _split_taps(geo: ConvGeometry) -> tuple[_Tap, ...]:
    taps = []
    for index, t in enumerate(itertools.product(*(range(k) for k in geo.kernel_shape))):
        offsets = [d * ti for ti, d in zip(t, geo.dilation, strict=True)]
        taps.append(_Tap(index,
                         tuple(o % s for o, s in zip(offsets, geo.stride, strict=True)),
                         tuple(o // s for o, s in zip(offsets, geo.stride, strict=True))))
    return tuple(taps)


@functools.lru_cache(maxsize=256)
def _plan(geo: ConvGeometry, transposed: bool) -> _Plan:
    """The phase split of one call. The data is the input of a convolution (phase
    ``r`` holds padded cells ``s q + r``) or the output of a transposed one (phase
    ``r`` holds uncropped cells ``s q + r``); the grid fits the output of the
    convolution or the input of the transposed one, plus the largest shift."""
    taps = _split_taps(geo)
    reach = tuple(max(t.shift[a] for t in taps) for a in range(geo.ndim))
    base, data = ((geo.input_shape, geo.output_shape) if transposed
                  else (geo.output_shape, geo.input_shape))
    grid = tuple(b + u for b, u in zip(base, reach, strict=True))
    phases = tuple(sorted({t.phase for t in taps}))
    tap_rows = tuple((t.index, phases.index(t.phase), _row_shift(t.shift, grid)) for t in taps)
    overlaps = tuple(
        _overlaps(tuple(r - b for r, b in zip(phase, geo.pad_before, strict=True)), geo, grid,
                  data)
        for phase in phases)
    return _Plan(phases, grid, _row_shift(reach, grid), tap_rows, overlaps)


def _row_shift(shift: tuple[int, ...], grid: tuple[int, ...]) -> int:
    """Row offset, in a row-major flattening of ``grid``, of a spatial shift."""
    offset = 0
    for u, size in zip(shift, grid, strict=True):
        offset = offset * size + u
    return offset


def _lattice_overlap(start: int, step: int, grid_size: int,
                     line_size: int) -> tuple[slice, slice] | None:
    """Grid cells ``q`` in ``[0, grid_size)`` sit at ``start + step q`` on a line of
    ``line_size`` cells; return the slices of ``q`` and of the line where they land."""
    q0 = max(0, -(start // step))  # first q with start + step q >= 0
    first = start + step * q0
    if first >= line_size:
        return None
    count = min(grid_size - q0, (line_size - 1 - first) // step + 1)
    if count <= 0:
        return None
    return slice(q0, q0 + count), slice(first, first + step * (count - 1) + 1, step)


def _overlaps(starts: tuple[int, ...], geo: ConvGeometry, grid: tuple[int, ...],
              line: tuple[int, ...]) -> tuple[tuple[slice, ...], tuple[slice, ...]] | None:
    spans = [_lattice_overlap(a, s, g, n)
             for a, s, g, n in zip(starts, geo.stride, grid, line, strict=True)]
    found = [span for span in spans if span is not None]
    if len(found) < len(spans):
        return None
    return tuple(q for q, _ in found), tuple(cells for _, cells in found)


def _change_layout(dst: np.ndarray, src: np.ndarray, channel_axis: int) -> None:
    """``dst[...] = src`` between channels-first and channels-last layouts.

    One transposing copy walks memory badly (a page per element on one side);
    a few channels at a time keeps both sides streaming, about 5x faster. Small
    images take more channels per copy, to keep the number of calls down.
    """
    channels = dst.shape[channel_axis]
    step = max(_CHANNEL_TILE, _MIN_ELEMENTS_PER_COPY * channels // max(dst.size, 1))
    for first in range(0, channels, step):
        tile = (slice(None),) * channel_axis + (slice(first, first + step),)
        dst[tile] = src[tile]


def _accumulate(out: np.ndarray, src: np.ndarray, src_rows: int, mats: np.ndarray,
                mats_are_out_by_in: bool, plan: list[tuple[int, int, int, int]]) -> None:
    """``out[:, po, j] += src[:, pi, j + delta] @ M[:, tap]`` where ``0 <= j + delta < src_rows``.

    ``out`` is ``(G, phases, rows, C_out/G)``, ``src`` ``(G, phases, rows, C_in/G)``;
    ``M = mats`` is ``(G, taps, C_in/G, C_out/G)``, or its transpose stored as
    ``(G, taps, C_out/G, C_in/G)`` if ``mats_are_out_by_in``, whichever layout the
    weight gives without a transposing copy. ``plan`` lists ``(tap, pi, po, delta)``.
    Output rows are done chunk by chunk, all taps of a chunk while it is in cache.
    """
    groups, _, _, c_in_g = src.shape
    out_rows, c_out_g = out.shape[2:]
    gemm = _blas_gemm(out.dtype)
    blas_per_group = c_in_g * c_out_g >= _MIN_CHANNEL_PAIRS_FOR_BLAS
    rows_per_chunk = max(1, CHUNK_BYTES // ((c_in_g + c_out_g) * out.itemsize))
    for start in range(0, out_rows, rows_per_chunk):
        stop = min(start + rows_per_chunk, out_rows)
        for tap, phase_in, phase_out, delta in plan:
            first, last = max(start, -delta), min(stop, src_rows - delta)
            if first >= last:
                continue
            block_in = src[:, phase_in, first + delta:last + delta]
            block_out = out[:, phase_out, first:last]
            if gemm is not None and blas_per_group:
                for g in range(groups):
                    gemm(block_out[g], block_in[g], mats[g, tap], mats_are_out_by_in)
            elif mats_are_out_by_in:
                block_out += np.matmul(block_in, mats[:, tap].swapaxes(1, 2))
            else:
                block_out += np.matmul(block_in, mats[:, tap])


_Gemm = Callable[[np.ndarray, np.ndarray, np.ndarray, bool], None]


@functools.cache
def _blas_gemm(dtype: np.dtype) -> _Gemm | None:
    """``gemm(out, rows, mats, mats_are_out_by_in)``: ``out += rows @ M`` in place, or None.

    ``rows`` ``(m, C_in)`` and ``out`` ``(m, C_out)`` are C-contiguous blocks; ``M`` is
    ``mats`` ``(C_in, C_out)``, or the transpose of ``mats`` stored ``(C_out, C_in)``.
    Seen column-major, the blocks are ``rows^T`` and ``out^T``, so BLAS computes
    ``out^T += M^T rows^T`` on them in place (``beta = 1``), with no copy.
    """
    if dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        return None
    function = blas.get_blas_funcs("gemm", dtype=dtype)

    def gemm(out: np.ndarray, rows: np.ndarray, mats: np.ndarray, mats_are_out_by_in: bool) -> None:
        function(1.0, mats.T, rows.T, beta=1.0, c=out.T, trans_a=mats_are_out_by_in,
                 overwrite_c=True)

    return gemm


def correlate(x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """Convolution (cross-correlation) of validated, same-dtype, batched arrays.

    ``x`` is ``(N, C_in, *i)``, ``weight`` ``(C_out, C_in/G, *k)``; returns
    ``(N, C_out, *o)``. Output cell ``o`` reads padded input ``z = s o + d t``,
    i.e. coarse cell ``o + u`` of phase ``r``: a shift on the *input* side.
    """
    n, c_in = x.shape[:2]
    c_out = weight.shape[0]
    groups, ndim = geo.groups, geo.ndim
    c_in_g, c_out_g = c_in // groups, c_out // groups
    out_shape = geo.output_shape
    if n == 0:
        return np.zeros((0, c_out, *out_shape), dtype=x.dtype)
    plan = _plan(geo, transposed=False)
    # Phase-split, zero-padded, channels-last copy of x: (G, phases, N, *grid, C_in/G).
    split = np.zeros((groups, len(plan.phases), n, *plan.grid, c_in_g), dtype=x.dtype)
    x_last = x.reshape(n, groups, c_in_g, *geo.input_shape).transpose(
        1, 0, *range(3, 3 + ndim), 2)
    for p, overlap in enumerate(plan.overlaps):
        if overlap is not None:
            cells, lines = overlap
            into: tuple[Any, ...] = (slice(None), p, slice(None), *cells)
            _change_layout(split[into], x_last[(slice(None), slice(None), *lines)], ndim + 2)
    rows = n * int(np.prod(plan.grid))
    split = split.reshape(groups, len(plan.phases), rows, c_in_g)
    # mats[g, t][o, c] = weight[g C_out/G + o, c, t]: only the tap axis moves.
    mats = np.ascontiguousarray(weight.reshape(groups, c_out_g, c_in_g, -1).transpose(0, 3, 1, 2))
    result = np.zeros((groups, 1, rows, c_out_g), dtype=x.dtype)
    _accumulate(result, split, rows, mats, True,
                [(tap, phase, 0, shift) for tap, phase, shift in plan.tap_rows])
    kept = result.reshape(groups, n, *plan.grid, c_out_g)[
        (slice(None), slice(None), *(slice(0, o) for o in out_shape))]
    out = np.empty((n, groups, c_out_g, *out_shape), dtype=x.dtype)
    _change_layout(out, kept.transpose(1, 0, 2 + ndim, *range(2, 2 + ndim)), 2)
    return out.reshape(n, c_out, *out_shape)


def scatter_transpose(x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """Transposed convolution of validated, same-dtype, batched arrays.

    ``x`` is ``(N, C_in, *i)``, ``weight`` ``(C_in, C_out/G, *k)``; returns
    ``(N, C_out, *o)``. Input cell ``i`` sends ``W_t^T x_i`` to the uncropped
    output ``z = s i + d t``, i.e. coarse cell ``i + u`` of phase ``r``: a shift
    on the *output* side, so output row ``j`` gathers input row ``j - u``. The
    output is ``z - p``, cropped to ``o`` cells.
    """
    n, c_in = x.shape[:2]
    groups, ndim = geo.groups, geo.ndim
    c_in_g, c_out_g = c_in // groups, weight.shape[1]
    out_shape = geo.output_shape
    # Cells no tap reaches (output_padding beyond the data, phases without taps) stay 0.
    out = np.zeros((n, groups, c_out_g, *out_shape), dtype=x.dtype)
    if n == 0:
        return out.reshape(n, groups * c_out_g, *out_shape)
    plan = _plan(geo, transposed=True)
    rows = n * int(np.prod(plan.grid))
    # Channels-last copy of x on the output's coarse grid (zeros beyond i).
    source = np.zeros((groups, n, *plan.grid, c_in_g), dtype=x.dtype)
    _change_layout(source[(slice(None), slice(None), *(slice(0, i) for i in geo.input_shape))],
                   x.reshape(n, groups, c_in_g, *geo.input_shape).transpose(
                       1, 0, *range(3, 3 + ndim), 2), ndim + 2)
    source = source.reshape(groups, 1, rows, c_in_g)
    # mats[g, t][c, o] = weight[g C_in/G + c, o, t].
    mats = np.ascontiguousarray(weight.reshape(groups, c_in_g, c_out_g, -1).transpose(0, 3, 1, 2))
    split = np.zeros((groups, len(plan.phases), rows, c_out_g), dtype=x.dtype)
    # Input rows past the last real cell hold only zeros: no need to read them.
    _accumulate(split, source, rows - plan.reach_rows, mats, False,
                [(tap, 0, phase, -shift) for tap, phase, shift in plan.tap_rows])
    split = split.reshape(groups, len(plan.phases), n, *plan.grid, c_out_g)
    for p, overlap in enumerate(plan.overlaps):
        if overlap is not None:
            cells, lines = overlap
            index: tuple[Any, ...] = (slice(None), p, slice(None), *cells)
            block = split[index]
            _change_layout(out[(slice(None), slice(None), slice(None), *lines)],
                           block.transpose(1, 0, 2 + ndim, *range(2, 2 + ndim)), 2)
    return out.reshape(n, groups * c_out_g, *out_shape)
