"""Oracle: tconv_lib's emulation of keras.ops.conv_transpose against Keras 3 (JAX backend)."""

import os

os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import tconv_lib as tl  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)
LAYERS = {1: keras.layers.Conv1DTranspose, 2: keras.layers.Conv2DTranspose,
          3: keras.layers.Conv3DTranspose}


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@st.composite
def keras_calls(draw):
    ndim = draw(st.integers(1, 3))
    fmt = draw(st.sampled_from(["channels_last", "channels_first"]))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    i = [draw(st.integers(1, 4)) for _ in range(ndim)]
    k = [draw(st.integers(1, 4)) for _ in range(ndim)]
    strides = draw(st.integers(1, 3) | st.tuples(*[st.integers(1, 3)] * ndim))
    dilation = draw(st.integers(1, 2) | st.tuples(*[st.integers(1, 2)] * ndim))
    padding = draw(st.sampled_from(["valid", "same", "SAME"]))
    output_padding = draw(st.none() | st.integers(0, 2) | st.tuples(*[st.integers(0, 2)] * ndim))
    x_shape = (2, *i, c_in) if fmt == "channels_last" else (2, c_in, *i)
    kwargs = dict(strides=strides, padding=padding, output_padding=output_padding,
                  data_format=fmt, dilation_rate=dilation)
    return x_shape, (*k, c_out, c_in), kwargs


@SETTINGS
@given(keras_calls(), st.integers(0, 2**16))
def test_keras_conv_transpose_matches_keras(call, seed):
    x_shape, w_shape, kwargs = call
    x, w = random(x_shape, seed), random(w_shape, seed + 1)
    try:
        expected = np.asarray(keras.ops.conv_transpose(x, w, **kwargs))
    except (ValueError, TypeError):
        with pytest.raises(ValueError):
            tl.keras_conv_transpose(x, w, **kwargs)
        return
    got = tl.keras_conv_transpose(x, w, **kwargs)
    assert got.shape == expected.shape, (kwargs, got.shape, expected.shape)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_transpose_layers_are_the_op(ndim, padding):
    # Conv{1,2,3}DTranspose call keras.ops.conv_transpose with the layer's kernel.
    layer = LAYERS[ndim](3, 3, strides=2, padding=padding, use_bias=False)
    x = random((1, *[4] * ndim, 2), ndim)
    expected = np.asarray(layer(x))
    kernel = np.asarray(layer.kernel)
    assert kernel.shape == (*[3] * ndim, 3, 2)
    np.testing.assert_allclose(tl.keras_conv_transpose(x, kernel, 2, padding), expected,
                               rtol=1e-4, atol=1e-4)


def test_keras_rejections():
    x, w = random((1, 4, 2), 0), random((3, 1, 2), 1)
    for bad in (dict(padding="causal"), dict(padding="full")):
        with pytest.raises(ValueError, match="padding"):
            keras.ops.conv_transpose(x, w, 2, **bad)
        with pytest.raises(ValueError, match="padding"):
            tl.keras_conv_transpose(x, w, 2, **bad)
    with pytest.raises(ValueError, match="input channels"):
        keras.ops.conv_transpose(x, w[..., :1], 2)
    with pytest.raises(ValueError, match="input channels"):
        tl.keras_conv_transpose(x, w[..., :1], 2)


def test_keras_backend_is_jax():
    assert keras.backend.backend() == "jax"
    assert keras.__version__ == "3.15.1"
