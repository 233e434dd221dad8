"""Convolution and transposed convolution in NumPy, with PyTorch's layouts.

``conv`` is what deep-learning libraries call convolution: a cross-correlation
(no kernel flip). ``conv_transpose`` is its adjoint with respect to the input,
computed by any of the three formulations the book teaches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import formulations
from ._checks import ConvArgumentError, as_numeric_array, check_choice
from ._phase_gemm import correlate
from .arithmetic import IntOrTuple, PaddingArg, validate_conv_call
from .formulations import TRANSPOSE_METHODS, TransposeMethod

__all__ = ["TRANSPOSE_METHODS", "conv", "conv_transpose", "pad_or_crop", "result_dtype"]

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
    index: tuple[Any, ...] = (Ellipsis, *crop)
    x = x[index]
    widths = [(0, 0)] * (x.ndim - ndim) + [(max(b, 0), max(a, 0))
                                          for b, a in zip(before, after, strict=True)]
    if any(w != (0, 0) for w in widths):
        x = np.pad(x, widths)
    return x


def conv(
    x: np.ndarray,
    weight: np.ndarray,
    stride: IntOrTuple = 1,
    padding: PaddingArg = 0,
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
    padding : int, tuple of int, tuple of (before, after) pairs, 'valid' or 'same'
        Zeros added on both sides of each spatial axis, or per side with one
        pair per axis (``((0, 1), (2, 2))`` is ``F.pad`` by those amounts, then
        an unpadded convolution); ``'same'`` (stride 1 only) puts any odd
        extra zero on the far side, as PyTorch does.
    groups : int
        Number of independent channel groups.
    bias : array_like, optional
        Shape ``(C_out,)``, added to every output cell of its channel.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, C_out, *o)``, dtype ``numpy.result_type`` of the inputs.

    See Also
    --------
    conv_transpose : its adjoint.
    tconv_lib.conv_output_size : the size of each output axis.
    tconv_lib.conv_matrix : the same map as an explicit matrix ``C``.

    Examples
    --------
    >>> import numpy as np
    >>> conv(np.arange(5.0)[None, None], np.array([[[1.0, 0.0, -1.0]]]), stride=2)
    array([[[-2., -2.]]])
    >>> conv(np.arange(5.0)[None, None], np.array([[[1.0, 0.0, -1.0]]]), padding=((0, 1),))
    array([[[-2., -2., -2.,  3.]]])
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


def conv_transpose(
    x: np.ndarray,
    weight: np.ndarray,
    stride: IntOrTuple = 1,
    padding: PaddingArg = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    *,
    bias: np.ndarray | None = None,
    method: TransposeMethod = "scatter",
    output_size: Sequence[int] | None = None,
) -> np.ndarray:
    """Transposed convolution in 1, 2 or 3 spatial dimensions.

    Same arguments and results as ``torch.nn.functional.conv_transpose1d/2d/3d``,
    plus ``output_size`` as in ``torch.nn.ConvTranspose*d.forward`` and padding
    per side. It is the adjoint of :func:`conv` with the same ``weight``,
    stride, padding and dilation, ``<u, conv(v)> = <conv_transpose(u), v>``,
    **for matching padding and the right output_padding** (the one that
    brings the convolution's output size back to its input size,
    :func:`~tconv_lib.inverse_output_padding`). A convolution with asymmetric
    padding, such as PyTorch's ``padding='same'`` with an even kernel, has as
    its adjoint the transposed convolution with the same per-side padding
    ``((before, after), ...)``.

    Parameters
    ----------
    x : array_like
        Input of shape ``(N, C_in, *spatial)``, or ``(C_in, *spatial)``.
    weight : array_like
        Kernel of shape ``(C_in, C_out / groups, *k)`` (PyTorch's layout).
    stride, dilation : int or tuple of int
        Those of the convolution being transposed.
    padding : int, tuple of int, or tuple of (before, after) pairs
        That of the convolution being transposed: the cells cropped from each
        side of the full output. Per side, one pair per axis, e.g.
        ``((0, 1), (1, 1))``; the full output of ``padding=0`` is then cropped
        by ``before`` cells at the start and ``after`` at the end.
    output_padding : int or tuple of int
        Extra cells on the far edge of the output, ``0 <= a < max(stride, dilation)``;
        it picks which of the ``s`` input sizes of the convolution to recover.
    groups : int
        Number of independent channel groups.
    bias : array_like, optional
        Shape ``(C_out,)``.
    method : {'scatter', 'zero_insertion', 'matrix'}
        The formulation (:data:`tconv_lib.formulations.FORMULATIONS`), all
        equal to round-off. ``'scatter'`` (default, fastest): every input cell
        scales the kernel, which is added into the output at stride ``s``.
        ``'zero_insertion'``: insert ``s - 1`` zeros between input cells, pad
        ``d(k - 1) - p``, and convolve with the flipped kernel at stride 1.
        ``'matrix'``: multiply by ``C.T`` as a sparse matrix.
    output_size : sequence of int, optional
        The wanted output shape (spatial only, or with the leading batch and
        channel axes), as in ``nn.ConvTranspose*d.forward(x, output_size)``:
        it determines ``output_padding`` (leave that at 0). A size outside
        ``[o_min, o_min + s - 1]`` raises PyTorch's error, which gives the range
        (rule ``output_size_out_of_range``).

    Returns
    -------
    numpy.ndarray
        Shape ``(N, C_out, *o)`` with ``o = (i - 1)s - 2p + d(k - 1) + a + 1``
        (``2p`` is ``before + after`` with per-side padding).

    Raises
    ------
    TypeError, ConvArgumentError
        Any invalid argument, before any work (see
        :func:`~tconv_lib.validate_conv_call`).

    See Also
    --------
    conv, tconv_lib.conv_transpose_output_size, tconv_lib.formulations

    Examples
    --------
    >>> import numpy as np
    >>> conv_transpose(np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]]), stride=2)
    array([[[ 1.,  2., 13., 20., 30.]]])
    >>> conv_transpose(np.ones((1, 1, 3)), np.ones((1, 1, 3)), stride=2, padding=1,
    ...                output_size=[6]).shape
    (1, 1, 6)
    >>> conv_transpose(np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]]), stride=2,
    ...                padding=((0, 2),))
    array([[[ 1.,  2., 13.]]])
    """
    check_choice("method", method, TRANSPOSE_METHODS)
    x_given = x
    x, weight, geo = validate_conv_call(x, weight, stride=stride, padding=padding,
                                        dilation=dilation, groups=groups,
                                        output_padding=output_padding, transposed=True,
                                        output_size=output_size)
    batched = np.ndim(x_given) == weight.ndim
    bias = _check_bias(bias, weight.shape[1] * geo.groups)
    dtype = result_dtype(x, weight, bias)
    out = formulations.transpose(method, x.astype(dtype, copy=False),
                                 weight.astype(dtype, copy=False), geo)
    out = _add_bias(out, bias, geo.ndim)
    return out if batched else out[0]
