"""overlap_count, overlap_period and uniform_overlap: counting agrees with the
transposed convolution of ones, and with the closed form away from the borders."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import tconv_lib as tl


def ones_transposed(input_shape, k, stride, padding, output_padding, dilation):
    ndim = len(input_shape)
    kernel = (k,) * ndim if isinstance(k, int) else k
    return tl.conv_transpose(np.ones((1, 1, *input_shape)), np.ones((1, 1, *kernel)),
                             stride=stride, padding=padding, output_padding=output_padding,
                             dilation=dilation)[0, 0]


@st.composite
def transposed_1d(draw):
    i = draw(st.integers(1, 12))
    k = draw(st.integers(1, 7))
    s = draw(st.integers(1, 5))
    d = draw(st.integers(1, 3))
    a = draw(st.integers(0, max(s, d) - 1))
    p = draw(st.integers(0, 6))
    assume((i - 1) * s - 2 * p + d * (k - 1) + a + 1 >= 1)
    return i, k, s, p, a, d


@given(transposed_1d())
def test_counting_equals_conv_transpose_of_ones_1d(config):
    i, k, s, p, a, d = config
    counts = tl.overlap_count(i, k, stride=s, padding=p, output_padding=a, dilation=d)
    assert counts.dtype.kind == "i"
    np.testing.assert_array_equal(counts, ones_transposed((i,), k, s, p, a, d))


@pytest.mark.parametrize(
    ("shape", "k", "stride", "padding", "output_padding", "dilation"),
    [
        ((4, 5), 3, 2, 0, 0, 1),
        ((4, 5), (3, 4), (2, 3), (1, 0), (1, 2), 1),
        ((3, 6), 2, 2, 0, 0, (2, 1)),
        ((3, 4, 2), (3, 2, 4), (2, 2, 3), 1, (1, 0, 2), 1),
        ((5, 5), 5, 3, 2, 2, 1),
    ],
)
def test_counting_equals_conv_transpose_of_ones_nd(shape, k, stride, padding, output_padding,
                                                  dilation):
    counts = tl.overlap_count(shape, k, stride, padding, output_padding, dilation)
    expected = ones_transposed(shape, k, stride, padding, output_padding, dilation)
    assert counts.shape == expected.shape
    np.testing.assert_array_equal(counts, expected)


def test_nd_count_is_the_outer_product_of_axis_counts():
    rows = tl.overlap_count(4, 3, stride=2, padding=1)
    cols = tl.overlap_count(6, 5, stride=3)
    np.testing.assert_array_equal(tl.overlap_count((4, 6), (3, 5), (2, 3), (1, 0)),
                                  np.outer(rows, cols))


@given(transposed_1d())
def test_interior_is_the_period_repeated(config):
    i, k, s, p, a, d = config
    counts = tl.overlap_count(i, k, stride=s, padding=p, output_padding=a, dilation=d)
    period = tl.overlap_period(k, s, dilation=d)
    assert period.shape == (s,) and period.sum() == k
    # Canvas cells z = y + p from d(k-1) to s(i-1) can receive every tap.
    for z in range(d * (k - 1), s * (i - 1) + 1):
        y = z - p
        if 0 <= y < counts.size:
            assert counts[y] == period[z % s]


@pytest.mark.parametrize("k", range(1, 10))
@pytest.mark.parametrize("s", range(1, 6))
@pytest.mark.parametrize("d", [1, 2, 3])
def test_uniform_exactly_when_stride_divides_k_and_is_coprime_to_dilation(k, s, d):
    i = 3 * (d * k + s)  # long enough for an interior of several periods
    counts = tl.overlap_count(i, k, stride=s, dilation=d)
    interior = counts[d * (k - 1):s * (i - 1) + 1]
    assert interior.size >= 2 * s
    uniform = bool(np.all(interior == interior[0]))
    assert tl.uniform_overlap(k, s, d) == uniform
    assert uniform == (k % s == 0 and math.gcd(s, d) == 1)
    if d == 1:
        assert uniform == (k % s == 0)


def test_gcd_of_stride_and_dilation_leaves_cells_untouched():
    period = tl.overlap_period(4, 4, dilation=2)
    np.testing.assert_array_equal(period, [2, 0, 2, 0])
    counts = tl.overlap_count(6, 4, stride=4, dilation=2)
    assert (counts[1::2] == 0).all()


def test_known_1d_and_2d_patterns():
    np.testing.assert_array_equal(tl.overlap_count(4, 3, stride=2), [1, 1, 2, 1, 2, 1, 2, 1, 1])
    np.testing.assert_array_equal(tl.overlap_count(4, 4, stride=2, padding=1),
                                  [1, 2, 2, 2, 2, 2, 2, 1])
    interior = tl.overlap_count((6, 6), 3, stride=2)[2:11, 2:11]
    np.testing.assert_array_equal(interior[:2, :2], [[4, 2], [2, 1]])


@pytest.mark.parametrize(("k", "s"), list(itertools.product(range(1, 8), range(1, 5))))
def test_period_averages_k_over_s(k, s):
    period = tl.overlap_period(k, s)
    assert set(period.tolist()) <= {k // s, -(-k // s)}


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: tl.overlap_count((4, 4, 4, 4), 3), ValueError, "input_shape"),
        (lambda: tl.overlap_count((0, 4), 3), ValueError, r"input_shape\[0\]"),
        (lambda: tl.overlap_count("44", 3), TypeError, "input_shape"),
        (lambda: tl.overlap_count((4, 4), (3, 3, 3)), ValueError, "k must"),
        (lambda: tl.overlap_count((4, 4), 0), ValueError, r"k\[0\]"),
        (lambda: tl.overlap_count(4, 3.0), TypeError, "k must"),
        (lambda: tl.overlap_count(4, 3, stride=0), ValueError, "stride"),
        (lambda: tl.overlap_count(4, 3, stride=2, output_padding=2), ValueError,
         "output_padding"),
        (lambda: tl.overlap_count(2, 3, stride=1, padding=3), ValueError, "reduce padding"),
        (lambda: tl.overlap_period(3, 0), ValueError, "stride"),
        (lambda: tl.uniform_overlap(0, 2), ValueError, "k"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()
