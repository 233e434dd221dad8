"""Checkers for the exercises of the explorer chapter (``ch-explore``).

Every expected value is computed with the library (output sizes, the matrix of the
convolution); the hints name the panel of the explorer to use, never the numbers.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

from ..arithmetic import conv_transpose_output_size
from ..matrix import conv_matrix
from ..web import CONTROL_LIMITS
from .answers import same_int
from .registry import Exercise, register

CHAPTER = "ch-explore"


def _pair(answer: object) -> tuple[int, int]:
    if (not isinstance(answer, (tuple, list)) or len(answer) != 2
            or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in answer)):
        raise TypeError("the answer is a pair of ints (p, a)")
    return int(answer[0]), int(answer[1])


def _sizes(p: int, a: int, i: int, k: int, s: int) -> int | None:
    try:
        return conv_transpose_output_size(i, k, s, p, a)
    except ValueError:
        return None


def check_decoder_padding(answer: object) -> str | None:
    """Exercise ex-explore-1: the (p, a) that turn 4 × 4 into 8 × 8 with k = 4, s = 2.

    Examples
    --------
    >>> check_decoder_padding((0, 0))
    'the formula panel shows o for your p and a: it should read 8'
    """
    p, a = _pair(answer)
    fits = [(q, b) for q in range(CONTROL_LIMITS["padding"][1] + 1) for b in range(2)
            if _sizes(q, b, 4, 4, 2) == 8]
    if (p, a) in fits:
        return None
    if _sizes(p, a, 4, 4, 2) is None:
        return "the explorer refuses this pair: read its message"
    return "the formula panel shows o for your p and a: it should read 8"


def check_overlapping_cells(answer: object) -> str | None:
    """Exercise ex-explore-2: the output cells that receive two products.

    Examples
    --------
    >>> check_overlapping_cells([0])
    'count the outlined entries of each row in the matrix view, or step through the scatter view'
    """
    if not isinstance(answer, Iterable):
        raise TypeError("the answer is a list of output cell indices")
    try:
        cells = sorted(int(c) for c in answer)
    except (TypeError, ValueError) as error:
        raise TypeError("the answer is a list of output cell indices") from error
    w = np.ones(3)
    matrix = conv_matrix((conv_transpose_output_size(4, 3, 2),), w, stride=2).T
    expected = np.flatnonzero((matrix != 0).sum(axis=1) == 2).tolist()
    if cells == expected:
        return None
    return ("count the outlined entries of each row in the matrix view, or step through the "
            "scatter view")


def check_nonzeros(answer: object) -> str | None:
    """Exercise ex-explore-3: the number of non-zero entries of Cᵀ.

    Examples
    --------
    >>> check_nonzeros(81)
    'count per axis first, then multiply the two counts'
    """
    w = np.ones((3, 3))
    count = int((conv_matrix((6, 6), w, stride=2, padding=1) != 0).sum())
    return same_int(answer, count, "count per axis first, then multiply the two counts")


def check_doubling(answer: object) -> str | None:
    """Exercise ex-explore-4: the (p, a) that double every input size with k = 3, s = 2.

    Examples
    --------
    >>> check_doubling((0, 0))
    'try two input sizes with the same p and a: both outputs must be twice the input'
    """
    p, a = _pair(answer)
    if all(_sizes(p, a, i, 3, 2) == 2 * i for i in range(1, CONTROL_LIMITS["i"][1] + 1)):
        return None
    if _sizes(p, a, 4, 3, 2) is None:
        return "the explorer refuses this pair: read its message"
    return "try two input sizes with the same p and a: both outputs must be twice the input"


register(Exercise("ex-explore-1", CHAPTER, 1, "a pair (p, a)", check_decoder_padding))
register(Exercise("ex-explore-2", CHAPTER, 2, "a list of output cells", check_overlapping_cells))
register(Exercise("ex-explore-3", CHAPTER, 3, "an int", check_nonzeros))
register(Exercise("ex-explore-4", CHAPTER, 4, "a pair (p, a)", check_doubling))
