"""Checkers for the exercises of the chapter on the delta-function derivation (``ch-delta``).

The expected values come from the centred matrices of ``tconv_lib.symbolic`` (which rows and
columns of ``C`` can be non-zero) and its library view; the hints restate the support rule.
"""

from __future__ import annotations

from .answers import same_int
from .registry import Exercise, register

CHAPTER = "ch-delta"


def check_rows_and_padding(answer: object) -> str | None:
    """Exercise ex-delta-1: the largest output position and the library padding (N=3, m=1, s=2).

    Examples
    --------
    >>> check_rows_and_padding((1, 2))
    'an output y sees the signal when its window [s y - m, s y + m] meets [-N, N]'
    """
    from ..symbolic import centred_conv_matrix, centred_library_view

    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError("answer with a pair of ints, (largest_y, padding)")
    largest, padding = answer
    hint = same_int(largest, max(centred_conv_matrix(3, 1, 2).y),
                    "an output y sees the signal when its window [s y - m, s y + m] meets "
                    "[-N, N]")
    if hint is not None:
        return hint
    return same_int(padding, centred_library_view(3, 1, 2).padding,
                    "the padding p starts the library's first window p cells before input -N; "
                    "it must start where the window of output -Y does, at -s Y - m")


def check_transpose_support(answer: object) -> str | None:
    """Exercise ex-delta-3: the largest |x| where K_s^T u can be non-zero (m=1, s=2, M=1).

    Examples
    --------
    >>> check_transpose_support(2)
    'the transpose spreads each output position y over the inputs x with |s y - x| <= m'
    """
    import sympy as sp

    from ..symbolic import centred_conv_matrix

    centred = centred_conv_matrix(6, 1, 2)
    u = sp.Matrix([sp.Symbol(f"u_{y}") if abs(y) <= 1 else 0 for y in centred.y])
    reached = [x for x, entry in zip(centred.x, centred.matrix.T * u, strict=True)
               if entry != 0]
    return same_int(answer, max(abs(x) for x in reached),
                    "the transpose spreads each output position y over the inputs x with "
                    "|s y - x| <= m")


register(Exercise("ex-delta-1", CHAPTER, 1, "a pair of ints (largest_y, padding)",
                  check_rows_and_padding))
register(Exercise("ex-delta-3", CHAPTER, 3, "an int (the largest |x|)",
                  check_transpose_support))
