"""The formulations of the transposed convolution that the book teaches, one entry each.

Every formulation is a function ``(x, weight, geo) -> out`` of validated,
batched, same-dtype arrays (``x`` of shape ``(N, C_in, *i)``, ``weight`` of
PyTorch's ``conv_transpose`` layout ``(C_in, C_out/G, *k)``) and the call's
:class:`~tconv_lib.arithmetic.ConvGeometry`, registered in
:data:`FORMULATIONS` with a one-line summary. :data:`TRANSPOSE_METHODS` and the
``method=`` argument of :func:`tconv_lib.conv_transpose` come from this
registry; a test keeps the :data:`TransposeMethod` type and the docstring of
``conv_transpose`` in step with it. Adding a formulation is one decorated
function here, one name in :data:`TransposeMethod` and one line in that
docstring.

Examples
--------
>>> TRANSPOSE_METHODS
('scatter', 'zero_insertion', 'matrix')
>>> FORMULATIONS["zero_insertion"].summary.split(",")[0]
'insert s - 1 zeros between input cells'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse

from ._checks import check_choice
from ._phase_gemm import correlate, scatter_transpose
from .arithmetic import ConvGeometry
from .matrix import geometry_entries

__all__ = ["FORMULATIONS", "TRANSPOSE_METHODS", "Formulation", "TransposeMethod", "transpose"]

#: The names :func:`tconv_lib.conv_transpose` accepts as ``method``, in registry order.
TransposeMethod = Literal["scatter", "zero_insertion", "matrix"]

Compute = Callable[[np.ndarray, np.ndarray, ConvGeometry], np.ndarray]


@dataclass(frozen=True)
class Formulation:
    """One way of computing the transposed convolution.

    Attributes
    ----------
    name : str
        The ``method=`` value.
    summary : str
        One line: what the formulation does.
    compute : callable
        ``compute(x, weight, geo)`` on validated arrays.
    """

    name: str
    summary: str
    compute: Compute


#: Every formulation by name; the first is the default (the fastest).
FORMULATIONS: dict[str, Formulation] = {}


def _register(name: str, summary: str) -> Callable[[Compute], Compute]:
    def add(compute: Compute) -> Compute:
        FORMULATIONS[name] = Formulation(name, summary, compute)
        return compute
    return add


_register("scatter", "every input cell scales the kernel, which is added into the output at "
          "stride s (tap by tap, each tap one matrix product over all cells)")(scatter_transpose)


@_register("zero_insertion", "insert s - 1 zeros between input cells, pad d(k - 1) - p, and "
           "convolve with the flipped kernel at stride 1")
def _zero_insertion(x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """Insert s-1 zeros, pad d(k-1)-p_before and d(k-1)-p_after+a, convolve flipped."""
    n, c_in = x.shape[:2]
    ndim, groups = geo.ndim, geo.groups
    stretched_shape = tuple((i - 1) * s + 1 for i, s in
                            zip(geo.input_shape, geo.stride, strict=True))
    stretched = np.zeros((n, c_in, *stretched_shape), dtype=x.dtype)
    stretched[(slice(None), slice(None), *(slice(None, None, s) for s in geo.stride))] = x
    reach = tuple(d * (k - 1) for d, k in zip(geo.dilation, geo.kernel_shape, strict=True))
    before = tuple(r - p for r, p in zip(reach, geo.pad_before, strict=True))
    after = tuple(r - p + a for r, p, a in zip(reach, geo.pad_after, geo.output_padding,
                                               strict=True))
    # (C_in, C_out/G, *k) -> conv layout (C_out, C_in/G, *k), flipped in space.
    c_out_g = weight.shape[1]
    flipped = np.flip(weight, axis=tuple(range(2, 2 + ndim)))
    conv_weight = (flipped.reshape(groups, c_in // groups, c_out_g, *geo.kernel_shape)
                   .swapaxes(1, 2).reshape(groups * c_out_g, c_in // groups, *geo.kernel_shape))
    # A negative pad (p > d(k-1)) crops the stretched input instead.
    direct = dataclasses.replace(geo, input_shape=stretched_shape, stride=(1,) * ndim,
                                 pad_before=before, pad_after=after,
                                 output_padding=(0,) * ndim)
    return correlate(stretched, conv_weight, direct)


@_register("matrix", "multiply by C.T, the transpose of the convolution's matrix, "
           "as a sparse matrix")
def _matrix(x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """Apply ``C.T``, the transpose of the (multi-channel) convolution matrix."""
    n, c_in = x.shape[:2]
    groups = geo.groups
    c_out_g = weight.shape[1]
    # The forward convolution maps the transposed output (shape o) back to the
    # transposed input (shape i); rows are its outputs, columns its inputs.
    forward = ConvGeometry(
        ndim=geo.ndim, input_shape=geo.output_shape, kernel_shape=geo.kernel_shape,
        stride=geo.stride, pad_before=geo.pad_before, pad_after=geo.pad_after,
        dilation=geo.dilation, output_padding=(0,) * geo.ndim, groups=groups,
        output_shape=geo.input_shape,
    )
    rows, cols, taps = geometry_entries(forward)
    n_in, n_out = int(np.prod(geo.input_shape)), int(np.prod(geo.output_shape))
    channel_in = np.arange(c_in)[:, None, None]
    channel_out = (channel_in // (c_in // groups)) * c_out_g + np.arange(c_out_g)[None, :, None]
    full_rows = channel_in * n_in + rows
    full_cols = channel_out * n_out + cols
    # scipy.sparse has no float16: multiply in float32 and round once at the end.
    work = np.float32 if x.dtype == np.float16 else x.dtype
    values = weight.reshape(c_in, c_out_g, -1)[:, :, taps].astype(work, copy=False)
    full_rows, full_cols = np.broadcast_arrays(full_rows, full_cols)
    matrix = scipy.sparse.csr_array(
        (values.ravel(), (full_rows.ravel(), full_cols.ravel())),
        shape=(c_in * n_in, groups * c_out_g * n_out),
    )
    out = (matrix.T @ x.reshape(n, c_in * n_in).astype(work, copy=False).T).T
    return np.ascontiguousarray(out, dtype=x.dtype).reshape(n, groups * c_out_g,
                                                            *geo.output_shape)


#: The formulations :func:`tconv_lib.conv_transpose` can use; the first is the default.
TRANSPOSE_METHODS: tuple[str, ...] = tuple(FORMULATIONS)


def transpose(method: str, x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """Compute a transposed convolution of validated arrays with the formulation ``method``.

    Raises
    ------
    TypeError, ConvArgumentError
        If ``method`` is not the name of a registered formulation (rule
        ``unknown_choice``).

    Examples
    --------
    >>> from tconv_lib import validate_conv_call
    >>> x, w, geo = validate_conv_call(np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]]),
    ...                                stride=2, transposed=True)
    >>> for method in TRANSPOSE_METHODS:
    ...     print(f"{method:>14}", transpose(method, x, w, geo)[0, 0])
           scatter [ 1.  2. 13. 20. 30.]
    zero_insertion [ 1.  2. 13. 20. 30.]
            matrix [ 1.  2. 13. 20. 30.]
    """
    check_choice("method", method, tuple(FORMULATIONS))
    return FORMULATIONS[method].compute(x, weight, geo)
