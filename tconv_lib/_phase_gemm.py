"""Fast kernels behind ``conv`` and ``conv_transpose``: sums of shifted matrix products.

Both operations are sums over kernel taps ``t`` of a channel-mixing matrix
product, ``W_t @ x``, placed at a tap-dependent offset. Two layout choices turn
every term into one BLAS call on contiguous memory, with no im2col copy and no
separate accumulation pass:

* **Phase split.** Along an axis with stride ``s``, the padded coordinate
  ``z = s q + r`` is split into a phase ``r`` and a coarse index ``q``; the tap
  offset ``d t = s u + r`` then becomes a *unit* shift ``u`` on the coarse grid
  of phase ``r``.
* **Flat channels-last grid.** Each phase is stored as a ``(rows, channels)``
  matrix whose rows enumerate ``(n, q_1, ..., q_D)`` row-major over a grid big
  enough for the largest shift. A shift of the spatial multi-index by ``u`` is
  then a shift of the row index by one integer, so the rows a tap reads (or
  writes) form a contiguous block, a plain BLAS operand.

Each tap is then ``Y[rows + shift_out] += X[rows + shift_in] @ M_t``, done by
``gemm`` with ``beta = 1`` in place. Grid rows that do not correspond to an
output cell are computed and discarded (a few percent at common sizes), and
the row range is processed in chunks so that the blocks stay in cache across
taps.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.linalg import blas

from .arithmetic import ConvGeometry

#: Bytes of input plus output rows processed per chunk (keeps blocks cache-resident).
CHUNK_BYTES = 1 << 20

# Channels copied together when changing layout (see _copy_in_channel_tiles).
_CHANNEL_TILE = 8

# A BLAS call per group and tap pays off only if each product mixes enough channels;
# below this, all groups go through one batched NumPy product per tap instead.
_MIN_CHANNELS_FOR_BLAS_GROUPS = 8


@dataclass(frozen=True)
class _Tap:
    index: int  # flat (row-major) index into the kernel's spatial axes
    phase: tuple[int, ...]  # r with d t = s u + r, per axis
    shift: tuple[int, ...]  # u, per axis


def _taps(geo: ConvGeometry) -> tuple[_Tap, ...]:
    return _split_taps(geo.kernel_shape, geo.stride, geo.dilation)


@functools.lru_cache(maxsize=256)
def _split_taps(kernel_shape: tuple[int, ...], stride: tuple[int, ...],
                dilation: tuple[int, ...]) -> tuple[_Tap, ...]:
    taps = []
    for index, t in enumerate(itertools.product(*(range(k) for k in kernel_shape))):
        offsets = [d * ti for ti, d in zip(t, dilation, strict=True)]
        taps.append(_Tap(index,
                         tuple(o % s for o, s in zip(offsets, stride, strict=True)),
                         tuple(o // s for o, s in zip(offsets, stride, strict=True))))
    return tuple(taps)


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
    if any(span is None for span in spans):
        return None
    return tuple(q for q, _ in spans), tuple(cells for _, cells in spans)


def _copy_in_channel_tiles(dst: np.ndarray, src: np.ndarray, axis: int) -> None:
    """``dst[...] = src`` between channels-first and channels-last layouts.

    One transposing copy walks memory badly (a page per element on one side);
    a few channels at a time keeps both sides streaming, about 5x faster.
    """
    for start in range(0, dst.shape[axis], _CHANNEL_TILE):
        tile = (slice(None),) * axis + (slice(start, start + _CHANNEL_TILE),)
        dst[tile] = src[tile]


def _accumulate(out: np.ndarray, src: np.ndarray, mats: np.ndarray, mats_are_out_by_in: bool,
                plan: list[tuple[int, int, int, int, int]], rows: int) -> None:
    """``out[:, po, so + j] += src[:, pi, si + j] @ M[:, tap]`` for ``j < rows``.

    ``out`` is ``(G, phases, rows, C_out/G)``, ``src`` ``(G, phases, rows, C_in/G)``;
    ``M = mats`` is ``(G, taps, C_in/G, C_out/G)``, or its transpose stored as
    ``(G, taps, C_out/G, C_in/G)`` if ``mats_are_out_by_in``, whichever layout the
    weight gives without a transposing copy. ``plan`` lists ``(tap, pi, si, po, so)``.
    """
    groups, _, _, c_in_g = src.shape
    c_out_g = out.shape[-1]
    chunk = max(1, CHUNK_BYTES // ((c_in_g + c_out_g) * out.itemsize))
    gemm = _blas_gemm(out.dtype)
    per_group = gemm is not None and (
        groups == 1 or min(c_in_g, c_out_g) >= _MIN_CHANNELS_FOR_BLAS_GROUPS)
    for start in range(0, rows, chunk):
        stop = min(start + chunk, rows)
        for tap, phase_in, shift_in, phase_out, shift_out in plan:
            block_in = src[:, phase_in, start + shift_in:stop + shift_in]
            block_out = out[:, phase_out, start + shift_out:stop + shift_out]
            if per_group:
                # Column-major views of the C-ordered blocks: gemm updates them in place.
                for g in range(groups):
                    gemm(1.0, mats[g, tap].T, block_in[g].T, beta=1.0, c=block_out[g].T,
                         trans_a=mats_are_out_by_in, overwrite_c=True)
            elif mats_are_out_by_in:
                block_out += np.matmul(block_in, mats[:, tap].swapaxes(1, 2))
            else:
                block_out += np.matmul(block_in, mats[:, tap])


def _blas_gemm(dtype: np.dtype) -> Callable | None:
    if dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        return None
    return blas.get_blas_funcs("gemm", dtype=dtype)


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
    taps = _taps(geo)
    reach = tuple(max(t.shift[a] for t in taps) for a in range(ndim))
    grid = tuple(o + u for o, u in zip(out_shape, reach, strict=True))
    phases = sorted({t.phase for t in taps})
    # Phase-split, zero-padded, channels-last copy of x: (G, phases, N, *grid, C_in/G).
    split = np.zeros((groups, len(phases), n, *grid, c_in_g), dtype=x.dtype)
    x_groups = x.reshape(n, groups, c_in_g, *geo.input_shape)
    for p, phase in enumerate(phases):
        starts = tuple(r - b for r, b in zip(phase, geo.pad_before, strict=True))
        overlap = _overlaps(starts, geo, grid, geo.input_shape)
        if overlap is None:
            continue
        cells, lines = overlap
        _copy_in_channel_tiles(split[(slice(None), p, slice(None), *cells)], np.moveaxis(
            x_groups[(slice(None), slice(None), slice(None), *lines)], (1, 2), (0, ndim + 2)),
            axis=ndim + 2)
    rows_total = n * int(np.prod(grid))
    split = split.reshape(groups, len(phases), rows_total, c_in_g)
    # mats[g, t][o, c] = weight[g C_out/G + o, c, t]: only the tap axis moves.
    mats = np.ascontiguousarray(
        np.moveaxis(weight.reshape(groups, c_out_g, c_in_g, -1), 3, 1))
    plan = [(t.index, phases.index(t.phase), _row_shift(t.shift, grid), 0, 0) for t in taps]
    # Output rows past the last real cell (n = N-1, o = o_max) would read past the grid.
    rows = rows_total - _row_shift(reach, grid)
    result = np.zeros((groups, 1, rows_total, c_out_g), dtype=x.dtype)
    _accumulate(result, split, mats, True, plan, rows)
    cells = result.reshape(groups, n, *grid, c_out_g)[
        (slice(None), slice(None), *(slice(0, o) for o in out_shape))]
    out = np.empty((n, groups, c_out_g, *out_shape), dtype=x.dtype)
    _copy_in_channel_tiles(out, np.moveaxis(cells, (0, 1, ndim + 2), (1, 0, 2)), axis=2)
    return out.reshape(n, c_out, *out_shape)


def scatter_transpose(x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """Transposed convolution of validated, same-dtype, batched arrays.

    ``x`` is ``(N, C_in, *i)``, ``weight`` ``(C_in, C_out/G, *k)``; returns
    ``(N, C_out, *o)``. Input cell ``i`` sends ``W_t^T x_i`` to the uncropped
    output ``z = s i + d t``, i.e. coarse cell ``i + u`` of phase ``r``: a shift
    on the *output* side. The output is ``z - p``, cropped to ``o`` cells.
    """
    n, c_in = x.shape[:2]
    groups, ndim = geo.groups, geo.ndim
    c_in_g, c_out_g = c_in // groups, weight.shape[1]
    out_shape = geo.output_shape
    out = np.zeros((n, groups, c_out_g, *out_shape), dtype=x.dtype)
    if n == 0:
        return out.reshape(n, groups * c_out_g, *out_shape)
    taps = _taps(geo)
    reach = tuple(max(t.shift[a] for t in taps) for a in range(ndim))
    grid = tuple(i + u for i, u in zip(geo.input_shape, reach, strict=True))
    phases = sorted({t.phase for t in taps})
    rows_total = n * int(np.prod(grid))
    # Channels-last copy of x on the output's coarse grid (zeros beyond i).
    source = np.zeros((groups, 1, n, *grid, c_in_g), dtype=x.dtype)
    _copy_in_channel_tiles(
        source[(slice(None), 0, slice(None), *(slice(0, i) for i in geo.input_shape))],
        np.moveaxis(x.reshape(n, groups, c_in_g, *geo.input_shape), (1, 2), (0, ndim + 2)),
        axis=ndim + 2)
    source = source.reshape(groups, 1, rows_total, c_in_g)
    # mats[g, t][c, o] = weight[g C_in/G + c, o, t].
    mats = np.ascontiguousarray(
        weight.reshape(groups, c_in_g, c_out_g, -1).transpose(0, 3, 1, 2))
    plan = [(t.index, 0, 0, phases.index(t.phase), _row_shift(t.shift, grid)) for t in taps]
    # Input rows past the last real cell hold zeros and would write past the grid.
    rows = rows_total - _row_shift(reach, grid)
    split = np.zeros((groups, len(phases), rows_total, c_out_g), dtype=x.dtype)
    _accumulate(split, source, mats, False, plan, rows)
    split = split.reshape(groups, len(phases), n, *grid, c_out_g)
    for p, phase in enumerate(phases):
        starts = tuple(r - q for r, q in zip(phase, geo.pad_before, strict=True))
        overlap = _overlaps(starts, geo, grid, out_shape)
        if overlap is None:
            continue
        cells, lines = overlap
        _copy_in_channel_tiles(out[(slice(None), slice(None), slice(None), *lines)], np.moveaxis(
            split[(slice(None), p, slice(None), *cells)], (0, ndim + 2), (1, 2)), axis=2)
    return out.reshape(n, groups * c_out_g, *out_shape)
