"""Sweeps behind the fractional-strides chapter: zero insertion on random 2-D configurations."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl


def _random_axis(rng):
    i, k = int(rng.integers(1, 6)), int(rng.integers(1, 5))
    s, d = int(rng.integers(1, 4)), int(rng.integers(1, 3))
    a = int(rng.integers(0, max(s, d)))
    p = int(rng.integers(0, ((i - 1) * s + d * (k - 1) + a) // 2 + 1))
    return i, k, s, p, a, d


def test_zero_insertion_equals_scatter_on_random_2d_cases():
    rng = np.random.default_rng(3)
    for _ in range(150):
        (i1, k1, s1, p1, a1, d1), (i2, k2, s2, p2, a2, d2) = _random_axis(rng), _random_axis(rng)
        u = rng.standard_normal((1, 1, i1, i2))
        w = rng.standard_normal((1, 1, k1, k2))
        args = ((s1, s2), (p1, p2), (a1, a2), (d1, d2))
        scatter = tl.conv_transpose(u, w, *args, method="scatter")
        zero = tl.conv_transpose(u, w, *args, method="zero_insertion")
        np.testing.assert_allclose(zero, scatter, rtol=1e-12, atol=1e-12)
        for ii, kk, ss, pp, aa, dd, o in zip((i1, i2), (k1, k2), (s1, s2), (p1, p2), (a1, a2),
                                             (d1, d2), scatter.shape[2:], strict=True):
            eq = tl.transposed_as_direct(ii, kk, ss, pp, aa, dd)
            assert eq.zeros_between == ss - 1
            assert eq.stretched_size == (ii - 1) * ss + 1
            assert eq.pad_before == dd * (kk - 1) - pp
            assert eq.pad_after == eq.pad_before + aa
            assert eq.output_size == o == eq.padded_size - dd * (kk - 1)


def test_downsampling_factorisation_on_random_1d_cases():
    rng = np.random.default_rng(4)
    for _ in range(100):
        i, k, s, p, _a, d = _random_axis(rng)
        i += d * (k - 1)  # make the kernel fit
        w = rng.standard_normal(k)
        C_s = tl.conv_matrix((i,), w, s, p, d)
        C_1 = tl.conv_matrix((i,), w, 1, p, d)
        np.testing.assert_allclose(C_s, tl.downsample_matrix(C_1.shape[0], s) @ C_1)
