"""The checkers of the delta chapter accept its solutions and reject typical mistakes."""

from __future__ import annotations

import tconv_lib as tl


def test_rows_and_padding():
    assert tl.check_exercise("ex-delta-1", (2, 2))
    assert tl.check_exercise("4.1", [2, 2])
    assert not tl.check_exercise("ex-delta-1", (1, 2))  # N/s, the kernel's reach forgotten
    wrong = tl.check_exercise("ex-delta-1", (2, 1))  # the zero-based padding m
    assert not wrong and "padding" in wrong.hint
    assert "expected" in tl.check_exercise("ex-delta-1", 2).hint


def test_transpose_support():
    assert tl.check_exercise("ex-delta-3", 3)
    assert not tl.check_exercise("ex-delta-3", 2)  # s M, the half-width forgotten
    assert not tl.check_exercise("ex-delta-3", 5)
