"""Oracle tests: ``conv`` and ``conv_transpose`` against ``torch.nn.functional``.

Hypothesis draws shapes and every argument (batch, channels, groups, int, tuple
or one-entry stride/padding/dilation/output_padding, bias, 1-D to 3-D, unbatched
input, 'same'/'valid' padding), and the validity test draws possibly invalid
calls: PyTorch and tconv_lib must accept and reject the same ones.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - exercised only where torch is missing
    if os.environ.get("CI"):
        raise RuntimeError(
            "the PyTorch oracle tests must run in CI: install the pinned torch from "
            "requirements-dev.txt"
        ) from None
    pytest.skip("torch is not installed (pip install -r requirements-dev.txt)",
                allow_module_level=True)

import tconv_lib as tl

ORACLE = settings(max_examples=150, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])
TOLERANCE = {np.float64: 1e-10, np.float32: 1e-4}
TORCH_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TORCH_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


# --------------------------------------------------------------------------
# strategies


def _per_axis(draw, values: list[int]):
    """One value per axis, and how to pass it: an int, a 1-entry list, or a tuple."""
    if len(set(values)) == 1:
        form = draw(st.sampled_from(["int", "one", "tuple"]))
        if form == "int":
            return values[0]
        if form == "one":
            return [values[0]]
    return tuple(values)


@st.composite
def configurations(draw, transposed: bool):
    """A valid call: arrays' shapes plus the keyword arguments."""
    ndim = draw(st.integers(1, 3))
    groups = draw(st.integers(1, 3))
    # A third of the calls mix enough channels per group to go through BLAS.
    channels = st.integers(13, 16) if draw(st.integers(0, 2)) == 0 else st.integers(1, 3)
    c_in_g, c_out_g = draw(channels), draw(channels)
    batch = draw(st.sampled_from([None, 1, 2, 3]))  # None: unbatched input
    max_size = {1: 9, 2: 6, 3: 4}[ndim]
    kernel, stride, dilation, padding, out_pad, size = [], [], [], [], [], []
    string_padding = None
    if not transposed and draw(st.booleans()) and draw(st.booleans()):
        string_padding = draw(st.sampled_from(["same", "valid"]))
    for _ in range(ndim):
        k = draw(st.integers(1, 4))
        s = 1 if string_padding == "same" else draw(st.integers(1, 3))
        d = draw(st.integers(1, 3))
        p = 0 if string_padding else draw(st.integers(0, 3))
        extent = d * (k - 1) + 1
        if transposed:
            i = draw(st.integers(1, max_size))
            a = draw(st.integers(0, max(s, d) - 1))
            p = min(p, ((i - 1) * s + d * (k - 1) + a) // 2)  # output size >= 1
        else:
            total_pad = extent - 1 if string_padding == "same" else 2 * p
            i = draw(st.integers(max(1, extent - total_pad), max(1, extent - total_pad) + 4))
            a = 0
        kernel.append(k)
        stride.append(s)
        dilation.append(d)
        padding.append(p)
        out_pad.append(a)
        size.append(i)
    c_in, c_out = groups * c_in_g, groups * c_out_g
    x_shape = (c_in, *size) if batch is None else (batch, c_in, *size)
    w_shape = (c_in, c_out_g, *kernel) if transposed else (c_out, c_in_g, *kernel)
    kwargs = {"stride": _per_axis(draw, stride), "dilation": _per_axis(draw, dilation),
              "padding": string_padding or _per_axis(draw, padding), "groups": groups}
    if transposed:
        kwargs["output_padding"] = _per_axis(draw, out_pad)
    bias_shape = (c_out,) if draw(st.booleans()) else None
    return x_shape, w_shape, bias_shape, kwargs


DTYPES = st.sampled_from([
    (np.float64, np.float64), (np.float32, np.float32),
    (np.float32, np.float64), (np.float64, np.float32),
])


def _arrays(x_shape, w_shape, bias_shape, dtypes, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(x_shape).astype(dtypes[0])
    w = rng.standard_normal(w_shape).astype(dtypes[1])
    bias = None if bias_shape is None else rng.standard_normal(bias_shape).astype(dtypes[1])
    return x, w, bias


def _torch_reference(function, x, w, bias, kwargs):
    """PyTorch's result in NumPy's promoted dtype (PyTorch itself refuses mixed dtypes)."""
    dtype = np.result_type(x, w, *(() if bias is None else (bias,)))
    as_tensor = lambda a: None if a is None else torch.from_numpy(a.astype(dtype))  # noqa: E731
    torch_kwargs = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    return function(as_tensor(x), as_tensor(w), as_tensor(bias), **torch_kwargs).numpy()


def _assert_matches(ours, reference, x, w, bias):
    expected_dtype = np.result_type(x, w, *(() if bias is None else (bias,)))
    assert ours.dtype == expected_dtype
    assert ours.shape == reference.shape
    assert ours.flags.c_contiguous
    tol = TOLERANCE[expected_dtype.type]
    np.testing.assert_allclose(ours, reference, rtol=tol,
                               atol=tol * max(1.0, float(np.abs(reference).max(initial=0))))


# --------------------------------------------------------------------------
# values


@ORACLE
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@given(configurations(transposed=False), DTYPES, st.integers(0, 2**16))
def test_conv_matches_torch(config, dtypes, seed):
    x_shape, w_shape, bias_shape, kwargs = config
    x, w, bias = _arrays(x_shape, w_shape, bias_shape, dtypes, seed)
    reference = _torch_reference(TORCH_CONV[len(w_shape) - 2], x, w, bias, kwargs)
    _assert_matches(tl.conv(x, w, bias=bias, **kwargs), reference, x, w, bias)


@ORACLE
@given(configurations(transposed=True), DTYPES, st.sampled_from(tl.TRANSPOSE_METHODS),
       st.integers(0, 2**16))
def test_conv_transpose_matches_torch(config, dtypes, method, seed):
    x_shape, w_shape, bias_shape, kwargs = config
    x, w, bias = _arrays(x_shape, w_shape, bias_shape, dtypes, seed)
    reference = _torch_reference(TORCH_TRANSPOSE[len(w_shape) - 2], x, w, bias, kwargs)
    _assert_matches(tl.conv_transpose(x, w, bias=bias, method=method, **kwargs), reference,
                    x, w, bias)


@pytest.mark.parametrize("method", tl.TRANSPOSE_METHODS)
def test_conv_transpose_matches_torch_on_a_large_call(method):
    # Big enough for several row chunks, BLAS per group and a non-trivial phase split.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 32, 20, 17)).astype(np.float32)
    w = rng.standard_normal((32, 12, 4, 3)).astype(np.float32)
    kwargs = {"stride": (2, 3), "padding": (1, 2), "output_padding": (1, 0),
              "dilation": (1, 2), "groups": 2}
    reference = _torch_reference(F.conv_transpose2d, x, w, None, kwargs)
    _assert_matches(tl.conv_transpose(x, w, method=method, **kwargs), reference, x, w, None)


def test_conv_matches_torch_on_a_large_call():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 32, 41, 37)).astype(np.float32)
    w = rng.standard_normal((24, 16, 5, 3)).astype(np.float32)
    kwargs = {"stride": (2, 3), "padding": (2, 1), "dilation": (1, 2), "groups": 2}
    reference = _torch_reference(F.conv2d, x, w, None, kwargs)
    _assert_matches(tl.conv(x, w, **kwargs), reference, x, w, None)


