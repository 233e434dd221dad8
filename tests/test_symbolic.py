"""tconv_lib.symbolic: symbolic kernels, operators, matrices and checks.

The central test is that a symbolic C, with its tap symbols replaced by
numbers, equals tconv_lib.conv_matrix entry by entry, in every geometry.
"""

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib import symbolic

# --------------------------------------------------------------------------
# kernels


def test_centred_taps_are_keyed_by_offset_and_print_as_subscripts():
    taps = tl.centred_taps(2)
    assert list(taps) == [-2, -1, 0, 1, 2]
    assert sp.latex(taps[-2]) == "k_{-2}"
    assert all(t.is_real for t in taps.values())
    assert len(set(taps.values())) == 5


def test_array_taps_match_array_indexing():
    taps = tl.array_taps((2, 3))
    assert taps.shape == (2, 3)
    assert str(taps[1, 2]) == "w_1,2"
    assert sp.latex(taps[1, 2]) == "w_{1,2}"
    assert taps.flat[4] is taps[1, 1]


def test_array_and_centred_taps_do_not_collide_by_default():
    assert not set(tl.array_taps((3,)).tolist()) & set(tl.centred_taps(1).values())


@pytest.mark.parametrize("m", [0, 1, 3])
def test_centred_to_weight_reverses_and_reindexes(m):
    k = tl.centred_taps(m)
    w = tl.centred_to_weight(k)
    assert w.shape == (2 * m + 1,)
    for t in range(2 * m + 1):
        assert w[t] == k[m - t]


@pytest.mark.parametrize(("bad", "error"), [(-1, ValueError), (1.5, TypeError),
                                            (True, TypeError), ("2", TypeError)])
def test_centred_taps_rejects_bad_half_width(bad, error):
    words = "m must be a non-negative integer" if error is ValueError else "m must be an integer"
    with pytest.raises(error, match=words):
        tl.centred_taps(bad)


@pytest.mark.parametrize(("bad", "error"), [
    (3, TypeError), ((), ValueError), ((0,), ValueError), ((2, -1), ValueError),
    ((1, 1, 1, 1), ValueError), ("ab", TypeError), ((2.0,), TypeError),
])
def test_array_taps_rejects_bad_shapes(bad, error):
    with pytest.raises(error, match="kernel_shape"):
        tl.array_taps(bad)


def test_taps_reject_bad_names():
    with pytest.raises(ValueError, match="name must be a valid identifier"):
        tl.array_taps((2,), name="1w")
    with pytest.raises(ValueError, match="name must be a valid identifier"):
        tl.kernel_function("")


def test_centred_to_weight_rejects_gappy_or_empty_offsets():
    k = tl.centred_taps(1)
    with pytest.raises(ValueError, match="every offset"):
        tl.centred_to_weight({0: k[0], 1: k[1]})
    with pytest.raises(ValueError, match="every offset"):
        tl.centred_to_weight({})


# --------------------------------------------------------------------------
# symbolic C against the numerical C


def _geometries(ndim):
    """Small valid (input_shape, kernel_shape, stride, padding, dilation) per axis."""
    per_axis = [
        (i, k, s, p, d)
        for i, k, s, p, d in itertools.product((1, 4, 5), (1, 2, 3), (1, 2, 3), (0, 1, 2), (1, 2))
        if d * (k - 1) + 1 <= i + 2 * p
    ]
    if ndim == 1:
        return per_axis
    rng = np.random.default_rng(ndim)
    picks = rng.choice(len(per_axis), size=(40, ndim))
    combined = [tuple(zip(*(per_axis[j] for j in row), strict=True)) for row in picks]
    return [g for g in combined if _entries(g) <= tl.SYMBOLIC_ENTRY_LIMIT]


def _entries(geometry):
    return int(np.prod([i * tl.conv_output_size(i, k, s, p, d)
                        for i, k, s, p, d in zip(*geometry, strict=True)]))


