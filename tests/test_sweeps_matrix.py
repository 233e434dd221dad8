"""Sweeps behind the matrix chapter: C^T against conv_transpose on random configurations."""

from __future__ import annotations

import numpy as np

import tconv_lib as tl


def test_transpose_of_c_is_conv_transpose_on_random_1d_cases():
    rng = np.random.default_rng(5)
    checked = 0
    while checked < 150:
        i, k = int(rng.integers(1, 12)), int(rng.integers(1, 5))
        s, p, d = int(rng.integers(1, 4)), int(rng.integers(0, 3)), int(rng.integers(1, 3))
        if d * (k - 1) + 1 > i + 2 * p:
            continue
        w = rng.standard_normal(k)
        C = tl.conv_matrix((i,), w, s, p, d)
        u = rng.standard_normal(C.shape[0])
        a = tl.inverse_output_padding(i, k, s, p, d)
        y = tl.conv_transpose(u[None, None], w[None, None], s, p, a, d)[0, 0]
        np.testing.assert_allclose(C.T @ u, y, atol=1e-12)
        checked += 1


def test_uneven_padding_is_transposed_by_per_side_padding():
    rng = np.random.default_rng(6)
    for i in range(3, 10):
        for k in (2, 4):
            for before in range(k):
                after = k - 1 - before + int(rng.integers(0, 2))
                w = rng.standard_normal(k)
                C = tl.conv_matrix((i + before + after,), w)[:, before:before + i]
                v = rng.standard_normal(i)
                padded = tl.conv(v[None, None], w[None, None], padding=((before, after),))
                np.testing.assert_allclose(C @ v, padded[0, 0], atol=1e-12)
                u = rng.standard_normal(C.shape[0])
                y = tl.conv_transpose(u[None, None], w[None, None],
                                      padding=((before, after),))[0, 0]
                np.testing.assert_allclose(C.T @ u, y, atol=1e-12)
                if before != after:  # no symmetric call gives C^T
                    for pp in range(k):
                        try:
                            z = tl.conv_transpose(u[None, None], w[None, None], padding=pp)
                        except ValueError:
                            continue
                        assert z.shape[-1] != i or not np.allclose(z[0, 0], C.T @ u)
