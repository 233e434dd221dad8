"""The matrix ``C`` with symbolic entries, in both index conventions.

Library convention (:func:`symbolic_conv_matrix`): rows are output cells,
columns input cells, both flattened row-major and numbered from 0, and
``C[r, c] = w[c - s r + p]`` along each axis (dilation ``d`` spaces the taps:
``c = s r - p + d t``). The structure comes from
:func:`tconv_lib.conv_matrix_entries`, so it cannot drift from the numerical
``conv_matrix``.

Source-note convention (:func:`centred_conv_matrix`): positions are centred
integers, ``x in [-N, N]`` and ``y`` the output positions, and
``C_{yx} = k(s y - x)`` for a kernel with taps ``k_{-m} .. k_m``.
:func:`centred_library_view` gives the library call that reproduces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import sympy as sp

from .._checks import check_int
from ..arithmetic import IntOrTuple
from ..matrix import conv_matrix_entries
from .kernel import centred_taps

__all__ = [
    "SYMBOLIC_ENTRY_LIMIT",
    "CentredMatrix",
    "LibraryView",
    "centred_conv_matrix",
    "centred_library_view",
    "substitute_taps",
    "symbolic_conv_matrix",
]

#: Largest symbolic ``C`` (in entries) built; SymPy matrices are for small
#: examples that a reader can look at, not for computation.
SYMBOLIC_ENTRY_LIMIT = 10_000


def _check_size(n_rows: int, n_cols: int) -> None:
    if n_rows * n_cols > SYMBOLIC_ENTRY_LIMIT:
        raise ValueError(
            f"a symbolic C of shape ({n_rows}, {n_cols}) has {n_rows * n_cols} entries, above "
            f"SYMBOLIC_ENTRY_LIMIT = {SYMBOLIC_ENTRY_LIMIT}; use tconv_lib.conv_matrix for "
            "numbers"
        )


def symbolic_conv_matrix(
    input_shape: Sequence[int],
    kernel: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> sp.ImmutableMatrix:
    """``C`` of a single-channel cross-correlation, with symbolic entries.

    The symbolic twin of :func:`tconv_lib.conv_matrix`: same arguments, same
    row-major layout, same non-zero pattern.

    Parameters
    ----------
    input_shape : tuple of int
        Spatial shape of the input (1 to 3 axes).
    kernel : array_like of sympy expressions
        For example ``array_taps((3,))``; numbers are allowed too.
    stride, padding, dilation : int or tuple of int
        As in :func:`tconv_lib.conv`.

    Returns
    -------
    sympy.ImmutableMatrix
        Shape ``(prod(output_shape), prod(input_shape))``.

    Examples
    --------
    >>> from tconv_lib.symbolic import array_taps
    >>> symbolic_conv_matrix((4,), array_taps((3,)), stride=2, padding=1)
    Matrix([
    [w_1, w_2,   0,   0],
    [  0, w_0, w_1, w_2]])
    """
    kernel = np.asarray(kernel, dtype=object)
    if kernel.ndim == 0:
        raise ValueError("kernel must be an array of taps with one axis per input axis, "
                         "got a scalar")
    rows, cols, taps, output_shape = conv_matrix_entries(input_shape, kernel.shape, stride,
                                                         padding, dilation)
    n_rows, n_cols = int(np.prod(output_shape)), int(np.prod(input_shape))
    _check_size(n_rows, n_cols)
    entries = dict(zip(zip(rows.tolist(), cols.tolist(), strict=True),
                       (sp.sympify(kernel.flat[t]) for t in taps.tolist()), strict=True))
    return sp.ImmutableMatrix(sp.SparseMatrix(n_rows, n_cols, entries))


class CentredMatrix(NamedTuple):
    """``C_{yx} = k(s y - x)`` with the positions its rows and columns stand for."""

    matrix: sp.ImmutableMatrix
    y: tuple[int, ...]
    x: tuple[int, ...]


def _check_centred(N: int, m: int, s: int) -> tuple[int, int, int]:
    return check_int("N", N, 0), check_int("m", m, 0), check_int("s", s, 1)


def centred_conv_matrix(N: int, m: int, s: int, name: str = "k") -> CentredMatrix:
    """The source note's ``C_{yx} = k(s y - x)`` for ``x in [-N, N]``.

    Rows are all output positions ``y`` whose row can be non-zero,
    ``|y| <= (N + m) / s``; columns are the input positions ``-N .. N``; the
    kernel has taps ``k_{-m} .. k_m`` (:func:`centred_taps`).

    Examples
    --------
    >>> C = centred_conv_matrix(N=2, m=1, s=2)
    >>> C.y, C.x
    ((-1, 0, 1), (-2, -1, 0, 1, 2))
    >>> C.matrix
    Matrix([
    [k_0, k_-1,   0,    0,   0],
    [  0,  k_1, k_0, k_-1,   0],
    [  0,    0,   0,  k_1, k_0]])
    """
    N, m, s = _check_centred(N, m, s)
    taps = centred_taps(m, name)
    reach = (N + m) // s
    ys, xs = tuple(range(-reach, reach + 1)), tuple(range(-N, N + 1))
    _check_size(len(ys), len(xs))
    matrix = sp.ImmutableMatrix(
        len(ys), len(xs),
        lambda r, c: taps.get(s * ys[r] - xs[c], sp.S.Zero),
    )
    return CentredMatrix(matrix, ys, xs)


class LibraryView(NamedTuple):
    """A ``conv_matrix`` call whose rows ``first_row .. first_row + n_rows - 1``
    are the source note's centred ``C`` (with the flipped weight)."""

    input_shape: tuple[int]
    stride: int
    padding: int
    first_row: int
    n_rows: int


