"""The checkers of the gather-and-scatter chapter accept its solutions and reject mistakes."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl


def _figure_output():
    conv = tl.get_preset("padding_strides").convolution()
    x, w = tl.example_values(conv)
    return tl.conv(x[None, None], w[None, None], stride=2, padding=1)[0, 0]


def test_two_outputs_of_the_first_figure():
    y = _figure_output()
    assert tl.check_exercise("ex-gather-scatter-1", (y[1, 2], y[2, 2]))
    assert tl.check_exercise("1.1", [21, 14])  # the hand computation of the solution
    # A typical mistake: forgetting that the padding is zero and reading the kernel at the
    # border as if the window wrapped around; and swapping the two cells.
    assert not tl.check_exercise("ex-gather-scatter-1", (14, 21))
    assert not tl.check_exercise("ex-gather-scatter-1", (y[1, 1], y[2, 2]))
    assert "(1, 2)" not in tl.check_exercise("ex-gather-scatter-1", (0, 0)).hint


def test_stride_one_scatter():
    assert tl.check_exercise("ex-gather-scatter-2", [1, 12, 23, 30])
    assert not tl.check_exercise("ex-gather-scatter-2", [1, 2, 13, 20, 30])  # stride 2
    wrong = tl.check_exercise("ex-gather-scatter-2", np.array([1, 2, 3, 10, 20, 30]))
    assert not wrong and "shape" in wrong.hint  # copies laid side by side, no overlap
    assert "12" not in tl.check_exercise("ex-gather-scatter-2", [0, 0, 0, 0]).hint
