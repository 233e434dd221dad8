"""Kernel-free HTML players: the right frames, unique ids, and they work in a browser."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest

import tconv_lib as tl
from tconv_lib.diagrams.geometry import DiagramConfig, gather_geometry, scatter_geometry
from tconv_lib.diagrams.player import HtmlBlock, HtmlPlayer, html_player, side_by_side
from tconv_lib.diagrams.presets import PRESETS, get_preset


def _data(player: HtmlPlayer) -> dict:
    payload = re.search(r'<script type="application/json" class="tcv-data">(.*?)</script>',
                        player.html).group(1)
    return json.loads(payload.replace("<\\/", "</"))


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("kind", ["convolution", "transposed"])
def test_player_frames_are_the_geometry(name, kind):
    cfg = getattr(PRESETS[name], kind)()
    geo = gather_geometry(cfg)
    player = html_player(cfg)
    data = _data(player)
    assert player.n_frames == geo.n_frames == len(data["on"]) == len(data["cap"])
    for frame in (0, geo.n_frames - 1):
        footprint, destination = data["on"][frame]
        assert footprint == np.ravel_multi_index(tuple(geo.footprints[frame].T),
                                                 geo.input_grid_shape).tolist()
        assert destination == [frame]
    cells = np.prod(geo.input_grid_shape) + np.prod(geo.output_shape)
    assert player.html.count("<rect x=") == cells
    assert player.html.count('class="c-zero') == (geo.input_roles == "zero").sum()


def test_scatter_player_carries_the_running_sums():
    cfg = get_preset("padding_strides_odd").transposed()
    x = np.arange(9).reshape(3, 3)
    w = np.array([[1, 2, 0], [0, 1, 3], [2, 0, 1]])
    player = html_player(cfg, view="scatter", numbers=True, x=x, w=w)
    data = _data(player)
    geo = scatter_geometry(cfg)
    final = np.zeros(geo.full_shape)
    for updates in data["out"]:
        for index, value in updates:
            final.flat[index] = float(value)
    expected = tl.conv_transpose(x[None, None], w[None, None], 2, 1, 1)[0, 0]
    np.testing.assert_array_equal(final[geo.crop], expected)


def test_ids_are_unique_and_everything_is_scoped():
    cfg = DiagramConfig(4, 3)
    first, second = html_player(cfg), html_player(cfg)
    assert first.player_id != second.player_id
    page = first.html + second.html
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for player in (first, second):
        css = re.search(r"<style>(.*?)</style>", player.html, re.S).group(1)
        rules = [r for r in css.replace("\n", "}").split("}") if r.strip()]
        assert all(rule.startswith(f"#{player.player_id}") for rule in rules)
        assert f'document.getElementById("{player.player_id}")' in player.html


def test_controls_are_labelled_for_assistive_technology():
    html = html_player(get_preset("dilation").transposed()).html
    for label in ("Previous step", "Play", "Next step"):
        assert f'aria-label="{label}"' in html
    assert 'aria-live="polite"' in html and 'role="img"' in html
    assert 'type="range"' in html and 'aria-label="Step of the animation' in html


def test_a_gallery_of_every_preset_stays_small():
    players = [html_player(getattr(pre, kind)()) for pre in PRESETS.values()
               for kind in ("convolution", "transposed")]
    total = sum(len(p.html.encode()) for p in players)
    assert total < 600_000  # a fifth of the 3 MB page budget for all twenty players


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"view": "both"}, ValueError, r"view must be one of \('gather', 'scatter'"),
    ({"view": 3}, TypeError, "view must be a str"),
    ({"cell_px": 20.0}, TypeError, "cell_px must be an integer"),
    ({"seconds_per_frame": "fast"}, TypeError, "seconds_per_frame must be a number"),
    ({"title": 5}, TypeError, "title must be a str"),
    ({"layout": "diagonal"}, ValueError, "layout must be"),
    ({"numbers": "yes"}, TypeError, "numbers must be a bool"),
    ({"x": [1, 2, 3, 4]}, ValueError, "both x and w"),
    ({"cell_px": 2}, ValueError, "cell_px"),
    ({"player_id": "a b"}, ValueError, "player_id"),
    ({"seconds_per_frame": -1}, ValueError, "seconds_per_frame"),
])
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        html_player(DiagramConfig(4, 3, ndim=1), **kwargs)


def test_side_by_side_checks_its_items():
    with pytest.raises(TypeError):
        side_by_side("<p>no</p>")
    with pytest.raises(ValueError, match="one entry per item"):
        side_by_side(html_player(DiagramConfig(4, 3)), captions=("a", "b"))


def test_players_scrub_in_a_browser_without_interfering(page):
    cfg = get_preset("padding_strides").transposed()
    gather = html_player(cfg, numbers=True)
    scatter = html_player(cfg, view="scatter", numbers=True)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.set_content("<meta charset='utf-8'>" + side_by_side(gather, scatter).html)
    g, s = page.locator(f"#{gather.player_id}"), page.locator(f"#{scatter.player_id}")
    g.locator(".tcv-next").click()
    g.locator(".tcv-next").click()
    assert g.locator(".tcv-live").text_content() == gather.captions[2]
    assert g.locator("g.a > rect.on").count() == 9
    assert g.locator("g.b > rect.on").count() == 1
    assert s.locator(".tcv-live").text_content() == scatter.captions[0]  # untouched
    s.locator(".tcv-slider").fill(str(scatter.n_frames - 1))
    assert s.locator(".tcv-live").text_content() == scatter.captions[-1]
    g.locator(".tcv-prev").click()
    assert g.locator(".tcv-live").text_content() == gather.captions[1]
    g.locator(".tcv-prev").click()
    g.locator(".tcv-prev").click()  # wraps around to the last frame
    assert g.locator(".tcv-live").text_content() == gather.captions[-1]
    shown = g.locator("g.bt > text").all_text_contents()
    x, w = tl.example_values(cfg)
    expected = tl.conv_transpose(x[None, None], w[None, None], 2, 1)[0, 0]
    np.testing.assert_array_equal(np.array(shown, dtype=float).reshape(expected.shape), expected)
    g.locator(".tcv-play").click()
    assert g.locator(".tcv-play").get_attribute("aria-label") == "Pause"
    g.locator(".tcv-play").click()
    assert g.locator(".tcv-play").get_attribute("aria-label") == "Play"
    assert errors == []


def test_every_player_carries_a_small_png_still_for_print():
    # The PDF shows image/png; the site shows text/html; text/plain stays plain.
    player = html_player(DiagramConfig(4, 3, stride=2, transposed=True), numbers=True)
    bundle = player._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain", "image/png"}
    assert bundle["text/html"] == player.html and "<" not in bundle["text/plain"]
    png = bundle["image/png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) <= 60_000
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    # A strip of frames drawn at 1.25 times the player's natural size.
    assert image.width >= 1.25 * player.width_px and image.height > 100
    row = side_by_side(player, html_player(DiagramConfig(4, 3)), captions=("a", "b"))
    assert Image.open(io.BytesIO(row._repr_mimebundle_()["image/png"])).width > image.width
    assert repr(row).count("[player:") == 2 and "<" not in repr(row)
    both = HtmlBlock("<p>intro</p>", "intro") + row
    assert both.html == "<p>intro</p>" + row.html and both.png[:4] == b"\x89PNG"
    assert "image/png" not in HtmlBlock("<p>x</p>")._repr_mimebundle_()
    # Markup joined by hand still finds its players' pictures (chapters that build rows).
    by_hand = HtmlBlock("<p>intro</p>" + row.html)
    assert by_hand.png is not None and Image.open(io.BytesIO(by_hand.png)).width > image.width


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_still_is_drawn_in_the_players_colours_and_is_reproducible(name):
    from PIL import Image

    from tconv_lib.diagrams.style import INPUT_BLUE, OUTPUT_CYAN, rgb, shaded

    cfg = PRESETS[name].transposed()
    player = html_player(cfg, view="scatter", numbers=True)
    assert len(player.png) <= 60_000
    assert player.png == html_player(cfg, view="scatter", numbers=True).png
    pixels = {tuple(p) for p in np.asarray(Image.open(io.BytesIO(player.png)).convert("RGB"))
              .reshape(-1, 3).tolist()}
    for colour in (INPUT_BLUE, OUTPUT_CYAN, shaded(INPUT_BLUE)):  # input, output, shadow
        assert tuple(round(255 * c) for c in rgb(colour)) in pixels


def _row_layout(page, width: int, row_html: str) -> list[dict]:
    page.set_viewport_size({"width": width, "height": 800})
    page.set_content("<meta charset='utf-8'><body style='margin:0'><div style='padding:0 8px'>"
                     + row_html + "</div></body>")
    return page.evaluate("""() => Array.from(document.querySelectorAll('.tcv-player')).map(p => {
        const box = p.getBoundingClientRect(), svg = p.querySelector('svg').getBoundingClientRect();
        return {left: box.left, right: box.right, svgTop: svg.top, svgWidth: svg.width};})""")


def test_a_row_of_players_wraps_to_fewer_per_row_instead_of_shrinking(page):
    preset = get_preset("arbitrary_padding_no_strides")
    conv, transposed = preset.convolution(), preset.transposed()
    players = [html_player(conv), html_player(transposed),
               html_player(transposed, view="scatter")]
    row = side_by_side(*players, captions=("one line", "two\nlines", "three\nshort\nlines")).html
    wide = _row_layout(page, 700, row)
    # Two per row in a 700 px column: left to right, inside the page, both drawings
    # starting at one height although the captions differ in length; the third wraps.
    assert wide[0]["right"] <= wide[1]["left"] and wide[1]["svgTop"] == wide[0]["svgTop"]
    assert wide[2]["svgTop"] > wide[0]["svgTop"]
    assert all(p["right"] <= 692 for p in wide)
    # No player is drawn below the width at which its smallest text is 10 px.
    for layout, player in zip(wide, players, strict=True):
        assert layout["svgWidth"] >= player.min_width_px - 0.5
    phone = _row_layout(page, 390, row)
    assert phone[0]["svgTop"] < phone[1]["svgTop"] < phone[2]["svgTop"]
    assert all(p["right"] <= 382 for p in phone)
    assert "white-space:pre" in row  # a newline in a caption breaks the line, nothing else


def test_a_player_shrinks_its_drawing_to_a_narrow_page(page):
    player = html_player(get_preset("dilation").transposed(), numbers=True, cell_px=40)
    assert player.width_px > 400
    (layout,) = _row_layout(page, 300, player.html)
    assert layout["right"] <= 292 and layout["svgWidth"] <= 284
