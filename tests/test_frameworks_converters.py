"""Oracle: the PyTorch <-> framework converters, run on the real frameworks and PyTorch."""

import os

os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from jax import lax  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402

import tconv_lib as tl  # noqa: E402

SETTINGS = settings(max_examples=15, deadline=None, derandomize=True)
TORCH = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
ort.set_default_logger_severity(4)


def run_onnx(X, W, **attrs):
    node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"],
                            **{k: v for k, v in attrs.items() if v is not None})
    graph = helper.make_graph(
        [node], "tconv",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, X.shape),
         helper.make_tensor_value_info("W", TensorProto.FLOAT, W.shape)],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)])
    model.ir_version = 10
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    return session.run(None, {"X": X, "W": W})[0]


def run_framework(framework, x, w, kwargs):
    """The real framework's transposed convolution."""
    if framework == "jax":
        return np.asarray(lax.conv_transpose(x, w, **kwargs))
    if framework == "keras":
        return np.asarray(keras.ops.conv_transpose(x, w, **kwargs))
    if framework == "tensorflow":
        return tf.nn.conv_transpose(x, w, **kwargs).numpy()
    return run_onnx(x, w, **kwargs)


def run_torch(x, w, stride, padding, output_padding, groups, dilation):
    return TORCH[x.ndim - 2](torch.from_numpy(x.copy()),
                             torch.from_numpy(w.copy()), None, stride,
                             padding, output_padding, groups, dilation).numpy()


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@st.composite
def torch_calls(draw):
    ndim = draw(st.integers(1, 3))
    i = [draw(st.integers(1, 4)) for _ in range(ndim)]
    k = [draw(st.integers(1, 4)) for _ in range(ndim)]
    s = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    d = tuple(draw(st.integers(1, 2)) for _ in range(ndim))
    p, a = [], []
    for n, m, st_, dd in zip(i, k, s, d, strict=True):
        a.append(draw(st.integers(0, max(st_, dd) - 1)))
        full = (n - 1) * st_ + dd * (m - 1) + 1 + a[-1]
        p.append(draw(st.integers(0, max((full - 1) // 2, 0))))
    return (2, 2, *i), (2, 3, *k), s, tuple(p), tuple(a), d


@SETTINGS
@pytest.mark.parametrize("framework", ["jax", "keras", "tensorflow", "onnx"])
@given(call=torch_calls(), seed=st.integers(0, 2**16))
def test_from_torch_runs_the_same_operator(framework, call, seed):
    x_shape, w_shape, s, p, a, d = call
    x, w = random(x_shape, seed), random(w_shape, seed + 1)
    expected = run_torch(x, w, s, p, a, 1, d)
    conversion = tl.from_torch(framework, x_shape, w_shape, s, p, a, 1, d)
    xf = np.ascontiguousarray(np.transpose(x, conversion.input_permutation))
    y = run_framework(framework, xf, np.ascontiguousarray(conversion.weight(w)),
                      conversion.kwargs)
    got = tl.crop_full_output(np.transpose(y, conversion.output_permutation),
                              conversion.extra_crop)
    assert got.shape == expected.shape, (framework, conversion.kwargs)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    if framework == "jax" or (framework == "onnx" and max(a) < min(s)):
        assert conversion.exact


@SETTINGS
@given(call=torch_calls(), seed=st.integers(0, 2**16), group=st.integers(1, 2))
def test_from_torch_to_onnx_with_groups(call, seed, group):
    x_shape, w_shape, s, p, a, d = call
    x_shape = (2, 2 * group, *x_shape[2:])
    w_shape = (2 * group, 3, *w_shape[2:])
    x, w = random(x_shape, seed), random(w_shape, seed + 1)
    conversion = tl.from_torch("onnx", x_shape, w_shape, s, p, a, group, d)
    try:
        expected = run_torch(x, w, s, p, a, group, d)
    except RuntimeError:
        return
    got = tl.crop_full_output(run_onnx(x, w, **conversion.kwargs), conversion.extra_crop)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    # ONNX Runtime refuses output_padding >= stride, which PyTorch allows below the
    # dilation: only then does the converter need an extra step.
    assert conversion.exact is all(op < st_ for op, st_ in zip(a, s, strict=True)) or \
        conversion.exact


@st.composite
def framework_calls(draw):
    """A random call of one framework (arguments and shapes) and its canonical form."""
    framework = draw(st.sampled_from(["jax", "keras", "tensorflow", "onnx"]))
    # 2-D and 3-D JAX/Keras calls are compared in their own modules; some 2-D shapes
    # abort XLA's CPU compiler in jax 0.10.2 (a crash, not an exception), so the
    # converter test stays in 1-D for them.
    ndim = 1 if framework in ("jax", "keras") else draw(st.integers(1, 2))
    c_in, c_out = 2, 3
    i = [draw(st.integers(1, 4)) for _ in range(ndim)]
    k = [draw(st.integers(1, 4)) for _ in range(ndim)]
    s = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    if framework == "onnx":
        op = [draw(st.integers(0, v - 1)) for v in s]
        kwargs = dict(strides=list(s), output_padding=op)
        mode = draw(st.sampled_from(["pads", "SAME_UPPER", "SAME_LOWER", "output_shape"]))
        if mode == "pads":
            kwargs["pads"] = [draw(st.integers(0, 2)) for _ in range(2 * ndim)]
        elif mode == "output_shape":
            kwargs["output_shape"] = [(n - 1) * v + m - draw(st.integers(0, 2))
                                      for n, v, m in zip(i, s, k, strict=True)]
        else:
            kwargs["auto_pad"] = mode
        x_shape, w_shape = (2, c_in, *i), (c_in, c_out, *k)
        canonical = tl.onnx_canonical
    elif framework == "keras":
        kwargs = dict(strides=s, padding=draw(st.sampled_from(["same", "valid"])),
                      output_padding=draw(st.sampled_from([None, 0, 1])))
        x_shape, w_shape = (2, *i, c_in), (*k, c_out, c_in)
        canonical = tl.keras_canonical
    elif framework == "tensorflow":
        out = [draw(st.integers((n - 1) * v + 1, n * v)) for n, v in zip(i, s, strict=True)]
        kwargs = dict(output_shape=[2, *out, c_out], strides=list(s), padding="SAME")
        x_shape, w_shape = (2, *i, c_in), (*k, c_out, c_in)
        canonical = tl.tf_canonical
    else:
        transpose_kernel = draw(st.booleans())
        padding = draw(st.sampled_from(["SAME", "VALID", "pairs"]))
        if padding == "pairs":
            padding = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2)))
                            for _ in range(ndim))
        kwargs = dict(strides=s, padding=padding, transpose_kernel=transpose_kernel,
                      use_consistent_padding=draw(st.booleans()))
        x_shape = (2, *i, c_in)
        w_shape = (*k, c_out, c_in) if transpose_kernel else (*k, c_in, c_out)
        canonical = tl.jax_canonical
    try:
        form = canonical(x_shape, w_shape, **kwargs)
    except ValueError:  # a call the framework refuses (tested in its own module)
        assume(False)
    full = form.full_sizes(i, k)
    assume(all(n - b - a >= 1 for n, (b, a) in zip(full, form.crop, strict=True)))
    return framework, x_shape, w_shape, kwargs, form


