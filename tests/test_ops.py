"""``conv`` and ``conv_transpose``: definitions, the three formulations, adjointness, dtypes,
layouts and bad input. The comparison with PyTorch is in ``test_oracle_torch.py``."""

import contextlib
import dataclasses
import re
import typing
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib import _phase_gemm, formulations, ops

PROPERTY = settings(max_examples=120, deadline=None, derandomize=True)


# --------------------------------------------------------------------------
# the definitions, written as loops over positions and taps


def _definition_conv(x, w, stride, pad_before, pad_after, dilation, groups):
    """``y[n, o, q] = sum_{c, t} w[o, c, t] x_pad[n, c, s q + d t]`` within each group."""
    ndim = w.ndim - 2
    padded = np.pad(x, [(0, 0), (0, 0), *zip(pad_before, pad_after, strict=True)])
    extent = [d * (k - 1) + 1 for k, d in zip(w.shape[2:], dilation, strict=True)]
    out_shape = [(n - e) // s + 1 for n, e, s in zip(padded.shape[2:], extent, stride,
                                                      strict=True)]
    c_in_g, c_out_g = x.shape[1] // groups, w.shape[0] // groups
    out = np.zeros((x.shape[0], w.shape[0], *out_shape), dtype=np.result_type(x, w))
    for g in range(groups):
        xs = padded[:, g * c_in_g:(g + 1) * c_in_g]
        ws = w[g * c_out_g:(g + 1) * c_out_g]
        for q in np.ndindex(*out_shape):
            for t in np.ndindex(*w.shape[2:]):
                z = tuple(s * qi + d * ti for qi, ti, s, d in zip(q, t, stride, dilation,
                                                                  strict=True))
                out[(slice(None), slice(g * c_out_g, (g + 1) * c_out_g), *q)] += (
                    xs[(slice(None), slice(None), *z)] @ ws[(slice(None), slice(None), *t)].T)
    assert ndim == len(out_shape)
    return out


def _definition_transpose(x, w, stride, padding, output_padding, dilation, groups):
    """Each input cell adds ``x[n, c, i] w[c, o, t]`` at ``s i + d t - p``; crop to o cells."""
    spatial, kernel = x.shape[2:], w.shape[2:]
    full = [(i - 1) * s + d * (k - 1) + 1 + a for i, k, s, d, a in
            zip(spatial, kernel, stride, dilation, output_padding, strict=True)]
    c_in_g, c_out_g = x.shape[1] // groups, w.shape[1]
    out = np.zeros((x.shape[0], groups * c_out_g, *full), dtype=np.result_type(x, w))
    for g in range(groups):
        for i in np.ndindex(*spatial):
            for t in np.ndindex(*kernel):
                z = tuple(s * ii + d * ti for ii, ti, s, d in zip(i, t, stride, dilation,
                                                                  strict=True))
                out[(slice(None), slice(g * c_out_g, (g + 1) * c_out_g), *z)] += (
                    x[(slice(None), slice(g * c_in_g, (g + 1) * c_in_g), *i)]
                    @ w[(slice(g * c_in_g, (g + 1) * c_in_g), slice(None), *t)])
    sizes = [f - 2 * p for f, p in zip(full, padding, strict=True)]
    return out[(slice(None), slice(None), *(slice(p, p + n) for p, n in
                                             zip(padding, sizes, strict=True)))]


@contextlib.contextmanager
def _chunk_bytes(value):
    """Force the fast kernels to cut their rows into chunks of about ``value`` bytes."""
    saved = _phase_gemm.CHUNK_BYTES
    _phase_gemm.CHUNK_BYTES = value
    try:
        yield
    finally:
        _phase_gemm.CHUNK_BYTES = saved


# --------------------------------------------------------------------------
# strategies


