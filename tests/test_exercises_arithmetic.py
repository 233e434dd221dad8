"""The checkers of the convolution-arithmetic chapter accept its solutions, reject mistakes."""

from __future__ import annotations

import re

import pytest

import tconv_lib as tl


def test_output_padding_pair():
    assert tl.check_exercise("ex-arithmetic-1", (1, 0))
    assert tl.check_exercise("2.1", [1, 0])
    wrong = tl.check_exercise("ex-arithmetic-1", (0, 1))  # the two swapped
    assert not wrong and "remainder" in wrong.hint
    assert not tl.check_exercise("ex-arithmetic-1", (1, 1))
    assert "pair" in tl.check_exercise("ex-arithmetic-1", 1).hint


def test_dilated_same_padding():
    assert tl.check_exercise("ex-arithmetic-2", 2)
    assert not tl.check_exercise("ex-arithmetic-2", 1)  # half of k, not of the dilated k
    assert not tl.check_exercise("ex-arithmetic-2", 4)
    assert not tl.check_exercise("ex-arithmetic-2", 2.0)  # not an int


def test_pool_sizes():
    assert tl.check_exercise("ex-arithmetic-4", (3, 4))
    assert not tl.check_exercise("ex-arithmetic-4", (3, 3))  # ceil mode ignored
    assert not tl.check_exercise("ex-arithmetic-4", (6, 6))  # stride 1 assumed


@pytest.mark.parametrize(("label", "wrong", "answers"), [
    ("ex-arithmetic-1", (0, 0), (1,)),
    ("ex-arithmetic-2", 0, (2,)),
    ("ex-arithmetic-4", (0, 0), (3,)),
])
def test_hints_do_not_reveal(label, wrong, answers):
    result = tl.check_exercise(label, wrong)
    assert not result and result.hint
    assert not any(re.search(rf"\b{n}\b", result.hint) for n in answers)
