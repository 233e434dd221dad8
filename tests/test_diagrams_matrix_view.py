"""tconv_lib.diagrams.matrix_view: pictures of C agree with conv_matrix."""

import doctest
import itertools

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

import tconv_lib as tl
from tconv_lib.diagrams import matrix_view
from tconv_lib.diagrams.matrix_view import ZERO_WHITE
from tconv_lib.diagrams.style import (
    BOOK_DPI,
    COLUMN_INCHES,
    INPUT_BLUE,
    OUTPUT_CYAN,
    SHADOW_NAVY,
    TAP_RAMP,
    ZERO_FACE,
    relative_luminance,
    rgb,
    shaded,
    text_colour,
)


def _image(fig):
    """The RGB array drawn by imshow, back as hex colours per matrix cell."""
    data = fig.axes[0].get_images()[0].get_array()
    return np.array([[to_hex(px) for px in row] for row in data])


def _distance(a, b):
    return float(np.linalg.norm(np.subtract(rgb(a), rgb(b))))


def _contrast(a, b):
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("n", [2, 3, 4, 9, 16, 25, 49])
def test_tap_colours_are_their_own_palette_ordered_and_readable(n):
    colours = tl.tap_colours(n)
    assert len(set(colours)) == n
    lightness = [relative_luminance(c) for c in colours]
    assert all(a > b for a, b in itertools.pairwise(lightness))  # ordered in greyscale too
    assert lightness[0] - lightness[-1] > 0.6  # light to dark: readable in print
    diagram = [INPUT_BLUE, OUTPUT_CYAN, SHADOW_NAVY, ZERO_FACE,
               *(shaded(c) for c in (INPUT_BLUE, OUTPUT_CYAN, "#ffffff", ZERO_FACE))]
    for colour in colours:
        # No tap colour is (near) a colour of the grid diagrams...
        assert min(_distance(colour, d) for d in diagram) > 0.25
        # ...and every tap carries its label at WCAG AA contrast.
        assert _contrast(colour, text_colour(colour)) >= 4.5


def test_tap_colours_single_tap_and_bad_counts():
    assert tl.tap_colours(1) == [TAP_RAMP[2]]
    for bad in (0, -2):
        with pytest.raises(ValueError, match="n_taps"):
            tl.tap_colours(bad)
    for bad in (1.5, True, "3"):
        with pytest.raises(TypeError, match="n_taps"):
            tl.tap_colours(bad)


def test_a_wide_matrix_fits_the_column_with_legible_labels():
    # Fig. 3.3: C of a 5x5 input, 3x3 kernel, stride 2, padding 1 is 9 x 25.
    fig = tl.draw_conv_matrix((5, 5), (3, 3), stride=2, padding=1)
    fig.canvas.draw()
    width_px = fig.get_size_inches()[0] * fig.dpi
    shrink = min(1.0, COLUMN_INCHES * BOOK_DPI / width_px)
    sizes = [t.get_fontsize() * BOOK_DPI / 72 * shrink for t in fig.findobj(Text)
             if t.get_text() and t.get_visible()]
    assert min(sizes) >= 10


GEOMETRIES = [((5,), (3,), 2, 1, 1), ((7,), (2,), 3, 0, 2), ((4, 4), (3, 3), 1, 1, 1),
              ((5, 6), (2, 3), (2, 1), (0, 1), (1, 2)), ((3, 3, 3), (2, 2, 2), 1, 0, 1)]


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_tap_index_matrix_locates_every_tap_of_conv_matrix(geometry):
    shape, kernel_shape, stride, padding, dilation = geometry
    index = tl.tap_index_matrix(shape, kernel_shape, stride, padding, dilation)
    # Number the taps 1..K: conv_matrix then holds exactly tap index + 1.
    kernel = np.arange(1, int(np.prod(kernel_shape)) + 1).reshape(kernel_shape)
    numeric = tl.conv_matrix(shape, kernel, stride, padding, dilation)
    np.testing.assert_array_equal(index + 1, numeric)


@pytest.mark.parametrize("geometry", GEOMETRIES[:4])
@pytest.mark.parametrize("transpose", [False, True])
def test_drawn_cells_are_coloured_by_tap_and_zeros_are_white(geometry, transpose):
    shape, kernel_shape, stride, padding, dilation = geometry
    fig = tl.draw_conv_matrix(shape, kernel_shape, stride, padding, dilation,
                              transpose=transpose, labels=False)
    assert isinstance(fig, Figure)
    index = tl.tap_index_matrix(shape, kernel_shape, stride, padding, dilation)
    index = index.T if transpose else index
    colours = np.array([*tl.tap_colours(int(np.prod(kernel_shape))), ZERO_WHITE])
    np.testing.assert_array_equal(_image(fig), colours[index])
    assert len(fig.axes[0].texts) == 0


