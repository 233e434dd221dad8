"""The explorer, driven from code: what it shows matches the library step by step, invalid
combinations leave a message and the last valid picture, and no figure leaks."""

from __future__ import annotations

import doctest
import gc
import itertools
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import tconv_lib as tl
from tconv_lib.diagrams.style import CELL_STYLES, shaded
from tconv_lib.widgets import canvas, scene, ui
from tconv_lib.widgets.scene import ExplorerSettings, explain_error, explorer_scene
from tconv_lib.widgets.ui import CONTROL_LIMITS, INPUT_LIMIT_1D, Explorer, explorer

# A spread of valid settings: both dimensions, both operations and views, and every
# parameter away from its default at least once (incl. output_padding >= stride).
SETTINGS = [
    ExplorerSettings(ndim=1, transposed=False, i=7, k=3, stride=2, padding=1),
    ExplorerSettings(ndim=1, transposed=False, i=9, k=3, stride=1, dilation=3),
    ExplorerSettings(ndim=1, i=4, k=4, stride=3, padding=2, output_padding=2),
    ExplorerSettings(ndim=1, i=3, k=3, stride=1, dilation=2, output_padding=1),
    ExplorerSettings(ndim=1, i=5, k=2, stride=2, view="scatter"),
    ExplorerSettings(ndim=2, transposed=False, i=6, k=3, stride=2, padding=1),
    ExplorerSettings(ndim=2, transposed=False, i=5, k=2, stride=3, dilation=2),
    ExplorerSettings(ndim=2, i=2, k=3, stride=2, padding=1, output_padding=1),
    ExplorerSettings(ndim=2, i=2, k=3, stride=1, padding=1, dilation=2, output_padding=1),
    ExplorerSettings(ndim=2, i=3, k=3, stride=2, padding=1, output_padding=1, view="scatter"),
    ExplorerSettings(ndim=2, i=2, k=2, stride=3, view="scatter", numbers=False),
]
IDS = [f"{s.ndim}d-{'T' if s.transposed else 'C'}-{s.view}-i{s.i}k{s.k}s{s.stride}"
       f"p{s.padding}a{s.output_padding}d{s.dilation}" for s in SETTINGS]


