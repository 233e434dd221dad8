"""Sweeps moved out of the errata appendix: each page keeps one representative check."""

from __future__ import annotations

import numpy as np
import pytest

import tconv_lib as tl


@pytest.mark.parametrize("size", range(3, 40))
def test_half_padding_halves_rounding_up_and_other_paddings_do_not(size: int) -> None:
    # Erratum 3: with s = 2 and p = (k - 1) / 2 the output is ceil(i / 2); no other padding is.
    for k in (1, 3, 5, 7):
        if k > size:
            continue
        x = np.ones((1, 1, size))
        w = np.ones((1, 1, k))
        assert tl.conv(x, w, 2, (k - 1) // 2).shape[-1] == -(-size // 2)
        for pad in range(k + 1):
            if pad != (k - 1) // 2 and k <= size + 2 * pad:
                assert tl.conv(x, w, 2, pad).shape[-1] not in (size / 2, -(-size // 2))


@pytest.mark.parametrize("s", range(1, 5))
def test_row_bound_is_tight(s: int) -> None:
    # Erratum 8: the non-zero rows of the centred matrix are exactly |y| <= (N + m) / s.
    for n in range(6):
        for m in range(6):
            centred = tl.centred_conv_matrix(n, m, s)
            rows = [y for r, y in enumerate(centred.y)
                    if any(entry != 0 for entry in centred.matrix.row(r))]
            assert rows == list(range(-((n + m) // s), (n + m) // s + 1))
            if m <= n:
                assert all(abs(y) <= 2 * n / s for y in rows)


@pytest.mark.parametrize("i", range(1, 12))
def test_stride_two_doubles_exactly_when_the_rule_says(i: int) -> None:
    # Erratum 11: the transposed output has s * i cells iff d (k - 1) - 2 p + a = s - 1.
    def length(k: int, s: int, p: int, a: int, d: int) -> int:
        out = tl.conv_transpose(np.ones((1, 1, i)), np.ones((1, 1, k)), s, p, a, d)
        return out.shape[-1]

    for k, s, p, d in [(2, 2, 0, 1), (4, 2, 1, 1), (3, 2, 1, 1), (3, 2, 0, 1), (5, 4, 1, 1),
                       (4, 3, 1, 1), (3, 3, 0, 1), (2, 2, 1, 2)]:
        for a in range(max(s, d)):
            if tl.conv_transpose_output_size(i, k, s, p, a, d) < 1:
                continue
            size = length(k, s, p, a, d)
            assert size == (i - 1) * s - 2 * p + d * (k - 1) + a + 1
            assert (size == s * i) == (d * (k - 1) - 2 * p + a == s - 1)
