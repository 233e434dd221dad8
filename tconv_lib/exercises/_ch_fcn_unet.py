"""Checkers for the exercises of the chapter on FCN and U-Net (``ch-fcn-unet``)."""

from __future__ import annotations

import numbers

from ..arithmetic import ConvArgumentError
from ..unet import unet_shapes
from .answers import same_int
from .registry import Exercise, register

_CHAPTER = "ch-fcn-unet"


def _int_list(answer: object) -> list[int]:
    if not isinstance(answer, (list, tuple)):
        raise TypeError(f"got {type(answer).__name__}, not a list")
    if any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in answer):
        raise TypeError("every entry must be an int")
    return [int(v) for v in answer]


def _valid_tiles(answer: object) -> str | None:
    tiles = _int_list(answer)
    expected = []
    for size in range(400, 601):
        try:
            unet_shapes(size)
        except (ConvArgumentError, ValueError):
            continue
        expected.append(size)
    if sorted(tiles) == expected:
        return None
    if len(tiles) == len(expected):
        return "right count, but not the right sizes: trace one tile through all four poolings."
    return ("a tile works only if every pooling sees an even size: work upwards from the "
            "bottleneck, where the size can be anything above 4.")


def _output_padding_levels(answer: object) -> str | None:
    levels = _int_list(answer)
    expected = [s.level for s in unet_shapes(100, padding="same") if s.output_padding]
    if sorted(levels) == expected:
        return None
    return "list the pooled sizes first; only an odd size loses a cell when it is pooled."


def _fcn8s_offset(answer: object) -> str | None:
    # Centre map (a, b): output cell j of a layer chain sits at image cell a j + b.
    a, b = 1.0, 0.0
    vgg16 = [(3, 1, 100), (3, 1, 1), (2, 2, 0), *[(3, 1, 1)] * 2, (2, 2, 0),
             *[(3, 1, 1)] * 3, (2, 2, 0), *[(3, 1, 1)] * 3, (2, 2, 0),
             *[(3, 1, 1)] * 3, (2, 2, 0), (7, 1, 0), (1, 1, 0), (1, 1, 0)]
    for k, s, p in vgg16:
        a, b = a * s, b + a * ((k - 1) / 2 - p)
    for k, s in ((4, 2), (4, 2), (16, 8)):  # upscore2, upscore_pool4, upscore8
        a, b = a / s, b - a / s * (k - 1) / 2
    hint = ("follow the centre of one output cell through each upsampling: a transposed "
            "convolution (k, s) centres copy j on s j + (k - 1)/2.")
    return same_int(answer, round(-b), hint)


register(Exercise("ex-fcn-unet-1", _CHAPTER, 1, "a list of tile sizes", _valid_tiles))
register(Exercise("ex-fcn-unet-2", _CHAPTER, 2, "a list of levels", _output_padding_levels))
register(Exercise("ex-fcn-unet-5", _CHAPTER, 5, "an int", _fcn8s_offset))