@st.composite
def geometries(draw, transposed):
    ndim = draw(st.integers(1, 3))
    groups = draw(st.integers(1, 3))
    # A third of the calls mix enough channels per group to go through BLAS.
    channels = st.integers(13, 16) if draw(st.integers(0, 2)) == 0 else st.integers(1, 3)
    c_in_g, c_out_g = draw(channels), draw(channels)
    batch = draw(st.integers(1, 2))
    max_size = {1: 8, 2: 5, 3: 3}[ndim]
    params = {"kernel": [], "stride": [], "padding": [], "output_padding": [],
              "dilation": [], "size": []}
    for _ in range(ndim):
        k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        p = draw(st.integers(0, 3))
        if transposed:
            i = draw(st.integers(1, max_size))
            a = draw(st.integers(0, max(s, d) - 1))
            p = min(p, ((i - 1) * s + d * (k - 1) + a) // 2)
        else:
            a = 0
            low = max(1, d * (k - 1) + 1 - 2 * p)
            i = draw(st.integers(low, low + max_size - 1))
        for name, value in zip(params, (k, s, p, a, d, i), strict=True):
            params[name].append(value)
    c_in, c_out = groups * c_in_g, groups * c_out_g
    x_shape = (batch, c_in, *params["size"])
    w_shape = ((c_in, c_out_g) if transposed else (c_out, c_in_g)) + tuple(params["kernel"])
    return x_shape, w_shape, groups, params


def _random(shape, dtype, rng):
    if np.dtype(dtype).kind == "i":
        return rng.integers(-5, 6, size=shape).astype(dtype)
    values = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        values = values + 1j * rng.standard_normal(shape)
    return values.astype(dtype)


def _close(a, b, dtype):
    if np.dtype(dtype).kind == "i":
        np.testing.assert_array_equal(a, b)
    else:
        tol = 1e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-10
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol * max(1.0, np.abs(b).max()))


DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.complex128])
CHUNKS = st.sampled_from([1, 200, 1 << 20])  # one row per chunk, a few rows, all rows


# --------------------------------------------------------------------------
# definitions and formulations


@PROPERTY
@given(geometries(transposed=False), DTYPES, CHUNKS, st.integers(0, 2**16))
def test_conv_is_the_definition(geometry, dtype, chunk, seed):
    x_shape, w_shape, groups, p = geometry
    rng = np.random.default_rng(seed)
    x, w = _random(x_shape, dtype, rng), _random(w_shape, dtype, rng)
    with _chunk_bytes(chunk):
        ours = tl.conv(x, w, p["stride"], p["padding"], p["dilation"], groups)
    expected = _definition_conv(x, w, p["stride"], p["padding"], p["padding"], p["dilation"],
                                groups)
    assert ours.dtype == np.dtype(dtype)
    _close(ours, expected, dtype)


@PROPERTY
@given(geometries(transposed=True), DTYPES, st.sampled_from(tl.TRANSPOSE_METHODS), CHUNKS,
       st.integers(0, 2**16))
def test_every_transpose_method_is_the_definition(geometry, dtype, method, chunk, seed):
    x_shape, w_shape, groups, p = geometry
    rng = np.random.default_rng(seed)
    x, w = _random(x_shape, dtype, rng), _random(w_shape, dtype, rng)
    with _chunk_bytes(chunk):
        ours = tl.conv_transpose(x, w, p["stride"], p["padding"], p["output_padding"],
                                 p["dilation"], groups, method=method)
    expected = _definition_transpose(x, w, p["stride"], p["padding"], p["output_padding"],
                                     p["dilation"], groups)
    assert ours.dtype == np.dtype(dtype)
    assert ours.shape[2:] == tuple(tl.conv_transpose_output_size(*args) for args in zip(
        x_shape[2:], w_shape[2:], p["stride"], p["padding"], p["output_padding"],
        p["dilation"], strict=True))
    _close(ours, expected, dtype)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(geometries(transposed=True), st.sampled_from([np.float32, np.float64, np.complex64]),
       CHUNKS, st.integers(0, 2**16))
def test_the_three_formulations_agree(geometry, dtype, chunk, seed):
    x_shape, w_shape, groups, p = geometry
    rng = np.random.default_rng(seed)
    x, w = _random(x_shape, dtype, rng), _random(w_shape, dtype, rng)
    args = (p["stride"], p["padding"], p["output_padding"], p["dilation"], groups)
    with _chunk_bytes(chunk):
        results = [tl.conv_transpose(x, w, *args, method=m) for m in tl.TRANSPOSE_METHODS]
    for other in results[1:]:
        _close(other, results[0], dtype)


