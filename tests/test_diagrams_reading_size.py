"""Figures at reading size: measured in Chromium (players) and from Matplotlib (stills).

The book's column is about 680-750 px wide on a 1280 px screen and about 358 px
on a 390 px phone. Every text inside a figure must render at 10 px or more in
the column at 1280 px, and stay legible on the phone; a player must not change
height while it plays; a row of players must not break a caption inside a formula;
players must be usable from the keyboard.
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.text import Text

import tconv_lib as tl
from tconv_lib.diagrams.player import MIN_TEXT_PX, HtmlBlock, html_player, side_by_side
from tconv_lib.diagrams.still import draw_all_frames, draw_still, figure_bytes
from tconv_lib.diagrams.style import BOOK_DPI, COLUMN_INCHES

#: (viewport width, width of the book's text column at that viewport)
BOOK = (1280, 720)
PHONE = (390, 358)
#: On a phone, text may shrink with a player too large for the screen, but not below this.
PHONE_LEGIBLE_PX = 9.0


def _caption(name: str, config: tl.DiagramConfig) -> str:
    symbols, numbers = tl.substituted_formula(config).split(" = ", 2)[1:]
    return f"{name}\no = {symbols}\n= {numbers}"


def _book_blocks() -> dict[str, HtmlBlock]:
    """Players as the chapters call them (chapters 1, 2, 5, 13 and the gallery)."""
    conv = tl.DiagramConfig(5, 3, stride=2, padding=1)
    odd = tl.get_preset("padding_strides_odd").transposed()
    blocks: dict[str, HtmlBlock] = {
        "gather with numbers": html_player(conv, numbers=True),
        "scatter with numbers": html_player(conv.transpose(), view="scatter", numbers=True),
        "dilation with numbers": html_player(tl.get_preset("dilation").transposed(),
                                             numbers=True),
        "pair": side_by_side(html_player(odd, view="gather"), html_player(odd, view="scatter")),
    }
    for name in ("arbitrary_padding_no_strides", "full_padding_no_strides", "dilation"):
        preset = tl.get_preset(name)
        c, t = preset.convolution(), preset.transposed()
        blocks[f"gallery {name}"] = side_by_side(
            html_player(c), html_player(t), html_player(t, view="scatter"),
            captions=(_caption("Convolution", c), _caption("Transposed, gather", t),
                      "Transposed, scatter"))
    return blocks


BLOCKS = _book_blocks()

_TEXT_SIZES = """() => Array.from(document.querySelectorAll('.tcv-player svg text')).map(t => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);})"""


def _show(page, viewport: tuple[int, int], markup: str) -> None:
    width, column = viewport
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content("<meta charset='utf-8'><body style='margin:0;font-family:sans-serif'>"
                     f"<main style='width:{column}px;margin:0 auto'>{markup}</main></body>")


@pytest.mark.parametrize("name", list(BLOCKS))
def test_every_player_text_is_at_least_10px_in_the_book_column(page, name):
    _show(page, BOOK, BLOCKS[name].html)
    sizes = page.evaluate(_TEXT_SIZES)
    assert sizes and min(sizes) >= MIN_TEXT_PX, f"smallest text {min(sizes):.1f} px"


@pytest.mark.parametrize("name", list(BLOCKS))
def test_player_text_stays_legible_on_a_phone_and_fits_the_screen(page, name):
    _show(page, PHONE, BLOCKS[name].html)
    sizes = page.evaluate(_TEXT_SIZES)
    assert min(sizes) >= PHONE_LEGIBLE_PX, f"smallest text {min(sizes):.1f} px"
    right = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll("
                          "'.tcv-player')).map(p => p.getBoundingClientRect().right))")
    assert right <= (PHONE[0] + PHONE[1]) / 2 + 0.5  # inside the column


def test_players_fill_the_column_instead_of_staying_small(page):
    player = BLOCKS["gather with numbers"]
    _show(page, BOOK, player.html)
    width = page.evaluate("() => document.querySelector('.tcv-player svg')"
                          ".getBoundingClientRect().width")
    assert width >= 1.3 * player.width_px  # grown towards the column, not at natural size
    assert width <= player.max_width_px + 0.5


@pytest.mark.parametrize("viewport", [BOOK, PHONE])
def test_a_playing_player_keeps_its_height(page, viewport):
    player = html_player(tl.get_preset("padding_strides").transposed(), numbers=True)
    _show(page, viewport, player.html)
    root = page.locator(f"#{player.player_id}")
    heights = set()
    for _ in range(player.n_frames):
        heights.add(round(root.bounding_box()["height"], 1))
        root.locator(".tcv-next").click()
    assert len(heights) == 1, heights


def test_formula_captions_of_a_row_never_wrap_or_overflow(page):
    row = BLOCKS["gallery arbitrary_padding_no_strides"]
    _show(page, BOOK, row.html)
    captions = page.evaluate("""() => Array.from(document.querySelectorAll('figcaption'))
        .map(f => ({lines: f.textContent.split('\\n').length,
                    height: f.getBoundingClientRect().height,
                    line: parseFloat(getComputedStyle(f).lineHeight),
                    overflow: f.scrollWidth - f.clientWidth}))""")
    assert len(captions) == 3
    for caption in captions:
        assert caption["overflow"] <= 0
        assert caption["height"] <= caption["lines"] * caption["line"] + 1  # no extra line


def test_the_scatter_player_shows_the_kernel_beside_the_input(page):
    cfg = tl.get_preset("padding_strides").transposed()
    player = html_player(cfg, view="scatter", numbers=True)
    _show(page, BOOK, player.html)
    box = page.evaluate("""(id) => {const r = s => {
        const b = document.querySelector('#' + id + ' ' + s).getBBox();
        return {x: b.x, y: b.y, width: b.width, height: b.height};};
        return {a: r('g.a'), k: r('g.k'), b: r('g.b')};}""", player.player_id)
    assert box["k"]["x"] > box["a"]["x"] + box["a"]["width"]  # right of the input
    assert box["k"]["y"] >= box["b"]["y"] + box["b"]["height"]  # in the input's row
    kernel = page.locator(f"#{player.player_id} g.kt > text").all_text_contents()
    _, w = tl.example_values(cfg)
    assert kernel == [str(v) for v in w.ravel()]


def test_a_player_is_operable_from_the_keyboard(page):
    player = html_player(tl.DiagramConfig(4, 3), numbers=True)
    _show(page, BOOK, player.html)
    live = page.locator(f"#{player.player_id} .tcv-live")
    page.keyboard.press("Tab")  # previous
    page.keyboard.press("Tab")  # play
    page.keyboard.press("Tab")  # next
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == \
        "Next step"
    page.keyboard.press("Enter")
    assert live.text_content() == player.captions[1]
    page.keyboard.press("Tab")  # the scrubber, a labelled range input
    assert page.evaluate("() => document.activeElement.type") == "range"
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("End")
    assert live.text_content() == player.captions[-1]
    page.keyboard.press("ArrowLeft")
    assert live.text_content() == player.captions[-2]
    assert live.get_attribute("aria-live") == "polite"
    labels = page.evaluate(f"""() => Array.from(document.querySelectorAll(
        '#{player.player_id} button')).map(b => b.getAttribute('aria-label'))""")
    assert labels == ["Previous step", "Play", "Next step"]


def _still_text_px(fig) -> list[float]:
    """Rendered size of every text of a still shown in the book's column."""
    figure_bytes(fig)  # draw once: the legibility floor applies at draw time
    width_px = fig.get_size_inches()[0] * BOOK_DPI
    shrink = min(1.0, COLUMN_INCHES * BOOK_DPI / width_px)
    return [t.get_fontsize() * BOOK_DPI / 72 * shrink for t in fig.findobj(Text)
            if t.get_text() and t.get_visible()]


