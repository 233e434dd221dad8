"""Checkers for the exercises of the chapter on bilinear upsampling (``ch-bilinear``)."""

from __future__ import annotations

import numpy as np

from ..bilinear import bilinear_upsample
from ..ops import conv_transpose
from .answers import close_array
from .registry import Exercise, register

_CHAPTER = "ch-bilinear"


def _upsampled_signal(answer: object) -> str | None:
    signal = np.array([[[0.0, 4.0, 8.0]]])
    expected = bilinear_upsample(signal, 2)[0, 0]
    return close_array(answer, expected, "lay the kernel, scaled by each input value, every "
                       "2 cells, add the copies, then drop one cell at each end (p = 1).")


def _align_corners_kernel(answer: object) -> str | None:
    # The right kernel reproduces np.interp at u_y = y / f with stride f, padding f - 1.
    f, i = 3, 5
    try:
        kernel = np.asarray(answer, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("answer with a 1-D array of taps") from error
    if kernel.shape != (2 * f - 1,):
        return (f"the kernel has an odd number of taps, centred on a tap; yours has "
                f"shape {kernel.shape}")
    x = np.arange(1.0, i + 1)
    y = conv_transpose(x[None, None], kernel[None, None], stride=f, padding=f - 1)[0, 0]
    expected = np.interp(np.arange(f * (i - 1) + 1) / f, np.arange(i), x)
    if np.allclose(y, expected):
        return None
    return ("with u_y = y / f every f-th output cell sits on an input centre: which weight "
            "does linear interpolation give a cell j steps away from it?")


def _total_of_ones(answer: object) -> str | None:
    # The sum of all outputs of a 6 x 6 image of ones upsampled by f = 4.
    edge = bilinear_upsample(np.ones((1, 1, 6, 6)), 4)[0, 0]
    return close_array(answer, np.asarray(edge.sum()), "the layer is separable: find the "
                       "sum of one upsampled row of ones first. Only the border cells, p "
                       "at each end, keep less than the full value.")


register(Exercise("ex-bilinear-1", _CHAPTER, 1, "an array of 6 numbers", _upsampled_signal))
register(Exercise("ex-bilinear-2", _CHAPTER, 2, "an array of 5 taps", _align_corners_kernel))
register(Exercise("ex-bilinear-3", _CHAPTER, 3, "a number", _total_of_ones))