@pytest.mark.parametrize("method", tl.TRANSPOSE_METHODS)
def test_formulations_agree_on_float16(method):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 4, 5, 6)).astype(np.float16)
    w = rng.standard_normal((4, 3, 3, 2)).astype(np.float16)
    ours = tl.conv_transpose(x, w, stride=2, padding=1, output_padding=1, groups=2,
                             method=method)
    expected = _definition_transpose(x.astype(np.float64), w.astype(np.float64), (2, 2), (1, 1),
                                     (1, 1), (1, 1), 2)
    assert ours.dtype == np.float16
    np.testing.assert_allclose(ours, expected, rtol=2e-2, atol=2e-2)


def test_hand_computed_values():
    # Scatter at stride 2: [1, 10] sends 1*k to cells 0-2 and 10*k to cells 2-4.
    x = np.array([[[1.0, 10.0]]])
    k = np.array([[[1.0, 2.0, 3.0]]])
    for method in tl.TRANSPOSE_METHODS:
        np.testing.assert_array_equal(tl.conv_transpose(x, k, stride=2, method=method),
                                      [[[1.0, 2.0, 13.0, 20.0, 30.0]]])
    # Gather: windows [0,1,2] and [2,3,4] against [1, 0, -1].
    np.testing.assert_array_equal(
        tl.conv(np.arange(5.0)[None, None], np.array([[[1.0, 0.0, -1.0]]]), stride=2),
        [[[-2.0, -2.0]]])
    # padding='same' with an even kernel puts the extra zero on the far side (PyTorch's rule).
    np.testing.assert_array_equal(
        tl.conv(np.array([[[1.0, 2.0, 3.0]]]), np.array([[[1.0, 1.0]]]), padding="same"),
        [[[3.0, 5.0, 3.0]]])


# --------------------------------------------------------------------------
# the transpose really is the adjoint


@PROPERTY
@given(geometries(transposed=False), st.sampled_from(tl.TRANSPOSE_METHODS),
       st.integers(0, 2**16))
def test_conv_transpose_is_the_adjoint_of_conv(geometry, method, seed):
    x_shape, w_shape, groups, p = geometry
    rng = np.random.default_rng(seed)
    v, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    y = tl.conv(v, w, p["stride"], p["padding"], p["dilation"], groups)
    u = rng.standard_normal(y.shape)
    # The output padding that brings conv's output size back to the input size.
    a = [tl.inverse_output_padding(*args) for args in zip(
        x_shape[2:], w_shape[2:], p["stride"], p["padding"], p["dilation"], strict=True)]
    back = tl.conv_transpose(u, w, p["stride"], p["padding"], a, p["dilation"], groups,
                             method=method)
    assert back.shape == v.shape
    np.testing.assert_allclose(np.vdot(u, y), np.vdot(back, v), rtol=1e-10,
                               atol=1e-10 * np.abs(u).sum() * np.abs(y).max())


# --------------------------------------------------------------------------
# dtypes, layouts, bias, batch


@pytest.mark.parametrize(("x_dtype", "w_dtype"), [
    (np.float32, np.float32), (np.float32, np.float64), (np.int32, np.float32),
    (np.int64, np.int64), (np.float32, np.complex64), (np.int8, np.int16),
])
@pytest.mark.parametrize("op", ["conv", "scatter", "zero_insertion", "matrix"])
def test_output_dtype_is_numpy_promotion(x_dtype, w_dtype, op):
    rng = np.random.default_rng(0)
    x = _random((2, 4, 5, 5), x_dtype, rng)
    w = _random((3, 4, 3, 3) if op == "conv" else (4, 2, 3, 3), w_dtype, rng)
    bias = np.ones(3 if op == "conv" else 2, dtype=np.float32)
    if op == "conv":
        out, out_bias = tl.conv(x, w), tl.conv(x, w, bias=bias)
    else:
        out = tl.conv_transpose(x, w, stride=2, method=op)
        out_bias = tl.conv_transpose(x, w, stride=2, method=op, bias=bias)
    assert out.dtype == np.result_type(x_dtype, w_dtype)
    assert out_bias.dtype == np.result_type(x_dtype, w_dtype, np.float32)


def test_bias_is_added_per_output_channel():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 4, 6))
    bias = np.array([1.0, -2.0, 3.5, 0.25])
    w = rng.standard_normal((4, 2, 3))
    np.testing.assert_allclose(tl.conv(x, w, groups=2, bias=bias),
                               tl.conv(x, w, groups=2) + bias[:, None])
    bias = bias[:3]
    wt = rng.standard_normal((4, 3, 3))
    for method in tl.TRANSPOSE_METHODS:
        np.testing.assert_allclose(tl.conv_transpose(x, wt, 2, bias=bias, method=method),
                                   tl.conv_transpose(x, wt, 2, method=method) + bias[:, None])


