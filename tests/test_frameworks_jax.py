"""Oracle: tconv_lib's emulation of jax.lax.conv_transpose against JAX itself."""

import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from jax import lax  # noqa: E402

import tconv_lib as tl  # noqa: E402

SPATIAL = {1: "H", 2: "HW", 3: "HWD"}
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)


def run_jax(x, w, **kwargs):
    return np.asarray(lax.conv_transpose(x, w, **kwargs))


@st.composite
def jax_calls(draw):
    ndim = draw(st.integers(1, 3))
    sp = SPATIAL[ndim]
    layout = draw(st.sampled_from(["default", "channels_first"]))
    dims = None if layout == "default" else ("NC" + sp, "OI" + sp, "NC" + sp)
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    i = [draw(st.integers(1, 4)) for _ in range(ndim)]
    k = [draw(st.integers(1, 4)) for _ in range(ndim)]
    s = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    d = tuple(draw(st.integers(1, 2)) for _ in range(ndim))
    transpose_kernel = draw(st.booleans())
    consistent = draw(st.booleans())
    mode = draw(st.sampled_from(["SAME", "VALID", "pairs"]))
    if mode == "pairs":
        lo = 0 if consistent else -2
        padding = tuple((draw(st.integers(lo, 3)), draw(st.integers(lo, 3))) for _ in range(ndim))
    else:
        padding = mode
    # kernel channel axes: (lhs channels, result channels) in JAX's I/O terms
    kin, kout = (c_out, c_in) if transpose_kernel else (c_in, c_out)
    if dims is None:
        x_shape, w_shape = (2, *i, c_in), (*k, kin, kout)
    else:
        x_shape, w_shape = (2, c_in, *i), (kout, kin, *k)
    kwargs = dict(strides=s, padding=padding, rhs_dilation=d, dimension_numbers=dims,
                  transpose_kernel=transpose_kernel, use_consistent_padding=consistent)
    return x_shape, w_shape, kwargs


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def assert_same_or_both_reject(x, w, kwargs):
    try:
        expected = run_jax(x, w, **kwargs)
    except (ValueError, TypeError) as error:
        with pytest.raises(ValueError):
            tl.jax_conv_transpose(x, w, **kwargs)
        return str(error)
    got = tl.jax_conv_transpose(x, w, **kwargs)
    assert got.shape == expected.shape, (kwargs, got.shape, expected.shape)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    return None


@SETTINGS
@given(jax_calls(), st.integers(0, 2**16))
def test_jax_conv_transpose_matches_jax(call, seed):
    x_shape, w_shape, kwargs = call
    assert_same_or_both_reject(random(x_shape, seed), random(w_shape, seed + 1), kwargs)


@pytest.mark.parametrize("padding", ["same", "valid", "SAME_LOWER"])
def test_jax_other_strings_read_as_forward_padding(padding):
    # Only 'SAME' and 'VALID' are the transposed convolution's modes; any other string
    # goes to conv_general_dilated as the padding of a forward convolution.
    x, w = random((1, 6, 2), 0), random((4, 2, 3), 1)
    expected = run_jax(x, w, strides=(1,), padding=padding)
    np.testing.assert_allclose(tl.jax_conv_transpose(x, w, (1,), padding), expected,
                               rtol=1e-4, atol=1e-4)


def test_jax_rejections_are_value_errors():
    x, w = random((1, 4, 1), 0), random((3, 1, 1), 1)
    with pytest.raises(ValueError, match="String padding"):
        lax.conv_transpose(x, w, (2,), "same")
    with pytest.raises(ValueError, match="String padding"):
        tl.jax_conv_transpose(x, w, (2,), "same")
    with pytest.raises(ValueError, match="Invalid padding mode"):
        lax.conv_transpose(x, w, (2,), [[1, 1]], use_consistent_padding=True)
    with pytest.raises(ValueError, match="Invalid padding mode"):
        tl.jax_conv_transpose(x, w, (2,), [[1, 1]], use_consistent_padding=True)


def test_conv_general_dilated_with_lhs_dilation_is_the_flipped_form():
    # conv_transpose without transpose_kernel is conv_general_dilated with lhs_dilation.
    x, w = random((1, 5, 5, 2), 3), random((3, 3, 2, 4), 4)
    pads = ((2, 1), (1, 2))
    direct = lax.conv_general_dilated(x, w, (1, 1), pads, lhs_dilation=(2, 2),
                                      dimension_numbers=("NHWC", "HWIO", "NHWC"))
    np.testing.assert_allclose(tl.jax_conv_transpose(x, w, (2, 2), pads), np.asarray(direct),
                               rtol=1e-4, atol=1e-4)


def test_jax_version_has_consistent_padding():
    import inspect

    assert "use_consistent_padding" in inspect.signature(lax.conv_transpose).parameters
    assert jax.__version__ == "0.10.2"