def centred_library_view(N: int, m: int, s: int) -> LibraryView:
    """The library call that reproduces :func:`centred_conv_matrix`.

    Column ``c`` is position ``x = c - N``. With the weight
    ``w_t = k_{m - t}`` (:func:`centred_to_weight`) the library's entry
    ``w[c - s r + p]`` equals ``k(s y - x)`` for ``y = r - first_row - Y``,
    ``Y = floor((N + m) / s)``, exactly when the padding is
    ``p = m + s Y - N``. That ``p`` is negative only if the stride exceeds the
    kernel (``s > 2m + 1``); then one more output row on each side, all zero,
    makes it non-negative, and ``first_row`` skips it.

    Examples
    --------
    >>> centred_library_view(N=2, m=1, s=2)
    LibraryView(input_shape=(5,), stride=2, padding=1, first_row=0, n_rows=3)
    """
    N, m, s = _check_centred(N, m, s)
    reach = (N + m) // s
    padding = m + s * reach - N
    extra_rows = -(padding // s) if padding < 0 else 0
    return LibraryView((2 * N + 1,), s, padding + s * extra_rows, extra_rows, 2 * reach + 1)


def substitute_taps(matrix: sp.MatrixBase, taps: Sequence[sp.Symbol] | np.ndarray
                    | Mapping[int, sp.Symbol], values: np.ndarray) -> np.ndarray:
    """Replace the tap symbols of a symbolic matrix by numbers.

    Parameters
    ----------
    matrix : sympy matrix
    taps : array of symbols, or the dict of :func:`centred_taps`
        Flattened in the same order as ``values`` (a dict in increasing
        offset, ``k_{-m}`` first).
    values : array_like of numbers
        As many as there are taps.

    Returns
    -------
    numpy.ndarray
        The matrix as numbers, with the dtype of ``values``.

    Examples
    --------
    >>> from tconv_lib.symbolic import array_taps
    >>> w = array_taps((3,))
    >>> substitute_taps(symbolic_conv_matrix((5,), w, stride=2), w, [1, 2, 3])
    array([[1, 2, 3, 0, 0],
           [0, 0, 1, 2, 3]])
    """
    symbols = list(taps.values()) if isinstance(taps, Mapping) else list(np.ravel(taps))
    values = np.asarray(values)
    if values.size != len(symbols):
        raise ValueError(
            f"values must hold one number per tap ({len(symbols)}), got shape {values.shape}"
        )
    if values.dtype.kind not in "iuf":
        raise TypeError(f"values must be real numbers, got dtype {values.dtype}")
    replaced = matrix.xreplace(dict(zip(symbols, map(sp.sympify, values.ravel().tolist()),
                                        strict=True)))
    free = replaced.free_symbols
    if free:
        raise ValueError(f"symbols left after substitution: {sorted(map(str, free))}")
    return np.array(replaced.tolist(), dtype=values.dtype)