@pytest.mark.parametrize("method", tl.TRANSPOSE_METHODS)
def test_unbatched_input_gives_unbatched_output(method):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 4, 5))
    w = rng.standard_normal((3, 2, 2, 3))
    np.testing.assert_allclose(tl.conv_transpose(x, w, 2, method=method),
                               tl.conv_transpose(x[None], w, 2, method=method)[0])
    wc = rng.standard_normal((2, 3, 2, 3))
    np.testing.assert_allclose(tl.conv(x, wc), tl.conv(x[None], wc)[0])
    assert tl.conv(x, wc).shape == (2, 3, 3)


@pytest.mark.parametrize("method", tl.TRANSPOSE_METHODS)
def test_empty_batch(method):
    x = np.zeros((0, 2, 4, 4), dtype=np.float32)
    assert tl.conv(x, np.zeros((3, 2, 3, 3))).shape == (0, 3, 2, 2)
    out = tl.conv_transpose(x, np.zeros((2, 3, 3, 3), dtype=np.float32), 2, method=method)
    assert out.shape == (0, 3, 9, 9)
    assert out.dtype == np.float32


def test_memory_layout_of_the_inputs_does_not_matter():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 7, 6))
    w = rng.standard_normal((3, 4, 3, 2))
    views = [np.asfortranarray(x), np.ascontiguousarray(x[:, :, ::-1])[:, :, ::-1],
             np.swapaxes(np.ascontiguousarray(np.swapaxes(x, 1, 3)), 1, 3)]
    for view in views:
        assert not view.flags.c_contiguous
        np.testing.assert_array_equal(tl.conv_transpose(view, w, 2), tl.conv_transpose(x, w, 2))
        np.testing.assert_array_equal(tl.conv(view, w.transpose(1, 0, 2, 3)),
                                      tl.conv(x, w.transpose(1, 0, 2, 3)))
    np.testing.assert_array_equal(tl.conv_transpose(x.tolist(), w.tolist(), 2),
                                  tl.conv_transpose(x, w, 2))


def test_inputs_are_not_modified():
    rng = np.random.default_rng(4)
    x, w, bias = rng.standard_normal((1, 2, 5)), rng.standard_normal((2, 3, 3)), np.ones(3)
    copies = [a.copy() for a in (x, w, bias)]
    for method in tl.TRANSPOSE_METHODS:
        tl.conv_transpose(x, w, 2, bias=bias, method=method)
    tl.conv(x, w.transpose(1, 0, 2), bias=bias)
    for a, b in zip((x, w, bias), copies, strict=True):
        np.testing.assert_array_equal(a, b)


def test_large_grouped_call_on_the_blas_path():
    # 16 x 16 channels per group: one BLAS call per group and tap, over many row chunks.
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 32, 9, 8)).astype(np.float32)
    w = rng.standard_normal((32, 16, 3, 4)).astype(np.float32)
    with _chunk_bytes(4096):
        fast = tl.conv_transpose(x, w, (2, 3), (1, 2), (1, 0), (2, 1), groups=2)
        gathered = tl.conv(x, w.reshape(2, 16, 16, 3, 4).swapaxes(1, 2).reshape(32, 16, 3, 4),
                           (2, 1), 1, (1, 2), groups=2)
    expected = _definition_transpose(x.astype(np.float64), w.astype(np.float64), (2, 3), (1, 2),
                                     (1, 0), (2, 1), 2)
    np.testing.assert_allclose(fast, expected, rtol=1e-4, atol=1e-4 * np.abs(expected).max())
    wc = w.reshape(2, 16, 16, 3, 4).swapaxes(1, 2).reshape(32, 16, 3, 4)
    expected = _definition_conv(x.astype(np.float64), wc.astype(np.float64), (2, 1), (1, 1),
                                (1, 1), (1, 2), 2)
    np.testing.assert_allclose(gathered, expected, rtol=1e-4, atol=1e-4 * np.abs(expected).max())