# --------------------------------------------------------------------------
# validity: PyTorch and tconv_lib reject the same calls


def _maybe_per_axis(draw, ndim, values):
    """An int or a sequence of (usually) ndim entries, drawn mostly from valid values."""
    if draw(st.booleans()):
        return draw(st.sampled_from(values))
    length = draw(st.sampled_from([1, ndim, ndim, ndim, ndim + 1]))
    return tuple(draw(st.sampled_from(values)) for _ in range(length))


@st.composite
def any_calls(draw):
    """Calls in a small box around the valid ones; about half of them are invalid."""
    transposed = draw(st.booleans())
    ndim = draw(st.integers(1, 3))
    x_ndim = draw(st.sampled_from([ndim + 2] * 6 + [ndim + 1, ndim, ndim + 3]))
    groups = draw(st.sampled_from([1, 1, 1, 2, 3, 0]))
    c_in_g = draw(st.integers(1, 2))
    c_in = draw(st.sampled_from([max(groups, 1) * c_in_g] * 4 + [3]))
    c_out = draw(st.integers(1, 4))
    kernel = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    size = tuple(draw(st.integers(2, 6)) for _ in range(ndim))
    batched_shape = (1, draw(st.integers(1, 2)), c_in, *size)  # one leading axis too many
    x_shape = batched_shape[-x_ndim:]
    w_in = draw(st.sampled_from([c_in if transposed else c_in_g] * 4 + [c_in + 1]))
    w_shape = (w_in, c_out, *kernel) if transposed else (c_out, w_in, *kernel)
    kwargs = {
        "stride": _maybe_per_axis(draw, ndim, [1, 1, 2, 3, 0]),
        "dilation": _maybe_per_axis(draw, ndim, [1, 1, 2, 0]),
        "padding": _maybe_per_axis(draw, ndim, [0, 0, 1, 2, 3, -1]),
        "groups": groups,
    }
    if transposed:
        kwargs["output_padding"] = _maybe_per_axis(draw, ndim, [0, 0, 1, 2, -1])
    elif draw(st.integers(0, 4)) == 0:
        kwargs["padding"] = draw(st.sampled_from(["same", "valid", "full"]))
    bias_len = draw(st.sampled_from([None, None, "ok", "ok", 1, 5]))
    return transposed, x_shape, w_shape, bias_len, kwargs


