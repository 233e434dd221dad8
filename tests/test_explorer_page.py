"""The explorer page in headless Debian Chromium, as the book's explore chapter shows it.

The page is the output of the chapter's explorer cell (``tl.explorer_html()``), written to a
temporary folder and served on loopback; every other request is aborted. The tests load a
configuration from the URL, change controls, set invalid combinations, use the keyboard and a
phone-sized window, and drive the Jupyter widget's module with a stand-in model.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

import tconv_lib as tl
from tconv_lib.widgets.widget import Explorer

CHROMIUM = Path("/usr/bin/chromium")
PANELS = ("canvas.tcx-diagram", "canvas.tcx-matrix", "canvas.tcx-array-x",
          "canvas.tcx-array-w", "canvas.tcx-array-y")


def write_page(folder: Path) -> Path:
    """The chapter's explorer cell output as a page of its own (no network, no favicon)."""
    fragment = tl.explorer_html().html
    page = folder / "explore.html"
    page.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">'
                    '<link rel="icon" href="data:,"><title>Explore</title></head>'
                    f'<body><main style="max-width:820px;margin:auto">{fragment}</main>'
                    "</body></html>", encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    folder = tmp_path_factory.mktemp("explorer-page")
    write_page(folder)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/explore.html"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


class Page:
    """A fresh tab that records console errors, page errors and blocked requests."""

    def __init__(self, browser, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.route("**/*", self._guard)

    def _guard(self, route) -> None:
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"blocked {url}")
            route.abort()

    def text(self, selector: str) -> str:
        return self.page.locator(f".tcx-root {selector}").first.inner_text()

    def pictures(self) -> dict[str, str]:
        return self.page.evaluate("""selectors => Object.fromEntries(selectors.map(s =>
            [s, document.querySelector('.tcx-root ' + s).toDataURL()]))""", list(PANELS))

    def renders(self) -> int:
        return int(self.page.get_attribute(".tcx-root", "data-render"))

    def set_number(self, name: str, value: int) -> None:
        self.page.fill(f".tcx-root input.tcx-input-{name}", str(value))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def tab(browser):
    page = Page(browser)
    yield page
    page.close()


def test_a_configuration_in_the_url_is_shown(site, tab):
    query = "?ndim=1&transposed=1&i=4&k=3&s=2&p=0&a=0&view=scatter&step=2"
    tab.page.goto(site + query)
    page = tab.page
    assert page.get_attribute(".tcx-root", "data-state") == "valid"
    assert page.is_checked(".tcx-ndim input[value='1']")
    assert page.is_checked(".tcx-transposed input[value='1']")
    assert page.is_checked(".tcx-view input[value='scatter']")
    assert page.input_value("input.tcx-input-i-rows") == "4"
    assert page.input_value("input.tcx-input-stride") == "2"
    assert page.is_hidden("input.tcx-input-i-cols")
    assert "= 9" in tab.text(".tcx-formula")
    assert tab.text(".tcx-step-label") == "step 2 of 4"
    assert "input cell (1)" in tab.text(".tcx-caption")
    assert "9 × 4" in tab.text(".tcx-matrix-panel")
    assert "F.conv_transpose1d(x, w, stride=2, padding=0, output_padding=0" in tab.text(
        ".tcx-call")
    # The numbers shown are those tconv_lib computes for the same setting.
    state = tl.explorer_state({"ndim": 1, "transposed": True, "i": 4, "k": 3, "stride": 2,
                               "padding": 0, "output_padding": 0, "view": "scatter"})
    label = page.get_attribute("canvas.tcx-array-y", "aria-label")
    assert label.endswith(", ".join(str(v) for v in state.result.tolist()))
    assert tab.problems == []


def test_a_rectangular_2d_configuration_from_the_url(site, tab):
    tab.page.goto(site + "?ndim=2&transposed=0&i=5,7&k=3&s=2&p=1&d=1&view=matrix&step=4")
    assert tab.page.input_value("input.tcx-input-i-cols") == "7"
    formula = tab.text(".tcx-formula")
    assert "rows: o =" in formula and "columns: o =" in formula and "output 3×4" in formula
    assert tab.page.is_hidden(".tcx-diagram-panel")
    assert "12 × 35" in tab.text(".tcx-matrix-panel")
    assert "output cell (0, 3)" in tab.text(".tcx-caption")
    assert tab.problems == []


