"""The kernel-free size calculator computes what the library computes."""

from __future__ import annotations

import pytest

from tconv_lib.diagrams.calculator import size_calculator
from tconv_lib.diagrams.formulas import TEMPLATES, output_sizes, template_to_javascript


def test_the_script_is_generated_from_the_tested_templates():
    html = size_calculator(calculator_id="calc").html
    for template in TEMPLATES.values():
        assert template_to_javascript(template) in html
    assert 'id="calc"' in html and 'getElementById("calc")' in html
    for name in "ikspda":
        assert f'name="{name}"' in html


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"i": 0}, "i must be an integer >= 1"),
    ({"p": -1}, "p must be an integer >= 0"),
])
def test_bad_initial_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        size_calculator(**kwargs)


@pytest.mark.parametrize("kwargs", [{"s": 1.5}, {"i": "6"}, {"a": True}])
def test_initial_values_of_the_wrong_type(kwargs):
    with pytest.raises(TypeError, match="must be an integer"):
        size_calculator(**kwargs)


CASES = [(6, 3, 2, 1, 1, 0), (5, 3, 2, 1, 1, 1), (7, 3, 1, 0, 2, 1), (4, 2, 2, 0, 1, 0),
         (2, 5, 1, 0, 1, 0), (3, 3, 2, 0, 1, 2), (1, 1, 1, 3, 1, 0)]


def test_calculator_in_a_browser_matches_the_python_twin(page):
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.set_content("<meta charset='utf-8'>" + size_calculator(calculator_id="c1").html)
    form = page.locator("#c1")
    for case in CASES:
        for name, value in zip("ikspda", case, strict=True):
            form.locator(f"input[name={name}]").fill(str(value))
        expected = output_sizes(*case)
        conv, tr = form.locator(".r-conv").text_content(), form.locator(".r-tr").text_content()
        if isinstance(expected["conv_output"], int):
            assert conv.endswith(f"= {expected['conv_output']}"), (case, conv)
            assert f"= {expected['remainder']}:" in form.locator(".r-rem").text_content()
        else:
            assert conv.startswith("undefined"), (case, conv)
        if isinstance(expected["transposed_output"], int):
            assert tr.endswith(f"= {expected['transposed_output']}"), (case, tr)
        else:
            assert tr.startswith("undefined"), (case, tr)
    form.locator("input[name=s]").fill("0")
    assert form.locator(".r-conv").text_content() == "enter whole numbers: s ≥ 1"
    assert errors == []
