"""Gradients of ``conv`` and ``conv_transpose``, written with the same two operations.

Backpropagation through a convolution needs two vector-Jacobian products:
with respect to the input, which is the transposed convolution ``C.T u``, and
with respect to the kernel, which is a correlation of the (padded) input with
the upstream gradient. For ``conv_transpose`` the roles swap: its input
gradient is ``conv`` and its kernel gradient correlates the padded upstream
gradient with the input. The signatures follow ``torch.nn.grad``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._checks import ConvArgumentError, as_numeric_array, check_shape, placeholder
from .arithmetic import ConvGeometry, IntOrTuple, validate_conv_call
from .ops import conv, conv_transpose, pad_or_crop, result_dtype

__all__ = ["conv_input_grad", "conv_transpose_weight_grad", "conv_weight_grad"]


def _check_grad_out(grad_out: object, expected: tuple[int, ...], batched: bool) -> np.ndarray:
    array = as_numeric_array("grad_out", grad_out)
    if not batched:
        expected = expected[1:]
    if array.shape != expected:
        raise ConvArgumentError(
            f"grad_out must have the shape of the forward output {expected}, "
            f"got shape {array.shape}", "grad_shape"
        )
    return array if batched else array[None]


def _correlate_for_kernel(a: np.ndarray, b: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``out[cb, ca, t] = sum_{n, y} b[n, cb, y] * a[n, ca, s y + d t]`` within each group.

    ``a`` is already padded. Swapping the batch and channel axes turns the sum
    over the batch into the channel sum of an ordinary convolution, with
    ``b`` as the kernel, stride ``d`` and dilation ``s``.
    """
    groups, kernel = geo.groups, geo.kernel_shape
    ca, cb = a.shape[1] // groups, b.shape[1] // groups
    taps = (slice(None), slice(None), *(slice(0, k) for k in kernel))
    blocks = []
    for g in range(groups):
        a_g = np.swapaxes(a[:, g * ca:(g + 1) * ca], 0, 1)
        b_g = np.swapaxes(b[:, g * cb:(g + 1) * cb], 0, 1)
        # Taps beyond k only meet input cells that no forward window used.
        full = conv(a_g, b_g, stride=geo.dilation, dilation=geo.stride)[taps]
        blocks.append(np.swapaxes(full, 0, 1))
    return np.concatenate(blocks, axis=0)


def conv_input_grad(
    input_shape: Sequence[int],
    weight: np.ndarray,
    grad_out: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple | str = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
) -> np.ndarray:
    """Gradient of a loss with respect to the input of :func:`tconv_lib.conv`.

    It is ``C.T`` applied to ``grad_out``: the transposed convolution with the
    same weight, with the output padding that restores ``input_shape``. Same
    arguments as ``torch.nn.grad.conv{1,2,3}d_input``.

    Parameters
    ----------
    input_shape : tuple of int
        Shape of the forward input, ``(N, C_in, *spatial)`` or ``(C_in, *spatial)``.
    weight : array_like
        The forward kernel, ``(C_out, C_in / groups, *k)``.
    grad_out : array_like
        Gradient of the loss with respect to the forward output.
    stride, padding, dilation, groups
        Those of the forward call (``padding`` may be ``'same'``/``'valid'``).

    Returns
    -------
    numpy.ndarray
        Array of shape ``input_shape``.

    Examples
    --------
    >>> import numpy as np
    >>> conv_input_grad((1, 1, 5), np.array([[[1.0, 2.0, 3.0]]]), np.array([[[1.0, 10.0]]]),
    ...                 stride=2)
    array([[[ 1.,  2., 13., 20., 30.]]])
    """
    input_shape = check_shape("input_shape", input_shape, 2, 5,
                              what="optional batch, channels and 1 to 3 spatial axes")
    weight_given = as_numeric_array("weight", weight)
    _, w, geo = validate_conv_call(placeholder(input_shape), weight_given, stride=stride,
                                   padding=padding, dilation=dilation, groups=groups)
    batched = len(input_shape) == w.ndim
    n = input_shape[0] if batched else 1
    g = _check_grad_out(grad_out, (n, w.shape[0], *geo.output_shape), batched)
    # conv's (C_out, C_in/G, k) is conv_transpose's (C_in, C_out/G, k) for the
    # reverse direction. Scatter without padding, then undo the forward padding:
    # cells the forward never read (the floor in the size formula) get zero.
    full = conv_transpose(g, w, stride=geo.stride, dilation=geo.dilation, groups=geo.groups)
    spatial = full.shape[2:]
    after = tuple(b + i - f for b, i, f in zip(geo.pad_before, geo.input_shape, spatial,
                                               strict=True))
    grad = pad_or_crop(full, tuple(-b for b in geo.pad_before), after)
    return grad if batched else grad[0]


