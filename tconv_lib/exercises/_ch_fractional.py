"""Checkers for the exercises of the chapter on fractional strides (``ch-fractional``).

The expected values come from ``tconv_lib.conv_transpose`` and the size functions; the hints
name the step of the zero-insertion construction to revisit.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..arithmetic import conv_output_size, conv_transpose_output_size
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


def _multiplies_every_size(k: int, s: int, p: int) -> bool:
    # The library's answer: the size is s * i for every input size i (d = 1, a = 0).
    for i in range(1, 9):
        try:
            if conv_transpose_output_size(i, k, s, p) != s * i:
                return False
        except ValueError:  # no output cell left: not s * i either
            return False
    return True


def check_exact_upsampling(answer: object) -> str | None:
    """Exercise ex-fractional-4: when is the output exactly s times the input (d = 1, a = 0)?

    The answer is a condition, given as a function ``condition(k, s, p) -> bool``; it is
    compared with the library's output sizes for every k <= 8, s <= 4, p <= 3.

    Examples
    --------
    >>> check_exact_upsampling(lambda k, s, p: k == s)
    'your condition is wrong for k = 1, s = 1, p = 1: compare the size formula with s i for every i'
    """
    if not callable(answer):
        raise TypeError(f"got {type(answer).__name__}, not a function condition(k, s, p)")
    for k in range(1, 9):
        for s in range(1, 5):
            for p in range(4):
                if bool(answer(k, s, p)) != _multiplies_every_size(k, s, p):
                    return (f"your condition is wrong for k = {k}, s = {s}, p = {p}: compare "
                            "the size formula with s i for every i")
    return None


register(Exercise("ex-fractional-1", CHAPTER, 1, "an array of the output values",
                  check_zero_insertion_example))
register(Exercise("ex-fractional-2", CHAPTER, 2, "a list of ints (the input sizes)",
                  check_input_sizes))
register(Exercise("ex-fractional-4", CHAPTER, 4, "a function condition(k, s, p) -> bool",
                  check_exact_upsampling))
