"""Bilinear interpolation as a transposed convolution (the FCN/Caffe upsampler).

Upsampling by an integer factor ``f`` with a separable triangle kernel of size
``K = 2f - f mod 2``, stride ``f`` and padding ``ceil((f - 1) / 2)`` gives an
output of exactly ``f`` times the input size, equal to bilinear interpolation
with half-pixel centres wherever the interpolation does not reach past the
border; there the transposed convolution sees zeros instead of repeated edge
values.
"""

from __future__ import annotations

import numpy as np

from ._checks import ConvArgumentError, as_numeric_array, check_int
from .ops import conv_transpose

__all__ = ["bilinear_kernel", "bilinear_padding", "bilinear_upsample", "bilinear_weight"]

_SUPPORTED_NDIM = (1, 2, 3)


def _check_ndim(ndim: object) -> int:
    ndim = check_int("ndim", ndim, 1)
    if ndim not in _SUPPORTED_NDIM:
        raise ConvArgumentError(f"ndim must be 1, 2 or 3 (spatial dimensions), got {ndim}",
                                "wrong_ndim")
    return ndim


def bilinear_kernel(factor: int, ndim: int = 2) -> np.ndarray:
    """The fixed kernel that upsamples by ``factor`` with bilinear interpolation.

    Along each axis the kernel has ``K = 2f - f mod 2`` taps
    ``1 - |t - c| / f`` for ``t = 0 .. K-1``, centred on ``c = f - 1`` when
    ``K`` is odd and ``c = f - 1/2`` when ``K`` is even (FCN's
    ``upsample_filt``, Caffe's ``BilinearFiller``). In several dimensions it is
    the outer product of the 1-D kernels.

    Parameters
    ----------
    factor : int
        Upsampling factor ``f >= 1`` (the stride of the transposed convolution).
    ndim : int
        Number of spatial dimensions: 1, 2 or 3.

    Returns
    -------
    numpy.ndarray
        Float64 array of shape ``(K,) * ndim``.

    Examples
    --------
    >>> bilinear_kernel(2, ndim=1)
    array([0.25, 0.75, 0.75, 0.25])
    >>> bilinear_kernel(3, ndim=1).round(3)
    array([0.333, 0.667, 1.   , 0.667, 0.333])
    """
    factor = check_int("factor", factor, 1)
    ndim = _check_ndim(ndim)
    size = 2 * factor - factor % 2
    centre = factor - 1 if size % 2 else factor - 0.5
    taps = 1 - np.abs(np.arange(size) - centre) / factor
    kernel = taps
    for _ in range(ndim - 1):
        kernel = np.multiply.outer(kernel, taps)
    return kernel


def bilinear_padding(factor: int) -> int:
    """Padding ``ceil((f - 1) / 2)`` that makes the output exactly ``f`` times larger.

    With ``K = 2f - f mod 2`` and this padding, ``(i - 1) f - 2p + K = f i``.

    Examples
    --------
    >>> [bilinear_padding(f) for f in (1, 2, 3, 4, 32)]
    [0, 1, 1, 2, 16]
    """
    factor = check_int("factor", factor, 1)
    return factor // 2


def bilinear_weight(
    channels: int, factor: int, ndim: int = 2, *, grouped: bool = True
) -> np.ndarray:
    """A ``conv_transpose`` weight that upsamples each of ``channels`` channels alone.

    Parameters
    ----------
    channels : int
        Number of channels ``C >= 1``.
    factor : int
        Upsampling factor ``f >= 1``.
    ndim : int
        Number of spatial dimensions: 1, 2 or 3.
    grouped : bool
        ``True``: shape ``(C, 1, *K)``, for ``conv_transpose(..., groups=C)``
        (Caffe's ``group: C``). ``False``: shape ``(C, C, *K)`` with the kernel
        on the channel diagonal and zeros elsewhere, for ``groups=1`` (what
        FCN's ``interp`` writes into a full layer).

    Returns
    -------
    numpy.ndarray
        The weight, float64.

    Examples
    --------
    >>> bilinear_weight(3, 2).shape, bilinear_weight(3, 2, grouped=False).shape
    ((3, 1, 4, 4), (3, 3, 4, 4))
    >>> bool(bilinear_weight(3, 2, grouped=False)[0, 1].any())
    False
    """
    channels = check_int("channels", channels, 1)
    kernel = bilinear_kernel(factor, ndim)
    if grouped:
        return np.broadcast_to(kernel, (channels, 1, *kernel.shape)).copy()
    weight = np.zeros((channels, channels, *kernel.shape))
    weight[np.arange(channels), np.arange(channels)] = kernel
    return weight


def bilinear_upsample(x: np.ndarray, factor: int) -> np.ndarray:
    """Upsample every channel by ``factor`` with the bilinear transposed convolution.

    ``conv_transpose(x, bilinear_weight(C, f), stride=f, padding=ceil((f-1)/2),
    groups=C)``: the output is exactly ``f`` times the input along every
    spatial axis.

    Parameters
    ----------
    x : array_like
        Shape ``(N, C, *spatial)`` with 1 to 3 spatial axes.
    factor : int
        Upsampling factor ``f >= 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, C, *(f * spatial))``.

    Examples
    --------
    >>> import numpy as np
    >>> bilinear_upsample(np.array([[[0.0, 4.0, 8.0]]]), 2)
    array([[[0., 1., 3., 5., 7., 6.]]])
    """
    x = as_numeric_array("x", x)
    if x.ndim not in (3, 4, 5):
        raise ConvArgumentError(
            f"x must have shape (N, C, *spatial) with 1 to 3 spatial axes, got shape {x.shape}",
            "wrong_ndim")
    channels = x.shape[1]
    factor = check_int("factor", factor, 1)
    weight = bilinear_weight(channels, factor, x.ndim - 2)
    return conv_transpose(x, weight, stride=factor, padding=bilinear_padding(factor),
                          groups=channels)
