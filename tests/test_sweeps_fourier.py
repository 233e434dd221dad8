"""Sweeps behind the Fourier chapter's checkerboard-free condition (``ch-fourier``).

The chapter keeps a few representative cases on the page; these run many random ones.
"""

from __future__ import annotations

import numpy as np
import pytest

import tconv_lib as tl


def _simulated_free(kernel: np.ndarray, s: int) -> bool:
    # A constant input through conv_transpose: is the interior constant?
    k = max(kernel.shape)
    n_in = k // s + 5
    ones = np.ones((1, 1) + (n_in,) * kernel.ndim)
    out = tl.conv_transpose(ones, kernel[None, None], stride=s)[0, 0]
    inner = out[(slice(k - 1, s * (n_in - 1) + 1),) * kernel.ndim]
    return bool(np.ptp(inner) < 1e-9)


def _at_images(kernel: np.ndarray, s: int) -> np.ndarray:
    if kernel.ndim == 1:
        return tl.dtft(kernel, tl.image_frequencies(s))
    grid = 2 * np.pi * np.arange(s) / s
    return tl.dtft(kernel, [grid, grid]).ravel()[1:]


@pytest.mark.parametrize("ndim", [1, 2])
def test_three_statements_agree_on_random_integer_kernels(ndim: int) -> None:
    rng = np.random.default_rng(20 + ndim)
    free_count = 0
    for _ in range(300):
        s = int(rng.integers(2, 4))
        if ndim == 1:
            kernel = rng.integers(-1, 2, int(rng.integers(2, 7))).astype(float)
        elif rng.random() < 0.5:
            kernel = rng.integers(-1, 2, (3, 4)).astype(float)
        else:  # a 2-D hold kernel, free by construction, so both outcomes occur
            kernel = tl.hold_kernel(rng.integers(-1, 2, (2, 3)).astype(float), s)
        free = tl.is_checkerboard_free(kernel, s)
        assert free == _simulated_free(kernel, s)
        assert free == bool(np.allclose(_at_images(kernel, s), 0, atol=1e-9))
        free_count += free
    assert 5 < free_count < 295  # both outcomes are exercised


def test_free_one_dimensional_kernels_are_exactly_the_hold_kernels() -> None:
    rng = np.random.default_rng(7)
    factored = 0
    for _ in range(600):
        s = int(rng.integers(2, 4))
        kernel = rng.integers(-1, 2, int(rng.integers(s, 8))).astype(float)
        try:
            base = tl.hold_factor(kernel, s)
        except ValueError:
            assert not tl.is_checkerboard_free(kernel, s)
            continue
        assert tl.is_checkerboard_free(kernel, s)
        np.testing.assert_allclose(tl.hold_kernel(base, s), kernel, atol=1e-12)
        factored += 1
    assert factored > 20
