"""The explicit matrix ``C``: it is the convolution, its transpose is the transposed
convolution, the sparse build is exact and lean, and oversized dense requests are refused."""

import tracemalloc

import numpy as np
import pytest
import scipy.sparse
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib import matrix

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)


@st.composite
def single_channel_calls(draw):
    """(input_shape, kernel_shape, stride, padding, dilation) of a valid convolution."""
    ndim = draw(st.integers(1, 3))
    max_size = {1: 12, 2: 7, 3: 4}[ndim]
    same = draw(st.integers(0, 5)) == 0
    shape, kernel, stride, padding, dilation = [], [], [], [], []
    for _ in range(ndim):
        k, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        s = 1 if same else draw(st.integers(1, 3))
        p = 0 if same else draw(st.integers(0, 3))
        low = 1 if same else max(1, d * (k - 1) + 1 - 2 * p)
        shape.append(draw(st.integers(low, low + max_size - 1)))
        kernel.append(k)
        stride.append(s)
        padding.append(p)
        dilation.append(d)
    return tuple(shape), tuple(kernel), tuple(stride), "same" if same else tuple(padding), \
        tuple(dilation)


@PROPERTY
@given(single_channel_calls(), st.integers(0, 2**16))
def test_c_is_the_convolution_dense_and_sparse(call, seed):
    shape, kernel_shape, stride, padding, dilation = call
    rng = np.random.default_rng(seed)
    kernel, v = rng.standard_normal(kernel_shape), rng.standard_normal(shape)
    dense = tl.conv_matrix(shape, kernel, stride, padding, dilation)
    sparse = tl.conv_matrix(shape, kernel, stride, padding, dilation, sparse=True)
    y = tl.conv(v[None, None], kernel[None, None], stride, padding, dilation)[0, 0]
    assert isinstance(dense, np.ndarray) and dense.shape == (y.size, v.size)
    assert isinstance(sparse, scipy.sparse.csr_array) and sparse.shape == dense.shape
    np.testing.assert_allclose(dense @ v.ravel(), y.ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sparse @ v.ravel(), y.ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(sparse.toarray(), dense)
    assert sparse.has_canonical_format


@PROPERTY
@given(single_channel_calls(), st.sampled_from(tl.TRANSPOSE_METHODS), st.integers(0, 2**16))
def test_c_transpose_is_the_transposed_convolution(call, method, seed):
    shape, kernel_shape, stride, padding, dilation = call
    assume(padding != "same")  # conv_transpose takes symmetric padding only
    rng = np.random.default_rng(seed)
    kernel = rng.standard_normal(kernel_shape)
    c = tl.conv_matrix(shape, kernel, stride, padding, dilation, sparse=True)
    out_shape = tuple(tl.conv_output_size(*args) for args in zip(
        shape, kernel_shape, stride, padding, dilation, strict=True))
    u, v = rng.standard_normal(out_shape), rng.standard_normal(shape)
    a = tuple(tl.inverse_output_padding(*args) for args in zip(
        shape, kernel_shape, stride, padding, dilation, strict=True))
    back = tl.conv_transpose(u[None, None], kernel[None, None], stride, padding, a, dilation,
                             method=method)[0, 0]
    assert back.shape == shape
    np.testing.assert_allclose(c.T @ u.ravel(), back.ravel(), rtol=1e-12, atol=1e-12)
    # The adjoint identity <u, C v> = <C^T u, v>, with C^T u computed by conv_transpose.
    np.testing.assert_allclose(np.dot(u.ravel(), c @ v.ravel()), np.dot(back.ravel(), v.ravel()),
                               rtol=1e-10, atol=1e-10)


@PROPERTY
@given(single_channel_calls())
def test_entries_are_the_structural_nonzeros(call):
    shape, kernel_shape, stride, padding, dilation = call
    rows, cols, taps, out_shape = tl.conv_matrix_entries(shape, kernel_shape, stride, padding,
                                                         dilation)
    assert len(rows) == len(cols) == len(taps)
    # Row-major, each (row, column) once.
    assert np.all(np.diff(rows) >= 0)
    assert len(set(zip(rows.tolist(), cols.tolist(), strict=True))) == len(rows)
    # Entry n says: output cell rows[n] reads input cell cols[n] through tap taps[n],
    # i.e. x = s y - p + d t along every axis.
    geo = tl.validate_conv_call(np.zeros((1, 1, *shape)), np.zeros((1, 1, *kernel_shape)),
                                stride=stride, padding=padding, dilation=dilation)[2]
    y = np.unravel_index(rows, out_shape)
    x = np.unravel_index(cols, shape)
    t = np.unravel_index(taps, kernel_shape)
    for axis in range(len(shape)):
        np.testing.assert_array_equal(
            x[axis], geo.stride[axis] * y[axis] - geo.pad_before[axis]
            + geo.dilation[axis] * t[axis])
    # Every (output, tap) pair that lands inside the input is there: count them.
    inside = 1
    for axis in range(len(shape)):
        ys = np.arange(out_shape[axis])[:, None]
        ts = np.arange(kernel_shape[axis])[None, :]
        coord = geo.stride[axis] * ys - geo.pad_before[axis] + geo.dilation[axis] * ts
        inside = np.multiply.outer(inside, (coord >= 0) & (coord < shape[axis]))
    assert int(np.sum(inside)) == len(rows)


def test_the_matrix_of_the_first_figure():
    # Dumoulin & Visin's 3x3 kernel over a 4x4 input: C is 4 x 16 with the kernel rows
    # laid out at offsets 0, 1, 4, 5.
    kernel = np.arange(1, 10).reshape(3, 3)
    c = tl.conv_matrix((4, 4), kernel)
    assert c.shape == (4, 16) and c.dtype == kernel.dtype
    first = np.zeros(16, dtype=int)
    first[[0, 1, 2, 4, 5, 6, 8, 9, 10]] = kernel.ravel()
    np.testing.assert_array_equal(c[0], first)
    for row, shift in enumerate([0, 1, 4, 5]):
        np.testing.assert_array_equal(c[row], np.roll(first, shift))


def test_dtype_follows_the_kernel():
    for dtype in (np.float32, np.float64, np.int64, np.complex128):
        kernel = np.ones((2, 2), dtype=dtype)
        assert tl.conv_matrix((3, 3), kernel).dtype == dtype
        assert tl.conv_matrix((3, 3), kernel, sparse=True).dtype == dtype


# --------------------------------------------------------------------------
# size limits and memory


def test_dense_limit_is_exact(monkeypatch):
    monkeypatch.setattr(matrix, "DENSE_ENTRY_LIMIT", 4 * 16)
    assert tl.conv_matrix((4, 4), np.ones((3, 3))).size == 64  # exactly at the limit
    with pytest.raises(ValueError, match="sparse=True"):
        tl.conv_matrix((4, 5), np.ones((3, 3)))  # 6 x 20 = 120 entries
    assert tl.conv_matrix((4, 5), np.ones((3, 3)), sparse=True).shape == (6, 20)


def test_oversized_dense_request_is_refused_without_allocating(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("entries were computed for a refused request")

    monkeypatch.setattr(matrix, "geometry_entries", fail)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as info:
            tl.conv_matrix((2000, 2000), np.ones((3, 3)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert "sparse=True" in message and "(3992004, 4000000)" in message
    assert peak < 1_000_000  # bytes; the dense matrix would need 128 TB


def test_sparse_build_is_proportional_to_nnz():
    # Peak memory per stored entry stays bounded as the matrix grows 16-fold.
    per_entry = []
    for n in (64, 256):
        tracemalloc.start()
        try:
            c = tl.conv_matrix((n, n), np.ones((3, 3)), stride=2, padding=1, sparse=True)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        per_entry.append(peak / c.nnz)
    assert max(per_entry) < 64  # bytes per non-zero (the CSR arrays alone take 16)
    assert c.shape == (128 * 128, 256 * 256)


# --------------------------------------------------------------------------
# bad input


BAD_CALLS = [
    ((5, np.ones(3)), {}, TypeError, ["input_shape", "5"]),
    (("55", np.ones(3)), {}, TypeError, ["input_shape", "'55'"]),
    (((5.0,), np.ones(3)), {}, TypeError, ["input_shape[0]", "5.0"]),
    (((5, 0), np.ones((3, 3))), {}, ValueError, ["input_shape[1]", "0"]),
    (((), np.ones(())), {}, ValueError, ["input_shape", "()"]),
    (((2, 2, 2, 2), np.ones((1, 1, 1, 1))), {}, ValueError, ["input_shape", "1 to 3"]),
    (((5, 5), np.ones(3)), {}, ValueError, ["kernel", "(3,)", "input_shape"]),
    (((5,), np.array(["a", "b"])), {}, TypeError, ["kernel", "numbers"]),
    (((5,), np.ones(0)), {}, ValueError, ["kernel", "empty"]),
    (((5,), np.ones(7)), {}, ValueError, ["kernel larger", "7"]),
    (((5,), np.ones(3)), {"stride": 0}, ValueError, ["stride", "0"]),
    (((5,), np.ones(3)), {"padding": -2}, ValueError, ["padding", "-2"]),
    (((5,), np.ones(3)), {"dilation": (1, 1)}, ValueError, ["dilation", "(1, 1)"]),
    (((5,), np.ones(3)), {"padding": "same", "stride": 2}, ValueError, ["same", "stride"]),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), BAD_CALLS,
                         ids=[str(i) for i in range(len(BAD_CALLS))])
def test_bad_input(args, kwargs, error, words):
    for sparse in (False, True):
        with pytest.raises(error) as info:
            tl.conv_matrix(*args, sparse=sparse, **kwargs)
        for word in words:
            assert word in str(info.value)


@pytest.mark.parametrize(("kernel_shape", "error", "word"), [
    ((3, 0), ValueError, "kernel_shape[1]"), ((3.0,), TypeError, "kernel_shape[0]"),
    (3, TypeError, "kernel_shape"), ((-1,), ValueError, "-1"),
])
def test_bad_kernel_shape_for_entries(kernel_shape, error, word):
    with pytest.raises(error, match=word.replace("[", r"\[").replace("]", r"\]")):
        tl.conv_matrix_entries((5, 5) if kernel_shape != (3.0,) else (5,), kernel_shape)


def test_every_public_function_has_an_example():
    for name in matrix.__all__:
        obj = getattr(matrix, name)
        if callable(obj):
            assert ">>>" in (obj.__doc__ or ""), name
