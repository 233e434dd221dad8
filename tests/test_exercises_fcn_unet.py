"""The checkers of the FCN and U-Net chapter accept the book's solutions and reject mistakes."""

from __future__ import annotations

import tconv_lib as tl
from tconv_lib.exercises import exercise_number, exercises


def test_valid_tiles() -> None:
    assert tl.check_exercise("ex-fcn-unet-1", list(range(412, 589, 16)))
    assert not tl.check_exercise("ex-fcn-unet-1", list(range(400, 601, 16)))  # off by 12
    assert not tl.check_exercise("ex-fcn-unet-1", [572])
    assert not tl.check_exercise("ex-fcn-unet-1", 572)


def test_output_padding_levels() -> None:
    assert tl.check_exercise("ex-fcn-unet-2", [2])
    assert not tl.check_exercise("ex-fcn-unet-2", [1, 2])  # 25 -> 12 and 12 -> 6 confused
    assert not tl.check_exercise("ex-fcn-unet-2", [True])


def test_fcn8s_offset() -> None:
    assert tl.check_exercise("ex-fcn-unet-5", 31)
    assert not tl.check_exercise("ex-fcn-unet-5", 19)  # FCN-32s' offset
    assert not tl.check_exercise("ex-fcn-unet-5", 8)  # half the last kernel
    assert exercise_number(exercises()["ex-fcn-unet-5"]) == "11.5"
