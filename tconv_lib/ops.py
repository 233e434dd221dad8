"""Convolution and transposed convolution in NumPy, with PyTorch's layouts.

``conv`` is what deep-learning libraries call convolution: a cross-correlation
(no kernel flip). ``conv_transpose`` is its adjoint with respect to the input,
computed by any of the three formulations the book teaches.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import numpy as np
import scipy.sparse

from ._checks import ConvArgumentError, as_numeric_array
from ._phase_gemm import correlate, scatter_transpose
from .arithmetic import ConvGeometry, IntOrTuple, validate_conv_call
from .matrix import geometry_entries

__all__ = ["TRANSPOSE_METHODS", "conv", "conv_transpose", "pad_or_crop", "result_dtype"]

#: The formulations :func:`conv_transpose` can use; the first is the default.
TRANSPOSE_METHODS = ("scatter", "zero_insertion", "matrix")


def _check_bias(bias: object, channels: int) -> np.ndarray | None:
    if bias is None:
        return None
    array = as_numeric_array("bias", bias)
    if array.shape != (channels,):
        raise ConvArgumentError(
            f"bias must have shape (C_out,) = ({channels},), got shape {array.shape}",
            "bias_shape")
    return array


def result_dtype(*arrays: np.ndarray | None) -> np.dtype:
    """NumPy's promotion of the dtypes of ``arrays`` (``None`` entries are skipped).

    The dtype of every result of :func:`conv` and :func:`conv_transpose`.

    Examples
    --------
    >>> result_dtype(np.zeros(2, np.float32), None, np.zeros(2, np.int64))
    dtype('float64')
    """
    return np.result_type(*(a.dtype for a in arrays if a is not None))


def pad_or_crop(x: np.ndarray, before: tuple[int, ...], after: tuple[int, ...]) -> np.ndarray:
    """Zero-pad (positive) or crop (negative) the trailing spatial axes.

    ``before[j]`` and ``after[j]`` apply to the ``j``-th of the last
    ``len(before)`` axes of ``x``.

    Examples
    --------
    >>> pad_or_crop(np.arange(1, 5)[None], (1,), (-2,))
    array([[0, 1, 2]])
    """
    ndim = len(before)
    crop = tuple(slice(max(-b, 0), x.shape[x.ndim - ndim + j] - max(-a, 0))
                 for j, (b, a) in enumerate(zip(before, after, strict=True)))
    x = x[(Ellipsis, *crop)]
    widths = [(0, 0)] * (x.ndim - ndim) + [(max(b, 0), max(a, 0))
                                          for b, a in zip(before, after, strict=True)]
    if any(w != (0, 0) for w in widths):
        x = np.pad(x, widths)
    return x


def conv(
    x: np.ndarray,
    weight: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple | str = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    *,
    bias: np.ndarray | None = None,
) -> np.ndarray:
    """Convolution (cross-correlation) in 1, 2 or 3 spatial dimensions.

    Same arguments and results as ``torch.nn.functional.conv1d/2d/3d``; ``bias``
    is keyword-only because the book's signature puts ``stride`` third.

    Parameters
    ----------
    x : array_like
        Input of shape ``(N, C_in, *spatial)``, or ``(C_in, *spatial)``.
    weight : array_like
        Kernel of shape ``(C_out, C_in / groups, *k)``.
    stride, dilation : int or tuple of int
        Step between kernel positions and between kernel taps (>= 1).
    padding : int, tuple of int, 'valid' or 'same'
        Zeros added on both sides of each spatial axis; ``'same'`` (stride 1
        only) puts any odd extra zero on the far side, as PyTorch does.
    groups : int
        Number of independent channel groups.
    bias : array_like, optional
        Shape ``(C_out,)``, added to every output cell of its channel.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, C_out, *o)``, dtype ``numpy.result_type`` of the inputs.

    Examples
    --------
    >>> import numpy as np
    >>> conv(np.arange(5.0)[None, None], np.array([[[1.0, 0.0, -1.0]]]), stride=2)
    array([[[-2., -2.]]])
    """
    x_given = x
    x, weight, geo = validate_conv_call(x, weight, stride=stride, padding=padding,
                                        dilation=dilation, groups=groups)
    batched = np.ndim(x_given) == weight.ndim
    bias = _check_bias(bias, weight.shape[0])
    dtype = result_dtype(x, weight, bias)
    out = correlate(x.astype(dtype, copy=False), weight.astype(dtype, copy=False), geo)
    out = _add_bias(out, bias, geo.ndim)
    return out if batched else out[0]


def _add_bias(out: np.ndarray, bias: np.ndarray | None, ndim: int) -> np.ndarray:
    if bias is not None:
        out += bias.reshape((-1,) + (1,) * ndim).astype(out.dtype, copy=False)
    return out


def _transpose_zero_insertion(x: np.ndarray, weight: np.ndarray,
                              geo: ConvGeometry) -> np.ndarray:
    """Insert s-1 zeros, pad d(k-1)-p (plus a after), convolve with the flipped kernel."""
    n, c_in = x.shape[:2]
    ndim, groups = geo.ndim, geo.groups
    stretched_shape = tuple((i - 1) * s + 1 for i, s in
                            zip(geo.input_shape, geo.stride, strict=True))
    stretched = np.zeros((n, c_in, *stretched_shape), dtype=x.dtype)
    stretched[(slice(None), slice(None), *(slice(None, None, s) for s in geo.stride))] = x
    reach = tuple(d * (k - 1) for d, k in zip(geo.dilation, geo.kernel_shape, strict=True))
    before = tuple(r - p for r, p in zip(reach, geo.pad_before, strict=True))
    after = tuple(b + a for b, a in zip(before, geo.output_padding, strict=True))
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


def _transpose_matrix(x: np.ndarray, weight: np.ndarray, geo: ConvGeometry) -> np.ndarray:
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


_TRANSPOSE_IMPLEMENTATIONS = {
    "scatter": scatter_transpose,
    "zero_insertion": _transpose_zero_insertion,
    "matrix": _transpose_matrix,
}


def conv_transpose(
    x: np.ndarray,
    weight: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    *,
    bias: np.ndarray | None = None,
    method: Literal["scatter", "zero_insertion", "matrix"] = "scatter",
) -> np.ndarray:
    """Transposed convolution in 1, 2 or 3 spatial dimensions.

    Same arguments and results as ``torch.nn.functional.conv_transpose1d/2d/3d``.
    It is the adjoint of :func:`conv` with the same ``weight``, stride,
    padding and dilation: ``<u, conv(v)> = <conv_transpose(u), v>``.

    Parameters
    ----------
    x : array_like
        Input of shape ``(N, C_in, *spatial)``, or ``(C_in, *spatial)``.
    weight : array_like
        Kernel of shape ``(C_in, C_out / groups, *k)`` (PyTorch's layout).
    stride, padding, dilation : int or tuple of int
        Those of the convolution being transposed.
    output_padding : int or tuple of int
        Extra cells on the far edge of the output, ``0 <= a < max(stride, dilation)``;
        it picks which of the ``s`` input sizes of the convolution to recover.
    groups : int
        Number of independent channel groups.
    bias : array_like, optional
        Shape ``(C_out,)``.
    method : {'scatter', 'zero_insertion', 'matrix'}
        ``'scatter'`` (default, fastest): every input cell scales the kernel,
        which is added into the output at stride ``s`` (computed tap by tap,
        each tap one matrix product over all cells). ``'zero_insertion'``:
        insert ``s - 1`` zeros between input cells, pad ``d(k - 1) - p``, and
        convolve with the flipped kernel at stride 1. ``'matrix'``: multiply by
        ``C.T`` as a sparse matrix. All three agree to round-off.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, C_out, *o)`` with ``o = (i - 1)s - 2p + d(k - 1) + a + 1``.

    Examples
    --------
    >>> import numpy as np
    >>> conv_transpose(np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]]), stride=2)
    array([[[ 1.,  2., 13., 20., 30.]]])
    """
    if method not in _TRANSPOSE_IMPLEMENTATIONS:
        raise ConvArgumentError(f"method must be one of {TRANSPOSE_METHODS}, got {method!r}",
                                "unknown_choice")
    x_given = x
    x, weight, geo = validate_conv_call(x, weight, stride=stride, padding=padding,
                                        dilation=dilation, groups=groups,
                                        output_padding=output_padding, transposed=True)
    batched = np.ndim(x_given) == weight.ndim
    bias = _check_bias(bias, weight.shape[1] * geo.groups)
    dtype = result_dtype(x, weight, bias)
    implementation = _TRANSPOSE_IMPLEMENTATIONS[method]
    out = implementation(x.astype(dtype, copy=False), weight.astype(dtype, copy=False), geo)
    out = _add_bias(out, bias, geo.ndim)
    return out if batched else out[0]
