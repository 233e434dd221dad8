"""The size templates agree with the library, in Python and (generated) in JavaScript."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import pytest

import tconv_lib as tl
from tconv_lib.diagrams.formulas import (
    TEMPLATES,
    evaluate_template,
    output_sizes,
    substituted_formula,
    template_to_javascript,
)
from tconv_lib.diagrams.geometry import DiagramConfig
from tconv_lib.diagrams.presets import PRESETS

GRID = list(itertools.product(range(1, 8), range(1, 5), range(1, 4), range(0, 4), range(1, 4),
                              range(0, 3)))


def _library(i, k, s, p, d, a):
    try:
        conv, remainder = tl.conv_output_size(i, k, s, p, d), tl.inverse_output_padding(
            i, k, s, p, d)
    except ValueError:
        conv = remainder = None
    try:
        transposed = tl.conv_transpose_output_size(i, k, s, p, a, d)
    except ValueError:
        transposed = None
    return conv, remainder, transposed


def _from_templates(evaluate, i, k, s, p, d, a):
    env = {"i": i, "k": k, "s": s, "p": p, "d": d, "a": a}
    conv = remainder = transposed = None
    if evaluate("conv_valid", env):
        conv, remainder = evaluate("conv_output", env), evaluate("remainder", env)
    if evaluate("transposed_valid", env):
        size = evaluate("transposed_output", env)
        transposed = size if size >= 1 else None
    return conv, remainder, transposed


def test_python_templates_equal_the_library_on_a_grid():
    def evaluate(name, env):
        return evaluate_template(TEMPLATES[name], **env)

    for values in GRID:
        assert _from_templates(evaluate, *values) == _library(*values), values


def test_generated_javascript_equals_the_library_on_a_grid():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; the JavaScript check needs it")
    functions = "\n".join(
        f"function {name}(i,k,s,p,d,a){{return {template_to_javascript(t)};}}"
        for name, t in TEMPLATES.items())
    script = functions + f"""
var grid = {json.dumps(GRID)}, out = [];
grid.forEach(function (v) {{
  var c = null, r = null, t = null;
  if (conv_valid.apply(null, v)) {{ c = conv_output.apply(null, v); r = remainder.apply(null, v); }}
  if (transposed_valid.apply(null, v)) {{ var x = transposed_output.apply(null, v);
    t = x >= 1 ? x : null; }}
  out.push([c, r, t]);
}});
console.log(JSON.stringify(out));"""
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True,
                            timeout=60)
    from_js = [tuple(row) for row in json.loads(result.stdout)]
    assert from_js == [_library(*values) for values in GRID]


@pytest.mark.parametrize("name", list(PRESETS))
def test_substituted_formulas_end_in_the_configured_size(name):
    for cfg in (PRESETS[name].convolution(), PRESETS[name].transposed()):
        text = substituted_formula(cfg)
        assert text.endswith(f"= {cfg.output_shape[0]}")
        assert "·" in text and "*" not in text and ("⌊" in text) != cfg.transposed


def test_output_sizes_is_the_calculators_python_twin():
    assert output_sizes(6, 3, s=2, p=1) == {"conv_output": 3, "remainder": 1,
                                            "transposed_output": 11}
    bad = output_sizes(2, 5)
    assert bad["conv_output"].startswith("undefined: kernel larger than the padded input")
    assert bad["transposed_output"] == 6
    assert output_sizes(3, 3, s=2, a=2)["transposed_output"].startswith("undefined: output_pad")


def test_templates_refuse_anything_but_size_arithmetic():
    with pytest.raises(ValueError, match="not a size template"):
        evaluate_template("__import__('os')", i=1)
    with pytest.raises(ValueError, match="unknown letter"):
        evaluate_template(TEMPLATES["conv_output"], x=1)
    with pytest.raises(TypeError, match="must be an int"):
        evaluate_template(TEMPLATES["conv_output"], i=1.5, k=1, s=1, p=0, d=1)
    with pytest.raises(ValueError, match="axis must be in 0..1"):
        substituted_formula(DiagramConfig(4, 3), axis=2)


@pytest.mark.parametrize("template", [5, None, ["floor(i)"]])
def test_a_template_of_the_wrong_type_is_a_type_error(template):
    with pytest.raises(TypeError, match="template must be a str"):
        evaluate_template(template)
    with pytest.raises(TypeError, match="template must be a str"):
        template_to_javascript(template)


def test_substituted_formula_checks_its_argument_types():
    with pytest.raises(TypeError, match="axis must be an int"):
        substituted_formula(DiagramConfig(4, 3), axis=1.0)
    with pytest.raises(TypeError, match="DiagramConfig"):
        substituted_formula((4, 3))
