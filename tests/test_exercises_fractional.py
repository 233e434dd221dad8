"""The checkers of the fractional-strides chapter accept its solutions and reject mistakes."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl


def test_zero_insertion_example():
    assert tl.check_exercise("ex-fractional-1", [-2, 1, -1])
    assert tl.check_exercise("5.1", np.array([-2.0, 1.0, -1.0]))
    assert not tl.check_exercise("ex-fractional-1", [2, -1, 1])  # the kernel not flipped
    wrong = tl.check_exercise("ex-fractional-1", [-2, 1, -1, 0])  # a added after cropping
    assert not wrong and "shape" in wrong.hint


def test_input_sizes():
    assert tl.check_exercise("ex-fractional-2", [10, 11])
    assert tl.check_exercise("ex-fractional-2", (11, 10))
    assert not tl.check_exercise("ex-fractional-2", [10])  # only the remainder 0
    hint = tl.check_exercise("ex-fractional-2", [9, 10]).hint
    assert "10" not in hint and "11" not in hint
    assert not tl.check_exercise("ex-fractional-2", "10, 11")


def test_exact_upsampling():
    assert tl.check_exercise("ex-fractional-4", lambda k, s, p: k == s + 2 * p)
    assert tl.check_exercise("5.4", lambda k, s, p: k - 2 * p == s)
    wrong = tl.check_exercise("ex-fractional-4", lambda k, s, p: k == s)  # padding forgotten
    assert not wrong and "k = 1, s = 1, p = 1" in wrong.hint
    assert "s + 2" not in wrong.hint and "2p" not in wrong.hint and "2 * p" not in wrong.hint
    assert not tl.check_exercise("ex-fractional-4", lambda k, s, p: k == 2 * s)  # the 4/2 case
    assert not tl.check_exercise("ex-fractional-4", "k = s + 2p")  # not a function
