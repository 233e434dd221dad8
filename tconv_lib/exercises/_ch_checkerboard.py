"""Checkers for the exercises of the chapter on checkerboard artifacts (``ch-checkerboard``)."""

from __future__ import annotations

import numpy as np

from ..overlap import overlap_period, uniform_overlap
from .answers import close_array
from .registry import Exercise, register

_CHAPTER = "ch-checkerboard"
_CONFIGS = ((6, 4, 1), (8, 4, 1), (4, 2, 3), (4, 2, 2))


def _even_overlap(answer: object) -> str | None:
    if not isinstance(answer, (list, tuple)) or len(answer) != len(_CONFIGS):
        raise TypeError(f"answer with a list of {len(_CONFIGS)} True/False values")
    if not all(isinstance(value, (bool, np.bool_)) for value in answer):
        raise TypeError("every entry must be True or False")
    expected = [uniform_overlap(k, s, d) for k, s, d in _CONFIGS]
    wrong = [n + 1 for n, (a, e) in enumerate(zip(answer, expected, strict=True)) if a != e]
    if not wrong:
        return None
    return (f"configuration(s) {wrong} are not right: the stride must divide k, and "
            "look at what a dilation sharing a factor with the stride does.")


def _symmetric_counterexample(answer: object) -> str | None:
    try:
        kernel = np.asarray(answer, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("answer with a 1-D array of 6 numbers") from error
    if kernel.shape != (6,):
        return f"the kernel must have 6 taps, yours has shape {kernel.shape}"
    if not np.allclose(kernel, kernel[::-1]):
        return "the kernel must be symmetric: w[t] = w[5 - t]"
    sums = [kernel[r::3].sum() for r in range(3)]
    if np.allclose(sums, sums[0]):
        return "its three phase sums are equal, so it maps a constant to a constant"
    return None


def _gradient_period(answer: object) -> str | None:
    expected = overlap_period(5, 3).astype(float)
    return close_array(answer, expected, "count, for each remainder modulo 3, the taps "
                       "t = 0, ..., 4 that have it.")


register(Exercise("ex-checkerboard-1", _CHAPTER, 1, "a list of 4 bools", _even_overlap))
register(Exercise("ex-checkerboard-2", _CHAPTER, 2, "a symmetric 6-tap kernel",
                  _symmetric_counterexample))
register(Exercise("ex-checkerboard-5", _CHAPTER, 5, "an array of 3 numbers", _gradient_period))
