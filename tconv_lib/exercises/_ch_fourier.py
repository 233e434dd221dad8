"""Checkers for the exercises of the chapter on the Fourier view (``ch-fourier``).

Each checker decides with the library (image frequencies, the checkerboard-free test, the
DTFT) and never stores the answer; the hints point at the idea, never at the value.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..spectral import dtft, image_frequencies, is_checkerboard_free
from .answers import close_array
from .registry import Exercise, register

CHAPTER = "ch-fourier"


def check_image_amplitudes(answer: object) -> str | None:
    """Exercise ex-fourier-1: |W| of w = (1, ..., 6) at the image frequencies of s = 3.

    Examples
    --------
    >>> check_image_amplitudes([5, 7, 9])
    'your array has shape (3,), the answer has shape (2,)'
    """
    kernel = np.arange(1.0, 7.0)
    expected = np.abs(dtft(kernel, image_frequencies(3)))
    if np.iscomplexobj(np.asarray(answer)):
        return "give the amplitudes |W|, which are real numbers"
    return close_array(answer, expected,
                       "W at the s frequencies 2 pi l / s is the DFT of the phase sums; "
                       "list |W| for l = 1, 2")


def check_free_tap(answer: object) -> str | None:
    """Exercise ex-fourier-2: the middle tap c that makes (1, 2, c, 2, 1) free for s = 2.

    Examples
    --------
    >>> check_free_tap(4)
    'compare the sum of the even taps with the sum of the odd taps'
    """
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise TypeError("answer with a number")
    kernel = np.array([1.0, 2.0, float(answer), 2.0, 1.0])
    if is_checkerboard_free(kernel, 2):
        return None
    return "compare the sum of the even taps with the sum of the odd taps"


def check_free_not_hold(answer: object) -> str | None:
    """Exercise ex-fourier-3: a 3 x 3 kernel, free for s = 2, that is not a 2-D hold kernel.

    Examples
    --------
    >>> check_free_not_hold(np.ones((3, 3)))
    'its four phase sums (4, 2, 2, 1) differ: it has a checkerboard'
    >>> check_free_not_hold(np.ones((2, 2)))
    'the answer must be a 3 x 3 array'
    """
    try:
        kernel = np.asarray(answer, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("answer with a 3 x 3 array of numbers") from error
    if kernel.shape != (3, 3):
        return "the answer must be a 3 x 3 array"
    if not np.abs(kernel).sum() > 0:
        return "the zero kernel is trivially free; find a non-zero one"
    if not is_checkerboard_free(kernel, 2):
        sums = [kernel[r1::2, r2::2].sum() for r1 in range(2) for r2 in range(2)]
        shown = ", ".join(f"{value:g}" for value in sums)
        return f"its four phase sums ({shown}) differ: it has a checkerboard"
    line = np.linspace(0.0, 2 * np.pi, 17)
    on_lines = np.concatenate([dtft(kernel, [line, np.array([np.pi])]).ravel(),
                               dtft(kernel, [np.array([np.pi]), line]).ravel()])
    scale = np.abs(kernel).sum()
    if np.allclose(on_lines, 0, atol=1e-9 * scale):
        return ("free, but its response vanishes on the whole lines omega = pi: "
                "that is what a hold kernel does")
    return None


register(Exercise("ex-fourier-1", CHAPTER, 1, "a list of 2 amplitudes",
                  check_image_amplitudes))
register(Exercise("ex-fourier-2", CHAPTER, 2, "a number", check_free_tap))
register(Exercise("ex-fourier-3", CHAPTER, 3, "a 3 x 3 array", check_free_not_hold))
