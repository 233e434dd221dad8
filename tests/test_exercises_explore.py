"""The checkers of the explorer chapter accept its solutions and reject typical mistakes."""

from __future__ import annotations

import doctest

import tconv_lib as tl
from tconv_lib.exercises import _ch_explore


def test_doctests():
    result = doctest.testmod(_ch_explore)
    assert result.attempted > 0 and result.failed == 0


def test_decoder_padding():
    assert tl.check_exercise("ex-explore-1", (1, 0))
    assert not tl.check_exercise("ex-explore-1", (0, 0))  # o = 10: padding forgotten
    assert not tl.check_exercise("ex-explore-1", (1, 1))  # o = 9
    refused = tl.check_exercise("ex-explore-1", (1, 2))  # a >= max(s, d)
    assert not refused and "refuses" in refused.hint
    assert "(1, 0)" not in tl.check_exercise("ex-explore-1", (0, 0)).hint


def test_overlapping_cells():
    assert tl.check_exercise("ex-explore-2", [2, 4, 6])
    assert tl.check_exercise("ex-explore-2", (6, 2, 4))
    assert not tl.check_exercise("ex-explore-2", [1, 3, 5])  # counted from 1
    assert not tl.check_exercise("ex-explore-2", [2, 4])


def test_nonzeros():
    assert tl.check_exercise("ex-explore-3", 64)
    assert not tl.check_exercise("ex-explore-3", 81)  # every input keeps all 9 cells
    assert not tl.check_exercise("ex-explore-3", 16)  # 8 + 8 instead of 8 · 8
    assert "64" not in tl.check_exercise("ex-explore-3", 81).hint


def test_doubling():
    assert tl.check_exercise("ex-explore-4", (1, 1))
    assert not tl.check_exercise("ex-explore-4", (0, 0))  # 2i + 1
    assert not tl.check_exercise("ex-explore-4", (1, 0))  # 2i - 1
    assert "refuses" in tl.check_exercise("ex-explore-4", (2, 3)).hint