@pytest.mark.parametrize("geometry", _geometries(1) + _geometries(2) + _geometries(3)[:10])
def test_symbolic_matrix_equals_conv_matrix_entry_by_entry(geometry):
    i, k, s, p, d = geometry
    ndim = 1 if isinstance(i, int) else len(i)
    shape = lambda v: (v,) if ndim == 1 else v  # noqa: E731
    rng = np.random.default_rng(0)
    kernel = rng.integers(-9, 10, size=shape(k))
    taps = tl.array_taps(kernel.shape)
    symbolic_c = tl.symbolic_conv_matrix(shape(i), taps, s, p, d)
    numeric_c = tl.conv_matrix(shape(i), kernel, s, p, d)
    np.testing.assert_array_equal(tl.substitute_taps(symbolic_c, taps, kernel), numeric_c)


@settings(max_examples=40, deadline=None)
@given(i=st.integers(1, 7), k=st.integers(1, 4), s=st.integers(1, 4), p=st.integers(0, 3),
       d=st.integers(1, 3), seed=st.integers(0, 2**16))
def test_symbolic_matrix_equals_conv_matrix_for_float_kernels(i, k, s, p, d, seed):
    if d * (k - 1) + 1 > i + 2 * p:
        return
    kernel = np.random.default_rng(seed).standard_normal(k)
    taps = tl.array_taps((k,))
    symbolic_c = tl.symbolic_conv_matrix((i,), taps, s, p, d)
    # Exact equality: a float goes into SymPy and comes back unchanged.
    np.testing.assert_array_equal(tl.substitute_taps(symbolic_c, taps, kernel),
                                  tl.conv_matrix((i,), kernel, s, p, d))


