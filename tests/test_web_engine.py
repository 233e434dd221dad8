"""The browser engine ``tconv.js`` against tconv_lib, in headless Debian Chromium.

Thousands of random calls (1-D and 2-D, batched and unbatched, several channels and groups,
every keyword as an int or per axis, string and per-side padding where the library takes
them, and many invalid combinations) are run once in Python and once in the page. Both must
make the same decision; accepted calls must give the same shape exactly and the same values to
1e-12; rejected ones must give a message, the same kind of error (``TypeError`` or not) and,
where the library names the broken rule, the same rule. Every non-loopback request of the
browser is aborted, so the engine provably needs no network.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

import tconv_lib as tl
from tconv_lib import web

CHROMIUM = Path("/usr/bin/chromium")
N_CASES = 2400
BATCH = 600


def _per_side_padding_supported() -> bool:
    try:
        tl.conv(np.zeros((1, 1, 4)), np.zeros((1, 1, 2)), padding=((1, 0),))
    except TypeError:
        return False
    return True


PER_SIDE = _per_side_padding_supported()


@pytest.fixture(scope="module")
def engine_page():
    """A blank page in Chromium with tconv.js loaded; every non-loopback request aborted."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None and not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("about:", "data:")) or host in ("127.0.0.1",
                                                                          "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.route("**/*", guard)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content("<!doctype html><title>engine</title>")
        page.add_script_tag(content=web.asset("tconv.js"))
        assert page.evaluate("typeof window.tconv.conv_transpose") == "function"
        yield page
        assert errors == [] and blocked == []
        browser.close()


# ---------------------------------------------------------------- random calls


def _per_axis(rng: np.random.Generator, ndim: int, low: int, high: int) -> object:
    """An int, a one-entry list or one int per axis."""
    form = rng.integers(3)
    if form == 0:
        return int(rng.integers(low, high + 1))
    if form == 1:
        return [int(rng.integers(low, high + 1))]
    return [int(rng.integers(low, high + 1)) for _ in range(ndim)]


def _maybe_invalid(rng: np.random.Generator, value: object, ndim: int) -> object:
    """Now and then, a value of the wrong sign, length or type."""
    roll = rng.random()
    if roll < 0.025:
        return -1
    if roll < 0.04:
        return [1] * (ndim + 1)
    if roll < 0.05:
        return "2"
    return value


def _conv_case(rng: np.random.Generator, transposed: bool) -> dict:
    ndim = int(rng.integers(1, 3))
    groups = int(rng.choice([1, 1, 2, 3]))
    c_in = groups * int(rng.integers(1, 3))
    c_out = groups * int(rng.integers(1, 3))
    if rng.random() < 0.05:
        c_in += 1  # groups no longer divide, or channels mismatch
    n = int(rng.integers(1, 3))
    spatial = [int(rng.integers(1, 8)) for _ in range(ndim)]
    kernel = [int(rng.integers(1, 5)) for _ in range(ndim)]
    options: dict[str, object] = {}
    if rng.random() < 0.8:
        options["stride"] = _maybe_invalid(rng, _per_axis(rng, ndim, 1, 3), ndim)
    if rng.random() < 0.8:
        options["dilation"] = _maybe_invalid(rng, _per_axis(rng, ndim, 1, 3), ndim)
    if rng.random() < 0.8:
        padding: object = _per_axis(rng, ndim, 0, 3)
        roll = rng.random()
        if roll < 0.08:
            padding = str(rng.choice(["same", "valid", "full"]))
        elif roll < 0.16 and PER_SIDE:
            padding = [[int(rng.integers(0, 3)), int(rng.integers(0, 3))] for _ in range(ndim)]
        options["padding"] = _maybe_invalid(rng, padding, ndim)
    if transposed and rng.random() < 0.8:
        options["output_padding"] = _maybe_invalid(rng, _per_axis(rng, ndim, 0, 2), ndim)
    elif not transposed and rng.random() < 0.03:
        options["output_padding"] = 1
    if rng.random() < 0.6:
        options["groups"] = groups if rng.random() > 0.04 else 0
    weight_shape = ([c_in, c_out // groups] if transposed else [c_out, c_in // groups]) + kernel
    x_shape = [n, c_in, *spatial]
    roll = rng.random()
    if roll < 0.1:
        x_shape = x_shape[1:]  # unbatched
    elif roll < 0.13:
        x_shape = x_shape + [2]  # one dimension too many
    x = np.round(rng.normal(size=x_shape), 6)
    w = np.round(rng.normal(size=weight_shape), 6)
    return {"fn": "conv_transpose" if transposed else "conv", "args": [x.tolist(), w.tolist()],
            "options": options}


def _matrix_case(rng: np.random.Generator) -> dict:
    ndim = int(rng.integers(1, 3))
    shape = [int(rng.integers(1, 7)) for _ in range(ndim)]
    kernel = np.round(rng.normal(size=[int(rng.integers(1, 4)) for _ in range(ndim)]), 6)
    if rng.random() < 0.04:
        kernel = kernel[..., None]  # one axis too many
    options: dict[str, object] = {}
    for name, low, high in (("stride", 1, 3), ("padding", 0, 2), ("dilation", 1, 2)):
        if rng.random() < 0.8:
            options[name] = _maybe_invalid(rng, _per_axis(rng, ndim, low, high), ndim)
    return {"fn": "conv_matrix", "args": [shape, kernel.tolist()], "options": options}


def _size_case(rng: np.random.Generator) -> dict:
    transposed = bool(rng.integers(2))
    i, k = int(rng.integers(1, 9)), int(rng.integers(1, 6))
    s, p, d = int(rng.integers(1, 4)), int(rng.integers(0, 5)), int(rng.integers(1, 4))
    if rng.random() < 0.05:
        s = 0
    if rng.random() < 0.05:
        p = -1
    if transposed:
        a = int(rng.integers(0, 3))
        return {"fn": "conv_transpose_output_size", "args": [i, k, s, p, a, d]}
    return {"fn": "conv_output_size", "args": [i, k, s, p, d]}


def random_cases(n: int, seed: int = 12) -> list[dict]:
    rng = np.random.default_rng(seed)
    makers = (lambda: _conv_case(rng, False), lambda: _conv_case(rng, True),
              lambda: _conv_case(rng, True), lambda: _matrix_case(rng), lambda: _size_case(rng))
    return [makers[int(rng.integers(len(makers)))]() for _ in range(n)]


def run_python(case: dict) -> dict:
    fn = getattr(tl, case["fn"])
    args = list(case["args"])
    options = {key: tuple(tuple(v) if isinstance(v, list) else v for v in value)
               if isinstance(value, list) else value
               for key, value in case.get("options", {}).items()}
    if case["fn"] == "conv_matrix":
        args[1] = np.array(args[1])
    elif case["fn"] in ("conv", "conv_transpose"):
        args = [np.array(a) for a in args]
    try:
        value = fn(*args, **options)
    except (TypeError, ValueError) as error:
        return {"ok": False, "type": type(error).__name__ == "TypeError",
                "rule": getattr(error, "rule", None), "message": str(error)}
    return {"ok": True, "value": np.asarray(value, dtype=float).tolist()}


RUN_IN_PAGE = """cases => cases.map(c => {
  try {
    const args = c.args.slice();
    if (c.options !== undefined) args.push(c.options);
    return {ok: true, value: window.tconv[c.fn].apply(null, args)};
  } catch (error) {
    return {ok: false, type: error instanceof TypeError, rule: error.rule || null,
            message: String(error.message), stack: String(error.stack || "")};
  }
})"""


def run_in_page(page, cases: list[dict]) -> list[dict]:
    results = []
    for start in range(0, len(cases), BATCH):
        results.extend(page.evaluate(RUN_IN_PAGE, cases[start:start + BATCH]))
    return results


# ---------------------------------------------------------------- tests


def test_the_engine_agrees_with_tconv_lib_on_random_calls(engine_page):
    cases = random_cases(N_CASES)
    expected = [run_python(case) for case in cases]
    got = run_in_page(engine_page, cases)
    outcomes: Counter = Counter()
    for case, want, have in zip(cases, expected, got, strict=True):
        where = json.dumps({k: case[k] for k in ("fn", "options") if k in case})[:300]
        assert have["ok"] == want["ok"], (where, want, have)
        if want["ok"]:
            value, reference = np.asarray(have["value"], dtype=float), np.asarray(want["value"])
            assert value.shape == reference.shape, where
            np.testing.assert_allclose(value, reference, rtol=0, atol=1e-12, err_msg=where)
            outcomes[case["fn"], "accepted"] += 1
        else:
            assert have["message"], where
            assert have["type"] == want["type"], (where, want, have)
            if want["rule"] is not None:
                assert have["rule"] == want["rule"], (where, want, have)
            outcomes[case["fn"], want["rule"] or "TypeError"] += 1
    # The random calls reach every function, accepted and rejected, and the main rules.
    for fn in ("conv", "conv_transpose", "conv_matrix", "conv_output_size",
               "conv_transpose_output_size"):
        assert outcomes[fn, "accepted"] >= 50, outcomes
        assert sum(v for (f, r), v in outcomes.items() if f == fn and r != "accepted") >= 5
    rules = {rule for (_, rule) in outcomes}
    for rule in ("kernel_too_large", "output_padding_too_large", "output_size_below_one",
                 "channels_not_divisible", "wrong_ndim", "not_positive", "negative",
                 "wrong_length", "padding_mode", "TypeError"):
        if rule in getattr(tl.arithmetic, "ERROR_RULES", {}) or rule == "TypeError":
            assert rule in rules, sorted(rules)


def test_every_rule_the_engine_names_is_one_of_the_library(engine_page):
    rules = getattr(tl.arithmetic, "ERROR_RULES", None)
    if rules is None:
        pytest.skip("tconv_lib does not publish its rules yet")
    got = run_in_page(engine_page, random_cases(600, seed=3))
    named = {result["rule"] for result in got if not result["ok"] and result["rule"]}
    assert named and named <= set(rules), named - set(rules)


def test_rejections_are_messages_not_crashes(engine_page):
    # Errors come from the checks, before any work: the stack starts in the validation.
    cases = [
        {"fn": "conv_transpose", "args": [[[[1.0]]], [[[1.0, 2.0]]]],
         "options": {"stride": 1, "output_padding": 1}},
        {"fn": "conv", "args": [[[[1.0, 2.0]]], [[[1.0, 2.0, 3.0]]]], "options": {}},
        {"fn": "conv_transpose", "args": [[[[1.0]]], [[[1.0]]]], "options": {"padding": 1}},
        {"fn": "conv", "args": [[[[1.0, 2.0]]], [[[1.0]]]], "options": {"stride": True}},
        {"fn": "conv", "args": [[[[1.0, "a"]]], [[[1.0]]]], "options": {}},
        {"fn": "conv", "args": [[[[1.0, 2.0]]], [[[1.0]]]], "options": {"strides": 2}},
    ]
    got = run_in_page(engine_page, cases)
    rules = [result["rule"] for result in got]
    assert rules == ["output_padding_too_large", "kernel_too_large", "output_size_below_one",
                     None, None, None]
    assert all(not result["ok"] and result["message"] for result in got)
    assert "max(stride, dilation) = 1" in got[0]["message"]
    assert "unexpected keyword argument 'strides'" in got[5]["message"]
    assert [result["type"] for result in got] == [False, False, False, True, True, True]


def test_the_example_numbers_are_those_of_python(engine_page):
    shapes = [[1], [4], [7], [3, 3], [16, 16], [2, 7]]
    got = engine_page.evaluate(
        "shapes => shapes.map(s => [tconv.example_values(s, 0), tconv.example_values(s, 1)])",
        shapes)
    for shape, (x, w) in zip(shapes, got, strict=True):
        np.testing.assert_array_equal(x, web.example_values(tuple(shape), 0))
        np.testing.assert_array_equal(w, web.example_values(tuple(shape), 1))
    values = web.example_values((16, 16), 0)
    assert set(np.unique(values).tolist()) == {1, 2, 3}
    assert not np.array_equal(values, values.T)  # not symmetric: a flip is visible