def test_a_tap_whose_value_is_zero_is_still_drawn():
    """Structure comes from the geometry, not from numbers: no kernel values involved."""
    fig = tl.draw_conv_matrix((4,), (2,), labels=False)
    assert (_image(fig) != ZERO_WHITE).sum() == 6


def test_default_labels_name_array_taps():
    fig = tl.draw_conv_matrix((3, 3), (2, 2), labels=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 16
    assert texts[:4] == ["w₀,₀", "w₀,₁", "w₁,₀", "w₁,₁"]
    assert not any(t.get_in_layout() for t in fig.axes[0].texts)


def test_custom_labels_and_transposed_axes():
    fig = tl.draw_conv_matrix((5,), (3,), stride=2, transpose=True,
                              labels=[tl.tap_label("k", 1 - t) for t in range(3)])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "output cell" and ax.get_ylabel() == "input cell"
    # First column of C^T (= first row of C) reads k_1, k_0, k_-1 downwards.
    column = sorted((t.get_position()[1], t.get_text()) for t in ax.texts
                    if t.get_position()[0] == 0)
    assert [text for _, text in column] == ["k₁", "k₀", "k₋₁"]


def test_highlights_outline_the_requested_row_and_column():
    fig = tl.draw_conv_matrix((5,), (3,), stride=2, highlight_row=1, highlight_col=4)
    boxes = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    corners = sorted((b.get_xy(), b.get_width(), b.get_height()) for b in boxes)
    assert corners == [((-0.5, 0.5), 5, 1), ((3.5, -0.5), 1, 2)]


def test_two_dimensional_matrices_get_block_lines_per_image_row():
    fig = tl.draw_conv_matrix((4, 4), (3, 3), padding=1, labels=False)
    # Block lines are the thick line collections (cell borders are thinner).
    segments = [seg for coll in fig.axes[0].collections
                if isinstance(coll, LineCollection) and coll.get_linewidth()[0] > 1
                for seg in coll.get_segments()]
    horizontal = sorted(seg[0][1] for seg in segments if seg[0][1] == seg[1][1])
    vertical = sorted(seg[0][0] for seg in segments if seg[0][0] == seg[1][0])
    assert horizontal == vertical == [3.5, 7.5, 11.5]
    # Each line spans the whole matrix (16 columns, 16 rows).
    assert all(sorted((seg[0][0], seg[1][0])) == [-0.5, 15.5] for seg in segments
               if seg[0][1] == seg[1][1])


def test_draws_into_a_given_axes_and_titles_it():
    fig = Figure()
    axes = fig.subplots(1, 2)
    returned = tl.draw_conv_matrix((6,), (3,), padding=1, labels=False, ax=axes[1],
                                   title="padding 1")
    assert returned is fig
    assert axes[1].get_title() == "padding 1" and axes[0].get_images() == []


def test_tap_label_uses_unicode_subscripts():
    assert tl.tap_label("k", -12) == "k₋₁₂"
    assert tl.tap_label("w", (0, 3, 1)) == "w₀,₃,₁"
    assert tl.tap_label("w", np.int64(4)) == "w₄"


def test_draw_tap_matrix_with_ticks_for_centred_positions():
    index = np.array([[1, 0, -1], [-1, 2, 1]])
    fig = tl.draw_tap_matrix(index, labels=["a", "b", "c"], row_ticks=[-1, 1],
                             col_ticks=[-1, 0, 1], row_label="y", col_label="x")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["-1", "1"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["-1", "0", "1"]
    assert [t.get_text() for t in ax.texts] == ["b", "a", "c", "b"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"tap_index": [1, 2]}, "2-D integer array"),
    ({"tap_index": [[-2, 0]]}, "-1 \\(zero\\)"),
    ({"tap_index": [[0, 2]], "labels": ["a"]}, "labels must name every tap"),
    ({"tap_index": [[0, 1]], "highlight_row": 1}, "highlight_row"),
    ({"tap_index": [[0, 1]], "highlight_col": -1}, "highlight_col"),
    ({"tap_index": [[0, 1]], "col_ticks": [1]}, "col_ticks"),
])
def test_draw_tap_matrix_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tl.draw_tap_matrix(**kwargs)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"tap_index": [[0.5]]}, "2-D integer array"),
    ({"tap_index": [["a"]]}, "2-D integer array"),
    ({"tap_index": [[0, 1]], "highlight_row": 0.0}, "highlight_row"),
])
def test_draw_tap_matrix_rejects_wrong_types(kwargs, message):
    with pytest.raises(TypeError, match=message):
        tl.draw_tap_matrix(**kwargs)


def test_draw_conv_matrix_rejects_invalid_geometry():
    with pytest.raises(ValueError, match="kernel larger than the padded input"):
        tl.draw_conv_matrix((2,), (5,))


def test_doctests_and_every_public_function_has_an_example():
    result = doctest.testmod(matrix_view, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 5
    for name in matrix_view.__all__:
        assert ">>>" in (getattr(matrix_view, name).__doc__ or ""), name
