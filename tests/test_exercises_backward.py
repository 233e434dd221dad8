"""The checkers of the backward-pass chapter accept the book's solutions and reject mistakes."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl
from tconv_lib.exercises import exercise_number, exercises


def test_input_gradient() -> None:
    assert tl.check_exercise("ex-backward-1", [1, 2, 13, 20, 30])
    assert not tl.check_exercise("ex-backward-1", [1, 2, 3, 20, 30])  # overwrote, did not add
    assert not tl.check_exercise("ex-backward-1", [20, 31, 42])  # the kernel gradient


def test_output_padding() -> None:
    assert tl.check_exercise("ex-backward-2", 1)
    assert not tl.check_exercise("ex-backward-2", 0)
    assert not tl.check_exercise("ex-backward-2", 1.0)


def test_tight_kernel() -> None:
    assert tl.check_exercise("ex-backward-4", [0.5, 0.5, 0.5, -0.5])
    assert tl.check_exercise("ex-backward-4", [0.6, 0.0, 0.0, 0.8])
    r3 = np.sqrt(3)
    db4 = np.array([1 + r3, 3 + r3, 3 - r3, 1 - r3]) / (4 * np.sqrt(2))
    assert not tl.check_exercise("ex-backward-4", db4)
    assert not tl.check_exercise("ex-backward-4", [1, 1, 1, -1])  # not unit norm
    assert not tl.check_exercise("ex-backward-4", [0.5, 0.5, 0.5, 0.5])  # rows overlap
    assert exercise_number(exercises()["ex-backward-4"]) == "6.4"
