"""Checkers for the exercises of the chapter on gather and scatter (``ch-gather-scatter``).

The expected values are computed with ``tconv_lib.conv`` and ``tconv_lib.conv_transpose``
on the chapter's own example; the hints name the picture to use, never the numbers.
"""

from __future__ import annotations

import numpy as np

from ..ops import conv, conv_transpose
from .answers import close_array
from .registry import Exercise, register

CHAPTER = "ch-gather-scatter"


def _first_figure_output() -> np.ndarray:
    # The convolution of the chapter's first figure: i = 5, k = 3, s = 2, p = 1, with the
    # example values of the diagrams.
    from ..diagrams.presets import get_preset
    from ..diagrams.still import example_values

    config = get_preset("padding_strides").convolution()
    x, w = example_values(config)
    return conv(x[None, None], w[None, None], stride=2, padding=1)[0, 0]


def check_two_outputs(answer: object) -> str | None:
    """Exercise ex-gather-scatter-1: output cells (1, 2) and (2, 2) of the first figure.

    Examples
    --------
    >>> check_two_outputs((0, 0))
    'multiply each input value of the window by the weight over it and add; padding cells are 0'
    """
    y = _first_figure_output()
    return close_array(answer, np.array([y[1, 2], y[2, 2]]),
                       "multiply each input value of the window by the weight over it and "
                       "add; padding cells are 0")


def check_stride_one_scatter(answer: object) -> str | None:
    """Exercise ex-gather-scatter-2: the stride-1 scatter of u = (1, 10) with w = (1, 2, 3).

    Examples
    --------
    >>> check_stride_one_scatter([1, 2, 3, 10, 20, 30])
    'your array has shape (6,), the answer has shape (4,)'
    """
    u, w = np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]])
    expected = conv_transpose(u, w, stride=1)[0, 0]
    return close_array(answer, expected,
                       "lay 10·w one cell after 1·w and add the overlapping cells")


register(Exercise("ex-gather-scatter-1", CHAPTER, 1, "a pair of numbers (y12, y22)",
                  check_two_outputs))
register(Exercise("ex-gather-scatter-2", CHAPTER, 2, "an array of the output values",
                  check_stride_one_scatter))