def _axis_values(value, ndim):
    if isinstance(value, (list, tuple)):
        return list(value) * ndim if len(value) == 1 else list(value)
    return [value] * ndim


MUTATIONS = ["none", "stride", "dilation", "padding", "output_padding", "groups", "channels",
             "length", "x_rank", "kernel", "bias", "padding_string"]


@st.composite
def near_valid_calls(draw):
    """A valid call, then (usually) one rule broken."""
    transposed = draw(st.booleans())
    x_shape, w_shape, bias_shape, kwargs = draw(configurations(transposed))
    ndim = len(w_shape) - 2
    mutation = draw(st.sampled_from(MUTATIONS))
    axis = draw(st.integers(0, ndim - 1))

    def set_axis(name, value):
        values = _axis_values(kwargs[name], ndim)
        values[axis] = value
        kwargs[name] = tuple(values)

    if mutation == "stride":
        set_axis("stride", draw(st.sampled_from([0, -1])))
    elif mutation == "dilation":
        set_axis("dilation", draw(st.sampled_from([0, -2])))
    elif mutation == "padding" and kwargs["padding"] not in ("same", "valid"):
        if transposed and draw(st.booleans()):  # output size below 1
            set_axis("padding", x_shape[-ndim + axis] * 4 + 4 * w_shape[2 + axis])
        else:
            set_axis("padding", -1)
    elif mutation == "output_padding" and transposed:
        limit = max(_axis_values(kwargs["stride"], ndim)[axis],
                    _axis_values(kwargs["dilation"], ndim)[axis])
        set_axis("output_padding", draw(st.sampled_from([limit, limit + 1, -1])))
    elif mutation == "groups":
        kwargs["groups"] = draw(st.sampled_from([0, -1, kwargs["groups"] + 1]))
    elif mutation == "channels":
        w_shape = (w_shape[0] + (1 if transposed else 0), w_shape[1] + (0 if transposed else 1),
                   *w_shape[2:])
    elif mutation == "length":
        kwargs[draw(st.sampled_from(["stride", "dilation"]))] = (1,) * (ndim + 1)
    elif mutation == "x_rank":
        x_shape = (1, *x_shape) if draw(st.booleans()) else x_shape[1:]
        if len(x_shape) == ndim + 1:  # now unbatched, still valid: drop one more axis
            x_shape = x_shape[1:]
    elif mutation == "kernel" and not transposed:
        kwargs["padding"] = 0
        kwargs["dilation"] = 1
        w_shape = (*w_shape[:2], *(i + 1 for i in x_shape[-ndim:]))
    elif mutation == "bias":
        c_out = w_shape[1] * kwargs["groups"] if transposed else w_shape[0]
        bias_shape = draw(st.sampled_from([(c_out + 1,), (1, c_out), ()]))
    elif mutation == "padding_string":
        if transposed:
            kwargs["padding"] = draw(st.sampled_from(["same", "valid"]))
        else:
            kwargs["padding"] = "same" if draw(st.booleans()) else "SAME"
            kwargs["stride"] = draw(st.sampled_from([1, 2]))
    return transposed, x_shape, w_shape, bias_shape, kwargs


