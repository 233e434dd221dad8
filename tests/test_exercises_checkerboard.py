"""The checkers of the checkerboard chapter accept the book's solutions and reject mistakes."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl
from tconv_lib.exercises import exercise_number, exercises


def test_even_overlap_checker() -> None:
    assert tl.check_exercise("ex-checkerboard-1", [False, True, True, False])
    # the typical mistake: ignoring the dilation's common factor with the stride
    verdict = tl.check_exercise("ex-checkerboard-1", [False, True, True, True])
    assert not verdict and "4" in verdict.hint
    assert not tl.check_exercise("ex-checkerboard-1", [1, 0, 1, 0])  # not bools


def test_counterexample_checker() -> None:
    assert tl.check_exercise("ex-checkerboard-2", np.array([0.0, 1, 0, 0, 1, 0]))
    assert not tl.check_exercise("ex-checkerboard-2", [1, 2, 3, 3, 2, 1])  # 2b = a + c
    assert not tl.check_exercise("ex-checkerboard-2", [0, 1, 0, 0, 0, 1])  # not symmetric
    assert not tl.check_exercise("ex-checkerboard-2", [0, 1, 0, 1])


def test_gradient_period_checker() -> None:
    x = np.zeros((1, 1, 30))
    up = np.ones_like(tl.conv(x, np.ones((1, 1, 5)), stride=3))
    gradient = tl.conv_input_grad(x.shape, np.ones((1, 1, 5)), up, stride=3)[0, 0]
    assert tl.check_exercise("ex-checkerboard-5", gradient[9:12])
    assert not tl.check_exercise("ex-checkerboard-5", [2, 1, 2])  # taps counted from 1
    verdict = tl.check_exercise("ex-checkerboard-5", [2, 2, 1, 2])
    assert not verdict and "shape" in verdict.hint
    assert exercise_number(exercises()["ex-checkerboard-5"]) == "10.5"