def test_calls_from_several_threads_at_once():
    rng = np.random.default_rng(7)
    xs = [rng.standard_normal((4, 16, 9, 9)) for _ in range(6)]
    w = rng.standard_normal((16, 16, 3, 3))
    expected = [tl.conv_transpose(x, w, 2, 1) for x in xs]
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda x: tl.conv_transpose(x, w, 2, 1), xs * 3))
    for got, want in zip(results, expected * 3, strict=True):
        np.testing.assert_array_equal(got, want)


# --------------------------------------------------------------------------
# bad input: the right exception, naming the parameter and its value, before any work


@pytest.fixture
def no_work(monkeypatch):
    """Make every computing kernel fail loudly, to prove validation happens first."""
    def fail(*args, **kwargs):
        raise AssertionError("a kernel ran before the arguments were validated")

    monkeypatch.setattr(ops, "correlate", fail)
    monkeypatch.setattr(formulations, "FORMULATIONS",
                        {name: dataclasses.replace(f, compute=fail)
                         for name, f in formulations.FORMULATIONS.items()})


X = np.zeros((1, 4, 6, 6))
W_CONV = np.zeros((2, 4, 3, 3))
W_T = np.zeros((4, 2, 3, 3))

BAD_CALLS = [
    # (function, args, kwargs, exception, words the message must contain)
    ("conv", (X, W_CONV), {"stride": 0}, ValueError, ["stride", "0", "positive"]),
    ("conv", (X, W_CONV), {"stride": (1, -2)}, ValueError, ["stride[1]", "-2"]),
    ("conv", (X, W_CONV), {"dilation": 0}, ValueError, ["dilation", "0"]),
    ("conv_transpose", (X, W_T), {"dilation": (0, 1)}, ValueError, ["dilation[0]", "0"]),
    ("conv", (X, W_CONV), {"padding": -1}, ValueError, ["padding", "-1", "non-negative"]),
    ("conv_transpose", (X, W_T), {"padding": (0, -1)}, ValueError, ["padding[1]", "-1"]),
    ("conv_transpose", (X, W_T), {"stride": 2, "output_padding": 2}, ValueError,
     ["output_padding", "2", "max(stride, dilation)"]),
    ("conv_transpose", (X, W_T), {"output_padding": -1}, ValueError, ["output_padding", "-1"]),
    ("conv", (X, np.zeros((3, 2, 3, 3))), {"groups": 2}, ValueError,
     ["groups=2", "divide", "3"]),
    ("conv", (np.zeros((1, 3, 6, 6)), np.zeros((2, 1, 3, 3))), {"groups": 2}, ValueError,
     ["groups=2", "3 channels"]),
    ("conv_transpose", (np.zeros((1, 3, 6, 6)), np.zeros((3, 1, 3, 3))), {"groups": 2},
     ValueError, ["groups=2", "3 channels"]),
    ("conv", (X, W_CONV), {"groups": 0}, ValueError, ["groups", "0"]),
    ("conv", (X, np.zeros((2, 3, 3, 3))), {}, ValueError, ["channel mismatch", "4 channels"]),
    ("conv_transpose", (X, np.zeros((3, 2, 3, 3))), {}, ValueError,
     ["channel mismatch", "4 channels"]),
    ("conv", (X, W_CONV), {"stride": (1, 1, 1)}, ValueError, ["stride", "(1, 1, 1)", "3"]),
    ("conv_transpose", (X, W_T), {"output_padding": (0, 0, 0)}, ValueError,
     ["output_padding", "(0, 0, 0)"]),
    ("conv", (np.zeros((1, 1, 4, 6, 6)), W_CONV), {}, ValueError, ["x", "dimensions", "(1, 1"]),
    ("conv", (np.zeros((6, 6)), W_CONV), {}, ValueError, ["x", "dimensions", "(6, 6)"]),
    ("conv", (X, np.zeros((2, 4))), {}, ValueError, ["weight", "dimensions", "(2, 4)"]),
    ("conv", (X, np.zeros((2, 4, 1, 1, 1, 1))), {}, ValueError, ["weight", "dimensions"]),
    ("conv", (X, np.zeros((2, 4, 9, 3))), {"padding": 1}, ValueError,
     ["kernel larger than the padded input", "9", "8"]),
    ("conv", (X, np.zeros((2, 4, 3, 3))), {"dilation": 4}, ValueError,
     ["kernel larger", "dilation=4", "9"]),
    ("conv_transpose", (X, W_T), {"padding": 7}, ValueError, ["output size", "< 1", "padding"]),
    ("conv", (np.array([["a"]]), W_CONV), {}, TypeError, ["x", "numbers"]),
    ("conv", ([[1, 2], [3]], W_CONV), {}, TypeError, ["x", "numeric"]),
    ("conv_transpose", (X, np.zeros((4, 2, 3, 3), dtype=bool)), {}, TypeError,
     ["weight", "bool"]),
    ("conv", (X, W_CONV), {"stride": 1.5}, TypeError, ["stride", "1.5"]),
    ("conv", (X, W_CONV), {"stride": (1, 2.0)}, TypeError, ["stride[1]", "2.0"]),
    ("conv", (X, W_CONV), {"groups": True}, TypeError, ["groups", "True"]),
    ("conv", (X, W_CONV), {"padding": "full"}, ValueError, ["padding", "'full'"]),
    ("conv", (X, W_CONV), {"padding": "same", "stride": 2}, ValueError,
     ["padding='same'", "stride"]),
    ("conv_transpose", (X, W_T), {"padding": "same"}, ValueError, ["padding='same'"]),
    ("conv", (X, W_CONV), {"bias": np.zeros(3)}, ValueError, ["bias", "(2,)", "(3,)"]),
    ("conv_transpose", (X, W_T), {"bias": np.zeros((1, 2))}, ValueError, ["bias", "(1, 2)"]),
    ("conv", (X, W_CONV), {"bias": np.array(["a", "b"])}, TypeError, ["bias", "numbers"]),
    ("conv_transpose", (X, W_T), {"method": "fft"}, ValueError, ["method", "'fft'", "scatter"]),
    ("conv_transpose", (X, W_T), {"method": 3}, TypeError, ["method", "3"]),
    ("conv", (X, W_CONV), {"padding": ((1, 2), (0, -1))}, ValueError, ["padding[1][1]", "-1"]),
    ("conv", (X, W_CONV), {"padding": ((1, 2, 3), 0)}, ValueError, ["padding[0]", "pair"]),
    ("conv", (X, W_CONV), {"padding": ((1, 2),) * 3}, ValueError, ["padding", "one entry per"]),
    ("conv", (X, W_CONV), {"padding": ((1.0, 2), 0)}, TypeError, ["padding[0][0]", "1.0"]),
    ("conv", (X, np.zeros((2, 4, 9, 3))), {"padding": ((1, 1), (0, 0))}, ValueError,
     ["kernel larger than the padded input", "9", "8"]),
    ("conv_transpose", (X, W_T), {"padding": ((7, 7), 0)}, ValueError, ["output size", "< 1"]),
    ("conv_transpose", (X, W_T), {"stride": 2, "output_size": (10, 14)}, ValueError,
     ["requested an output size of [10, 14]", "[13, 13] to [14, 14]", "(for an input of [6, 6])"]),
    ("conv_transpose", (X, W_T), {"output_size": (8, 8, 8)}, ValueError,
     ["output_size must have 2 or 4 elements (got 3)"]),
    ("conv_transpose", (X, W_T), {"output_size": (8, 8), "output_padding": 1, "stride": 2},
     ValueError, ["output_size", "output_padding"]),
    ("conv_transpose", (X, W_T), {"output_size": 8}, TypeError, ["output_size", "8"]),
    ("conv", (X, W_CONV), {"output_size": (4, 4)}, TypeError, ["output_size"]),
    ("conv", (np.zeros((1, 0, 6, 6)), np.zeros((2, 1, 3, 3))), {}, ValueError, ["x", "(1, 0"]),
    ("conv", (X, np.zeros((2, 4, 0, 3))), {}, ValueError, ["weight", "empty"]),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "error", "words"), BAD_CALLS,
                         ids=[f"{c[0]}-{'-'.join(map(str, c[2]))}-{i}"
                              for i, c in enumerate(BAD_CALLS)])
