"""The explicit matrix ``C`` of a strided, padded, dilated convolution.

Row ``r`` of ``C`` is output cell ``y_r``, column ``c`` is input cell ``x_c``
(both flattened row-major); the entry is the kernel tap that connects them,
``C[r, c] = k[t]`` when ``x_c = s * y_r - p + d * t`` along every axis, and 0
otherwise. ``C @ v.ravel()`` is the convolution, ``C.T @ u.ravel()`` the
transposed convolution.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse

from ._checks import ConvArgumentError, as_numeric_array, check_shape, placeholder
from .arithmetic import ConvGeometry, IntOrTuple, validate_conv_call

__all__ = ["DENSE_ENTRY_LIMIT", "conv_matrix", "conv_matrix_entries", "geometry_entries"]

#: Largest dense matrix (in entries) that :func:`conv_matrix` builds; beyond it,
#: ``sparse=True`` is required. 1e8 float64 entries are 800 MB.
DENSE_ENTRY_LIMIT = 10**8


def _validate_single_channel(input_shape: object, kernel: object, stride: IntOrTuple,
                             padding: IntOrTuple, dilation: IntOrTuple
                             ) -> tuple[np.ndarray, ConvGeometry]:
    shape = check_shape("input_shape", input_shape, 1, 3, what="spatial axes")
    kernel_arr = as_numeric_array("kernel", kernel)
    if kernel_arr.ndim != len(shape):
        raise ConvArgumentError(
            f"kernel must have one axis per axis of input_shape {shape} "
            f"({len(shape)}), got kernel of shape {kernel_arr.shape}", "wrong_ndim"
        )
    if 0 in kernel_arr.shape:
        raise ConvArgumentError(f"kernel must have no empty axis, got shape {kernel_arr.shape}",
                                "empty_array")
    # Reuse the full call validation on a placeholder of the right shape; the
    # broadcast view costs no memory however large input_shape is.
    _, weight, geometry = validate_conv_call(
        placeholder((1, 1, *shape), kernel_arr.dtype), kernel_arr[None, None], stride=stride,
        padding=padding, dilation=dilation
    )
    return weight[0, 0], geometry


def conv_matrix_entries(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
    """Structural non-zeros of ``C``: row, column and flat kernel-tap index.

    Built by broadcasting output positions against kernel taps, so the cost
    is proportional to ``prod(output_shape) * prod(kernel_shape)`` (at most the
    number of non-zeros plus the taps that fall on padding), with no loop in
    Python over entries.

    Returns
    -------
    rows, cols, taps : numpy.ndarray
        Equal-length int64 arrays; ``C[rows[n], cols[n]] = kernel.flat[taps[n]]``.
    output_shape : tuple of int
        Spatial shape of the convolution's output.

    Examples
    --------
    >>> rows, cols, taps, out = conv_matrix_entries((4,), (3,), stride=2, padding=1)
    >>> out, rows.tolist(), cols.tolist(), taps.tolist()
    ((2,), [0, 0, 1, 1, 1], [0, 1, 1, 2, 3], [1, 2, 0, 1, 2])
    """
    kernel = placeholder(check_shape("kernel_shape", kernel_shape, 1, 3, what="spatial axes"))
    _, geometry = _validate_single_channel(input_shape, kernel, stride, padding, dilation)
    return (*geometry_entries(geometry), geometry.output_shape)


def geometry_entries(geometry: ConvGeometry) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Structural non-zeros of ``C`` for an already validated geometry.

    What :func:`conv_matrix_entries` returns, for callers that hold a
    :class:`~tconv_lib.arithmetic.ConvGeometry` (several channels and groups
    share one pattern).

    Returns
    -------
    rows, cols, taps : numpy.ndarray
        ``C[rows[n], cols[n]] = kernel.flat[taps[n]]``.

    Examples
    --------
    >>> from tconv_lib import validate_conv_call
    >>> geo = validate_conv_call(np.zeros((1, 1, 4)), np.zeros((1, 1, 3)), stride=2, padding=1)[2]
    >>> [a.tolist() for a in geometry_entries(geo)]
    [[0, 0, 1, 1, 1], [0, 1, 1, 2, 3], [1, 2, 0, 1, 2]]
    """
    ndim = geometry.ndim
    kernel_shape = geometry.kernel_shape
    out_shape = geometry.output_shape
    in_shape = geometry.input_shape
    # Per axis: input coordinate of (output position, tap) = s*y - p + d*t.
    row = np.zeros(out_shape + kernel_shape, dtype=np.int64)
    col = np.zeros_like(row)
    tap = np.zeros_like(row)
    valid = np.ones(row.shape, dtype=bool)
    for axis in range(ndim):
        y = np.arange(out_shape[axis])
        t = np.arange(kernel_shape[axis])
        coord = (geometry.stride[axis] * y[:, None] - geometry.pad_before[axis]
                 + geometry.dilation[axis] * t[None, :])
        shape = [1] * (2 * ndim)
        shape[axis] = out_shape[axis]
        shape[ndim + axis] = kernel_shape[axis]
        coord = coord.reshape(shape)
        valid &= (coord >= 0) & (coord < in_shape[axis])
        row = row * out_shape[axis] + y.reshape(shape[:ndim] + [1] * ndim)
        col = col * in_shape[axis] + coord
        tap = tap * kernel_shape[axis] + t.reshape([1] * ndim + shape[ndim:])
    return row[valid], col[valid], tap[valid]


