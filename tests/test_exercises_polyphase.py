"""The checkers of the polyphase chapter accept the book's solutions and reject typical mistakes."""

from __future__ import annotations

import doctest

import numpy as np

import tconv_lib as tl
from tconv_lib.exercises import _ch_polyphase


def test_phase_taps():
    assert tl.check_exercise("ex-polyphase-1", [1, 3])
    assert tl.check_exercise("ex-polyphase-1", (3, 1))
    wrong = tl.check_exercise("ex-polyphase-1", [0, 2, 4])  # forgot the padding
    assert not wrong and "padding" in wrong.hint
    assert not tl.check_exercise("ex-polyphase-1", [1])
    assert not tl.check_exercise("ex-polyphase-1", "1, 3")  # reported, not raised


def test_subpixel_shape():
    assert tl.check_exercise("ex-polyphase-2", (72, 16, 2, 2))
    assert not tl.check_exercise("ex-polyphase-2", (72, 8, 2, 2))
    assert not tl.check_exercise("ex-polyphase-2", (16, 72, 2, 2))


def test_periodic_singular_values():
    assert tl.check_exercise("ex-polyphase-3", np.sqrt([8, 6, 6, 4]))
    unsorted = tl.check_exercise("ex-polyphase-3", np.sqrt([4, 6, 8, 6]))
    assert not unsorted and "largest first" in unsorted.hint
    assert not tl.check_exercise("ex-polyphase-3", [8, 6, 6, 4])  # squares, not roots
    assert not tl.check_exercise("ex-polyphase-3", np.sqrt([8, 6, 4]))


def test_numbers_follow_the_chapter_order():
    number = tl.exercises.exercise_number(tl.exercises.exercises()["ex-polyphase-2"])
    assert number == "7.2"


def test_doctests():
    assert doctest.testmod(_ch_polyphase).failed == 0
