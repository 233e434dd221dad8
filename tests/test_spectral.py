"""Frequency responses, spectra and the checkerboard-free condition.

``is_checkerboard_free`` is tested against a direct simulation: a constant input through
``conv_transpose``, looking at the output away from the borders.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib import spectral

SETTINGS = settings(max_examples=80, deadline=None)


def constant_output_is_constant(kernel: np.ndarray, stride: int, dilation: int = 1) -> bool:
    """Simulate: ones in, look at the interior of the output (every tap lands there)."""
    ndim = kernel.ndim
    reach = dilation * (max(kernel.shape) - 1)
    n = reach // stride + 6
    out = tl.conv_transpose(np.ones((1, 1, *(n,) * ndim)), kernel[None, None], stride=stride,
                            dilation=dilation)[0, 0]
    inner = out[tuple(slice(reach, stride * (n - 1) + 1) for _ in range(ndim))]
    assert inner.shape[0] >= stride
    return bool(np.ptp(inner) <= 1e-9 * max(np.abs(kernel).sum(), 1.0))


# Small integer taps make exact ties (checkerboard-free kernels) frequent.
taps = st.integers(-2, 2).map(float)


@SETTINGS
@given(kernel=st.lists(taps, min_size=1, max_size=9), s=st.integers(1, 4),
       d=st.integers(1, 3))
def test_is_checkerboard_free_matches_simulation_1d(kernel, s, d):
    kernel = np.array(kernel)
    assert tl.is_checkerboard_free(kernel, s, dilation=d) == constant_output_is_constant(
        kernel, s, d)


@SETTINGS
@given(k1=st.integers(1, 5), k2=st.integers(1, 5), s=st.integers(1, 3),
       data=st.data())
def test_is_checkerboard_free_matches_simulation_2d(k1, k2, s, data):
    values = data.draw(st.lists(taps, min_size=k1 * k2, max_size=k1 * k2))
    kernel = np.array(values).reshape(k1, k2)
    assert tl.is_checkerboard_free(kernel, s) == constant_output_is_constant(kernel, s)


@SETTINGS
@given(kernel=st.lists(taps, min_size=1, max_size=9), s=st.integers(1, 5))
def test_three_equivalent_statements(kernel, s):
    kernel = np.array(kernel)
    sums = tl.phase_sums(kernel, s)
    # The DTFT at 2πl/s is the DFT of the phase sums ...
    np.testing.assert_allclose(tl.dtft(kernel, 2 * np.pi * np.arange(s) / s), np.fft.fft(sums),
                               atol=1e-9)
    # ... so it vanishes at every image frequency exactly when the sums are equal.
    vanishes = np.allclose(tl.dtft(kernel, tl.image_frequencies(s)), 0, atol=1e-9)
    equal_sums = bool(np.all(sums == sums[0]))
    assert vanishes == equal_sums == tl.is_checkerboard_free(kernel, s)


@SETTINGS
@given(base=st.lists(st.floats(-3, 3), min_size=1, max_size=6), s=st.integers(1, 4))
def test_hold_factorisation_1d(base, s):
    kernel = tl.hold_kernel(np.array(base), s)
    assert kernel.size == len(base) + s - 1
    assert tl.is_checkerboard_free(kernel, s)
    np.testing.assert_allclose(tl.hold_factor(kernel, s), base, atol=1e-9)


def test_hold_factor_rejects_kernels_with_a_checkerboard():
    with pytest.raises(ValueError, match="not checkerboard-free"):
        tl.hold_factor([1.0, 1.0, 1.0], 2)
    with pytest.raises(ValueError, match="at least"):
        tl.hold_factor([1.0], 2)


def test_2d_hold_is_sufficient_not_necessary():
    base = np.random.default_rng(0).standard_normal((3, 2))
    assert tl.is_checkerboard_free(tl.hold_kernel(base, 2), 2)
    # Equal phase sums, but H(z1, z2) is not divisible by (1 + z2): no 2-D hold factor.
    kernel = np.zeros((3, 3))
    kernel[0, 0] = kernel[1, 0] = kernel[1, 1] = kernel[2, 1] = 1.0
    assert tl.is_checkerboard_free(kernel, 2) and constant_output_is_constant(kernel, 2)
    omega = [np.array([0.3]), np.array([np.pi])]
    assert abs(tl.dtft(kernel, omega)[0, 0]) > 0.1


def test_frequency_response_and_dtft_agree():
    rng = np.random.default_rng(1)
    h = rng.standard_normal(5)
    omega, response = tl.frequency_response(h, 64)
    assert np.all(np.diff(omega) > 0) and omega[0] == -np.pi
    np.testing.assert_allclose(response, tl.dtft(h, omega), atol=1e-12)
    h2 = rng.standard_normal((3, 4))
    omega2, response2 = tl.frequency_response(h2, 16, centred=False)
    np.testing.assert_allclose(response2, np.fft.fft2(h2, (16, 16)), atol=1e-12)


@SETTINGS
@given(n=st.integers(1, 12), s=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_zero_insertion_compresses_the_spectrum(n, s, seed):
    x = np.random.default_rng(seed).standard_normal(n)
    omega = np.linspace(-np.pi, np.pi, 33)
    np.testing.assert_allclose(tl.dtft(tl.upsample(x, s), omega), tl.dtft(x, s * omega),
                               atol=1e-9)


def test_amplitude_spectrum_finds_a_tone():
    n = 64
    x = np.cos(2 * np.pi * 8 * np.arange(n) / n)
    omega, amplitude = tl.amplitude_spectrum(x)
    assert set(np.round(np.abs(omega[amplitude > 1]), 6)) == {round(2 * np.pi * 8 / n, 6)}
    omegas, image_amplitude = tl.amplitude_spectrum(np.outer(x, np.ones(8)), db=True)
    assert len(omegas) == 2 and image_amplitude.shape == (64, 8)


@SETTINGS
@given(m=st.integers(1, 6), k=st.integers(1, 8), s=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_periodic_singular_values_from_polyphase_components(m, k, s, seed):
    n = m * s
    if k > n:
        return
    w = np.random.default_rng(seed).standard_normal(k)
    matrix = tl.periodic_conv_matrix(n, w, s)
    np.testing.assert_allclose(np.linalg.svd(matrix, compute_uv=False),
                               tl.periodic_singular_values(n, w, s), atol=1e-9)


@SETTINGS
@given(k=st.integers(1, 8), s=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_strided_autocorrelation_is_the_gram_matrix(k, s, seed):
    w = np.random.default_rng(seed).standard_normal(k)
    n = s * (2 * k + 2)  # no wrap-around between the rows compared
    gram = tl.periodic_conv_matrix(n, w, s) @ tl.periodic_conv_matrix(n, w, s).T
    r = tl.strided_autocorrelation(w, s)
    for lag, value in enumerate(r):
        np.testing.assert_allclose(gram[1, 1 + lag], value, atol=1e-12)


def test_tight_frame_example():
    w = np.full(4, 0.5)  # k = 4, s = 4: disjoint rows, each of norm 1
    assert tl.strided_autocorrelation(w, 4).tolist() == [1.0]
    matrix = tl.periodic_conv_matrix(12, w, 4)
    np.testing.assert_allclose(matrix @ matrix.T, np.eye(3))
    haar = np.array([1.0, 1.0]) / np.sqrt(2)
    np.testing.assert_allclose(tl.periodic_singular_values(8, haar, 2), 1)


def test_validation():
    with pytest.raises(TypeError):
        tl.phase_sums("abc", 2)
    with pytest.raises(ValueError, match="empty"):
        tl.phase_sums(np.zeros(0), 2)
    with pytest.raises(ValueError):
        tl.is_checkerboard_free([1.0, 2.0], 0)
    with pytest.raises(ValueError, match="one entry per kernel axis"):
        tl.phase_sums(np.ones((2, 2)), (2, 2, 2))
    with pytest.raises(ValueError, match="multiple of stride"):
        tl.periodic_conv_matrix(5, [1.0], 2)
    with pytest.raises(ValueError, match="at most"):
        tl.periodic_conv_matrix(4, np.ones(5), 2)
    with pytest.raises(ValueError, match="rtol"):
        tl.is_checkerboard_free([1.0], 1, rtol=-1.0)
    with pytest.raises(ValueError, match="sequence of 2"):
        tl.dtft(np.ones((2, 2)), np.zeros(3))


def test_doctests():
    result = doctest.testmod(spectral, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 12


def test_every_public_function_has_an_example():
    for name in spectral.__all__:
        assert ">>>" in (getattr(spectral, name).__doc__ or ""), name
        assert getattr(tl, name) is getattr(spectral, name)
