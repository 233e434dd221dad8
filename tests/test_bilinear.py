"""bilinear_kernel and the bilinear transposed convolution, against the FCN/Caffe
kernel formulas and PyTorch's bilinear interpolation."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import tconv_lib as tl

FACTORS = range(1, 9)
INTERPOLATION_MODE = {1: "linear", 2: "bilinear", 3: "trilinear"}


def fcn_upsample_filt(size):
    """FCN's kernel (surgery.upsample_filt), 1-D: factor and centre from the size."""
    factor = (size + 1) // 2
    centre = factor - 1 if size % 2 == 1 else factor - 0.5
    return 1 - np.abs(np.arange(size) - centre) / factor


def caffe_bilinear_filler(size):
    """Caffe's BilinearFiller, 1-D: f = ceil(K / 2), c = (K - 1) / (2 f)."""
    f = math.ceil(size / 2)
    c = (size - 1) / (2 * f)
    return 1 - np.abs(np.arange(size) / f - c)


@pytest.mark.parametrize("factor", FACTORS)
def test_kernel_size_and_taps_match_fcn_and_caffe(factor):
    kernel = tl.bilinear_kernel(factor, ndim=1)
    assert kernel.shape == (2 * factor - factor % 2,)
    np.testing.assert_allclose(kernel, fcn_upsample_filt(kernel.size), rtol=0, atol=1e-15)
    np.testing.assert_allclose(kernel, caffe_bilinear_filler(kernel.size), rtol=0, atol=1e-15)


@pytest.mark.parametrize("factor", FACTORS)
def test_kernel_is_symmetric_positive_and_a_partition_of_unity(factor):
    kernel = tl.bilinear_kernel(factor, ndim=1)
    np.testing.assert_array_equal(kernel, kernel[::-1])
    assert (kernel > 0).all()
    # Every output phase receives weights summing to 1: constants are reproduced.
    np.testing.assert_allclose([kernel[r::factor].sum() for r in range(factor)], 1.0)


@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("factor", [1, 2, 3, 4])
def test_kernel_is_the_outer_product_of_1d_kernels(factor, ndim):
    kernel = tl.bilinear_kernel(factor, ndim)
    taps = tl.bilinear_kernel(factor, 1)
    expected = taps
    for _ in range(ndim - 1):
        expected = np.multiply.outer(expected, taps)
    assert kernel.shape == (taps.size,) * ndim
    np.testing.assert_array_equal(kernel, expected)


def test_default_is_2d_fcn_32s_kernel():
    kernel = tl.bilinear_kernel(32)
    assert kernel.shape == (64, 64)
    np.testing.assert_allclose(kernel, np.outer(fcn_upsample_filt(64), fcn_upsample_filt(64)))


@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("i", [1, 2, 5, 16])
def test_padding_gives_exactly_factor_times_the_input(factor, i):
    padding = tl.bilinear_padding(factor)
    assert padding == math.ceil((factor - 1) / 2)
    size = 2 * factor - factor % 2
    assert tl.conv_transpose_output_size(i, size, stride=factor, padding=padding) == factor * i


def _interpolate(x, factor):
    """PyTorch's (bi/tri)linear interpolation with half-pixel centres."""
    mode = INTERPOLATION_MODE[x.ndim - 2]
    return F.interpolate(torch.from_numpy(x), scale_factor=factor, mode=mode,
                         align_corners=False).numpy()


@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("factor", [1, 2, 3, 4, 5])
def test_equals_torch_interpolation_away_from_the_borders(factor, ndim):
    rng = np.random.default_rng(factor + 10 * ndim)
    size = 6 if ndim == 3 else 9
    x = rng.standard_normal((2, 3) + (size,) * ndim)
    ours = tl.bilinear_upsample(x, factor)
    reference = _interpolate(x, factor)
    assert ours.shape == reference.shape == (2, 3) + (factor * size,) * ndim
    p = tl.bilinear_padding(factor)
    inner = (Ellipsis, *(slice(p, factor * size - p),) * ndim)
    np.testing.assert_allclose(ours[inner], reference[inner], rtol=0, atol=1e-12)


@pytest.mark.parametrize("factor", [2, 3, 4])
def test_border_cells_differ_and_are_darker_for_positive_images(factor):
    x = np.ones((1, 1, 7, 7))
    ours = tl.bilinear_upsample(x, factor)[0, 0]
    p = tl.bilinear_padding(factor)
    np.testing.assert_allclose(ours[p:-p, p:-p], 1.0)
    border = np.ones_like(ours, dtype=bool)
    border[p:-p, p:-p] = False
    assert (ours[border] < 1).all()


@pytest.mark.parametrize("factor", [1, 2, 3, 4, 5])
def test_everywhere_equals_interpolating_the_zero_padded_image(factor):
    rng = np.random.default_rng(factor)
    x = rng.standard_normal((1, 2, 5, 8))
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    reference = _interpolate(padded, factor)[..., factor:-factor, factor:-factor]
    np.testing.assert_allclose(tl.bilinear_upsample(x, factor), reference, rtol=0, atol=1e-12)


def test_grouped_and_diagonal_weights_agree():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4, 5))
    diagonal = tl.bilinear_weight(3, 3, grouped=False)
    grouped = tl.bilinear_weight(3, 3)
    assert diagonal.shape == (3, 3, 5, 5) and grouped.shape == (3, 1, 5, 5)
    off_diagonal = ~np.eye(3, dtype=bool)
    assert not diagonal[off_diagonal].any()
    a = tl.conv_transpose(x, diagonal, stride=3, padding=1)
    b = tl.conv_transpose(x, grouped, stride=3, padding=1, groups=3)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    np.testing.assert_allclose(b, tl.bilinear_upsample(x, 3), rtol=0, atol=0)


def test_factor_one_is_the_identity():
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    np.testing.assert_array_equal(tl.bilinear_upsample(x, 1), x)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: tl.bilinear_kernel(0), ValueError, "factor"),
        (lambda: tl.bilinear_kernel(2.0), TypeError, "factor"),
        (lambda: tl.bilinear_kernel(2, ndim=4), ValueError, "ndim"),
        (lambda: tl.bilinear_kernel(2, ndim=0), ValueError, "ndim"),
        (lambda: tl.bilinear_padding(-1), ValueError, "factor"),
        (lambda: tl.bilinear_weight(0, 2), ValueError, "channels"),
        (lambda: tl.bilinear_upsample(np.ones((4, 4)), 2), ValueError, "x must have"),
        (lambda: tl.bilinear_upsample(np.array([["a"]]), 2), TypeError, "x must hold"),
        (lambda: tl.bilinear_upsample(np.ones((1, 1, 4)), 0), ValueError, "factor"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()