def test_a_control_change_redraws_every_panel_and_the_url(site, tab):
    tab.page.goto(site)
    before, count = tab.pictures(), tab.renders()
    texts = {s: tab.text(s) for s in (".tcx-formula", ".tcx-caption", ".tcx-call")}
    tab.set_number("stride", 3)
    after = tab.pictures()
    assert tab.renders() > count
    assert all(before[s] != after[s] for s in ("canvas.tcx-diagram", "canvas.tcx-matrix",
                                               "canvas.tcx-array-y")), "a picture was not redrawn"
    assert after["canvas.tcx-array-x"] == before["canvas.tcx-array-x"]  # same example input
    assert all(tab.text(s) != texts[s] for s in texts)
    assert "stride=3" in tab.text(".tcx-call")
    query = parse_qs(urlparse(tab.page.url).query)
    assert query["s"] == ["3"] and query["i"] == ["3"] and query["transposed"] == ["1"]
    # The view buttons change the picture, and the stepping buttons the step.
    tab.page.click(".tcx-view label:has-text('scatter')")
    assert tab.text(".tcx-step-label") == "step 1 of 9"
    tab.page.click("button.tcx-next")
    assert tab.text(".tcx-step-label") == "step 2 of 9"
    assert parse_qs(urlparse(tab.page.url).query)["step"] == ["2"]
    assert tab.problems == []


def test_an_invalid_setting_shows_the_rule_and_keeps_the_last_picture(site, tab):
    tab.page.goto(site)
    before = tab.pictures()
    tab.set_number("output_padding", 2)  # a >= max(s = 2, d = 1)
    page = tab.page
    assert page.get_attribute(".tcx-root", "data-state") == "invalid"
    message = tab.text(".tcx-message")
    assert "Not a valid combination" in message and "max(stride, dilation)" in message
    assert "last valid settings" in message and "Traceback" not in message
    assert all(page.is_disabled(f"button.{name}") for name in ("tcx-prev", "tcx-play",
                                                               "tcx-next"))
    assert page.is_disabled("input.tcx-step")
    assert tab.pictures() == before
    # Two more of the library's rules, with their own advice.
    tab.set_number("output_padding", 0)
    tab.set_number("padding", 9)
    assert "crops away more cells" in tab.text(".tcx-message")
    page.click(".tcx-transposed label:has-text('convolution')")
    tab.set_number("padding", 0)
    tab.set_number("k", 7)
    assert "kernel does not fit" in tab.text(".tcx-message")
    tab.set_number("k", 3)
    assert page.get_attribute(".tcx-root", "data-state") == "valid"
    assert page.is_hidden(".tcx-message") and not page.is_disabled("button.tcx-play")
    assert tab.problems == []


