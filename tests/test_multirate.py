"""Zero insertion, decimation, polyphase components, pixel shuffle and sub-pixel weights.

``pixel_shuffle``/``pixel_unshuffle`` and the sub-pixel identity are compared with
PyTorch (the oracle); the rest is tested by properties that hold for every argument.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib import multirate

SETTINGS = settings(max_examples=60, deadline=None)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- down- and upsampling ------------------------------------------------------------


@SETTINGS
@given(n=st.integers(1, 20), s=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_downsample_and_upsample_are_transposes(n, s, seed):
    size = _rng(seed).integers((n - 1) * s + 1, n * s + 1)
    down = multirate.downsample_matrix(int(size), s)
    up = multirate.upsample_matrix(n, s, size=int(size))
    np.testing.assert_array_equal(up, down.T)
    x = _rng(seed).standard_normal(n)
    np.testing.assert_array_equal(up @ x, tl.upsample(x, s, size=int(size)))
    np.testing.assert_array_equal(multirate.downsample(tl.upsample(x, s, size=int(size)), s), x)


@SETTINGS
@given(shape=st.lists(st.integers(1, 7), min_size=1, max_size=3), s=st.integers(1, 4),
       seed=st.integers(0, 2**16))
def test_upsample_places_samples_on_the_coarse_lattice(shape, s, seed):
    x = _rng(seed).standard_normal(shape)
    y = tl.upsample(x, s)
    assert y.shape == tuple((n - 1) * s + 1 for n in shape)
    np.testing.assert_array_equal(y[tuple(slice(None, None, s) for _ in shape)], x)
    assert np.count_nonzero(y) == np.count_nonzero(x)


def test_axes_and_per_axis_factors():
    x = np.arange(24.0).reshape(2, 3, 4)
    y = tl.upsample(x, (2, 3), axes=(1, 2))
    assert y.shape == (2, 5, 10)
    np.testing.assert_array_equal(tl.downsample(y, (2, 3), axes=(1, 2)), x)
    np.testing.assert_array_equal(tl.downsample(x, 2, axes=-1, phase=1), x[..., 1::2])


# --- the operator identities of the chapter -------------------------------------------


@SETTINGS
@given(n=st.integers(4, 16), k=st.integers(1, 5), s=st.integers(1, 4),
       seed=st.integers(0, 2**16))
def test_strided_conv_is_downsampled_stride_one_conv(n, k, s, seed):
    if k > n:
        return
    rng = _rng(seed)
    x, w = rng.standard_normal((1, 1, n)), rng.standard_normal((1, 1, k))
    np.testing.assert_allclose(tl.conv(x, w, stride=s), tl.downsample(tl.conv(x, w), s, axes=-1),
                               atol=1e-12)


@SETTINGS
@given(n=st.integers(1, 10), k=st.integers(1, 6), s=st.integers(1, 4),
       seed=st.integers(0, 2**16))
def test_transposed_conv_is_flipped_conv_after_zero_insertion(n, k, s, seed):
    rng = _rng(seed)
    u, w = rng.standard_normal((1, 1, n)), rng.standard_normal((1, 1, k))
    zero_inserted = tl.upsample(u, s, axes=-1)
    np.testing.assert_allclose(tl.conv_transpose(u, w, stride=s),
                               tl.conv(zero_inserted, w[..., ::-1], padding=k - 1), atol=1e-12)


@SETTINGS
@given(n=st.integers(1, 12), k=st.integers(1, 5), s=st.integers(1, 4),
       seed=st.integers(0, 2**16))
def test_noble_identities(n, k, s, seed):
    rng = _rng(seed)
    x, h = rng.standard_normal(n), rng.standard_normal(k)
    h_s = tl.upsample(h, s)  # the taps of H(z^s)
    # H(z) then ↑s equals ↑s then H(z^s).
    np.testing.assert_allclose(tl.upsample(np.convolve(x, h), s),
                               np.convolve(tl.upsample(x, s), h_s), atol=1e-12)
    # H(z^s) then ↓s equals ↓s then H(z).
    np.testing.assert_allclose(tl.downsample(np.convolve(x, h_s), s),
                               np.convolve(tl.downsample(x, s), h), atol=1e-12)


# --- polyphase ---------------------------------------------------------------------------


@SETTINGS
@given(shape=st.lists(st.integers(1, 9), min_size=1, max_size=2), s=st.integers(1, 4),
       seed=st.integers(0, 2**16))
def test_polyphase_components_round_trip(shape, s, seed):
    x = _rng(seed).standard_normal(shape)
    parts = tl.polyphase_components(x, s)
    assert parts.shape == (s,) * len(shape) + tuple(-(-n // s) for n in shape)
    for phase in np.ndindex(*(s,) * len(shape)):
        lengths = [len(range(r, n, s)) for r, n in zip(phase, shape, strict=True)]
        got = parts[phase][tuple(slice(0, length) for length in lengths)]
        np.testing.assert_array_equal(got, x[tuple(slice(r, None, s) for r in phase)])
    np.testing.assert_array_equal(tl.polyphase_merge(parts, size=shape), x)


@settings(max_examples=80, deadline=None)
@given(ndim=st.integers(1, 2), i=st.integers(1, 6), k=st.integers(1, 6), s=st.integers(1, 4),
       p=st.integers(0, 3), d=st.integers(1, 3), a=st.integers(0, 3), seed=st.integers(0, 2**16))
def test_polyphase_conv_transpose_equals_conv_transpose(ndim, i, k, s, p, d, a, seed):
    rng = _rng(seed)
    x = rng.standard_normal((2, 3, *(i,) * ndim))
    w = rng.standard_normal((3, 2, *(k,) * ndim))
    try:
        expected = tl.conv_transpose(x, w, s, p, a, d)
    except ValueError:
        with pytest.raises(ValueError):
            tl.polyphase_conv_transpose(x, w, s, p, a, d)
        return
    np.testing.assert_allclose(tl.polyphase_conv_transpose(x, w, s, p, a, d), expected,
                               atol=1e-12)


def test_polyphase_conv_transpose_mixed_strides():
    rng = _rng(3)
    x, w = rng.standard_normal((1, 2, 4, 5)), rng.standard_normal((2, 3, 5, 3))
    args = ((3, 2), (1, 0), (1, 1), (1, 2))
    np.testing.assert_allclose(tl.polyphase_conv_transpose(x, w, *args),
                               tl.conv_transpose(x, w, *args), atol=1e-12)


# --- pixel shuffle: PyTorch is the oracle --------------------------------------------------


@SETTINGS
@given(lead=st.lists(st.integers(1, 3), min_size=0, max_size=2), c=st.integers(1, 3),
       r=st.integers(1, 4), h=st.integers(1, 5), w=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_pixel_shuffle_matches_torch(lead, c, r, h, w, seed):
    x = _rng(seed).standard_normal((*lead, c * r * r, h, w))
    np.testing.assert_array_equal(tl.pixel_shuffle(x, r),
                                  F.pixel_shuffle(torch.from_numpy(x), r).numpy())
    y = _rng(seed).standard_normal((*lead, c, h * r, w * r))
    np.testing.assert_array_equal(tl.pixel_unshuffle(y, r),
                                  F.pixel_unshuffle(torch.from_numpy(y), r).numpy())
    np.testing.assert_array_equal(tl.pixel_shuffle(tl.pixel_unshuffle(y, r), r), y)


@pytest.mark.parametrize("spatial_dims", [1, 3])
def test_pixel_shuffle_other_dimensions_inverts(spatial_dims):
    x = _rng(0).standard_normal((2, 3 * 2**spatial_dims, *(3,) * spatial_dims))
    y = tl.pixel_shuffle(x, 2, spatial_dims=spatial_dims)
    assert y.shape == (2, 3, *(6,) * spatial_dims)
    np.testing.assert_array_equal(tl.pixel_unshuffle(y, 2, spatial_dims=spatial_dims), x)


def test_pixel_shuffle_errors():
    with pytest.raises(ValueError, match="divisible"):
        tl.pixel_shuffle(np.zeros((1, 6, 2, 2)), 2)
    with pytest.raises(ValueError, match="divisible"):
        tl.pixel_unshuffle(np.zeros((1, 1, 5, 4)), 2)
    with pytest.raises(TypeError):
        tl.pixel_shuffle(np.zeros((1, 4, 2, 2)), 2.0)
    with pytest.raises(TypeError):
        tl.pixel_shuffle(["a"], 2)
    with pytest.raises(ValueError):
        tl.pixel_shuffle(np.zeros((4, 2)), 2)


# --- the sub-pixel identity: PyTorch is the oracle ------------------------------------------


@settings(max_examples=50, deadline=None)
@given(c_in=st.integers(1, 3), c_out=st.integers(1, 3), s=st.integers(1, 3), m=st.integers(1, 3),
       h=st.integers(1, 5), w=st.integers(1, 5), p=st.integers(0, 2), seed=st.integers(0, 2**16))
def test_subpixel_identity_matches_torch(c_in, c_out, s, m, h, w, p, seed):
    rng = _rng(seed)
    k = m * s
    if 2 * p >= (h - 1) * s + k or 2 * p >= (w - 1) * s + k:
        return
    x = rng.standard_normal((2, c_in, h, w))
    weight = rng.standard_normal((c_in, c_out, k, k))
    bias = rng.standard_normal(c_out)
    expected = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(weight),
                                  torch.from_numpy(bias), stride=s, padding=p).numpy()
    sub_w, sub_b = tl.subpixel_weights(weight, s), tl.subpixel_bias(bias, s)
    assert sub_w.shape == (c_out * s * s, c_in, m, m)
    shuffled = F.pixel_shuffle(F.conv2d(torch.from_numpy(x), torch.from_numpy(sub_w),
                                        torch.from_numpy(sub_b), padding=m - 1), s).numpy()
    crop = (slice(None), slice(None), slice(p, shuffled.shape[2] - p),
            slice(p, shuffled.shape[3] - p))
    np.testing.assert_allclose(shuffled[crop], expected, atol=1e-10)
    ours = tl.pixel_shuffle(tl.conv(x, sub_w, padding=m - 1, bias=sub_b), s)
    np.testing.assert_allclose(ours[crop], expected, atol=1e-10)
    np.testing.assert_array_equal(tl.transposed_from_subpixel(sub_w, s), weight)


@settings(max_examples=40, deadline=None)
@given(k=st.integers(1, 7), s=st.integers(2, 3), n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_subpixel_zero_extension_for_other_kernel_sizes(k, s, n, seed):
    rng = _rng(seed)
    x, weight = rng.standard_normal((1, 2, n)), rng.standard_normal((2, 1, k))
    m = -(-k // s)
    if k % s:
        with pytest.raises(ValueError, match="multiple of stride"):
            tl.subpixel_weights(weight, s)
    sub = tl.subpixel_weights(weight, s, extend=True)
    shuffled = tl.pixel_shuffle(tl.conv(x, sub, padding=m - 1), s, spatial_dims=1)
    expected = tl.conv_transpose(x, weight, stride=s)
    assert shuffled.shape[-1] - expected.shape[-1] == m * s - k
    np.testing.assert_allclose(shuffled[..., : expected.shape[-1]], expected, atol=1e-12)
    np.testing.assert_allclose(shuffled[..., expected.shape[-1]:], 0, atol=1e-12)


def test_subpixel_from_arbitrary_sub_kernels_is_a_transposed_conv():
    rng = _rng(5)
    sub = rng.standard_normal((2 * 9, 3, 2, 2))  # C_out = 2, s = 3, m = 2
    x = rng.standard_normal((1, 3, 4, 6))
    weight = tl.transposed_from_subpixel(sub, 3)
    assert weight.shape == (3, 2, 6, 6)
    np.testing.assert_allclose(tl.pixel_shuffle(tl.conv(x, sub, padding=1), 3),
                               tl.conv_transpose(x, weight, stride=3), atol=1e-12)


def test_icnr_gives_nearest_neighbour_upsampling_and_no_checkerboard():
    rng = _rng(7)
    kernel = rng.standard_normal((2, 3, 3, 3))
    x = rng.standard_normal((1, 3, 5, 4))
    sub = tl.icnr_weights(kernel, 2)
    np.testing.assert_allclose(tl.pixel_shuffle(tl.conv(x, sub, padding=1), 2),
                               np.repeat(np.repeat(tl.conv(x, kernel, padding=1), 2, -1), 2, -2))
    weight = tl.transposed_from_subpixel(sub, 2)
    for c_in in range(3):
        for c_out in range(2):
            assert tl.is_checkerboard_free(weight[c_in, c_out], 2)
    assert not tl.is_checkerboard_free(tl.transposed_from_subpixel(
        rng.standard_normal((4, 1, 3, 3)), 2)[0, 0], 2)


def test_validation_before_work():
    with pytest.raises(ValueError, match="size must lie between"):
        tl.upsample(np.ones(3), 2, size=7)
    with pytest.raises(ValueError, match="phase"):
        tl.downsample(np.ones(4), 2, phase=2)
    with pytest.raises(TypeError):
        tl.upsample(np.ones(3), 2.5)
    with pytest.raises(ValueError):
        tl.upsample(np.ones(3), 0)
    with pytest.raises(ValueError, match="one entry per axis"):
        tl.downsample(np.ones((2, 2)), (2, 2, 2))
    with pytest.raises(ValueError, match="axes"):
        tl.upsample(np.ones(3), 2, axes=(0, 0))
    with pytest.raises(ValueError, match="shape"):
        tl.polyphase_conv_transpose(np.ones((1, 2, 3)), np.ones((3, 1, 2)))
    with pytest.raises(ValueError, match="divisible"):
        tl.transposed_from_subpixel(np.ones((3, 1, 2, 2)), 2)
    with pytest.raises(TypeError):
        tl.subpixel_weights(np.ones((1, 1, 4)), 2, extend="yes")
    error = pytest.raises(ValueError, tl.subpixel_weights, np.ones((1, 1, 3)), 2).value
    assert getattr(error, "rule", None) == "value_out_of_range"


def test_doctests():
    result = doctest.testmod(multirate, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 15


def test_every_public_function_has_an_example():
    for name in multirate.__all__:
        assert ">>>" in (getattr(multirate, name).__doc__ or ""), name
        assert getattr(tl, name) is getattr(multirate, name)
