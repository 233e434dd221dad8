"""The checkers of the matrix chapter accept its solutions and reject typical mistakes."""

from __future__ import annotations

import tconv_lib as tl


def test_nonzero_count():
    assert tl.check_exercise("ex-matrix-1", 10)
    assert tl.check_exercise("3.1", 10)
    wrong = tl.check_exercise("ex-matrix-1", 12)  # every placement counted, padding too
    assert not wrong and "padding" in wrong.hint and "10" not in wrong.hint
    assert not tl.check_exercise("ex-matrix-1", 10.0)  # not an int


def test_output_padding_for_nine():
    assert tl.check_exercise("ex-matrix-4", 1)
    assert not tl.check_exercise("ex-matrix-4", 0)  # the default gives 8 cells
    assert not tl.check_exercise("ex-matrix-4", 2)  # the remainder of 10