@pytest.mark.parametrize("module", [scene, canvas, ui], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_top_level_names_are_lazy_and_import_tconv_lib_stays_light():
    assert tl.explorer is explorer and tl.Explorer is Explorer
    assert tl.ExplorerSettings is ExplorerSettings and tl.explorer_scene is explorer_scene
    code = "import sys, tconv_lib; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------------- the scene


def _flat(cells: np.ndarray, shape: tuple[int, ...]) -> list[int]:
    return np.ravel_multi_index(tuple(np.atleast_2d(cells).T), shape).tolist()


@pytest.mark.parametrize("settings", SETTINGS, ids=IDS)
def test_the_drawn_matrix_computes_the_result(settings):
    sc = explorer_scene(settings)
    matrix = np.where(sc.tap_index >= 0, sc.w.ravel()[sc.tap_index], 0)
    np.testing.assert_array_equal(matrix @ sc.x.ravel(), sc.result.ravel())
    assert sc.matrix_name == ("Cᵀ" if settings.transposed else "C")
    if not settings.transposed:
        np.testing.assert_array_equal(matrix, tl.conv_matrix(sc.config.i, sc.w, sc.config.stride,
                                                             sc.config.padding,
                                                             sc.config.dilation))


@pytest.mark.parametrize("settings", SETTINGS, ids=IDS)
def test_each_step_highlights_the_entries_of_its_kernel_position(settings):
    # Matrix entries come from conv_matrix_entries, kernel positions from the diagram
    # geometry: two independent computations that must agree at every step.
    sc = explorer_scene(settings)
    geo, cfg = sc.geometry, sc.config
    for step in range(sc.n_steps):
        h = sc.highlight(step)
        if settings.view == "gather":
            assert h.column is None and h.row == _flat(geo.destinations[step], cfg.output_shape)[0]
            cells = geo.footprints[step]
            on_data = geo.input_roles[tuple(cells.T)] == "input"
            sources = np.stack([geo.input_sources[axis][cells[:, axis]]
                                for axis in range(cfg.ndim)], axis=1)[on_data]
            expected = dict(zip(_flat(sources, cfg.input_shape),
                                _flat(geo.kernel_taps[on_data], cfg.kernel_shape), strict=True))
            assert dict(zip(h.columns.tolist(), sc.tap_index[h.rows, h.columns].tolist(),
                            strict=True)) == expected
            assert sc.output_cells(step).tolist() == [h.row]
        else:
            assert h.row is None and h.column == _flat(geo.sources[step], cfg.input_shape)[0]
            assert sorted(h.rows.tolist()) == sorted(sc.output_cells(step).tolist())
            assert (h.columns == h.column).all()


@pytest.mark.parametrize("settings", SETTINGS, ids=IDS)
def test_captions_and_formula_state_the_numbers_shown(settings):
    sc = explorer_scene(settings)
    last = sc.caption(sc.n_steps - 1)
    assert last.startswith(f"step {sc.n_steps} of {sc.n_steps}: ")
    if settings.view == "gather":
        value = sc.result.ravel()[-1]
        assert last.endswith(f"= {value:g}")
    lines = sc.formula_lines()
    assert lines[0].endswith(f"= {sc.config.output_shape[0]}")
    assert len(lines) == (3 if settings.ndim == 2 else 2)


def test_scene_rejects_bad_steps_and_settings():
    sc = explorer_scene(ExplorerSettings(ndim=1, i=2, k=3, stride=2, padding=0, output_padding=0))
    with pytest.raises(ValueError, match=r"step must lie in 0\.\.4, got 7"):
        sc.highlight(7)
    with pytest.raises(TypeError, match="step must be an integer"):
        sc.caption(1.0)
    with pytest.raises(TypeError, match=r"unknown explorer setting\(s\) \['size'\]"):
        ExplorerSettings().replace(size=3)
    with pytest.raises(ValueError, match="view must be one of"):
        explorer_scene(ExplorerSettings(view="both"))
    with pytest.raises(ValueError, match="ndim must be 1 or 2"):
        explorer_scene(ExplorerSettings(ndim=3))
    with pytest.raises(TypeError, match="numbers must be a bool"):
        explorer_scene(ExplorerSettings(numbers=1))


@pytest.mark.parametrize(("changes", "advice", "library"), [
    ({"transposed": False, "i": 2, "k": 5}, "The kernel does not fit",
     "kernel larger than the padded input"),
    ({"stride": 2, "dilation": 1, "output_padding": 2}, "must stay below max(stride, dilation)",
     "must be smaller than max(stride, dilation) = 2"),
    ({"i": 1, "k": 1, "padding": 1}, "Reduce the padding", "< 1"),
    ({"transposed": False, "view": "scatter"}, "Choose the transposed convolution",
     "the scatter view shows a transposed convolution"),
])
def test_invalid_combinations_get_advice_and_the_library_message(changes, advice, library):
    with pytest.raises(ValueError) as info:
        explorer_scene(ExplorerSettings().replace(**changes))
    text = explain_error(info.value)
    assert advice in text and library in text and text.endswith(".)")


# ---------------------------------------------------------------------- the widget


def _shaded(grid) -> list[tuple[int, int]]:
    """Cells of a drawn grid under the kernel shadow, as (row, column)."""
    cells = []
    for role, (collection, mask) in grid.collections.items():
        dark = shaded(CELL_STYLES[role].face)
        positions = list(zip(*np.nonzero(mask), strict=True))
        cells += [(int(r), int(c)) for (r, c), colour in
                  zip(positions, collection.get_facecolor(), strict=True) if to_hex(colour) == dark]
    return sorted(cells)


def _as_rows_cols(cells: np.ndarray) -> list[tuple[int, int]]:
    cells = np.atleast_2d(cells)
    if cells.shape[1] == 1:
        cells = np.column_stack([np.zeros(len(cells), dtype=int), cells[:, 0]])
    return sorted((int(r), int(c)) for r, c in cells)


@pytest.mark.parametrize("settings", [SETTINGS[0], SETTINGS[4], SETTINGS[7], SETTINGS[9]],
                         ids=[IDS[0], IDS[4], IDS[7], IDS[9]])
def test_stepping_moves_the_kernel_the_matrix_highlight_and_the_marked_output(settings):
    ex = Explorer(settings)
    sc, geo = ex.scene, ex.scene.geometry
    drawing = ex._diagram_canvas.drawing
    matrix = ex._matrix_canvas
    pictures = set()
    for step in range(1, sc.n_steps + 1):
        ex.step.value = step
        frame = step - 1
        assert drawing.frame == frame
        h = sc.highlight(frame)
        if settings.view == "gather":
            assert _shaded(drawing.output) == _as_rows_cols(geo.destinations[frame])
            assert _shaded(drawing.input) == _as_rows_cols(geo.footprints[frame])
            assert matrix.band.get_y() == h.row - 0.5 and matrix.band.get_height() == 1
        else:
            assert _shaded(drawing.input) == _as_rows_cols(geo.sources[frame])
            assert _shaded(drawing.output) == _as_rows_cols(geo.targets[frame])
            assert matrix.band.get_x() == h.column - 0.5 and matrix.band.get_width() == 1
        outlined = sorted((round(p.vertices[0, 1] + 0.5), round(p.vertices[0, 0] + 0.5))
                          for p in matrix.entries.get_paths())
        assert outlined == sorted(zip(h.rows.tolist(), h.columns.tolist(), strict=True))
        marked = len(sc.output_cells(frame)) + (settings.view == "scatter")
        assert ex.details.value.count("background:#e69f00") == marked
        assert sc.caption(frame) in ex.details.value
        pictures.add((bytes(ex.diagram.value), bytes(ex.matrix.value)))
    assert len(pictures) == sc.n_steps  # every step draws a different picture


def test_play_is_linked_to_the_step_slider_and_follows_the_number_of_steps():
    ex = explorer(ndim=1, i=3, k=3, stride=2, padding=0, output_padding=0)
    assert ex.play.max == ex.step.max == ex.scene.n_steps == 7
    before = bytes(ex.diagram.value)
    ex.play.value = 4
    assert ex.step.value == 4 and ex._diagram_canvas.drawing.frame == 3
    assert bytes(ex.diagram.value) != before
    ex.set(i=1)  # 3 steps: both controls shrink and the step is clamped
    assert ex.play.max == ex.step.max == 3 and ex.step.value == ex.play.value == 3
    assert ex._diagram_canvas.drawing.frame == 2


@pytest.mark.parametrize("name", list(CONTROL_LIMITS))
@pytest.mark.parametrize("transposed", [False, True])
def test_every_control_at_its_extremes_gives_a_picture_or_a_message(name, transposed):
    ex = explorer(transposed=transposed, i=5, k=3, stride=2, padding=1, output_padding=0)
    low, high = CONTROL_LIMITS[name]
    for value in (low, high):
        ex.set(**{name: value})
        settings = ex.settings
        assert getattr(settings, name) == value
        try:
            expected = explorer_scene(settings)
        except ValueError as err:
            assert ex.error == explain_error(err) and "Not a valid combination" in ex.message.value
            assert ex.step.disabled and ex.play.disabled
        else:
            assert ex.error is None and ex.message.value == ""
            assert ex.scene.settings == settings
            assert ex.scene.config == expected.config
            assert ex.step.max == expected.n_steps and not ex.step.disabled
            assert bytes(ex.diagram.value)[:4] == bytes(ex.matrix.value)[:4] == b"\x89PNG"
        ex.set(**{name: getattr(ExplorerSettings(i=5, k=3, stride=2, padding=1), name)})


@pytest.mark.parametrize("changes", [
    {"transposed": False, "k": 5, "i": 3, "padding": 0},        # kernel larger than the input
    {"stride": 1, "dilation": 1, "output_padding": 1},          # output_padding >= max(s, d)
    {"i": 1, "k": 1, "padding": 3},                             # output size below 1
])
def test_an_invalid_combination_shows_a_message_and_keeps_the_last_picture(changes):
    ex = explorer(i=3, k=3, stride=2, padding=1, output_padding=1, step=5)
    diagram, matrix, header = bytes(ex.diagram.value), bytes(ex.matrix.value), ex.header.value
    valid = ex.scene
    ex.set(**changes)  # must not raise
    assert ex.error is not None and "still show the last valid settings" in ex.message.value
    assert 'role="alert"' in ex.message.value
    assert ex.scene is valid and ex.header.value == header
    assert bytes(ex.diagram.value) == diagram and bytes(ex.matrix.value) == matrix
    assert ex.step.disabled and ex.play.disabled and not ex.play.playing
    ex.step.value = 1  # a step on a dead configuration changes nothing
    assert bytes(ex.diagram.value) == diagram
    ex.set(**{name: getattr(valid.settings, name) for name in changes})
    assert ex.error is None and ex.message.value == "" and not ex.step.disabled
    assert ex.scene.settings == valid.settings


def test_an_invalid_combination_changed_through_a_control_does_not_raise():
    ex = explorer(transposed=False, i=4, k=3, stride=1, padding=0)
    picture = bytes(ex.diagram.value)
    ex.controls["k"].value = 5  # as a reader would: through the slider, one value at a time
    assert ex.error.startswith("The kernel does not fit")
    assert bytes(ex.diagram.value) == picture
    ex.controls["padding"].value = 1
    assert ex.error is None and ex.scene.config.output_shape == (2, 2)


def test_switching_operation_view_and_dimension():
    ex = explorer(ndim=2, transposed=True, i=3, k=3, stride=2, padding=1, output_padding=1)
    ex.controls["view"].value = "scatter"
    assert ex.scene.view == "scatter" and ex.scene.n_steps == 9  # one step per input cell
    ex.controls["transposed"].value = False
    # A convolution gathers: the view switches back and is locked, output_padding too.
    assert ex.controls["view"].value == "gather" and ex.controls["view"].disabled
    assert ex.controls["output_padding"].disabled
    assert ex.scene.matrix_name == "C" and ex.scene.config.output_shape == (2, 2)
    ex.controls["transposed"].value = True
    assert not ex.controls["view"].disabled and not ex.controls["output_padding"].disabled
    assert ex.scene.config.output_shape == (6, 6)
    ex.controls["ndim"].value = 1
    assert ex.controls["i"].max == INPUT_LIMIT_1D and ex.scene.config.output_shape == (6,)
    ex.controls["i"].value = INPUT_LIMIT_1D
    assert ex.scene.config.i == (INPUT_LIMIT_1D,)
    ex.controls["ndim"].value = 2  # the input size is clamped to the 2-D range
    assert ex.controls["i"].value == CONTROL_LIMITS["i"][1]
    assert ex.scene.config.i == (CONTROL_LIMITS["i"][1],) * 2


def test_set_checks_names_ranges_and_steps():
    ex = explorer(ndim=1, i=3)
    with pytest.raises(TypeError, match="unknown explorer setting"):
        ex.set(size=3)
    with pytest.raises(ValueError, match=r"i must lie in 1\.\.8 in the 2-D explorer, got 9"):
        ex.set(ndim=2, i=9)
    with pytest.raises(ValueError, match=r"stride must lie in 1\.\.3"):
        ex.set(stride=4)
    with pytest.raises(ValueError, match=r"step must lie in 1\.\."):
        ex.set(step=ex.scene.n_steps + 1)
    with pytest.raises(ValueError, match="must lie in"):
        explorer(k=0)
    with pytest.raises(ValueError, match="seconds_per_step must be a positive number"):
        explorer(seconds_per_step=0)
    with pytest.raises(TypeError, match="settings must be an ExplorerSettings"):
        Explorer({"i": 3})
    ex.set(i=INPUT_LIMIT_1D, step=2)  # the 1-D range allows more cells
    assert ex.scene.config.i == (INPUT_LIMIT_1D,) and ex.step.value == 2


def test_an_invalid_initial_combination_shows_its_message_without_a_picture():
    ex = explorer(i=1, k=1, padding=2)
    assert ex.scene is None and ex.error is not None
    assert bytes(ex.diagram.value) == b"" and "Not a valid combination" in ex.message.value
    ex.set(padding=0)
    assert ex.scene is not None and bytes(ex.diagram.value)[:4] == b"\x89PNG"


def test_the_same_settings_give_the_same_pictures():
    first, second = explorer(step=3), explorer(step=3)
    assert bytes(first.diagram.value) == bytes(second.diagram.value)
    assert bytes(first.matrix.value) == bytes(second.matrix.value)


def test_numbers_are_written_when_the_cells_are_large_enough():
    small = explorer(i=3, k=3, stride=2, padding=1, output_padding=1)
    texts = [t.get_text() for t in small._diagram_canvas.drawing.output.texts.flat]
    assert small._diagram_canvas.numbers_shown and any(texts)
    assert small._matrix_canvas.labels_shown is False  # 36 x 9 matrix: no room for labels
    large = explorer(ndim=1, i=INPUT_LIMIT_1D, k=5, stride=3, dilation=3)
    assert not large._diagram_canvas.numbers_shown
    assert "numbers left out of the cells" in large.header.value
    tiny = explorer(ndim=1, i=2, k=3, stride=2)
    assert tiny._matrix_canvas.labels_shown


def _figures() -> int:
    gc.collect()
    return sum(isinstance(obj, Figure) for obj in gc.get_objects())


def test_no_figure_leaks_between_updates():
    ex = explorer()
    fignums, figures = plt.get_fignums(), _figures()
    for ndim, transposed in itertools.product((1, 2), (False, True)):
        ex.set(ndim=ndim, transposed=transposed, i=ndim + 2)
        for view in ("gather", "scatter") if transposed else ("gather",):
            ex.set(view=view)
            for step in (1, ex.step.max):
                ex.step.value = step
    ex.set(i=1, k=1, padding=3)  # and an invalid one
    assert plt.get_fignums() == fignums
    assert _figures() == figures


def test_canvases_check_their_arguments():
    with pytest.raises(ValueError, match="max_inches must be a pair"):
        canvas.DiagramCanvas(max_inches=(5, 0))
    with pytest.raises(ValueError, match="dpi must be a positive number"):
        canvas.MatrixCanvas(dpi=0)
    with pytest.raises(RuntimeError, match=r"call show\(scene\) before render"):
        canvas.DiagramCanvas().render(0)
    with pytest.raises(RuntimeError, match=r"call show\(scene\) before render"):
        canvas.MatrixCanvas().render(0)
