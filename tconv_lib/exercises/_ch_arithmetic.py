"""Checkers for the exercises of the chapter on convolution arithmetic (``ch-arithmetic``).

Each checker computes the expected value with the library's size functions and compares
the reader's answer with it; the hints point at the formula to use, never at the value.
"""

from __future__ import annotations

from .. import arithmetic
from .answers import same_int
from .registry import Exercise, register

CHAPTER = "ch-arithmetic"


def _pair(answer: object) -> tuple[object, object]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError("answer with a pair of ints, (first, second)")
    return answer[0], answer[1]


def _pool_size(i: int, k: int, ceil_mode: bool) -> int:
    pool = getattr(arithmetic, "pool_output_size", None)
    if pool is not None:
        return int(pool(i, k, ceil_mode=ceil_mode))
    # Until the library has pool_output_size: PyTorch's rule with the default stride k.
    if not ceil_mode:
        return arithmetic.conv_output_size(i, k, stride=k)
    o = arithmetic.conv_output_size(i + k - 1, k, stride=k)
    return o - 1 if (o - 1) * k >= i else o


def check_output_padding_pair(answer: object) -> str | None:
    """Exercise ex-arithmetic-1: the output paddings for 64 and for 63 (k=3, s=2, p=1).

    Examples
    --------
    >>> check_output_padding_pair((0, 0))
    'for 64: the output padding is the remainder that the floor of the size formula dropped'
    """
    first, second = _pair(answer)
    for size, given in ((64, first), (63, second)):
        expected = arithmetic.inverse_output_padding(size, 3, stride=2, padding=1)
        hint = same_int(given, expected,
                        f"for {size}: the output padding is the remainder that the floor "
                        "of the size formula dropped")
        if hint is not None:
            return hint
    return None


def check_dilated_same_padding(answer: object) -> str | None:
    """Exercise ex-arithmetic-2: the padding that keeps the size, k=3, d=2, stride 1.

    Examples
    --------
    >>> check_dilated_same_padding(1)
    'half padding must be taken of the dilated kernel, not of k'
    """
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise TypeError(f"got {type(answer).__name__}, not an int")
    if answer < 0:
        return "a padding is not negative"
    try:
        keeps = all(arithmetic.conv_output_size(i, 3, padding=answer, dilation=2) == i
                    for i in range(1, 12))
    except ValueError:  # the dilated kernel does not fit a small input
        keeps = False
    return None if keeps else (
        "half padding must be taken of the dilated kernel, not of k")


def check_pool_sizes(answer: object) -> str | None:
    """Exercise ex-arithmetic-4: 2 x 2 max pooling of 7 x 7, floor and ceil mode.

    Examples
    --------
    >>> check_pool_sizes((3, 3))
    'with ceil_mode=True a partial window that starts inside the input counts too'
    """
    floor_size, ceil_size = _pair(answer)
    hint = same_int(floor_size, _pool_size(7, 2, False),
                    "the stride of pooling defaults to the window size")
    if hint is not None:
        return hint
    return same_int(ceil_size, _pool_size(7, 2, True),
                    "with ceil_mode=True a partial window that starts inside the input "
                    "counts too")


register(Exercise("ex-arithmetic-1", CHAPTER, 1, "a pair of ints (for 64, for 63)",
                  check_output_padding_pair))
register(Exercise("ex-arithmetic-2", CHAPTER, 2, "an int (the padding)",
                  check_dilated_same_padding))
register(Exercise("ex-arithmetic-4", CHAPTER, 4, "a pair of ints (floor, ceil)",
                  check_pool_sizes))
