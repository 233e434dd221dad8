"""Checkers for the exercises of the chapter on the matrix of a convolution (``ch-matrix``).

The expected values come from ``tconv_lib.conv_matrix`` and the size functions; the hints
point at the structure of ``C``, never at the numbers.
"""

from __future__ import annotations

import numpy as np

from ..arithmetic import inverse_output_padding
from ..matrix import conv_matrix
from .answers import same_int
from .registry import Exercise, register

CHAPTER = "ch-matrix"


def check_nonzero_count(answer: object) -> str | None:
    """Exercise ex-matrix-1: the non-zeros of C for i = 7, K = 3, s = 2, p = 1.

    Examples
    --------
    >>> check_nonzero_count(12)
    'some taps of the first and last rows fall on padding, which C has no column for'
    """
    expected = int(np.count_nonzero(conv_matrix((7,), np.ones(3), stride=2, padding=1)))
    return same_int(answer, expected,
                    "some taps of the first and last rows fall on padding, which C has no "
                    "column for")


def check_output_padding_for_nine(answer: object) -> str | None:
    """Exercise ex-matrix-4: the output padding that gives back 9 cells (K = 4, s = 3, p = 1).

    Examples
    --------
    >>> check_output_padding_for_nine(0)
    'the output padding is the remainder the floor dropped when the convolution shrank the input'
    """
    return same_int(answer, inverse_output_padding(9, 4, stride=3, padding=1),
                    "the output padding is the remainder the floor dropped when the "
                    "convolution shrank the input")


register(Exercise("ex-matrix-1", CHAPTER, 1, "an int (the number of non-zeros)",
                  check_nonzero_count))
register(Exercise("ex-matrix-4", CHAPTER, 4, "an int (the output padding)",
                  check_output_padding_for_nine))
