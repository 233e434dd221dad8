"""Sweeps moved out of the checkerboard chapter (it keeps one representative check)."""

from __future__ import annotations

import numpy as np
import pytest

import tconv_lib as tl


@pytest.mark.parametrize("k", range(1, 10))
def test_even_overlap_proposition(k: int) -> None:
    # prop-checkerboard-even: interior counts repeat overlap_period; even iff s | k, gcd(s, d) = 1
    for s in range(1, 6):
        for d in (1, 2, 3):
            i = 3 * (d * k + s)
            counts = tl.overlap_count(i, k, stride=s, dilation=d)
            z = np.arange(d * (k - 1), s * (i - 1) + 1)
            np.testing.assert_array_equal(counts[z], tl.overlap_period(k, s, d)[z % s])
            even = bool(np.all(counts[z] == counts[z[0]]))
            assert even == tl.uniform_overlap(k, s, d) == (k % s == 0 and np.gcd(s, d) == 1)
            if d == 1:
                assert even == (k % s == 0)


@pytest.mark.parametrize("s", [2, 3])
def test_input_gradient_of_strided_conv_is_transposed_conv_of_upstream(s: int) -> None:
    # The backward pass repeats the phase sums: for a constant upstream gradient the
    # interior of the input gradient tiles the kernel's phase sums.
    rng = np.random.default_rng(s)
    for k in range(s, 3 * s + 1):
        w = rng.uniform(0, 1, (1, 1, k, k))
        x_shape = (1, 1, 6 * s + k, 6 * s + k)
        up = np.ones(tl.conv(np.zeros(x_shape), w, stride=s).shape)
        grad = tl.conv_input_grad(x_shape, w, up, stride=s)[0, 0]
        sums = np.array([[w[0, 0, r1::s, r2::s].sum() for r2 in range(s)] for r1 in range(s)])
        lo = k - 1 + (-(k - 1)) % s  # first interior cell that is a multiple of s
        block = grad[lo:lo + s, lo:lo + s]
        np.testing.assert_allclose(block, sums, atol=1e-12)
