"""The explorer widget from Python: traits at their extremes, invalid combinations, steps.

The widget's numbers (``result``, ``error``, ``n_steps``) are computed by tconv_lib; each test
holds them against a second computation made here with the library's public functions.
"""

from __future__ import annotations

import doctest
import json
import subprocess
import sys

import anywidget
import numpy as np
import pytest
import traitlets

import tconv_lib as tl
from tconv_lib import web
from tconv_lib.diagrams.style import CELL_STYLES, shaded
from tconv_lib.widgets import state as state_module
from tconv_lib.widgets import widget as explorer_module
from tconv_lib.widgets.state import explorer_state
from tconv_lib.widgets.widget import Explorer, explorer

LIMITS = web.CONTROL_LIMITS


@pytest.mark.parametrize("module", [state_module, explorer_module, web],
                         ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_one_entry_point_and_lazy_imports():
    assert tl.explorer is explorer and tl.Explorer is Explorer
    assert isinstance(explorer(), anywidget.AnyWidget)
    code = ("import sys, tconv_lib, tconv_lib.widgets, tconv_lib.widgets.state, tconv_lib.web; "
            "tconv_lib.widgets.explorer_state({'i': 4}); "
            "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_front_end_is_the_package_javascript_and_the_data_is_the_library_style():
    ex = explorer()
    for name in ("tconv.js", "explorer.js", "widget.js"):
        assert web.asset(name).strip() in ex._esm
    assert ex._esm.rstrip().endswith("export default { render };")
    assert ex._css == web.asset("explorer.css")
    data = json.loads(json.dumps(ex._data))  # JSON-serialisable, as it is sent
    for role, style in CELL_STYLES.items():
        assert data["style"]["roles"][role]["face"] == style.face
        assert data["style"]["roles"][role]["face_on"] == shaded(style.face)
    assert data["style"]["taps"]["9"] == tl.tap_colours(9)
    names = [view["name"] for view in data["views"]]
    assert names[:2] == ["gather", "scatter"]
    assert data["limits"]["k"] == list(LIMITS["k"])
    assert data["formulas"]["transposed_output"] == "(i - 1)*s - 2*p + d*(k - 1) + a + 1"


def _expected(settings: dict) -> tuple[np.ndarray | None, str | None]:
    """The output for the widget's example numbers, or the rule broken, computed here."""
    i = settings["i"]
    shape = (i,) * settings["ndim"] if isinstance(i, int) else tuple(i)
    x = web.example_values(shape, 0)[None, None]
    w = web.example_values((settings["k"],) * len(shape), 1)[None, None]
    s, p, d = settings["stride"], settings["padding"], settings["dilation"]
    try:
        if settings["transposed"]:
            return tl.conv_transpose(x, w, s, p, settings["output_padding"], d)[0, 0], None
        return tl.conv(x, w, s, p, d)[0, 0], None
    except ValueError as error:
        return None, getattr(error, "rule", "invalid")


BASES = [
    {"ndim": 2, "transposed": True, "i": 3, "k": 3, "stride": 2, "padding": 1,
     "output_padding": 1, "dilation": 1},
    {"ndim": 1, "transposed": False, "i": 7, "k": 3, "stride": 2, "padding": 1,
     "output_padding": 0, "dilation": 1},
    {"ndim": 2, "transposed": False, "i": 8, "k": 2, "stride": 1, "padding": 0,
     "output_padding": 0, "dilation": 2},
]


@pytest.mark.parametrize("base", BASES, ids=["2d-T", "1d-C", "2d-C"])
@pytest.mark.parametrize("name", sorted(LIMITS))
def test_every_trait_at_its_extremes(base, name):
    ex = explorer(**base)
    for value in LIMITS[name]:
        ex.set(**base)
        setattr(ex, name, value)
        settings = {**base, name: value}
        result, rule = _expected(settings)
        if rule is None:
            assert ex.error == "" and ex.rule == ""
            np.testing.assert_array_equal(np.array(ex.result), result)
            assert ex.n_steps == result.size
        else:
            assert ex.error and ex.n_steps == 0
            assert ex.rule == rule
    # One beyond each end is refused, and nothing changes.
    ex.set(**base)
    before = ex.settings
    for value in (LIMITS[name][0] - 1, LIMITS[name][1] + 1):
        with pytest.raises(traitlets.TraitError, match=name):
            setattr(ex, name, value)
    assert ex.settings == before


def test_the_largest_settings_are_computed():
    ex = explorer(ndim=2, transposed=True, i=16, k=7, stride=4, padding=0, output_padding=3,
                  dilation=3)
    result, rule = _expected(ex.settings)
    assert rule is None and ex.error == ""
    assert np.array(ex.result).shape == result.shape == (82, 82)  # 15·4 + 3·6 + 3 + 1
    np.testing.assert_array_equal(np.array(ex.result), result)


def test_an_invalid_combination_gives_the_message_and_keeps_the_last_result():
    ex = explorer(**BASES[0])
    valid = ex.result
    ex.output_padding = 2  # >= max(stride 2, dilation 1)
    assert ex.rule == "output_padding_too_large"
    assert "max(stride, dilation) = 2" in ex.error and ex.n_steps == 0
    assert ex.result == valid and ex.state.settings["output_padding"] == 1
    ex.set(output_padding=0, stride=1, padding=2, i=1, k=1)  # output size below 1
    assert ex.rule == "output_size_below_one" and "reduce padding" in ex.error
    ex.set(transposed=False, i=2, k=5, padding=0)
    assert ex.rule == "kernel_too_large"
    ex.set(**BASES[0])
    assert ex.error == "" and ex.rule == "" and ex.n_steps == 36


def test_rectangular_input_and_dimension_switch():
    ex = explorer(ndim=2, i=[3, 5], k=3, stride=2, padding=1, output_padding=1)
    assert ex.i == [3, 5] and np.array(ex.result).shape == (6, 10)
    ex.i = [4, 4]
    assert ex.i == 4
    ex.i = [2, 6]
    ex.ndim = 1
    assert ex.i == 6 and np.array(ex.result).shape == (12,)
    with pytest.raises(traitlets.TraitError):
        ex.i = [2, 3]  # a pair needs 2-D
    with pytest.raises(TypeError, match="unknown explorer setting"):
        explorer(strides=2)


def test_scatter_needs_a_transposed_convolution():
    ex = explorer(view="scatter")
    assert ex.view == "scatter" and ex.n_steps == 9
    ex.transposed = False
    assert ex.view == "gather" and ex.n_steps == np.array(ex.result).size
    with pytest.raises(traitlets.TraitError, match="view"):
        ex.view = "diagonal"


@pytest.mark.parametrize("view", ["gather", "matrix", "scatter"])
def test_stepping_through_a_configuration(view):
    settings = {**BASES[0], "view": view}
    ex = explorer(**settings)
    result = np.array(ex.result)
    scattered = np.zeros(result.size)
    for step in range(1, ex.n_steps + 1):
        ex.step = step
        assert ex.step == step
        products = ex.state.step_products(step)
        if view == "scatter":
            for cell, x, w in products:
                scattered[cell] += x * w
        else:
            # The products of row `step` of Cᵀ add up to that output cell.
            assert sum(x * w for _, x, w in products) == result.flat[step - 1]
    if view == "scatter":
        np.testing.assert_array_equal(scattered.reshape(result.shape), result)
    ex.step = ex.n_steps + 5
    assert ex.step == ex.n_steps
    with pytest.raises(traitlets.TraitError):
        ex.step = 0


def test_the_library_state_matches_the_matrix_of_the_convolution():
    state = explorer_state({"ndim": 2, "transposed": False, "i": [4, 6], "k": 3, "stride": 2,
                            "padding": 1, "dilation": 1})
    np.testing.assert_array_equal(state.matrix, tl.conv_matrix((4, 6), state.w, 2, 1))
    np.testing.assert_array_equal(state.matrix @ state.x.ravel(), state.result.ravel())
    transposed = explorer_state({**BASES[0], "dilation": 3, "stride": 1, "output_padding": 2})
    assert transposed.error == ""
    np.testing.assert_array_equal(transposed.matrix @ transposed.x.ravel(),
                                  transposed.result.ravel())