def _check_validity_agrees(transposed, x_shape, w_shape, bias_shape, kwargs):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    bias = None if bias_shape is None else rng.standard_normal(bias_shape)
    function = (TORCH_TRANSPOSE if transposed else TORCH_CONV)[len(w_shape) - 2]
    try:
        reference = _torch_reference(function, x, w, bias, kwargs)
    except (RuntimeError, ValueError, TypeError, IndexError):
        reference = None
    ours = tl.conv_transpose if transposed else tl.conv
    event("PyTorch rejects" if reference is None else "PyTorch accepts")
    if reference is None:
        with pytest.raises((ValueError, TypeError)):
            ours(x, w, bias=bias, **kwargs)
    else:
        _assert_matches(ours(x, w, bias=bias, **kwargs), reference, x, w, bias)


@settings(max_examples=400, deadline=None, derandomize=True)
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@given(near_valid_calls())
def test_validity_agrees_with_torch_near_valid_calls(call):
    _check_validity_agrees(*call)


@settings(max_examples=200, deadline=None, derandomize=True)
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@given(any_calls())
def test_validity_agrees_with_torch_in_a_box(call):
    transposed, x_shape, w_shape, bias_len, kwargs = call
    c_out = w_shape[1] * kwargs["groups"] if transposed else w_shape[0]
    bias_shape = None if bias_len is None else (c_out if bias_len == "ok" else bias_len,)
    _check_validity_agrees(transposed, x_shape, w_shape, bias_shape, kwargs)


# --------------------------------------------------------------------------
# per-side padding and output_size


TORCH_MODULE = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d,
                3: torch.nn.ConvTranspose3d}


@st.composite
def per_side_configurations(draw):
    """A transposed call with independent (before, after) crops on every axis."""
    ndim = draw(st.integers(1, 3))
    groups = draw(st.integers(1, 2))
    c_in_g, c_out_g = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kernel, stride, dilation, pads, out_pad, size = [], [], [], [], [], []
    for _ in range(ndim):
        k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        i = draw(st.integers(1, {1: 7, 2: 5, 3: 3}[ndim]))
        a = draw(st.integers(0, max(s, d) - 1))
        full = (i - 1) * s + d * (k - 1) + a + 1
        before = draw(st.integers(0, min(3, full - 1)))
        after = draw(st.integers(0, min(3, full - 1 - before)))
        for values, v in zip((kernel, stride, dilation, pads, out_pad, size),
                             (k, s, d, (before, after), a, i), strict=True):
            values.append(v)
    return ((draw(st.integers(1, 2)), groups * c_in_g, *size),
            (groups * c_in_g, c_out_g, *kernel), groups, stride, pads, out_pad, dilation)


@ORACLE
@given(per_side_configurations(), st.sampled_from(tl.TRANSPOSE_METHODS), st.integers(0, 2**16))
def test_per_side_padding_matches_torch(config, method, seed):
    x_shape, w_shape, groups, stride, pads, out_pad, dilation = config
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    ndim = len(stride)
    # conv_transpose per side = PyTorch's padding-0 full output, cropped.
    full = TORCH_TRANSPOSE[ndim](torch.from_numpy(x), torch.from_numpy(w), stride=stride,
                                 output_padding=out_pad, dilation=dilation,
                                 groups=groups).numpy()
    crop = tuple(slice(b, n - a) for (b, a), n in zip(pads, full.shape[2:], strict=True))
    ours = tl.conv_transpose(x, w, stride, pads, out_pad, dilation, groups, method=method)
    _assert_matches(ours, full[(slice(None), slice(None), *crop)], x, w, None)
    # conv per side = F.pad, then PyTorch's unpadded convolution (the conv weight of the
    # adjoint direction: same array, read as (C_out, C_in / groups, *k)).
    v = rng.standard_normal(ours.shape)
    torch_pad = [p for pair in reversed(pads) for p in pair]  # F.pad: last axis first
    padded = F.pad(torch.from_numpy(v), torch_pad)
    expected = TORCH_CONV[ndim](padded, torch.from_numpy(w), stride=stride, dilation=dilation,
                                groups=groups).numpy()
    _assert_matches(tl.conv(v, w, stride, pads, dilation, groups), expected, v, w, None)