def test_keyboard_play_and_linked_highlighting(site, tab):
    tab.page.goto(site + "?ndim=2&transposed=1&i=3&k=3&s=2&p=1&a=1&view=gather&step=1")
    page = tab.page
    page.focus("input.tcx-input-k")
    page.keyboard.press("ArrowDown")
    assert page.input_value("input.tcx-input-k") == "2"
    assert "kernel 2×2" in tab.text(".tcx-formula")
    page.focus("canvas.tcx-diagram")
    page.keyboard.press("ArrowRight")
    assert tab.text(".tcx-step-label").startswith("step 2 of")
    page.click("button.tcx-play")
    assert page.get_attribute("button.tcx-play", "aria-pressed") == "true"
    page.wait_for_function("document.querySelector('.tcx-step-label').textContent"
                           ".startsWith('step 3')", timeout=5000)
    page.click("button.tcx-play")
    assert page.get_attribute("button.tcx-play", "aria-pressed") == "false"
    # Pointing at output cell (0, 2) of the result shows its sum without changing the step.
    box = page.locator("canvas.tcx-array-y").bounding_box()
    size = box["width"] / 10  # 10 output columns with k = 2
    page.mouse.move(box["x"] + 2.5 * size, box["y"] + 0.5 * size)
    assert "output cell (0, 2)" in tab.text(".tcx-caption")
    # Every control has a label a screen reader reads.
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '.tcx-root input, .tcx-root button')].filter(n => !(n.labels && n.labels.length)
        && !n.getAttribute('aria-label') && !n.textContent.trim()).length""")
    assert unlabelled == 0
    assert page.get_attribute(".tcx-caption", "aria-live") == "polite"
    assert tab.problems == []


def test_usable_at_390_px_and_at_the_largest_setting(site, browser):
    tab = Page(browser, width=390)
    try:
        tab.page.goto(site + "?ndim=2&transposed=1&i=16&k=7&s=4&p=0&a=3&d=3&view=gather")
        page = tab.page
        assert page.get_attribute(".tcx-root", "data-state") == "valid"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The matrix is a band: its cells stay at least 6 px wide, and it says so.
        info = tab.text(".tcx-matrix-info")
        assert "Showing rows" in info and "zoom" in info
        width = page.evaluate("document.querySelector('canvas.tcx-matrix').clientWidth")
        assert width <= 390
        page.click("button.tcx-zoom-in")
        assert tab.problems == []
    finally:
        tab.close()


def test_the_widget_module_syncs_both_ways(site, tab):
    """widget.js with a stand-in for the Jupyter widget model (what anywidget passes)."""
    tab.page.goto(site)
    ex = Explorer(ndim=1, i=5, k=3, stride=2, padding=1, output_padding=0)
    traits = {name: getattr(ex, name) for name in ("ndim", "transposed", "i", "k", "stride",
                                                   "padding", "output_padding", "dilation",
                                                   "view", "numbers", "step")}
    result = tab.page.evaluate("""async ([esm, data, traits]) => {
      const values = Object.assign({_data: data}, traits);
      const handlers = {};
      const sets = [];
      const model = {
        get: name => values[name],
        set: (name, value) => { values[name] = value; sets.push([name, value]); },
        save_changes: () => {},
        on: (event, fn) => { (handlers[event] = handlers[event] || []).push(fn); },
        off: () => {},
      };
      const url = URL.createObjectURL(new Blob([esm], {type: "text/javascript"}));
      const widget = (await import(url)).default;
      const el = document.createElement("div");
      document.body.appendChild(el);
      widget.render({model, el});
      const root = el.querySelector(".tcx-root");
      const stride = root.querySelector("input.tcx-input-stride");
      stride.value = "3";
      stride.dispatchEvent(new Event("input"));
      const fromPage = sets.slice();
      values.k = 4;
      handlers["change:k"].forEach(fn => fn());
      return {fromPage, kernel: root.querySelector("input.tcx-input-k").value,
              formula: root.querySelector(".tcx-formula").textContent,
              label: root.querySelector("canvas.tcx-array-y").getAttribute("aria-label")};
    }""", [ex._esm, ex._data, traits])
    assert ["stride", 3] in [list(pair) for pair in result["fromPage"]]
    assert result["kernel"] == "4" and "kernel 4" in result["formula"]
    ex.set(stride=3, k=4)
    assert result["label"].endswith(", ".join(str(v) for v in np.ravel(ex.result).tolist()))
    assert json.dumps(ex._data)  # what the stand-in received is what the widget sends
    assert tab.problems == []


AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("query", ["", "?ndim=1&view=scatter&step=3", "?a=3"])
def test_no_accessibility_violations(site, tab, query):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (tests/js)")
    tab.page.goto(site + query)
    tab.page.add_script_tag(path=str(AXE))
    violations = tab.page.evaluate("""async () => (await axe.run(
        document.querySelector('.tcx-root'))).violations.map(v => v.id + ': ' +
        v.nodes.map(n => n.html.slice(0, 80)).join(' | '))""")
    assert violations == []
