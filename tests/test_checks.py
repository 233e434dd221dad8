"""The shared argument checks: TypeError for a wrong type, then a ValueError with a rule."""

import pickle

import numpy as np
import pytest

from tconv_lib import _checks
from tconv_lib._checks import (
    ERROR_RULES,
    ConvArgumentError,
    as_numeric_array,
    as_tuple,
    check_choice,
    check_int,
    check_shape,
    placeholder,
)


@pytest.mark.parametrize(("value", "minimum", "expected"), [
    (3, 1, 3), (np.int8(0), 0, 0), (np.uint64(7), 1, 7), (-2, -5, -2),
])
def test_check_int_returns_python_ints(value, minimum, expected):
    result = check_int("n", value, minimum)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value", [1.0, "1", None, True, np.bool_(True), np.float64(2), [1]])
def test_check_int_refuses_non_integers_with_a_type_error(value):
    with pytest.raises(TypeError, match=r"^stride must be an integer, got .* of type"):
        check_int("stride", value, 1)


@pytest.mark.parametrize(("value", "minimum", "rule", "wording"), [
    (0, 1, "not_positive", "a positive integer (>= 1)"),
    (-1, 0, "negative", "a non-negative integer (>= 0)"),
    (2, 3, "below_minimum", "an integer >= 3"),
])
def test_check_int_names_parameter_value_and_rule(value, minimum, rule, wording):
    with pytest.raises(ConvArgumentError) as info:
        check_int("size", value, minimum)
    assert info.value.rule == rule
    assert str(info.value) == f"size must be {wording}, got {value}"
    assert isinstance(info.value, ValueError)


def test_as_tuple_expands_repeats_and_checks():
    assert as_tuple("stride", np.int64(2), 3, 1) == (2, 2, 2)
    assert as_tuple("stride", [3], 2, 1) == (3, 3)
    assert as_tuple("padding", (0, 4), 2, 0) == (0, 4)
    with pytest.raises(ConvArgumentError) as info:
        as_tuple("padding", (0, 1, 2), 2, 0)
    assert info.value.rule == "wrong_length" and "(0, 1, 2)" in str(info.value)
    with pytest.raises(ConvArgumentError, match=r"padding\[1\] must be a non-negative"):
        as_tuple("padding", (0, -1), 2, 0)
    for bad in ("12", b"1", 1.5, None):
        with pytest.raises(TypeError, match="stride must be an int or a sequence of 2 ints"):
            as_tuple("stride", bad, 2, 1)
    with pytest.raises(TypeError, match=r"stride\[1\] must be an integer, got 2.0"):
        as_tuple("stride", (1, 2.0), 2, 1)


def test_check_shape_one_rule_for_every_caller():
    assert check_shape("shape", np.array([2, 3])) == (2, 3)
    assert check_shape("shape", [1], 1, 1) == (1,)
    with pytest.raises(TypeError, match="shape must be a tuple of ints, got 5"):
        check_shape("shape", 5)
    with pytest.raises(TypeError, match="shape must be a tuple of ints, got '55'"):
        check_shape("shape", "55")
    with pytest.raises(TypeError, match=r"shape\[0\] must be an integer, got 5.0"):
        check_shape("shape", (5.0,))
    with pytest.raises(ConvArgumentError) as info:
        check_shape("shape", (4, 0))
    assert info.value.rule == "not_positive" and "shape[1]" in str(info.value)
    cases = [((), 1, 3, "1 to 3"), ((1, 2), 3, None, "at least 3"), ((1,), 2, 2, "2 entries")]
    for shape, low, high, words in cases:
        with pytest.raises(ConvArgumentError) as info:
            check_shape("shape", shape, low, high)
        assert info.value.rule == "wrong_ndim" and words in str(info.value)


def test_as_numeric_array():
    array = np.arange(3.0)
    assert as_numeric_array("x", array) is array
    assert as_numeric_array("x", [1j]).dtype.kind == "c"
    for bad, words in [(["a"], "x must hold numbers"), ([True], "bool"),
                       ([[1, 2], [3]], "x must be a numeric array"), (None, "object")]:
        with pytest.raises(TypeError, match=words):
            as_numeric_array("x", bad)


