"""Checkers for the exercises of the chapter on the backward pass (``ch-backward``)."""

from __future__ import annotations

import numpy as np

from ..arithmetic import inverse_output_padding
from ..gradients import conv_input_grad
from ..matrix import conv_matrix
from .answers import close_array, same_int
from .registry import Exercise, register

_CHAPTER = "ch-backward"


def _input_gradient(answer: object) -> str | None:
    w = np.array([[[1.0, 2.0, 3.0]]])
    u = np.array([[[1.0, 10.0]]])
    expected = conv_input_grad((1, 1, 5), w, u, stride=2).ravel()
    return close_array(answer, expected, "each u_j lays a copy of the kernel, scaled by u_j, "
                       "starting at cell 2 j; where the copies overlap they add.")


def _output_padding(answer: object) -> str | None:
    return same_int(answer, inverse_output_padding(8, 3, stride=2, padding=1),
                    "compute the remainder that the floor of the convolution's size "
                    "formula drops.")


def _tight_kernel(answer: object) -> str | None:
    try:
        w = np.asarray(answer, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("answer with an array of 4 numbers") from error
    if w.shape != (4,):
        return f"the kernel must have 4 taps, yours has shape {w.shape}"
    r3 = np.sqrt(3)
    db4 = np.array([1 + r3, 3 + r3, 3 - r3, 1 - r3]) / (4 * np.sqrt(2))
    if any(np.allclose(w, sign * d) for sign in (1, -1) for d in (db4, db4[::-1])):
        return "that is Daubechies-4 itself; find another one"
    matrix = conv_matrix((10,), w, stride=2)
    gram = matrix @ matrix.T
    if not np.isclose(gram[0, 0], 1):
        return "C C^T has diagonal |w|^2: scale the kernel to unit norm"
    if not np.allclose(gram, np.eye(gram.shape[0]), atol=1e-9):
        return "neighbouring rows are not orthogonal: make w0 w2 + w1 w3 vanish"
    return None


register(Exercise("ex-backward-1", _CHAPTER, 1, "an array of 5 numbers", _input_gradient))
register(Exercise("ex-backward-2", _CHAPTER, 2, "an int", _output_padding))
register(Exercise("ex-backward-4", _CHAPTER, 4, "an array of 4 numbers", _tight_kernel))
