"""The gradients of conv and conv_transpose against PyTorch's autograd."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl

TORCH_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TORCH_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


@st.composite
def geometries(draw, transposed: bool):
    """One random (transposed) convolution call: shapes and per-axis parameters."""
    ndim = draw(st.integers(1, 3))
    small = st.integers(1, 3)
    n, groups, c_in_g, c_out_g = draw(small), draw(small), draw(small), draw(small)
    per_axis = {name: [] for name in ("i", "k", "s", "p", "d", "a")}
    for _ in range(ndim):
        k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        if transposed:
            i = draw(st.integers(1, 5))
            reach = (i - 1) * s + d * (k - 1)
            a = draw(st.integers(0, max(s, d) - 1))
            p = draw(st.integers(0, max(0, (reach + a) // 2)))  # output size stays >= 1
        else:
            p, a = draw(st.integers(0, 2)), 0
            smallest = max(1, d * (k - 1) + 1 - 2 * p)
            i = draw(st.integers(smallest, smallest + 5))
        for name, value in zip("iksdpa", (i, k, s, d, p, a), strict=True):
            per_axis[name].append(value)
    return ndim, n, groups, c_in_g, c_out_g, {key: tuple(v) for key, v in per_axis.items()}


def _torch(array):
    return torch.tensor(array, dtype=torch.float64, requires_grad=True)


@settings(max_examples=60, deadline=None)
@given(geometries(transposed=False), st.integers(0, 2**32 - 1))
def test_conv_gradients_match_autograd(geometry, seed):
    ndim, n, groups, c_in_g, c_out_g, g = geometry
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, groups * c_in_g, *g["i"]))
    w = rng.standard_normal((groups * c_out_g, c_in_g, *g["k"]))
    kwargs = dict(stride=g["s"], padding=g["p"], dilation=g["d"], groups=groups)
    xt, wt = _torch(x), _torch(w)
    out = TORCH_CONV[ndim](xt, wt, **kwargs)
    upstream = rng.standard_normal(tuple(out.shape))
    out.backward(torch.from_numpy(upstream))

    np.testing.assert_allclose(tl.conv_weight_grad(x, w.shape, upstream, **kwargs),
                               wt.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(tl.conv_input_grad(x.shape, w, upstream, **kwargs),
                               xt.grad.numpy(), rtol=1e-10, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(geometries(transposed=True), st.integers(0, 2**32 - 1))
def test_conv_transpose_weight_gradient_matches_autograd(geometry, seed):
    ndim, n, groups, c_in_g, c_out_g, g = geometry
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, groups * c_in_g, *g["i"]))
    w = rng.standard_normal((groups * c_in_g, c_out_g, *g["k"]))
    kwargs = dict(stride=g["s"], padding=g["p"], output_padding=g["a"], dilation=g["d"],
                  groups=groups)
    xt, wt = _torch(x), _torch(w)
    out = TORCH_CONV_T[ndim](xt, wt, **kwargs)
    upstream = rng.standard_normal(tuple(out.shape))
    out.backward(torch.from_numpy(upstream))

    np.testing.assert_allclose(tl.conv_transpose_weight_grad(x, w.shape, upstream, **kwargs),
                               wt.grad.numpy(), rtol=1e-10, atol=1e-10)
    # conv_transpose's input gradient is conv with the same weight and geometry.
    conv_kwargs = {key: kwargs[key] for key in ("stride", "padding", "dilation", "groups")}
    np.testing.assert_allclose(tl.conv(upstream, w, **conv_kwargs)[(..., *(
        slice(0, i) for i in g["i"]))], xt.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_same_padding_gradients_match_autograd(ndim):
    # 'same' with an even dilated kernel pads unevenly; the gradients must follow.
    rng = np.random.default_rng(ndim)
    x = rng.standard_normal((2, 4, *(5,) * ndim))
    w = rng.standard_normal((6, 2, *(2,) * ndim))
    kwargs = dict(stride=1, padding="same", dilation=3, groups=2)
    xt, wt = _torch(x), _torch(w)
    out = TORCH_CONV[ndim](xt, wt, **kwargs)
    upstream = rng.standard_normal(tuple(out.shape))
    out.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(tl.conv_weight_grad(x, w.shape, upstream, **kwargs),
                               wt.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(tl.conv_input_grad(x.shape, w, upstream, **kwargs),
                               xt.grad.numpy(), rtol=1e-10, atol=1e-10)


def test_nn_grad_signature_is_followed():
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 3, 8, 7)), rng.standard_normal((4, 3, 3, 2))
    kwargs = dict(stride=(2, 3), padding=(1, 0), dilation=(1, 2))
    upstream = rng.standard_normal(tl.conv(x, w, **kwargs).shape)
    expected = torch.nn.grad.conv2d_weight(torch.from_numpy(x), w.shape,
                                           torch.from_numpy(upstream), **kwargs)
    np.testing.assert_allclose(tl.conv_weight_grad(x, w.shape, upstream, **kwargs),
                               expected.numpy(), rtol=1e-10, atol=1e-10)
    expected = torch.nn.grad.conv2d_input(x.shape, torch.from_numpy(w),
                                          torch.from_numpy(upstream), **kwargs)
    np.testing.assert_allclose(tl.conv_input_grad(x.shape, w, upstream, **kwargs),
                               expected.numpy(), rtol=1e-10, atol=1e-10)


def test_unbatched_inputs_and_float32_dtype():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 7, 6)).astype(np.float32)
    w = rng.standard_normal((2, 3, 3, 2)).astype(np.float32)
    upstream = rng.standard_normal((2, 4, 4)).astype(np.float32)
    grad_w = tl.conv_weight_grad(x, w.shape, upstream, stride=2, padding=1)
    assert grad_w.shape == w.shape and grad_w.dtype == np.float32
    batched = tl.conv_weight_grad(x[None], w.shape, upstream[None], stride=2, padding=1)
    np.testing.assert_allclose(grad_w, batched, rtol=1e-6)
    grad_x = tl.conv_input_grad(x.shape, w, upstream, stride=2, padding=1)
    assert grad_x.shape == x.shape
    np.testing.assert_allclose(grad_x, tl.conv_input_grad((1, *x.shape), w, upstream[None],
                                                          stride=2, padding=1)[0], rtol=1e-6)


def test_input_gradient_is_conv_transpose_with_matching_output_padding():
    rng = np.random.default_rng(2)
    for i in range(5, 9):  # the four input sizes that a stride-3 conv maps to o = 2 or 3
        x_shape = (1, 1, i)
        w = rng.standard_normal((1, 1, 3))
        upstream = rng.standard_normal(tl.conv(np.zeros(x_shape), w, stride=3, padding=1).shape)
        a = tl.inverse_output_padding(i, 3, stride=3, padding=1)
        np.testing.assert_allclose(
            tl.conv_input_grad(x_shape, w, upstream, stride=3, padding=1),
            tl.conv_transpose(upstream, w, stride=3, padding=1, output_padding=a))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: tl.conv_weight_grad(np.zeros((1, 1, 5)), (1, 1, 3), np.zeros((1, 1, 4))),
         ValueError, r"grad_out must have the shape of the forward output \(1, 1, 3\)"),
        (lambda: tl.conv_weight_grad(np.zeros((1, 1, 5)), 3, np.zeros((1, 1, 3))),
         TypeError, "weight_shape must be a tuple of ints"),
        (lambda: tl.conv_weight_grad(np.zeros((1, 1, 5)), (1, 1, 0), np.zeros((1, 1, 3))),
         ValueError, r"weight_shape\[2\] must be a positive integer \(>= 1\), got 0"),
        (lambda: tl.conv_weight_grad(np.zeros((1, 1, 2)), (1, 1, 3), np.zeros((1, 1, 1))),
         ValueError, "kernel larger than the padded input"),
        (lambda: tl.conv_input_grad((1, 2, 5), np.zeros((1, 1, 3)), np.zeros((1, 1, 3))),
         ValueError, "channel mismatch"),
        (lambda: tl.conv_input_grad((1, 1, 5), np.zeros((1, 1, 3)), np.array([["a"]])),
         TypeError, "grad_out must hold numbers"),
        (lambda: tl.conv_transpose_weight_grad(np.zeros((1, 1, 2)), (1, 1, 3),
                                               np.zeros((1, 1, 5)), stride=2, output_padding=2),
         ValueError, "output_padding must be smaller than max"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 3), st.integers(1, 2),
       st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=3, max_size=3),
       st.integers(0, 2**16))
def test_per_side_padding_gradients_match_autograd(ndim, k, s, d, sides, seed):
    # The forward pass with per-side padding is F.pad followed by an unpadded convolution.
    pads = tuple(sides[:ndim])
    rng = np.random.default_rng(seed)
    sizes = [max(1, d * (k - 1) + 1 - b - a) + int(rng.integers(0, 4)) for b, a in pads]
    x, w = rng.standard_normal((2, 3, *sizes)), rng.standard_normal((2, 3, *(k,) * ndim))
    xt, wt = _torch(x), _torch(w)
    flat = [p for pair in reversed(pads) for p in pair]
    y = TORCH_CONV[ndim](F.pad(xt, flat), wt, stride=s, dilation=d)
    upstream = rng.standard_normal(tuple(y.shape))
    y.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(
        tl.conv_input_grad(x.shape, w, upstream, s, pads, d), xt.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(
        tl.conv_weight_grad(x, w.shape, upstream, s, pads, d), wt.grad.numpy(), atol=1e-10)
    # conv_transpose with the same per-side padding: its weight gradient, by autograd on the
    # crop of the unpadded transposed convolution.
    u = rng.standard_normal(upstream.shape)
    ut, w2 = _torch(u), _torch(w)  # read as (C_in, C_out, *k) by the transposed call
    full = TORCH_CONV_T[ndim](ut, w2, stride=s, dilation=d)
    crop = tuple(slice(b, n - a) for (b, a), n in zip(pads, full.shape[2:], strict=True))
    out = full[(slice(None), slice(None), *crop)]
    g = rng.standard_normal(tuple(out.shape))
    out.backward(torch.from_numpy(g))
    np.testing.assert_allclose(
        tl.conv_transpose_weight_grad(u, w2.shape, g, s, pads, 0, d), w2.grad.numpy(),
        atol=1e-10)