@pytest.mark.parametrize("i,k,s,p,d", [(5, 3, 2, 1, 1), (7, 2, 3, 0, 2), (4, 3, 1, 2, 1)])
def test_library_entry_formula(i, k, s, p, d):
    """C[r, c] = w_t exactly when c = s r - p + d t, i.e. w[(c - s r + p) / d]."""
    taps = tl.array_taps((k,))
    matrix = tl.symbolic_conv_matrix((i,), taps, s, p, d)
    for r, c in itertools.product(range(matrix.rows), range(matrix.cols)):
        offset = c - s * r + p
        expected = taps[offset // d] if offset % d == 0 and 0 <= offset // d < k else 0
        assert matrix[r, c] == expected


def test_symbolic_matrix_2d_acts_on_row_major_images():
    taps = tl.array_taps((2, 2))
    matrix = tl.symbolic_conv_matrix((3, 3), taps, stride=1)
    image = sp.Matrix(3, 3, sp.symbols("v_0:9"))
    out = matrix * image.reshape(9, 1)
    # Output (0, 1) is the 2x2 window whose top-left input cell is (0, 1).
    expected = sum(taps[a, b] * image[a, 1 + b] for a in range(2) for b in range(2))
    assert sp.expand(out[1] - expected) == 0


def test_symbolic_matrix_accepts_numbers():
    matrix = tl.symbolic_conv_matrix((3,), np.array([1, 2]))
    assert matrix == sp.Matrix([[1, 2, 0], [0, 1, 2]])


def test_symbolic_matrix_rejects_large_and_invalid_requests():
    with pytest.raises(ValueError, match="SYMBOLIC_ENTRY_LIMIT"):
        tl.symbolic_conv_matrix((200,), tl.array_taps((1,)))
    with pytest.raises(ValueError, match="kernel larger than the padded input"):
        tl.symbolic_conv_matrix((2,), tl.array_taps((3,)))
    with pytest.raises(ValueError, match="scalar"):
        tl.symbolic_conv_matrix((2,), sp.Symbol("w"))


def test_substitute_taps_rejects_wrong_counts_and_leftovers():
    taps = tl.array_taps((3,))
    matrix = tl.symbolic_conv_matrix((4,), taps)
    with pytest.raises(ValueError, match="one number per tap"):
        tl.substitute_taps(matrix, taps, [1, 2])
    with pytest.raises(ValueError, match="symbols left"):
        tl.substitute_taps(matrix + sp.ones(2, 4) * sp.Symbol("z"), taps, [1, 2, 3])
    with pytest.raises(TypeError, match="real numbers"):
        tl.substitute_taps(matrix, taps, ["a", "b", "c"])


# --------------------------------------------------------------------------
# the source note's centred C and its library view


CENTRED_CASES = [(N, m, s) for N in range(0, 5) for m in range(0, 3) for s in range(1, 5)]


@pytest.mark.parametrize("N,m,s", CENTRED_CASES)
def test_centred_matrix_entries_are_k_of_s_y_minus_x(N, m, s):
    k = tl.centred_taps(m)
    centred = tl.centred_conv_matrix(N, m, s)
    assert centred.x == tuple(range(-N, N + 1))
    assert centred.y == tuple(range(-((N + m) // s), (N + m) // s + 1))
    for (r, y), (c, x) in itertools.product(enumerate(centred.y), enumerate(centred.x)):
        assert centred.matrix[r, c] == k.get(s * y - x, 0)


@pytest.mark.parametrize("N,m,s", CENTRED_CASES)
def test_centred_rows_are_exactly_the_rows_that_can_be_non_zero(N, m, s):
    """|y| <= (N + m)/s keeps every non-zero row, and each kept row is non-zero."""
    centred = tl.centred_conv_matrix(N, m, s)
    assert all(any(entry != 0 for entry in centred.matrix.row(r))
               for r in range(centred.matrix.rows))
    outside = max(centred.y) + 1
    assert all(abs(s * outside - x) > m for x in centred.x)


@pytest.mark.parametrize("N,m,s", CENTRED_CASES)
def test_centred_matrix_is_library_matrix_of_flipped_kernel(N, m, s):
    view = tl.centred_library_view(N, m, s)
    centred = tl.centred_conv_matrix(N, m, s)
    assert view.padding >= 0 and view.n_rows == len(centred.y)
    library = tl.symbolic_conv_matrix(view.input_shape, tl.centred_to_weight(tl.centred_taps(m)),
                                      view.stride, view.padding)
    rows = library[view.first_row:view.first_row + view.n_rows, :]
    assert rows == centred.matrix
    # Any rows the view skips are zero rows.
    skipped = [r for r in range(library.rows)
               if not view.first_row <= r < view.first_row + view.n_rows]
    assert all(library.row(r).is_zero_matrix for r in skipped)


@pytest.mark.parametrize("N,m,s", [(3, 1, 2), (4, 2, 3), (2, 0, 3), (5, 1, 4)])
def test_true_strided_convolution_is_library_conv_of_flipped_kernel(N, m, s):
    rng = np.random.default_rng(N + m + s)
    k_values = rng.standard_normal(2 * m + 1)  # k_{-m} .. k_m
    v = rng.standard_normal(2 * N + 1)  # v(-N) .. v(N)
    centred = tl.centred_conv_matrix(N, m, s)
    true_conv = np.array([
        sum(k_values[s * y - x + m] * v[x + N] for x in centred.x if abs(s * y - x) <= m)
        for y in centred.y
    ])
    view = tl.centred_library_view(N, m, s)
    library = tl.conv(v[None, None], k_values[::-1][None, None], view.stride, view.padding)
    np.testing.assert_allclose(
        library[0, 0, view.first_row:view.first_row + view.n_rows], true_conv, atol=1e-12)
    np.testing.assert_allclose(
        tl.substitute_taps(centred.matrix, tl.centred_taps(m), k_values) @ v, true_conv,
        atol=1e-12)


@pytest.mark.parametrize(("args", "error", "words"), [
    ((-1, 1, 1), ValueError, "N must be a non-negative integer (>= 0), got -1"),
    ((1, -1, 1), ValueError, "m must be a non-negative integer (>= 0), got -1"),
    ((1, 1, 0), ValueError, "s must be a positive integer (>= 1), got 0"),
    ((1.0, 1, 1), TypeError, "N must be an integer, got 1.0"),
    ((1, 1, True), TypeError, "s must be an integer, got True"),
])
def test_centred_functions_reject_bad_sizes(args, error, words):
    # A wrong type is a TypeError, a wrong value a ValueError naming the rule.
    for function in (tl.centred_conv_matrix, tl.centred_library_view):
        with pytest.raises(error) as info:
            function(*args)
        assert words in str(info.value)


# --------------------------------------------------------------------------
# operators and inner products

x, y, x0, y0 = sp.symbols("x y x_0 y_0", real=True)
s = sp.Symbol("s", positive=True)
i, j, j0 = sp.symbols("i j j_0", integer=True)
k = tl.kernel_function()


def test_strided_operator_of_a_delta_is_a_shifted_kernel():
    assert tl.strided_operator(tl.delta_at(x, x0), x, y, s).doit() == k(s * y - x0)


def test_strided_adjoint_of_a_delta_reads_the_same_kernel_value():
    assert tl.strided_adjoint(tl.delta_at(y, y0), x, y, s).doit() == k(s * y0 - x)


def test_operators_are_unevaluated_integrals_over_the_real_line():
    expr = tl.strided_operator(sp.Function("v")(x), x, y, s)
    assert isinstance(expr, sp.Integral)
    assert expr.limits == ((x, -sp.oo, sp.oo),)


def test_discrete_operator_on_a_basis_vector_picks_one_kernel_value():
    column = tl.strided_operator(tl.delta_at(j, j0, discrete=True), j, i, 2, bounds=(-3, 3))
    assert isinstance(column, sp.Sum)
    result = column.doit()
    assert result.subs(j0, 1) == k(2 * i - 1)
    assert result.subs(j0, 4) == 0


def test_discrete_operator_with_numbers_equals_the_centred_matrix():
    N, m, stride = 3, 1, 2
    k_values = {-1: 5, 0: -2, 1: 7}
    kernel = sp.Lambda(x, sp.Piecewise(*((val, sp.Eq(x, t)) for t, val in k_values.items()),
                                       (0, True)))
    v_values = np.arange(1, 2 * N + 2)
    v = sp.Piecewise(*((int(val), sp.Eq(j, pos)) for pos, val in
                       zip(range(-N, N + 1), v_values, strict=True)), (0, True))
    centred = tl.centred_conv_matrix(N, m, stride)
    expected = tl.substitute_taps(centred.matrix, tl.centred_taps(m),
                                  np.array(list(k_values.values()))) @ v_values
    got = [tl.strided_operator(v, j, i, stride, kernel, bounds=(-N, N)).doit().subs(i, yy)
           for yy in centred.y]
    assert got == expected.tolist()


def test_inner_products_integral_and_sum():
    assert tl.inner_product(sp.exp(-x**2), sp.exp(-x**2), x).doit() == sp.sqrt(sp.pi / 2)
    assert tl.inner_product(j, 1, j, bounds=(1, 4)).doit() == 10


def test_continuous_adjoint_identity_for_gaussians():
    """<u, K_s v> = <K_s^T u, v> with k, u, v Gaussians and s = 2, by integration."""
    gauss = sp.Lambda(x, sp.exp(-x**2))
    u = sp.exp(-(y - 1) ** 2)
    v = sp.exp(-(x + 1) ** 2)
    lhs = tl.inner_product(u, tl.strided_operator(v, x, y, 2, gauss).doit(), y).doit()
    rhs = tl.inner_product(tl.strided_adjoint(u, x, y, 2, gauss).doit(), v, x).doit()
    assert tl.is_identity(lhs, rhs)
    assert float(lhs) > 0


def test_delta_at_and_operator_argument_checks():
    assert tl.delta_at(x, 2) == sp.DiracDelta(x - 2)
    assert tl.delta_at(j, 2, discrete=True) == sp.KroneckerDelta(j, 2)
    with pytest.raises(TypeError, match="Symbol"):
        tl.delta_at(x + 1, 0)
    with pytest.raises(TypeError, match="Symbol"):
        tl.strided_operator(x, 2 * x, y, s)
    with pytest.raises(ValueError, match="bounds"):
        tl.inner_product(x, x, x, bounds=(0, 1, 2))


# --------------------------------------------------------------------------
# support and checks


def test_affine_preimage_for_positive_and_negative_slopes():
    m = sp.Symbol("m", positive=True)
    window = sp.Interval(-m, m)
    assert tl.affine_preimage(s * y - x0, y, window) == sp.Interval((x0 - m) / s, (x0 + m) / s)
    assert tl.affine_preimage(s * y - x, x, window) == sp.Interval(s * y - m, s * y + m)


def test_affine_preimage_rejects_unknown_signs_and_non_affine_maps():
    with pytest.raises(ValueError, match="sign of the slope"):
        tl.affine_preimage(sp.Symbol("a") * y, y, sp.Interval(0, 1))
    with pytest.raises(ValueError, match="affine"):
        tl.affine_preimage(y**2, y, sp.Interval(0, 1))
    with pytest.raises(ValueError, match="affine"):
        tl.affine_preimage(sp.sin(y), y, sp.Interval(0, 1))
    with pytest.raises(TypeError, match="Interval"):
        tl.affine_preimage(y, y, sp.FiniteSet(0, 1))


@pytest.mark.parametrize("geometry", [((4,), (3,), 2, 1, 1), ((3, 3), (2, 2), 1, 0, 1),
                                      ((5,), (2,), 3, 2, 2)])
def test_adjoint_gap_vanishes_for_every_symbolic_matrix(geometry):
    shape, kernel_shape, stride, padding, dilation = geometry
    matrix = tl.symbolic_conv_matrix(shape, tl.array_taps(kernel_shape), stride, padding,
                                     dilation)
    assert tl.adjoint_gap(matrix) == 0


def test_adjoint_gap_detects_a_wrong_transpose_and_checks_shapes():
    a, b = sp.symbols("a b")
    matrix = sp.Matrix([[a, b]])
    gap = sp.expand(sp.Matrix([1]).dot(matrix * sp.Matrix([1, 2])) - sp.Matrix([b, a]).dot(
        sp.Matrix([1, 2])))
    assert gap != 0  # swapping the entries instead of transposing is caught
    assert tl.adjoint_gap(matrix, [3], [1, 2]) == 0
    with pytest.raises(ValueError, match="u must have 1 entries"):
        tl.adjoint_gap(matrix, [1, 2], [1, 2])


def test_is_identity_on_expressions_and_matrices():
    assert tl.is_identity(sp.Matrix([[x + x, 1]]), sp.Matrix([[2 * x, 1]]))
    assert not tl.is_identity(sp.Matrix([[x, 1]]), sp.Matrix([[x, 2]]))
    assert tl.is_identity(sp.DiracDelta(2 * y).doit(), sp.DiracDelta(2 * y))


def test_symbolic_package_exports_match_top_level():
    for name in symbolic.__all__:
        assert getattr(tl, name) is getattr(symbolic, name)


@pytest.mark.parametrize("module", [symbolic.kernel, symbolic.operators, symbolic.matrices,
                                    symbolic.support, symbolic.checks])
def test_every_public_function_has_an_example(module):
    # (the examples run under pytest --doctest-modules)
    for name in module.__all__:
        obj = getattr(module, name)
        if callable(obj) and not isinstance(obj, type):
            assert ">>>" in (obj.__doc__ or ""), name
