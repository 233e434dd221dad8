"""How many kernel placements of a transposed convolution touch each output cell.

A transposed convolution lays a copy of the kernel at every input cell, ``s``
cells apart. Where the copies overlap unevenly, a constant input already gives
a periodic output: the root of checkerboard artifacts (Odena, Dumoulin & Olah
2016). Along one axis, output cell ``y`` sits at ``z = y + p`` on the unpadded
canvas and receives the taps ``t`` with ``z = s x + d t`` for some input cell
``x``. Away from the borders only the residue of ``z`` modulo ``s`` matters, so
the count is periodic with period ``s``; in several dimensions it is the
product of the per-axis counts.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from ._checks import as_tuple, check_int, check_shape, placeholder
from .arithmetic import IntOrTuple, validate_conv_call

__all__ = ["overlap_count", "overlap_period", "uniform_overlap"]


def _as_shape(input_shape: object) -> tuple[int, ...]:
    if isinstance(input_shape, numbers.Integral) and not isinstance(input_shape, bool):
        input_shape = (input_shape,)
    return check_shape("input_shape", input_shape, 1, 3, what="spatial dimensions")


def _axis_count(i: int, k: int, s: int, d: int, p: int, o: int) -> np.ndarray:
    """Placements touching each of the ``o`` output cells along one axis."""
    # Every (input cell, tap) pair lands on canvas cell s*x + d*t; the output is
    # the canvas from p on.
    landing = (s * np.arange(i)[:, None] + d * np.arange(k)[None, :]).ravel() - p
    landing = landing[(landing >= 0) & (landing < o)]
    return np.bincount(landing, minlength=o)


def overlap_count(
    input_shape: int | Sequence[int],
    k: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> np.ndarray:
    """Number of kernel placements that touch each output cell of a transposed convolution.

    Equal to ``conv_transpose`` of an all-ones input with an all-ones kernel,
    but computed by counting, axis by axis.

    Parameters
    ----------
    input_shape : int or tuple of int
        Spatial shape of the transposed convolution's input (1 to 3 axes; an
        int means one axis).
    k : int or tuple of int
        Kernel size, one per axis or one for all.
    stride, padding, output_padding, dilation : int or tuple of int
        As in :func:`tconv_lib.conv_transpose`.

    Returns
    -------
    numpy.ndarray
        Integer array of the output's spatial shape.

    Examples
    --------
    >>> overlap_count(5, 3, stride=2)
    array([1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1])
    >>> overlap_count((3, 3), 4, stride=2, padding=1)
    array([[1, 2, 2, 2, 2, 1],
           [2, 4, 4, 4, 4, 2],
           [2, 4, 4, 4, 4, 2],
           [2, 4, 4, 4, 4, 2],
           [2, 4, 4, 4, 4, 2],
           [1, 2, 2, 2, 2, 1]])
    """
    shape = _as_shape(input_shape)
    ndim = len(shape)
    # An int k names the offending axis too (k[0]), as a tuple would.
    per_axis = (k,) * ndim if isinstance(k, numbers.Integral) else k
    kernel = as_tuple("k", per_axis, ndim, 1)
    # The full call validation on placeholders: broadcast views cost no memory.
    _, _, geo = validate_conv_call(placeholder((1, 1, *shape)), placeholder((1, 1, *kernel)),
                                   stride=stride, padding=padding,
                                   dilation=dilation, output_padding=output_padding,
                                   transposed=True)
    counts = [
        _axis_count(i, kk, s, d, p, o)
        for i, kk, s, d, p, o in zip(shape, kernel, geo.stride, geo.dilation, geo.pad_before,
                                     geo.output_shape, strict=True)
    ]
    result = counts[0]
    for axis_count in counts[1:]:
        result = np.multiply.outer(result, axis_count)
    return result


def overlap_period(k: int, stride: int, dilation: int = 1) -> np.ndarray:
    """The overlap count away from the borders, one period long (1-D).

    Entry ``r`` counts the taps ``t`` in ``0 .. k-1`` with ``d t = r (mod s)``:
    the number of placements that reach an output cell ``y`` with
    ``(y + padding) mod s = r`` once every tap can land there, i.e. for
    ``d(k - 1) <= y + padding <= s(i - 1)``.

    Parameters
    ----------
    k, stride, dilation : int
        Kernel size, stride ``s`` and dilation ``d`` along one axis.

    Returns
    -------
    numpy.ndarray
        Integer array of length ``s``; it sums to ``k``.

    Examples
    --------
    >>> overlap_period(3, 2)
    array([2, 1])
    >>> overlap_period(3, 2, dilation=2)
    array([3, 0])
    """
    k = check_int("k", k, 1)
    stride = check_int("stride", stride, 1)
    dilation = check_int("dilation", dilation, 1)
    return np.bincount(dilation * np.arange(k) % stride, minlength=stride)


def uniform_overlap(k: int, stride: int, dilation: int = 1) -> bool:
    """Whether every output cell away from the borders is touched equally often (1-D).

    True exactly when ``s`` divides ``k`` and ``gcd(s, d) = 1``. With
    ``gcd(s, d) = g > 1`` the taps only reach cells whose position is a
    multiple of ``g``: the others get no contribution at all. In several
    dimensions the overlap is uniform when it is uniform along every axis.

    Examples
    --------
    >>> uniform_overlap(4, 2), uniform_overlap(3, 2), uniform_overlap(4, 2, dilation=2)
    (True, False, False)
    """
    k = check_int("k", k, 1)
    stride = check_int("stride", stride, 1)
    dilation = check_int("dilation", dilation, 1)
    return k % stride == 0 and math.gcd(stride, dilation) == 1
