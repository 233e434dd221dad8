"""Sweeps behind the gather-and-scatter chapter: adjointness on many random configurations."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl


def _random_axis(rng):
    while True:
        i, k = int(rng.integers(1, 9)), int(rng.integers(1, 5))
        s, d, p = int(rng.integers(1, 4)), int(rng.integers(1, 3)), int(rng.integers(0, 3))
        if d * (k - 1) + 1 <= i + 2 * p:
            return i, k, s, p, d


def test_conv_transpose_is_the_adjoint_of_conv_on_random_2d_cases():
    rng = np.random.default_rng(11)
    for _ in range(200):
        axes = [_random_axis(rng) for _ in range(2)]
        i, k, s, p, d = (tuple(values) for values in zip(*axes, strict=True))
        a = tuple(tl.inverse_output_padding(*axis) for axis in axes)
        v = rng.standard_normal((1, 1, *i))
        w = rng.standard_normal((1, 1, *k))
        forward = tl.conv(v, w, s, p, d)
        u = rng.standard_normal(forward.shape)
        back = tl.conv_transpose(u, w, s, p, a, d)
        assert back.shape == v.shape
        np.testing.assert_allclose(np.vdot(u, forward), np.vdot(back, v), rtol=1e-10,
                                   atol=1e-10)


def test_wrong_output_padding_breaks_the_shapes():
    # Without the remainder as output padding the transposed result is too short.
    for i in range(4, 12):
        o = tl.conv_output_size(i, 3, 2, 1)
        a = tl.inverse_output_padding(i, 3, 2, 1)
        short = tl.conv_transpose_output_size(o, 3, 2, 1)
        assert (short == i) == (a == 0)