def test_bad_input_raises_before_any_work(no_work, function, args, kwargs, error, words):
    with pytest.raises(error) as info:
        getattr(tl, function)(*args, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_a_one_entry_sequence_is_repeated_over_the_axes_as_in_pytorch():
    rng = np.random.default_rng(6)
    x, w = rng.standard_normal((1, 2, 7, 6)), rng.standard_normal((2, 3, 3, 3))
    np.testing.assert_array_equal(
        tl.conv_transpose(x, w, stride=[2], padding=(1,), output_padding=[1], dilation=(2,)),
        tl.conv_transpose(x, w, stride=2, padding=1, output_padding=1, dilation=2))


# --------------------------------------------------------------------------
# every public function has an example (the doctests run under --doctest-modules)


def test_every_public_function_has_an_example():
    for module in (ops, formulations):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, type) and typing.get_origin(obj) is None:
                assert ">>>" in (obj.__doc__ or ""), name


def test_taps_split_into_phase_and_shift():
    # d t = s u + r for every tap; the split is what the fast kernels rely on.
    geo = tl.validate_conv_call(np.zeros((1, 1, 9, 9)), np.zeros((1, 1, 4, 3)), stride=(3, 2),
                                dilation=(2, 1))[2]
    for tap in _phase_gemm._split_taps(geo):
        t = np.unravel_index(tap.index, (4, 3))
        for ti, d, s, r, u in zip(t, (2, 1), (3, 2), tap.phase, tap.shift, strict=True):
            assert d * ti == s * u + r and 0 <= r < s
    assert len(_phase_gemm._split_taps(geo)) == 12


