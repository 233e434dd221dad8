"""The checkers of the gallery accept the book's solutions and reject mistakes."""

from __future__ import annotations

import tconv_lib as tl
from tconv_lib.exercises import exercise_number, exercises


def test_no_zeros() -> None:
    stride_one = [name for name, p in tl.PRESETS.items() if p.s == 1]
    assert tl.check_exercise("ex-gallery-1", stride_one)
    without_dilation = [name for name in stride_one if name != "dilation"]
    assert not tl.check_exercise("ex-gallery-1", without_dilation)  # dilation inserts no zeros
    assert not tl.check_exercise("ex-gallery-1", ["no padding"])  # not a preset name
    assert not tl.check_exercise("ex-gallery-1", "dilation")


def test_contributors() -> None:
    assert tl.check_exercise("ex-gallery-2", (1, 4))
    assert not tl.check_exercise("ex-gallery-2", (1, 2))  # counted along one axis only
    assert not tl.check_exercise("ex-gallery-2", (1, 4, 9))
    assert exercise_number(exercises()["ex-gallery-2"]) == "14.2"
