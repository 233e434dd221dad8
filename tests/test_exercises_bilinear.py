"""The checkers of the bilinear chapter accept the book's solutions and reject mistakes."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl
from tconv_lib.exercises import exercise_number, exercises


def test_upsampled_signal() -> None:
    assert tl.check_exercise("ex-bilinear-1", [0, 1, 3, 5, 7, 6])
    assert not tl.check_exercise("ex-bilinear-1", [0, 1, 3, 5, 7, 8])  # clamped interpolation
    assert not tl.check_exercise("ex-bilinear-1", [0, 0, 1, 3, 5, 7, 6, 2])  # not cropped


def test_align_corners_kernel() -> None:
    assert tl.check_exercise("ex-bilinear-2", [1 / 3, 2 / 3, 1, 2 / 3, 1 / 3])
    assert not tl.check_exercise("ex-bilinear-2", tl.bilinear_kernel(3, ndim=1) * 0.9)
    verdict = tl.check_exercise("ex-bilinear-2", [0.25, 0.75, 0.75, 0.25])  # half-pixel kernel
    assert not verdict and "odd" in verdict.hint


def test_total_of_ones() -> None:
    assert tl.check_exercise("ex-bilinear-3", 529)
    assert tl.check_exercise("ex-bilinear-3", np.float64(23.0) ** 2)
    assert not tl.check_exercise("ex-bilinear-3", 576)  # the border ignored
    assert not tl.check_exercise("ex-bilinear-3", 24 * 23)  # one axis only
    verdict = tl.check_exercise("ex-bilinear-3", 576)
    assert "529" not in verdict.hint
    assert exercise_number(exercises()["ex-bilinear-3"]) == "8.3"