# --------------------------------------------------------------------------
# a formulation is one registry entry


def test_methods_type_and_docstring_follow_the_registry():
    assert tl.TRANSPOSE_METHODS == tuple(formulations.FORMULATIONS) == typing.get_args(
        formulations.TransposeMethod)
    assert typing.get_type_hints(ops.conv_transpose)["method"] == formulations.TransposeMethod
    doc = ops.conv_transpose.__doc__
    listed = re.search(r"method : \{(.*?)\}", doc).group(1)
    assert tuple(name.strip(" '") for name in listed.split(",")) == tl.TRANSPOSE_METHODS
    for name in tl.TRANSPOSE_METHODS:  # every formulation is described
        assert f"``'{name}'``" in doc, name
    assert tl.TRANSPOSE_METHODS[0] == "scatter"  # the default of the signature
    assert all(f.name == name and f.summary for name, f in formulations.FORMULATIONS.items())


def test_a_registered_formulation_is_used_by_conv_transpose(monkeypatch):
    calls = []

    def scatter_counting(x, w, geo):
        calls.append(geo.output_shape)
        return formulations.FORMULATIONS["matrix"].compute(x, w, geo)

    monkeypatch.setitem(formulations.FORMULATIONS, "scatter",
                        formulations.Formulation("scatter", "counting", scatter_counting))
    out = tl.conv_transpose(np.ones((1, 1, 3)), np.ones((1, 1, 2)), stride=2)
    assert calls == [(6,)] and out.shape == (1, 1, 6)


# --------------------------------------------------------------------------
# per-side padding and output_size


@st.composite
def per_side_calls(draw):
    """A conv geometry with independent before/after padding on every axis."""
    ndim = draw(st.integers(1, 3))
    groups = draw(st.integers(1, 2))
    c_in_g, c_out_g = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kernel, stride, dilation, pads, size = [], [], [], [], []
    for _ in range(ndim):
        k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
        before, after = draw(st.integers(0, 3)), draw(st.integers(0, 3))
        low = max(1, d * (k - 1) + 1 - before - after)
        kernel.append(k)
        stride.append(s)
        dilation.append(d)
        pads.append((before, after))
        size.append(draw(st.integers(low, low + {1: 6, 2: 4, 3: 2}[ndim])))
    x_shape = (draw(st.integers(1, 2)), groups * c_in_g, *size)
    w_shape = (groups * c_out_g, c_in_g, *kernel)
    return x_shape, w_shape, groups, tuple(stride), tuple(pads), tuple(dilation)