@ORACLE
@given(configurations(transposed=True), st.integers(0, 2**16), st.booleans(), st.data())
def test_output_size_matches_torch_module_forward(config, seed, with_channels, data):
    x_shape, w_shape, _, kwargs = config
    groups = kwargs.get("groups", 1)
    ndim = len(w_shape) - 2
    x, w, _ = _arrays(x_shape, w_shape, None, (np.float64, np.float64), seed)
    as_axes = lambda v: (v,) * ndim if isinstance(v, int) else tuple(v) * (  # noqa: E731
        ndim if len(v) == 1 else 1)
    stride, padding, dilation = (as_axes(kwargs.get(name, default)) for name, default in
                                 (("stride", 1), ("padding", 0), ("dilation", 1)))
    module = TORCH_MODULE[ndim](w_shape[0], w_shape[1] * groups, w_shape[2:], stride=stride,
                                padding=padding, dilation=dilation, groups=groups,
                                bias=False).double()
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(w))
    low = [(i - 1) * s - 2 * p + d * (k - 1) + 1 for i, s, p, d, k in
           zip(x_shape[-ndim:], stride, padding, dilation, w_shape[2:], strict=True)]
    size = [data.draw(st.integers(lo - 1, lo + s)) for lo, s in zip(low, stride, strict=True)]
    if with_channels:
        size = [*x_shape[:-ndim - 1], w_shape[1] * groups, *size]
    try:
        with torch.no_grad():
            expected = module(torch.from_numpy(x), output_size=size).numpy()
    except (RuntimeError, ValueError) as torch_error:
        event("rejected")
        with pytest.raises(ValueError) as info:
            tl.conv_transpose(x, w, stride, padding, 0, dilation, groups, output_size=size)
        if "valid sizes range" in str(torch_error):
            # PyTorch's sentence, up to the input shape (which it misreports unbatched).
            ours_text, torch_text = str(info.value), str(torch_error)
            assert ours_text.split(" (for an input of ")[0] == torch_text.split(
                " (for an input of ")[0]
            assert ours_text.endswith(f"(for an input of {list(x_shape[-ndim:])})")
            assert info.value.rule == "output_size_out_of_range"
        return
    ours = tl.conv_transpose(x, w, stride, padding, 0, dilation, groups, output_size=size)
    _assert_matches(ours, expected, x, w, None)


# --------------------------------------------------------------------------
# pooling sizes


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.integers(1, 3), st.lists(st.integers(1, 12), min_size=2, max_size=2),
       st.integers(1, 5), st.one_of(st.none(), st.integers(1, 4)), st.integers(0, 3),
       st.integers(1, 3), st.booleans(), st.sampled_from(["max", "avg"]))
def test_pool_output_size_matches_torch(ndim_choice, sizes, k, stride, padding, dilation,
                                        ceil_mode, kind):
    ndim = 1 if ndim_choice == 1 else 2
    if kind == "avg":
        dilation = 1
    shape = sizes[:ndim]
    x = torch.zeros(1, 1, *shape)
    kwargs = {"kernel_size": k, "stride": stride, "padding": padding, "ceil_mode": ceil_mode}
    if kind == "max":
        kwargs["dilation"] = dilation
    function = getattr(F, f"{kind}_pool{ndim}d")
    try:
        expected = tuple(function(x, **kwargs).shape[2:])
    except RuntimeError:
        event("rejected")
        with pytest.raises(ValueError) as info:
            for n in shape:
                tl.pool_output_size(n, k, stride, padding, dilation, ceil_mode)
        assert info.value.rule in ("pool_padding_too_large", "kernel_too_large")
        return
    assert tuple(tl.pool_output_size(n, k, stride, padding, dilation, ceil_mode)
                 for n in shape) == expected
