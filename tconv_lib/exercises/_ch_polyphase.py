"""Checkers for the exercises of the chapter on the polyphase view (``ch-polyphase``).

Each checker computes the expected value with the library (phase sums of impulses, the
sub-pixel weight shuffle, the polyphase singular values) and compares the reader's answer
with it; the hints point at the idea, never at the value.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..multirate import subpixel_weights
from ..ops import conv_transpose
from ..spectral import periodic_singular_values
from .answers import close_array, same_shape
from .registry import Exercise, register

CHAPTER = "ch-polyphase"


def _taps_of_phase(k: int, stride: int, padding: int, phase: int) -> list[int]:
    """The taps that reach output phase ``phase``, found by sending each tap alone."""
    ones = np.ones((1, 1, 2 * k + 2))
    taps = []
    for t in range(k):
        impulse = np.zeros((1, 1, k))
        impulse[0, 0, t] = 1.0
        if conv_transpose(ones, impulse, stride, padding)[0, 0, phase::stride].any():
            taps.append(t)
    return taps


def check_phase_taps(answer: object) -> str | None:
    """Exercise ex-polyphase-1: the taps of output phase 0 for k = 5, s = 2, p = 1.

    Examples
    --------
    >>> check_phase_taps([0, 2, 4])
    'the padding shifts the phases: output cell o sits at position o + p of the uncropped output'
    """
    if not isinstance(answer, (list, tuple)) or any(
            isinstance(t, bool) or not isinstance(t, numbers.Integral) for t in answer):
        raise TypeError("answer with a list of tap indices, e.g. [0, 2]")
    if sorted(int(t) for t in answer) == _taps_of_phase(5, 2, 1, 0):
        return None
    if sorted(int(t) for t in answer) == _taps_of_phase(5, 2, 0, 0):
        return ("the padding shifts the phases: output cell o sits at position o + p of the "
                "uncropped output")
    return "a tap t reaches the cells whose uncropped position has the residue of t modulo s"


def check_subpixel_shape(answer: object) -> str | None:
    """Exercise ex-polyphase-2: the sub-pixel weight shape for a (16, 8, 6, 6) weight, s = 3.

    Examples
    --------
    >>> check_subpixel_shape((8, 16, 6, 6))
    'one output channel per phase: C_out s^2 channels, kernels of size k / s'
    """
    expected = subpixel_weights(np.zeros((16, 8, 6, 6)), 3).shape
    return same_shape(answer, expected,
                      "one output channel per phase: C_out s^2 channels, kernels of size k / s")


def check_periodic_singular_values(answer: object) -> str | None:
    """Exercise ex-polyphase-3: singular values of the periodic stride-2 (1, 2, 1) on 8 samples.

    Examples
    --------
    >>> check_periodic_singular_values([2.0, 2.0, 2.0, 2.0])
    'add |DFT|^2 of the two polyphase components at each of the n / s frequencies'
    """
    expected = periodic_singular_values(8, np.array([1.0, 2.0, 1.0]), 2)
    given = np.asarray(answer, dtype=float) if isinstance(answer, (list, tuple, np.ndarray)) \
        else answer
    if isinstance(given, np.ndarray) and given.shape == expected.shape:
        if np.allclose(np.sort(given)[::-1], expected) and not np.allclose(given, expected):
            return "right values; list them largest first"
    return close_array(answer, expected,
                       "add |DFT|^2 of the two polyphase components at each of the n / s "
                       "frequencies")


register(Exercise("ex-polyphase-1", CHAPTER, 1, "a list of tap indices", check_phase_taps))
register(Exercise("ex-polyphase-2", CHAPTER, 2, "a shape tuple", check_subpixel_shape))
register(Exercise("ex-polyphase-3", CHAPTER, 3, "an array of 4 numbers, largest first",
                  check_periodic_singular_values))
