"""Stills: what is shaded and written matches the geometry and the numerics; saving is
deterministic."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import tconv_lib as tl
from tconv_lib.diagrams.geometry import DiagramConfig
from tconv_lib.diagrams.presets import get_preset
from tconv_lib.diagrams.still import (
    GatherDrawing,
    ScatterDrawing,
    compose_figure,
    draw_all_frames,
    draw_still,
    example_values,
    figure_bytes,
    save_figure,
)
from tconv_lib.diagrams.style import CELL_STYLES, shaded


def _shaded_cells(grid) -> int:
    count = 0
    for role, (coll, _) in grid.collections.items():
        dark = shaded(CELL_STYLES[role].face)
        count += sum(to_hex(c) == dark for c in coll.get_facecolor())
    return count


@pytest.mark.parametrize("kind", ["convolution", "transposed"])
def test_gather_drawing_shades_the_footprint_and_one_output_per_frame(kind):
    cfg = getattr(get_preset("dilation"), kind)()
    drawing = GatherDrawing(Figure().add_subplot(), cfg)
    for frame in (0, drawing.n_frames // 2, drawing.n_frames - 1):
        drawing.set_frame(frame)
        assert _shaded_cells(drawing.input) == 9  # k * k taps, spread by the dilation
        assert _shaded_cells(drawing.output) == 1


def test_numbers_in_the_gather_view_are_the_library_outputs():
    cfg = get_preset("padding_strides_odd").transposed()
    x, w = example_values(cfg)
    drawing = GatherDrawing(Figure().add_subplot(), cfg, numbers=True)
    drawing.set_frame(drawing.n_frames - 1)
    shown = np.array([[float(t.get_text()) for t in row] for row in drawing.output.texts])
    expected = tl.conv_transpose(x[None, None], w[None, None], 2, 1, 1)[0, 0]
    np.testing.assert_array_equal(shown, expected)
    drawing.set_frame(0)
    assert sum(t.get_text() != "" for t in drawing.output.texts.flat) == 1


def test_scatter_drawing_accumulates_to_the_transposed_convolution():
    cfg = get_preset("padding_strides").transposed()
    x, w = example_values(cfg)
    drawing = ScatterDrawing(Figure().add_subplot(), cfg, numbers=True)
    drawing.set_frame(drawing.n_frames - 1)
    shown = np.array([[float(t.get_text() or 0) for t in row] for row in drawing.output.texts])
    expected = tl.conv_transpose(x[None, None], w[None, None], 2, 1)[0, 0]
    np.testing.assert_array_equal(shown[drawing.geometry.crop], expected)
    assert _shaded_cells(drawing.input) == 1
    assert _shaded_cells(drawing.output) == 9


def test_kernel_flip_is_drawn_for_the_transposed_convolution():
    cfg = DiagramConfig(2, 3, stride=2, transposed=True, ndim=1)
    fig, (drawing,) = compose_figure(cfg, show_kernel=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "kernel" in texts and "flipped\n(as laid)" in texts
    assert texts.count("a") == texts.count("c") == 2  # letters in the kernel and its flip
    assert "input 2\n1 zero inserted, padded to 7" in texts


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_saved_bytes_are_identical_across_fresh_figures(fmt):
    cfg = get_preset("padding_strides").transposed()
    first = figure_bytes(draw_still(cfg, 3, view="both", numbers=True, show_kernel=True), fmt)
    second = figure_bytes(draw_still(cfg, 3, view="both", numbers=True, show_kernel=True), fmt)
    assert first == second
    assert b"Date" not in first or fmt == "pdf"


def test_save_figure_uses_the_suffix(tmp_path):
    fig = draw_still(DiagramConfig(4, 3, ndim=1))
    assert save_figure(fig, tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in save_figure(fig, tmp_path / "a.svg").read_bytes()
    with pytest.raises(ValueError, match="format must be"):
        save_figure(fig, tmp_path / "a.jpg")


def test_small_multiples_draw_every_frame():
    cfg = get_preset("no_padding_strides").convolution()
    fig = draw_all_frames(cfg, ncols=2)
    titles = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("step")]
    assert titles == ["step 1", "step 2", "step 3", "step 4"]


def test_both_views_side_by_side_need_a_transposed_configuration():
    with pytest.raises(ValueError, match="scatter view draws a transposed"):
        draw_still(DiagramConfig(4, 3), view="both")
    fig, drawings = compose_figure(get_preset("unet_upsampler").transposed(), view="both")
    gather, scatter = drawings
    assert gather.extent[1] < scatter.extent[0]  # gather left, scatter right


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"view": "sideways"}, ValueError, "view must be one of"),
    ({"frame": 4}, ValueError, r"frame must lie in 0..3"),
    ({"frame": 1.0}, TypeError, "frame must be an integer"),
    ({"layout": "diagonal"}, ValueError, "layout must be"),
    ({"numbers": 1}, TypeError, "numbers must be a bool"),
    ({"x": np.zeros((4, 4))}, ValueError, "both x and w"),
    ({"scale": 0}, ValueError, "scale must be a positive"),
    ({"scale": "big"}, TypeError, "scale must be a positive"),
    ({"view": 2}, TypeError, "view must be a str"),
    ({"title": "yes"}, TypeError, "title must be a bool"),
])
def test_bad_arguments_raise_before_drawing(kwargs, error, message):
    with pytest.raises(error, match=message):
        draw_still(DiagramConfig(4, 3), **kwargs)


def test_both_views_of_a_long_1d_picture_are_stacked_with_the_gather_view_on_top():
    cfg = DiagramConfig(2, 3, stride=2, transposed=True, ndim=1)
    fig, (gather, scatter) = compose_figure(cfg, view="both", numbers=True, show_kernel=True)
    gather_ax, scatter_ax = fig.axes
    assert gather_ax.get_position().y0 >= scatter_ax.get_position().y1  # scatter below
    assert fig.get_size_inches()[0] < 0.3 * (gather.extent[1] - gather.extent[0]
                                              + scatter.extent[1] - scatter.extent[0])
    # One data unit has the same length in both axes: cells stay square and equal.
    units = [ax.get_position().width * fig.get_size_inches()[0]
             / (ax.get_xlim()[1] - ax.get_xlim()[0]) for ax in fig.axes]
    heights = [ax.get_position().height * fig.get_size_inches()[1]
               / (ax.get_ylim()[1] - ax.get_ylim()[0]) for ax in fig.axes]
    np.testing.assert_allclose(units + heights, units[0])


def test_titles_of_both_views_side_by_side_are_on_one_line():
    cfg = DiagramConfig(3, 3, stride=2, padding=3, transposed=True, ndim=1)
    fig, (gather, scatter) = compose_figure(cfg, view="both")
    assert gather.extent[1] < scatter.extent[0]  # side by side (cropped: labels differ)
    titles = {t.get_text(): t.get_position()[1] for ax in fig.axes for t in ax.texts
              if t.get_text().endswith(" view")}
    assert titles["gather view"] == titles["scatter view"]

