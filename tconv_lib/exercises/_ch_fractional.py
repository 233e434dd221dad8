"""Checkers for the exercises of the chapter on fractional strides (``ch-fractional``).

The expected values come from ``tconv_lib.conv_transpose`` and the size functions; the hints
name the step of the zero-insertion construction to revisit.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..arithmetic import conv_output_size
from ..ops import conv_transpose
from .answers import close_array
from .registry import Exercise, register

CHAPTER = "ch-fractional"


def check_zero_insertion_example(answer: object) -> str | None:
    """Exercise ex-fractional-1: u = (2, 1), w = (1, -1), s = 2, p = 1, a = 1.

    Examples
    --------
    >>> check_zero_insertion_example([-2, 1, -1, 0])
    'your array has shape (4,), the answer has shape (3,)'
    """
    expected = conv_transpose(np.array([[[2.0, 1.0]]]), np.array([[[1.0, -1.0]]]),
                              stride=2, padding=1, output_padding=1)[0, 0]
    return close_array(answer, expected,
                       "pad by d(k - 1) - p before and by that plus a after, and slide the "
                       "flipped kernel")


def check_input_sizes(answer: object) -> str | None:
    """Exercise ex-fractional-2: the input sizes that k = 4, s = 2, p = 1 maps to 5 cells.

    Examples
    --------
    >>> check_input_sizes([9, 10])
    'the sizes are s(o - 1) + d(k - 1) + 1 - 2p + a for the s remainders a'
    """
    if not isinstance(answer, (tuple, list, set)):
        raise TypeError(f"got {type(answer).__name__}, not a list of sizes")
    if any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in answer):
        raise TypeError("every size is an int")
    expected = [i for i in range(4, 40) if conv_output_size(i, 4, 2, 1) == 5]
    if sorted(int(v) for v in answer) == expected:
        return None
    return "the sizes are s(o - 1) + d(k - 1) + 1 - 2p + a for the s remainders a"


register(Exercise("ex-fractional-1", CHAPTER, 1, "an array of the output values",
                  check_zero_insertion_example))
register(Exercise("ex-fractional-2", CHAPTER, 2, "a list of ints (the input sizes)",
                  check_input_sizes))
