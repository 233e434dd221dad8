"""Checkers for the exercises of the gallery (``ch-gallery``)."""

from __future__ import annotations

import numbers

import numpy as np

from ..diagrams.presets import PRESETS
from ..overlap import overlap_count
from .registry import Exercise, register

_CHAPTER = "ch-gallery"


def _no_zeros(answer: object) -> str | None:
    if not isinstance(answer, (list, tuple, set)) or not all(isinstance(a, str) for a in answer):
        raise TypeError("answer with a list of preset names, such as 'dilation'")
    unknown = sorted(set(answer) - set(PRESETS))
    if unknown:
        return f"not preset names: {unknown}; the names are the keys of tl.PRESETS"
    expected = {name for name, preset in PRESETS.items() if preset.s == 1}
    if set(answer) == expected:
        return None
    return "zeros are inserted between input cells only when the kernel moves more than one cell."


def _contributors(answer: object) -> str | None:
    if not isinstance(answer, (list, tuple)) or len(answer) != 2:
        raise TypeError("answer with two ints: (U-Net upsampler, k = 4 with s = 2)")
    if any(isinstance(a, bool) or not isinstance(a, numbers.Integral) for a in answer):
        raise TypeError("both entries must be ints")
    expected = [int(np.median(overlap_count((12, 12), k, stride=2))) for k in (2, 4)]
    if [int(a) for a in answer] == expected:
        return None
    return ("count the kernel copies that cover one output cell away from the border, "
            "per axis first.")


register(Exercise("ex-gallery-1", _CHAPTER, 1, "a list of preset names", _no_zeros))
register(Exercise("ex-gallery-2", _CHAPTER, 2, "a pair of ints", _contributors))