conv = tl.DiagramConfig(5, 3, stride=2, padding=1)
small = tl.DiagramConfig(2, 3, stride=2, transposed=True, ndim=1)
fractional = tl.DiagramConfig(3, 3, stride=2, padding=1, output_padding=1, transposed=True)
STILLS = {
    "gather with kernel": lambda: draw_still(conv, frame=4, numbers=True, show_kernel=True),
    "scatter": lambda: draw_still(conv.transpose(), frame=4, view="scatter", numbers=True),
    "both, 1-D": lambda: draw_still(small, frame=(2, 1), view="both", numbers=True,
                                    show_kernel=True),
    "both, fractional": lambda: draw_still(fractional, frame=(2, 1), view="both",
                                           numbers=True, show_kernel=True),
    "odd transposed": lambda: draw_still(tl.get_preset("padding_strides_odd").transposed(),
                                         frame=35, numbers=True),
    "small multiples": lambda: draw_all_frames(
        tl.get_preset("no_padding_no_strides").convolution(), ncols=4),
    "small multiples with numbers (scale 0.8)": lambda: draw_all_frames(
        fractional, numbers=True, ncols=3, scale=0.8),
    "matrix C": lambda: tl.draw_conv_matrix((5, 5), (3, 3), stride=2, padding=1),
}


@pytest.mark.parametrize("name", list(STILLS))
def test_every_still_text_is_at_least_10px_in_the_book_column(name):
    sizes = _still_text_px(STILLS[name]())
    assert min(sizes) >= 10 - 1e-9, f"smallest text {min(sizes):.1f} px"


def test_player_text_sizes_follow_the_cell_and_set_the_minimum_width():
    small_cells = html_player(tl.DiagramConfig(4, 3), numbers=True, cell_px=20)
    # 20 px cells carry 6.4 px taps at natural size: the player may not shrink below
    # the width at which they are 10 px.
    assert small_cells.min_text_units == pytest.approx(20 * 0.32)
    assert small_cells.min_width_px >= small_cells.width_px * 10 / 6.4 - 1
    assert np.isclose(html_player(tl.DiagramConfig(4, 3)).min_width_px,
                      np.ceil(html_player(tl.DiagramConfig(4, 3)).width_px))
