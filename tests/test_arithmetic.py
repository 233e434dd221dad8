"""Convolution arithmetic: Dumoulin & Visin's relationships and figures, inverses, validation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib import _checks, arithmetic

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True)

# Every figure of Dumoulin & Visin (2016), named as in their repository's animations:
# (name, relationship, i, k, s, p, d, o). The eight also listed in DESIGN.md section 4.
FIGURES = [
    ("no_padding_no_strides", 1, 4, 3, 1, 0, 1, 2),
    ("arbitrary_padding_no_strides", 2, 5, 4, 1, 2, 1, 6),
    ("same_padding_no_strides", 3, 5, 3, 1, 1, 1, 5),
    ("full_padding_no_strides", 4, 5, 3, 1, 2, 1, 7),
    ("no_padding_strides", 5, 5, 3, 2, 0, 1, 2),
    ("padding_strides", 6, 5, 3, 2, 1, 1, 3),
    ("padding_strides_odd", 6, 6, 3, 2, 1, 1, 3),
    ("dilation", 15, 7, 3, 1, 0, 2, 3),
]

# Their transposed figures: the convolution (i, k, s, p) and the equivalent direct
# convolution of the captions: input i' (= o), stretched input i~', padding p', extra
# zeros a on the bottom/right, and the output o' (= i). (name, relationship, i, k, s, p,
# i', i~', p', a)
TRANSPOSED_FIGURES = [
    ("no_padding_no_strides_transposed", 8, 4, 3, 1, 0, 2, 2, 2, 0),
    ("arbitrary_padding_no_strides_transposed", 9, 5, 4, 1, 2, 6, 6, 1, 0),
    ("same_padding_no_strides_transposed", 10, 5, 3, 1, 1, 5, 5, 1, 0),
    ("full_padding_no_strides_transposed", 11, 5, 3, 1, 2, 7, 7, 0, 0),
    ("no_padding_strides_transposed", 12, 5, 3, 2, 0, 2, 3, 2, 0),
    ("padding_strides_transposed", 13, 5, 3, 2, 1, 3, 5, 1, 0),
    ("padding_strides_odd_transposed", 14, 6, 3, 2, 1, 3, 5, 1, 1),
]


@pytest.mark.parametrize(("name", "relationship", "i", "k", "s", "p", "d", "o"), FIGURES,
                         ids=[f[0] for f in FIGURES])
def test_figure_output_sizes(name, relationship, i, k, s, p, d, o):
    assert tl.conv_output_size(i, k, s, p, d) == o
    # ... and the arrays agree with the arithmetic.
    assert tl.conv(np.ones((1, 1, i, i)), np.ones((1, 1, k, k)), s, p, d).shape == (1, 1, o, o)


@pytest.mark.parametrize(("name", "relationship", "i", "k", "s", "p", "d", "o"), FIGURES,
                         ids=[f[0] for f in FIGURES])
def test_figure_inverses_through_the_transposed_convolution(name, relationship, i, k, s, p, d,
                                                            o):
    a = tl.inverse_output_padding(i, k, s, p, d)
    assert tl.conv_transpose_output_size(o, k, s, p, a, d) == i
    back = tl.conv_transpose(np.ones((1, 1, o, o)), np.ones((1, 1, k, k)), s, p, a, d)
    assert back.shape == (1, 1, i, i)
    # a is needed exactly when the stride leaves rows uncovered (padding_strides_odd).
    assert a == (1 if name == "padding_strides_odd" else 0)


@pytest.mark.parametrize(
    ("name", "relationship", "i", "k", "s", "p", "i_t", "stretched", "p_t", "a"),
    TRANSPOSED_FIGURES, ids=[f[0] for f in TRANSPOSED_FIGURES])
def test_transposed_figures(name, relationship, i, k, s, p, i_t, stretched, p_t, a):
    assert tl.conv_output_size(i, k, s, p) == i_t
    assert tl.inverse_output_padding(i, k, s, p) == a
    assert tl.conv_transpose_output_size(i_t, k, s, p, a) == i
    eq = tl.transposed_as_direct(i_t, k, s, p, a)
    assert (eq.zeros_between, eq.stretched_size, eq.pad_before, eq.pad_after) == (
        s - 1, stretched, p_t, p_t + a)
    assert eq.kernel_flipped and eq.dilation == 1
    assert eq.output_size == i
    # The equivalent direct convolution: stride 1 over the padded stretched input.
    assert eq.padded_size == stretched + 2 * p_t + a
    assert eq.padded_size - (k - 1) == i


# --------------------------------------------------------------------------
# each relationship as its own formula, over a grid


SIZES = st.integers(1, 40)


@PROPERTY
@given(SIZES, st.integers(1, 9), st.integers(1, 5), st.integers(0, 6), st.integers(1, 4))
def test_relationships_1_to_7_and_15(i, k, s, p, d):
    extent = d * (k - 1) + 1
    if extent > i + 2 * p:
        with pytest.raises(ValueError, match="kernel larger than the padded input"):
            tl.conv_output_size(i, k, s, p, d)
        return
    o = tl.conv_output_size(i, k, s, p, d)
    # Relationship 15 (dilation), which contains all the others.
    assert o == (i + 2 * p - k - (k - 1) * (d - 1)) // s + 1
    # Counting kernel positions directly: y = 0, 1, ... while the window fits.
    assert o == sum(1 for y in range(i + 2 * p) if s * y + extent <= i + 2 * p)
    if d == 1:
        assert o == (i + 2 * p - k) // s + 1  # relationship 6
        if p == 0:
            assert o == (i - k) // s + 1  # relationships 5 and 7 (pooling)
        if s == 1:
            assert o == i - k + 2 * p + 1  # relationship 2
            if p == 0:
                assert o == i - k + 1  # relationship 1
            if k % 2 == 1 and p == k // 2:
                assert o == i  # relationship 3 (half padding)
            if p == k - 1:
                assert o == i + k - 1  # relationship 4 (full padding)


@PROPERTY
@given(SIZES, st.integers(1, 9), st.integers(1, 5), st.integers(0, 6))
def test_relationships_8_to_14(i, k, s, p):
    if k > i + 2 * p:
        return
    i_t = tl.conv_output_size(i, k, s, p)
    a = tl.inverse_output_padding(i, k, s, p)
    assert a == (i + 2 * p - k) % s
    o_t = tl.conv_transpose_output_size(i_t, k, s, p, a)
    eq = tl.transposed_as_direct(i_t, k, s, p, a)
    assert o_t == i == eq.output_size  # the transposed convolution recovers the shape
    assert o_t == s * (i_t - 1) + a + k - 2 * p  # relationship 14
    assert eq.pad_before == k - p - 1 and eq.stretched_size == s * (i_t - 1) + 1
    if a == 0:
        assert o_t == s * (i_t - 1) + k - 2 * p  # relationship 13
        if p == 0:
            assert o_t == s * (i_t - 1) + k  # relationship 12
    if s == 1:
        assert a == 0
        assert o_t == i_t + (k - 1) - 2 * p  # relationship 9
        if p == 0:
            assert o_t == i_t + k - 1 and eq.pad_before == k - 1  # relationship 8
        if k % 2 == 1 and p == k // 2:
            assert o_t == i_t and eq.pad_before == p  # relationship 10
        if p == k - 1:
            assert o_t == i_t - (k - 1) and eq.pad_before == 0  # relationship 11


@PROPERTY
@given(SIZES, st.integers(1, 6), st.integers(1, 4), st.integers(0, 4), st.integers(1, 3))
def test_the_s_input_sizes_sharing_an_output_are_told_apart_by_a(i, k, s, p, d):
    if d * (k - 1) + 1 > i + 2 * p:
        return
    o = tl.conv_output_size(i, k, s, p, d)
    same = [j for j in range(1, i + 2 * s) if d * (k - 1) + 1 <= j + 2 * p
            and tl.conv_output_size(j, k, s, p, d) == o]
    assert len(same) <= s
    for j in same:
        a = tl.inverse_output_padding(j, k, s, p, d)
        assert tl.conv_transpose_output_size(o, k, s, p, a, d) == j
    # Consecutive sizes, with distinct remainders: a identifies the size.
    assert same == list(range(same[0], same[0] + len(same)))
    assert len({tl.inverse_output_padding(j, k, s, p, d) for j in same}) == len(same)


@PROPERTY
@given(st.integers(1, 12), st.integers(1, 6), st.integers(1, 4), st.integers(0, 8),
       st.integers(0, 3), st.integers(1, 3))
def test_transposed_as_direct_describes_the_zero_insertion(i, k, s, p, a, d):
    if a >= max(s, d) or (i - 1) * s - 2 * p + d * (k - 1) + a + 1 < 1:
        return
    eq = tl.transposed_as_direct(i, k, s, p, a, d)
    assert eq.output_size == tl.conv_transpose_output_size(i, k, s, p, a, d)
    assert eq.padded_size - d * (k - 1) == eq.output_size
    assert eq.pad_after - eq.pad_before == a and eq.dilation == d
    # Build the stretched, padded (or cropped) signal and convolve with the flipped kernel.
    rng = np.random.default_rng(i * 1000 + k * 100 + s * 10 + p)
    x, w = rng.standard_normal(i), rng.standard_normal(k)
    stretched = np.zeros(eq.stretched_size)
    stretched[::s] = x
    padded = np.pad(stretched, (max(eq.pad_before, 0), max(eq.pad_after, 0)))
    padded = padded[max(-eq.pad_before, 0):len(padded) - max(-eq.pad_after, 0)]
    direct = tl.conv(padded[None, None], w[::-1][None, None], dilation=d)[0, 0]
    np.testing.assert_allclose(direct, tl.conv_transpose(x[None, None], w[None, None], s, p, a,
                                                         d)[0, 0], atol=1e-12)


def test_effective_kernel_size():
    assert [tl.effective_kernel_size(3, d) for d in (1, 2, 3)] == [3, 5, 7]
    assert tl.effective_kernel_size(1, 5) == 1


# --------------------------------------------------------------------------
# validate_conv_call


def test_geometry_of_same_padding_puts_the_odd_zero_last():
    _, _, geo = tl.validate_conv_call(np.zeros((1, 1, 6, 7)), np.zeros((1, 1, 4, 3)),
                                      padding="same", dilation=(1, 2))
    assert geo.pad_before == (1, 2) and geo.pad_after == (2, 2)
    assert geo.output_shape == (6, 7)


def test_geometry_of_a_transposed_call():
    x, w, geo = tl.validate_conv_call(np.zeros((2, 4, 3, 5)), np.zeros((4, 3, 2, 3)),
                                      stride=(2, 1), padding=(0, 1), output_padding=(1, 0),
                                      groups=2, transposed=True)
    assert geo.output_shape == (7, 5)
    assert (geo.groups, geo.ndim, geo.kernel_shape, geo.input_shape) == (2, 2, (2, 3), (3, 5))
    assert x.shape == (2, 4, 3, 5) and w.shape == (4, 3, 2, 3)


def test_unbatched_input_gets_a_batch_axis():
    x, _, geo = tl.validate_conv_call(np.zeros((3, 5)), np.zeros((2, 3, 2)))
    assert x.shape == (1, 3, 5) and geo.output_shape == (4,)


# --------------------------------------------------------------------------
# bad input


BAD_SCALARS = [
    (tl.conv_output_size, (0, 3), {}, ValueError, ["i", "0", "positive"]),
    (tl.conv_output_size, (5, 0), {}, ValueError, ["k", "0"]),
    (tl.conv_output_size, (5, 3), {"stride": 0}, ValueError, ["stride", "0"]),
    (tl.conv_output_size, (5, 3), {"stride": -1}, ValueError, ["stride", "-1"]),
    (tl.conv_output_size, (5, 3), {"padding": -1}, ValueError, ["padding", "-1"]),
    (tl.conv_output_size, (5, 3), {"dilation": 0}, ValueError, ["dilation", "0"]),
    (tl.conv_output_size, (5, 7), {}, ValueError, ["kernel larger", "7", "5"]),
    (tl.conv_output_size, (5, 3), {"dilation": 3}, ValueError, ["kernel larger", "dilation=3"]),
    (tl.conv_output_size, (5.0, 3), {}, TypeError, ["i", "5.0", "float"]),
    (tl.conv_output_size, ("5", 3), {}, TypeError, ["i", "'5'"]),
    (tl.conv_output_size, (5, 3), {"stride": True}, TypeError, ["stride", "True"]),
    (tl.conv_output_size, (5, 3), {"padding": None}, TypeError, ["padding", "None"]),
    (tl.conv_transpose_output_size, (3, 3), {"stride": 2, "output_padding": 2}, ValueError,
     ["output_padding", "2", "max(stride, dilation)"]),
    (tl.conv_transpose_output_size, (3, 3), {"output_padding": -1}, ValueError,
     ["output_padding", "-1"]),
    (tl.conv_transpose_output_size, (2, 3), {"padding": 3}, ValueError,
     ["output size", "below 1", "padding=3"]),
    (tl.conv_transpose_output_size, (2, 3.5), {}, TypeError, ["k", "3.5"]),
    (tl.inverse_output_padding, (2, 3), {}, ValueError, ["kernel larger"]),
    (tl.inverse_output_padding, (5, 3), {"stride": 0}, ValueError, ["stride", "0"]),
    (tl.transposed_as_direct, (2, 3), {"padding": 3}, ValueError, ["output size"]),
    (tl.transposed_as_direct, (2, 3), {"dilation": 1.0}, TypeError, ["dilation", "1.0"]),
    (tl.effective_kernel_size, (0,), {}, ValueError, ["k", "0"]),
    (tl.effective_kernel_size, (3,), {"dilation": 0}, ValueError, ["dilation", "0"]),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "error", "words"), BAD_SCALARS,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(BAD_SCALARS)])
def test_bad_scalar_input(function, args, kwargs, error, words):
    with pytest.raises(error) as info:
        function(*args, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_numpy_integers_are_accepted():
    assert tl.conv_output_size(np.int64(5), np.int32(3), stride=np.int8(2)) == 2
    assert isinstance(tl.conv_output_size(np.int64(5), 3), int)


def test_every_public_function_has_an_example():
    for name in arithmetic.__all__:
        obj = getattr(arithmetic, name)
        if callable(obj) and not isinstance(obj, type):
            assert ">>>" in (obj.__doc__ or ""), name


# --------------------------------------------------------------------------
# every rule is raised by some call, and every raised rule is documented


X = np.zeros((1, 4, 6, 6))
W_CONV = np.zeros((2, 4, 3, 3))
W_T = np.zeros((4, 2, 3, 3))

RULE_EXAMPLES = {
    "not_positive": lambda: tl.conv_output_size(0, 3),
    "negative": lambda: tl.conv(X, W_CONV, padding=-1),
    "below_minimum": lambda: _checks.check_int("n", 1, 2),
    "wrong_length": lambda: tl.conv(X, W_CONV, stride=(1, 1, 1)),
    "wrong_ndim": lambda: tl.conv(X, np.zeros((2, 4))),
    "empty_array": lambda: tl.conv(X, np.zeros((2, 4, 0, 3))),
    "unknown_choice": lambda: tl.conv_transpose(X, W_T, method="fft"),
    "padding_mode": lambda: tl.conv(X, W_CONV, padding="full"),
    "same_padding_stride": lambda: tl.conv(X, W_CONV, padding="same", stride=2),
    "output_padding_not_transposed": lambda: tl.validate_conv_call(X, W_CONV, output_padding=1),
    "output_size_not_transposed": lambda: tl.validate_conv_call(X, W_CONV, output_size=(4, 4)),
    "output_padding_too_large": lambda: tl.conv_transpose(X, W_T, stride=2, output_padding=2),
    "channels_not_divisible": lambda: tl.conv(X, np.zeros((3, 2, 3, 3)), groups=2),
    "channel_mismatch": lambda: tl.conv(X, np.zeros((2, 3, 3, 3))),
    "kernel_too_large": lambda: tl.conv(X, np.zeros((2, 4, 9, 3)), padding=1),
    "output_size_below_one": lambda: tl.conv_transpose(X, W_T, padding=7),
    "output_size_out_of_range": lambda: tl.conv_transpose(X, W_T, output_size=(9, 8)),
    "output_size_with_output_padding": lambda: tl.conv_transpose(
        X, W_T, stride=2, output_padding=1, output_size=(13, 13)),
    "pool_padding_too_large": lambda: tl.pool_output_size(5, 2, padding=2),
    "pool_odd_size": lambda: tl.unet_shapes(570),
    "bias_shape": lambda: tl.conv(X, W_CONV, bias=np.zeros(3)),
    "grad_shape": lambda: tl.conv_weight_grad(np.zeros((1, 1, 5)), (1, 1, 3),
                                              np.zeros((1, 1, 4))),
    "dense_too_large": lambda: tl.conv_matrix((2000, 2000), np.ones((3, 3))),
}


def test_error_rules_are_exported_and_documented():
    assert tl.ConvArgumentError is arithmetic.ConvArgumentError
    assert tl.ERROR_RULES is arithmetic.ERROR_RULES
    assert issubclass(tl.ConvArgumentError, ValueError)
    for rule in ("kernel_too_large", "output_padding_too_large", "output_size_below_one",
                 "channels_not_divisible", "wrong_ndim", "not_positive",
                 "output_size_out_of_range", "padding_mode"):
        assert rule in tl.ERROR_RULES


@pytest.mark.parametrize("rule", sorted(RULE_EXAMPLES))
def test_each_rule_is_what_its_example_raises(rule):
    with pytest.raises(tl.ConvArgumentError) as info:
        RULE_EXAMPLES[rule]()
    assert info.value.rule == rule


def test_every_library_rule_has_an_example():
    # Rules used only by the other modules of the package (multirate, spectral, ...)
    # are tested there.
    shared = {"value_out_of_range"}
    assert set(tl.ERROR_RULES) - shared == set(RULE_EXAMPLES)


def test_one_wording_per_rule_in_the_scalar_and_the_call():
    # The scalar functions and validate_conv_call share each size formula and its message.
    with pytest.raises(tl.ConvArgumentError) as scalar:
        tl.conv_output_size(6, 9, padding=1)
    with pytest.raises(tl.ConvArgumentError) as call:
        tl.conv(np.zeros((1, 1, 6)), np.zeros((1, 1, 9)), padding=1)
    assert str(scalar.value) == str(call.value)
    with pytest.raises(tl.ConvArgumentError) as scalar:
        tl.conv_transpose_output_size(2, 3, padding=(3, 1))
    with pytest.raises(tl.ConvArgumentError) as call:
        tl.conv_transpose(np.zeros((1, 1, 2)), np.zeros((1, 1, 3)), padding=((3, 1),))
    assert str(scalar.value) == str(call.value)
    assert "p_before - p_after" in str(call.value) and "padding=(3, 1)" in str(call.value)
    with pytest.raises(tl.ConvArgumentError) as axis:
        tl.conv_transpose(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 3, 3)), stride=2,
                          output_padding=(0, 2))
    assert str(axis.value).startswith("output_padding[1] must be smaller than max(stride, "
                                      "dilation) = 2, got output_padding=2")


# --------------------------------------------------------------------------
# per-side padding in the scalar functions


@PROPERTY
@given(SIZES, st.integers(1, 6), st.integers(1, 4), st.integers(0, 4), st.integers(0, 4),
       st.integers(1, 3))
def test_per_side_padding_in_the_size_formulas(i, k, s, before, after, d):
    if d * (k - 1) + 1 > i + before + after:
        with pytest.raises(tl.ConvArgumentError, match="kernel larger"):
            tl.conv_output_size(i, k, s, (before, after), d)
        return
    o = tl.conv_output_size(i, k, s, (before, after), d)
    padded = np.pad(np.ones(i), (before, after))
    assert o == tl.conv(padded[None, None], np.ones((1, 1, k)), s, dilation=d).shape[-1]
    a = tl.inverse_output_padding(i, k, s, (before, after), d)
    assert tl.conv_transpose_output_size(o, k, s, (before, after), a, d) == i
    eq = tl.transposed_as_direct(o, k, s, (before, after), a, d)
    assert (eq.pad_before, eq.pad_after) == (d * (k - 1) - before, d * (k - 1) - after + a)
    assert eq.padded_size - d * (k - 1) == i
    if before == after:
        assert o == tl.conv_output_size(i, k, s, before, d)


@pytest.mark.parametrize(("padding", "error", "words"), [
    ((1, 2, 3), ValueError, "pair (before, after)"),
    ((1, -1), ValueError, "padding[1]"),
    ("1", TypeError, "padding"),
    ((1.0, 1), TypeError, "padding[0]"),
])
def test_bad_per_side_padding_in_the_scalar_functions(padding, error, words):
    with pytest.raises(error) as info:
        tl.conv_output_size(5, 3, padding=padding)
    assert words in str(info.value)


# --------------------------------------------------------------------------
# pooling (the comparison with PyTorch's pooling shapes is in test_oracle_torch.py)


def test_pooling_sizes_by_hand():
    assert tl.pool_output_size(6, 2) == 3  # stride defaults to the window
    assert tl.pool_output_size(7, 2) == 3  # the floor drops the last cell
    assert tl.pool_output_size(7, 2, ceil_mode=True) == 4  # ceil keeps a partial window
    assert tl.pool_output_size(7, 3, stride=2, padding=1) == 4
    # ceil_mode's extra window would start in the right padding: dropped (4, not 5).
    assert tl.pool_output_size(6, 2, stride=2, padding=1, ceil_mode=True) == 4
    assert tl.pool_output_size(9, 3, stride=1, dilation=2) == 5
    # The U-Net pool and the convolution formula agree without ceil_mode.
    for i in range(2, 30):
        assert tl.pool_output_size(i, 2) == tl.conv_output_size(i, 2, stride=2)


@PROPERTY
@given(SIZES, st.integers(1, 6), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3),
       st.booleans())
def test_pooling_windows_counted_directly(i, k, s, p, d, ceil_mode):
    if p > k // 2:
        with pytest.raises(tl.ConvArgumentError) as info:
            tl.pool_output_size(i, k, s, p, d, ceil_mode)
        assert info.value.rule == "pool_padding_too_large" and f"padding={p}" in str(info.value)
        return
    extent, padded = d * (k - 1) + 1, i + 2 * p
    if extent > padded:
        if not ceil_mode:  # (ceil_mode may keep an overhanging window: see the oracle)
            with pytest.raises(tl.ConvArgumentError) as info:
                tl.pool_output_size(i, k, s, p, d, ceil_mode)
            assert info.value.rule == "kernel_too_large"
        return
    # Windows start at s*y in the padded input; those that fit are kept, and ceil_mode adds
    # one more if some padded cells are left over and it starts in the input or left padding.
    count = sum(1 for y in range(padded) if s * y + extent <= padded)
    if ceil_mode and s * (count - 1) + extent < padded and s * count < i + p:
        count += 1
    assert tl.pool_output_size(i, k, s, p, d, ceil_mode) == count


def test_pooling_argument_types():
    with pytest.raises(TypeError, match="ceil_mode"):
        tl.pool_output_size(5, 2, ceil_mode=1)
    with pytest.raises(TypeError, match="stride"):
        tl.pool_output_size(5, 2, stride=2.0)
    with pytest.raises(tl.ConvArgumentError, match="stride"):
        tl.pool_output_size(5, 2, stride=0)
