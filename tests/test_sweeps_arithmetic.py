"""Sweeps moved out of the convolution-arithmetic chapter: its size formulas on wide grids."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest

import tconv_lib as tl


def test_general_formulas_against_array_shapes():
    for i, k, s, p, d in product(range(1, 12), range(1, 5), range(1, 4), range(4), range(1, 4)):
        k_hat = d * (k - 1) + 1
        if k_hat > i + 2 * p:
            continue
        o = tl.conv_output_size(i, k, s, p, d)
        assert o == (i + 2 * p - k_hat) // s + 1
        assert tl.conv(np.ones((1, 1, i)), np.ones((1, 1, k)), s, p, d).shape[-1] == o
        assert tl.inverse_output_padding(i, k, s, p, d) == (i + 2 * p - k_hat) % s
        for a in range(max(s, d)):
            back = s * (o - 1) - 2 * p + d * (k - 1) + a + 1
            if back < 1:
                continue
            assert tl.conv_transpose_output_size(o, k, s, p, a, d) == back
            y = tl.conv_transpose(np.ones((1, 1, o)), np.ones((1, 1, k)), s, p, a, d)
            assert y.shape[-1] == back


def test_every_preset_returns_to_its_input_size():
    for preset in tl.PRESETS.values():
        o = tl.conv_output_size(preset.i, preset.k, preset.s, preset.p, preset.d)
        a = tl.inverse_output_padding(preset.i, preset.k, preset.s, preset.p, preset.d)
        back = tl.conv_transpose_output_size(o, preset.k, preset.s, preset.p, a, preset.d)
        assert back == preset.i, preset.name


@pytest.mark.skipif(not hasattr(tl, "pool_output_size"), reason="needs tl.pool_output_size")
def test_pool_output_size_matches_torch():
    torch = pytest.importorskip("torch")
    pool = tl.pool_output_size  # type: ignore[attr-defined]
    for i, k, s, p, d, ceil in product(range(1, 12), range(1, 5), (None, 1, 2, 3), range(3),
                                       (1, 2), (False, True)):
        if 2 * p > k or d * (k - 1) + 1 > i + 2 * p:
            continue
        x = torch.zeros(1, 1, i)
        out = torch.nn.functional.max_pool1d(x, k, stride=s, padding=p, dilation=d,
                                             ceil_mode=ceil)
        assert pool(i, k, stride=s, padding=p, dilation=d, ceil_mode=ceil) == out.shape[-1]
