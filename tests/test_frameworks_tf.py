"""Oracle: tconv_lib's emulation of tf.nn.conv_transpose against TensorFlow (CPU)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import tconv_lib as tl  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@st.composite
def tf_calls(draw):
    ndim = draw(st.integers(1, 3))
    first = draw(st.booleans())
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    i = [draw(st.integers(1, 4)) for _ in range(ndim)]
    k = [draw(st.integers(1, 3)) for _ in range(ndim)]
    s = [draw(st.integers(1, 3)) for _ in range(ndim)]
    d = [draw(st.integers(1, 2)) for _ in range(ndim)]
    modes = ["SAME", "VALID"] + (["explicit"] if ndim == 2 else [])
    mode = draw(st.sampled_from(modes))
    out = []
    explicit = []
    for n, m, a, b in zip(i, k, s, d, strict=True):
        kk = b * (m - 1) + 1
        if mode == "SAME":
            out.append(draw(st.integers((n - 1) * a + 1, n * a)))
        elif mode == "VALID":
            out.append(draw(st.integers((n - 1) * a + kk, (n - 1) * a + kk + a - 1)))
        else:
            pb, pa = draw(st.integers(0, 2)), draw(st.integers(0, 2))
            low = max((n - 1) * a + kk - pb - pa, 1)
            out.append(draw(st.integers(low, low + a - 1)))
            explicit.append([pb, pa])
    if mode == "explicit":
        padding = [[0, 0], [0, 0], *explicit] if first else [[0, 0], *explicit, [0, 0]]
    else:
        padding = mode
    sp = {1: "W", 2: "HW", 3: "DHW"}[ndim]
    fmt = ("NC" + sp) if first else ("N" + sp + "C")
    x_shape = (2, c_in, *i) if first else (2, *i, c_in)
    output_shape = [2, c_out, *out] if first else [2, *out, c_out]
    strides = draw(st.sampled_from([s, s[0]])) if len(set(s)) == 1 else s
    kwargs = dict(output_shape=output_shape, strides=strides, padding=padding,
                  data_format=fmt, dilations=d)
    return x_shape, (*k, c_out, c_in), kwargs


@SETTINGS
@given(tf_calls(), st.integers(0, 2**16))
def test_tf_conv_transpose_matches_tensorflow(call, seed):
    x_shape, w_shape, kwargs = call
    x, w = random(x_shape, seed), random(w_shape, seed + 1)
    if kwargs["data_format"][1] == "C":
        # TensorFlow's CPU kernels mostly need channels last ("only supports NHWC"): run
        # TF channels last on the transposed input and compare the transposed result
        # with the emulation's channels-first call.
        last = (0, *range(2, len(x_shape)), 1)
        padding = kwargs["padding"]
        if not isinstance(padding, str):
            padding = [padding[j] for j in last]
        tf_kwargs = dict(kwargs, data_format="N" + kwargs["data_format"][2:] + "C",
                         output_shape=[kwargs["output_shape"][j] for j in last],
                         padding=padding)
        x_tf, back = x.transpose(last), tuple(np.argsort(last))
    else:
        tf_kwargs, x_tf, back = kwargs, x, tuple(range(len(x_shape)))
    try:
        expected = tf.nn.conv_transpose(x_tf, w, **tf_kwargs).numpy().transpose(back)
    except (tf.errors.OpError, ValueError, TypeError):
        with pytest.raises(ValueError):
            tl.tf_conv_transpose(x, w, **kwargs)
        return
    got = tl.tf_conv_transpose(x, w, **kwargs)
    assert got.shape == expected.shape, (kwargs, got.shape, expected.shape)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_tf_rejects_an_output_shape_the_forward_conv_does_not_map_back():
    x, w = random((1, 4, 4, 2), 0), random((3, 3, 3, 2), 1)
    with pytest.raises(Exception):  # noqa: B017 (oneDNN raises AbortedError on CPU)
        tf.nn.conv_transpose(x, w, [1, 10, 10, 3], 2, "SAME")
    with pytest.raises(ValueError, match="output_shape"):
        tl.tf_conv_transpose(x, w, [1, 10, 10, 3], 2, "SAME")


def test_tf_explicit_padding_is_two_dimensional_only():
    x, w = random((1, 4, 2), 0), random((3, 3, 2), 1)
    with pytest.raises(TypeError):
        tf.nn.conv_transpose(x, w, [1, 7, 3], 2, [[0, 0], [1, 1], [0, 0]])
    with pytest.raises(ValueError, match="2-D"):
        tl.tf_conv_transpose(x, w, [1, 7, 3], 2, [[0, 0], [1, 1], [0, 0]])


def test_tf_version():
    assert tf.__version__ == "2.21.0"