@PROPERTY
@given(per_side_calls(), st.sampled_from(tl.TRANSPOSE_METHODS), st.integers(0, 2**16))
def test_per_side_padding_is_pad_then_convolve_and_its_adjoint(call, method, seed):
    x_shape, w_shape, groups, stride, pads, dilation = call
    rng = np.random.default_rng(seed)
    v, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    y = tl.conv(v, w, stride, pads, dilation, groups)
    padded = np.pad(v, [(0, 0), (0, 0), *pads])
    np.testing.assert_allclose(y, tl.conv(padded, w, stride, 0, dilation, groups), atol=1e-12)
    # The adjoint: the transposed convolution with the same per-side padding and the
    # output padding that restores the input size, checked by <u, C v> = <C^T u, v>.
    a = [tl.inverse_output_padding(i, k, s, p, d) for i, k, s, p, d in
         zip(x_shape[2:], w_shape[2:], stride, pads, dilation, strict=True)]
    u = rng.standard_normal(y.shape)
    back = tl.conv_transpose(u, w, stride, pads, a, dilation, groups, method=method)
    assert back.shape == v.shape
    np.testing.assert_allclose(np.vdot(u, y), np.vdot(back, v), rtol=1e-10,
                               atol=1e-10 * np.abs(u).sum() * np.abs(y).max())
    # ... which is the crop of the unpadded transposed convolution's full output.
    full = tl.conv_transpose(u, w, stride, 0, a, dilation, groups, method=method)
    crop = tuple(slice(b, n - e) for (b, e), n in zip(pads, full.shape[2:], strict=True))
    np.testing.assert_allclose(back, full[(slice(None), slice(None), *crop)], atol=1e-12)
    # The output size of each axis is the scalar formula with the pair.
    assert back.shape[2:] == tuple(
        tl.conv_transpose_output_size(i, k, s, p, aa, d) for i, k, s, p, aa, d in
        zip(y.shape[2:], w_shape[2:], stride, pads, a, dilation, strict=True))


def test_symmetric_pairs_are_the_int_padding():
    rng = np.random.default_rng(9)
    x, w = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((3, 2, 3, 2))
    for padding in ([(1, 1)], ((1, 1), (1, 1)), ((1, 1), 1)):
        np.testing.assert_array_equal(tl.conv_transpose(x, w, 2, padding, 1),
                                      tl.conv_transpose(x, w, 2, 1, 1))
        np.testing.assert_array_equal(tl.conv(x, w.swapaxes(0, 1), 1, padding),
                                      tl.conv(x, w.swapaxes(0, 1), 1, 1))


def test_same_padding_with_an_even_kernel_has_the_per_side_adjoint():
    rng = np.random.default_rng(10)
    v, w = rng.standard_normal((1, 2, 7, 6)), rng.standard_normal((3, 2, 4, 2))
    _, _, geo = tl.validate_conv_call(v, w, padding="same")
    pads = tuple(zip(geo.pad_before, geo.pad_after, strict=True))
    assert pads == ((1, 2), (0, 1))
    y = tl.conv(v, w, padding="same")
    u = rng.standard_normal(y.shape)
    back = tl.conv_transpose(u, w, padding=pads)
    np.testing.assert_allclose(np.vdot(u, y), np.vdot(back, v), rtol=1e-12)
    # No symmetric padding gives it: padding=1 has the wrong size or the wrong values.
    sym = tl.conv_transpose(u, w, padding=1)
    assert sym.shape != v.shape or not np.allclose(np.vdot(sym, v), np.vdot(u, y))


@PROPERTY
@given(st.integers(1, 3), st.integers(1, 7), st.integers(1, 4), st.integers(1, 4),
       st.integers(0, 3), st.integers(0, 3), st.integers(1, 3), st.booleans())
def test_output_size_solves_for_output_padding(ndim, i, k, s, before, after, d, batched):
    low = (i - 1) * s - before - after + d * (k - 1) + 1
    if low < 1:
        return
    rng = np.random.default_rng(i * 97 + k * 13 + s)
    x = rng.standard_normal((2, 2, *(i,) * ndim) if batched else (2, *(i,) * ndim))
    w = rng.standard_normal((2, 3, *(k,) * ndim))
    for a in range(s):
        size = [low + a] * ndim
        lead = (x.shape[0], 3) if batched else (3,)
        given_size = [*lead, *size] if a % 2 else size  # with the non-spatial axes, or not
        got = tl.conv_transpose(x, w, s, ((before, after),), dilation=d, output_size=given_size)
        assert got.shape[-ndim:] == tuple(size)
        if a < max(s, d):
            np.testing.assert_array_equal(
                got, tl.conv_transpose(x, w, s, ((before, after),), a, d))
    for bad in (low - 1, low + s):
        if bad >= 1:
            with pytest.raises(ValueError, match="valid sizes range from") as info:
                tl.conv_transpose(x, w, s, ((before, after),), dilation=d,
                                  output_size=[bad] * ndim)
            assert info.value.rule == "output_size_out_of_range"
            assert f"[{low}" in str(info.value) and f"{low + s - 1}]" in str(info.value)