def test_placeholder_is_free_and_read_only():
    p = placeholder((4000, 4000, 10), np.float32)
    assert p.shape == (4000, 4000, 10) and p.dtype == np.float32
    assert not p.any() and p.strides == (0, 0, 0)
    with pytest.raises(ValueError, match="read-only"):
        p[0, 0, 0] = 1


def test_check_choice():
    assert check_choice("view", "gather", ("gather", "scatter")) == "gather"
    assert check_choice("ndim", 2, (1, 2)) == 2
    with pytest.raises(TypeError, match="view must be a string"):
        check_choice("view", 3, ("gather", "scatter"))
    with pytest.raises(ConvArgumentError) as info:
        check_choice("ndim", 4, (1, 2))
    assert info.value.rule == "unknown_choice" and "(1, 2)" in str(info.value)


def test_the_error_knows_only_documented_rules_and_survives_pickling():
    with pytest.raises(KeyError, match="unknown error rule"):
        ConvArgumentError("message", "no_such_rule")
    error = pickle.loads(pickle.dumps(ConvArgumentError("stride must be ...", "not_positive")))
    assert error.rule == "not_positive" and str(error) == "stride must be ..."
    assert all(isinstance(text, str) and text for text in ERROR_RULES.values())


def test_every_public_helper_has_an_example():
    for name in _checks.__all__:
        obj = getattr(_checks, name)
        if callable(obj):
            assert ">>>" in (obj.__doc__ or ""), name


# --------------------------------------------------------------------------
# the lazy top level is visible to static tools


def _type_checking_imports():
    """``{name: submodule}`` of the ``if TYPE_CHECKING:`` block of tconv_lib/__init__.py."""
    import ast
    from pathlib import Path

    import tconv_lib

    tree = ast.parse(Path(tconv_lib.__file__).read_text(encoding="utf-8"))
    blocks = [node for node in tree.body if isinstance(node, ast.If)
              and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"]
    assert len(blocks) == 1
    found = {}
    for statement in blocks[0].body:
        assert isinstance(statement, ast.ImportFrom) and statement.level == 1
        for alias in statement.names:
            assert alias.asname == alias.name, f"re-export {alias.name} as {alias.name}"
            found[alias.name] = statement.module
    return found


def test_the_type_checking_block_matches_the_lazy_table():
    import tconv_lib

    declared = _type_checking_imports()
    lazy = tconv_lib._LAZY_EXPORTS
    missing = sorted(set(lazy) - set(declared))
    assert not missing, ("add to the TYPE_CHECKING block of tconv_lib/__init__.py: "
                         + "; ".join(f"from .{lazy[n]} import {n} as {n}" for n in missing))
    assert set(declared) == set(lazy)
    wrong = {n: (declared[n], lazy[n]) for n in lazy if declared[n] != lazy[n]}
    assert not wrong, f"names imported from another module than the lazy table says: {wrong}"


def test_all_is_the_eager_and_the_lazy_names_and_each_resolves():
    import tconv_lib

    assert len(tconv_lib.__all__) == len(set(tconv_lib.__all__))
    eager = [n for n in tconv_lib.__all__ if n not in tconv_lib._LAZY_EXPORTS]
    assert set(tconv_lib.__all__) == set(eager) | set(tconv_lib._LAZY_EXPORTS)
    for name in eager:  # imported at the top of __init__, visible as they are
        assert name in vars(tconv_lib), name
    for name, module in tconv_lib._LAZY_EXPORTS.items():
        assert getattr(tconv_lib, name) is getattr(
            __import__(f"tconv_lib.{module}", fromlist=[name]), name)


def test_the_package_ships_its_type_information():
    from pathlib import Path

    import tconv_lib

    assert (Path(tconv_lib.__file__).parent / "py.typed").is_file()
    import tomllib

    text = (Path(tconv_lib.__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    package_data = tomllib.loads(text)["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["tconv_lib"]