def conv_weight_grad(
    x: np.ndarray,
    weight_shape: Sequence[int],
    grad_out: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple | str = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
) -> np.ndarray:
    """Gradient of a loss with respect to the kernel of :func:`tconv_lib.conv`.

    ``dL/dw[c_out, c_in, t] = sum_{n, y} grad_out[n, c_out, y] * x_pad[n, c_in, s y + d t]``:
    the padded input correlated with the upstream gradient, which is itself a
    convolution (stride ``d``, dilation ``s``). Same arguments as
    ``torch.nn.grad.conv{1,2,3}d_weight``.

    Parameters
    ----------
    x : array_like
        The forward input, ``(N, C_in, *spatial)`` or ``(C_in, *spatial)``.
    weight_shape : tuple of int
        Shape of the forward kernel, ``(C_out, C_in / groups, *k)``.
    grad_out : array_like
        Gradient of the loss with respect to the forward output.
    stride, padding, dilation, groups
        Those of the forward call (``padding`` may be ``'same'``/``'valid'``).

    Returns
    -------
    numpy.ndarray
        Array of shape ``weight_shape``.

    Examples
    --------
    >>> import numpy as np
    >>> conv_weight_grad(np.arange(5.0)[None, None], (1, 1, 3), np.array([[[1.0, 10.0]]]),
    ...                  stride=2)
    array([[[20., 31., 42.]]])
    """
    weight_shape = check_shape("weight_shape", weight_shape, 3, 5,
                               what="two channel axes and 1 to 3 spatial axes")
    x_given = as_numeric_array("x", x)
    x_arr, _, geo = validate_conv_call(x_given, placeholder(weight_shape), stride=stride,
                                       padding=padding, dilation=dilation, groups=groups)
    batched = x_given.ndim == len(weight_shape)
    g = _check_grad_out(grad_out, (x_arr.shape[0], weight_shape[0], *geo.output_shape), batched)
    dtype = result_dtype(x_arr, g)
    padded = pad_or_crop(x_arr.astype(dtype, copy=False), geo.pad_before, geo.pad_after)
    return _correlate_for_kernel(padded, g.astype(dtype, copy=False), geo)


def conv_transpose_weight_grad(
    x: np.ndarray,
    weight_shape: Sequence[int],
    grad_out: np.ndarray,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
) -> np.ndarray:
    """Gradient of a loss with respect to the kernel of :func:`tconv_lib.conv_transpose`.

    ``dL/dw[c_in, c_out, t] = sum_{n, m} x[n, c_in, m] * g_pad[n, c_out, s m + d t]``
    where ``g_pad`` is ``grad_out`` with ``padding`` zeros on each side: the
    kernel gradient of :func:`conv_weight_grad` with input and upstream
    gradient exchanged.

    Parameters
    ----------
    x : array_like
        The forward input, ``(N, C_in, *spatial)`` or ``(C_in, *spatial)``.
    weight_shape : tuple of int
        Shape of the forward kernel, ``(C_in, C_out / groups, *k)``.
    grad_out : array_like
        Gradient of the loss with respect to the forward output.
    stride, padding, output_padding, dilation, groups
        Those of the forward call.

    Returns
    -------
    numpy.ndarray
        Array of shape ``weight_shape``.

    Examples
    --------
    >>> import numpy as np
    >>> conv_transpose_weight_grad(np.array([[[1.0, 10.0]]]), (1, 1, 3),
    ...                            np.arange(5.0)[None, None], stride=2)
    array([[[20., 31., 42.]]])
    """
    weight_shape = check_shape("weight_shape", weight_shape, 3, 5,
                               what="two channel axes and 1 to 3 spatial axes")
    x_given = as_numeric_array("x", x)
    x_arr, _, geo = validate_conv_call(x_given, placeholder(weight_shape), stride=stride,
                                       padding=padding, dilation=dilation, groups=groups,
                                       output_padding=output_padding, transposed=True)
    batched = x_given.ndim == len(weight_shape)
    g = _check_grad_out(grad_out, (x_arr.shape[0], weight_shape[1] * geo.groups,
                                   *geo.output_shape), batched)
    dtype = result_dtype(x_arr, g)
    # The scatter writes cell s m + d t - p; padding grad_out by p re-indexes from 0.
    padded = pad_or_crop(g.astype(dtype, copy=False), geo.pad_before, geo.pad_after)
    return _correlate_for_kernel(padded, x_arr.astype(dtype, copy=False), geo)
