"""Oracle: tconv_lib's emulation of ONNX ConvTranspose against ONNX Runtime."""

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper

import tconv_lib as tl

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True)
ort.set_default_logger_severity(4)


def run_onnx(X, W, B=None, **attrs):
    """Build a one-node ConvTranspose model in memory and run it with ONNX Runtime."""
    names = ["X", "W"] + ([] if B is None else ["B"])
    attrs = {key: value for key, value in attrs.items() if value is not None}
    node = helper.make_node("ConvTranspose", names, ["Y"], **attrs)
    inputs = [helper.make_tensor_value_info(name, TensorProto.FLOAT, array.shape)
              for name, array in zip(names, (X, W, B), strict=False)]
    graph = helper.make_graph([node], "tconv", inputs,
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)])
    model.ir_version = 10
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    feeds = dict(zip(names, (X, W, B), strict=False))
    return session.run(None, feeds)[0]


def random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@st.composite
def onnx_calls(draw):
    ndim = draw(st.integers(1, 3))
    group = draw(st.integers(1, 2))
    c_in, c_out_g = group * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    i = [draw(st.integers(1, 4)) for _ in range(ndim)]
    k = [draw(st.integers(1, 4)) for _ in range(ndim)]
    s = [draw(st.integers(1, 3)) for _ in range(ndim)]
    d = [draw(st.integers(1, 2)) for _ in range(ndim)]
    op = [draw(st.integers(0, max(a, b) - 1)) for a, b in zip(s, d, strict=True)]
    auto_pad = draw(st.sampled_from(["NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"]))
    attrs = dict(strides=s, dilations=d, group=group,
                 output_padding=draw(st.sampled_from([None, op])))
    if auto_pad != "NOTSET":
        attrs["auto_pad"] = auto_pad
    if draw(st.booleans()):
        full = [(n - 1) * a + b * (m - 1) + 1 for n, m, a, b in zip(i, k, s, d, strict=True)]
        attrs["output_shape"] = [max(1, f + draw(st.integers(-3, 2))) for f in full]
    elif auto_pad == "NOTSET" and draw(st.booleans()):
        attrs["pads"] = [draw(st.integers(0, 2)) for _ in range(2 * ndim)]
    if draw(st.booleans()):
        attrs["kernel_shape"] = k
    with_bias = draw(st.booleans())
    return (2, c_in, *i), (c_in, c_out_g, *k), with_bias, attrs


@SETTINGS
@given(onnx_calls(), st.integers(0, 2**16))
def test_onnx_conv_transpose_matches_onnxruntime(call, seed):
    x_shape, w_shape, with_bias, attrs = call
    X, W = random(x_shape, seed), random(w_shape, seed + 1)
    B = random((w_shape[1] * attrs["group"],), seed + 2) if with_bias else None
    try:
        expected = run_onnx(X, W, B, **attrs)
    except Exception as error:  # ORT raises its own exception classes
        with pytest.raises(ValueError):
            tl.onnx_conv_transpose(X, W, B, **attrs)
        assert "ConvTranspose" in repr(error) or str(error)
        return
    got = tl.onnx_conv_transpose(X, W, B, **attrs)
    assert got.shape == expected.shape, (attrs, got.shape, expected.shape)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_onnx_model_is_valid_and_default_attributes():
    X, W = random((1, 2, 3, 3), 0), random((2, 3, 2, 2), 1)
    np.testing.assert_allclose(tl.onnx_conv_transpose(X, W), run_onnx(X, W),
                               rtol=1e-4, atol=1e-4)
    node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"], pads=[1, 1, 1, 1])
    onnx.checker.check_node(node)


def test_onnx_pads_with_auto_pad_is_rejected():
    X, W = random((1, 1, 4), 0), random((1, 1, 3), 1)
    with pytest.raises(ValueError, match="pads"):
        tl.onnx_conv_transpose(X, W, auto_pad="SAME_UPPER", pads=[1, 1], strides=[2])