@settings(max_examples=50, deadline=None, derandomize=True)
@given(call=framework_calls(), seed=st.integers(0, 2**16))
def test_to_torch_runs_the_same_operator(call, seed):
    framework, x_shape, w_shape, kwargs, form = call
    x, w = random(x_shape, seed), random(w_shape, seed + 1)
    expected = run_framework(framework, x, w, kwargs)
    torch_call = tl.to_torch(form)
    xt = np.transpose(x, torch_call.input_permutation)
    y = run_torch(xt, np.ascontiguousarray(torch_call.weight(w)), torch_call.stride,
                  torch_call.padding, torch_call.output_padding, torch_call.groups,
                  torch_call.dilation)
    got = np.transpose(tl.crop_full_output(y, torch_call.extra_crop),
                       torch_call.output_permutation)
    assert got.shape == expected.shape, (framework, kwargs, form)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(torch_call(x, w), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("k, s, exact", [(3, 2, False), (4, 2, True), (5, 3, True),
                                         (4, 3, False), (3, 1, True)])
def test_same_padding_needs_a_slice_exactly_when_k_minus_s_is_odd(k, s, exact):
    form = tl.tf_canonical((1, 5, 1), (k, 1, 1), [1, 5 * s, 1], s, "SAME")
    assert tl.to_torch(form).exact is exact
    assert ((k - s) % 2 == 0) is exact


@pytest.mark.parametrize("size", [7, 8])
def test_output_size_matches_nn_conv_transpose_forward(size):
    layer = torch.nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1, bias=False)
    x = random((1, 1, 4), 0)
    expected = layer(torch.from_numpy(x), output_size=[size]).detach().numpy()
    form = tl.torch_canonical(x.shape, tuple(layer.weight.shape), 2, 1, output_size=[size])
    got = tl.apply_canonical(form, x, layer.weight.detach().numpy())
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_output_size_out_of_range_raises_like_torch():
    layer = torch.nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1)
    with pytest.raises(ValueError, match="valid sizes"):
        layer(torch.zeros(1, 1, 4), output_size=[9])
    with pytest.raises(ValueError, match="valid sizes"):
        tl.torch_canonical((1, 1, 4), (1, 1, 3), 2, 1, output_size=[9])
