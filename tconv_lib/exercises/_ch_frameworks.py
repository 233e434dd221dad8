"""Checkers for the exercises of chapter "One operator, five APIs" (``ch-frameworks``)."""

from __future__ import annotations

from ..frameworks import keras_canonical, tf_canonical, to_torch
from .registry import Exercise, register


def _pair(answer: object) -> tuple[int, int]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError(f"got {answer!r}, not a pair (before, after)")
    if any(isinstance(v, bool) or not isinstance(v, int) for v in answer):
        raise TypeError("both entries of the pair are ints")
    return int(answer[0]), int(answer[1])


def _check_keras_same_crop(answer: object) -> str | None:
    # Keras Conv2DTranspose(k=5, strides=2, padding="same"), output_padding=None, 7x7 input.
    before, after = _pair(answer)
    expected = keras_canonical((1, 7, 7, 1), (5, 5, 1, 1), strides=2, padding="same").crop[0]
    if (before, after) == expected:
        return None
    if (after, before) == expected:
        return "right cells, wrong ends: which end gets the odd cell in Keras' 'same'?"
    if before + after != sum(expected):
        return "count the cells: the full output has (i - 1)s + k, the result i * s."
    return "the total is right; split it as Keras does."


def _check_tf_same_torch_padding(answer: object) -> str | None:
    # tf.nn.conv_transpose, k=4, s=2, SAME, output twice the input: PyTorch (p, a).
    p, a = _pair(answer)
    call = to_torch(tf_canonical((1, 6, 6, 1), (4, 4, 1, 1), [1, 12, 12, 1], 2))
    if not call.exact:  # the exercise is about a call PyTorch expresses exactly
        raise ValueError("the exercise's call needs an extra slice")
    if (p, a) == (call.padding[0], call.output_padding[0]):
        return None
    if not 0 <= a < 2:
        return "output_padding must be smaller than the stride."
    return "PyTorch crops (p, p - a); find TensorFlow's crop first."


register(Exercise("ex-frameworks-1", "ch-frameworks", 1, "a pair (before, after) of ints",
                  _check_keras_same_crop))
register(Exercise("ex-frameworks-2", "ch-frameworks", 2, "a pair (padding, output_padding)",
                  _check_tf_same_torch_padding))