def conv_matrix(
    input_shape: Sequence[int],
    kernel: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    sparse: bool = False,
) -> np.ndarray | scipy.sparse.csr_array:
    """The matrix ``C`` of a single-channel convolution (cross-correlation).

    Parameters
    ----------
    input_shape : tuple of int
        Spatial shape of the input, 1 to 3 axes.
    kernel : array_like
        Kernel with one axis per input axis.
    stride, padding, dilation : int or tuple of int
        As in :func:`tconv_lib.conv`.
    sparse : bool
        Return a ``scipy.sparse.csr_array`` built in O(nnz) instead of a dense
        array.

    Returns
    -------
    numpy.ndarray or scipy.sparse.csr_array
        ``C`` of shape ``(prod(output_shape), prod(input_shape))`` with
        ``C @ v.ravel() == conv(v[None, None], kernel[None, None], ...).ravel()``.

    Raises
    ------
    ConvArgumentError
        Invalid geometry, or a dense matrix above :data:`DENSE_ENTRY_LIMIT`
        entries (rule ``dense_too_large``: use ``sparse=True``).

    See Also
    --------
    conv_matrix_entries : the structural non-zeros only.
    tconv_lib.conv, tconv_lib.conv_transpose : ``C v`` and ``C.T u`` without the matrix.

    Examples
    --------
    >>> import numpy as np
    >>> conv_matrix((5,), np.array([1, 2, 3]), stride=2)
    array([[1, 2, 3, 0, 0],
           [0, 0, 1, 2, 3]])
    """
    kernel_arr, geometry = _validate_single_channel(input_shape, kernel, stride, padding,
                                                    dilation)
    n_rows = int(np.prod(geometry.output_shape))
    n_cols = int(np.prod(geometry.input_shape))
    if not sparse and n_rows * n_cols > DENSE_ENTRY_LIMIT:
        raise ConvArgumentError(
            f"a dense C of shape ({n_rows}, {n_cols}) would hold {n_rows * n_cols:.3g} entries, "
            f"above the limit of {DENSE_ENTRY_LIMIT:.0e}; pass sparse=True for a scipy.sparse "
            "array with the same entries", "dense_too_large"
        )
    rows, cols, taps = geometry_entries(geometry)
    values = kernel_arr.ravel()[taps]
    if sparse:
        # Entries come out row-major and each (row, col) once, so CSR can be
        # assembled directly: indptr from the row counts.
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        return scipy.sparse.csr_array((values, cols, indptr), shape=(n_rows, n_cols))
    dense = np.zeros((n_rows, n_cols), dtype=kernel_arr.dtype)
    dense[rows, cols] = values
    return dense
