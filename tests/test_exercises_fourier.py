"""The checkers of the Fourier chapter accept the book's solutions and reject typical mistakes."""

from __future__ import annotations

import doctest

import numpy as np

import tconv_lib as tl
from tconv_lib.exercises import _ch_fourier


def test_image_amplitudes():
    assert tl.check_exercise("ex-fourier-1", [2 * np.sqrt(3), 2 * np.sqrt(3)])
    assert tl.check_exercise("ex-fourier-1", np.full(2, np.sqrt(12)))
    phase_sums = tl.check_exercise("ex-fourier-1", [5, 7, 9])  # (a), not (b)
    assert not phase_sums and "shape" in phase_sums.hint
    assert not tl.check_exercise("ex-fourier-1", [21, 21])  # |W(0)|
    complex_values = tl.check_exercise("ex-fourier-1", [-3 + 3**0.5 * 1j, -3 - 3**0.5 * 1j])
    assert not complex_values and "real" in complex_values.hint
    wrong = tl.check_exercise("ex-fourier-1", [3.0, 3.0])
    assert not wrong and "3.46" not in wrong.hint and "sqrt" not in wrong.hint


def test_free_tap():
    assert tl.check_exercise("ex-fourier-2", 2)
    assert tl.check_exercise("ex-fourier-2", 2.0)
    assert not tl.check_exercise("ex-fourier-2", 4)  # even sum only
    assert not tl.check_exercise("ex-fourier-2", "2")


def test_free_but_not_hold():
    kernel = np.zeros((3, 3))
    kernel[0, 0] = kernel[1, 0] = kernel[1, 1] = kernel[2, 1] = 1.0
    assert tl.check_exercise("ex-fourier-3", kernel)
    hold = np.zeros((3, 3))
    hold[:2, :2] = 1.0  # a 2 x 2 box: free, but a hold kernel
    verdict = tl.check_exercise("ex-fourier-3", hold)
    assert not verdict and "hold kernel" in verdict.hint
    assert not tl.check_exercise("ex-fourier-3", np.ones((3, 3)))
    assert not tl.check_exercise("ex-fourier-3", np.zeros((3, 3)))


def test_numbers_follow_the_chapter_order():
    number = tl.exercises.exercise_number(tl.exercises.exercises()["ex-fourier-1"])
    assert number == "9.1"


def test_doctests():
    assert doctest.testmod(_ch_fourier).failed == 0
