"""Views are types in one registry: the same names for every view, and one entry adds a view."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np
import pytest

import tconv_lib as tl
from tconv_lib.diagrams.animation import gif_bytes
from tconv_lib.diagrams.geometry import (
    DiagramConfig,
    GatherGeometry,
    gather_geometry,
    matrix_geometry,
    scatter_geometry,
)
from tconv_lib.diagrams.player import html_player
from tconv_lib.diagrams.presets import PRESETS
from tconv_lib.diagrams.still import ViewDrawing, draw_all_frames, draw_still
from tconv_lib.diagrams.views import (
    VIEWS,
    ViewGeometry,
    ViewSpec,
    get_view,
    register_view,
    view_definitions,
)

CONFIGS = [pre.convolution() for pre in PRESETS.values()] + \
          [pre.transposed() for pre in PRESETS.values()] + \
          [DiagramConfig(5, 3, stride=2, padding=1, ndim=1),
           DiagramConfig(4, 3, stride=2, padding=3, transposed=True, ndim=1),
           DiagramConfig((5, 6), (2, 3), stride=(2, 1), dilation=(1, 2))]


def test_view_definitions_are_json_data_in_display_order():
    definitions = view_definitions()
    assert json.loads(json.dumps(definitions)) == definitions
    assert [d["name"] for d in definitions] == list(VIEWS) == ["gather", "scatter", "matrix"]
    for d in definitions:
        assert {"name", "label", "description", "transposed"} <= set(d)
        assert d["transposed"] in (True, False, None)
        sentence = d["description"]
        assert sentence[0].isupper() and sentence.endswith(".") and ". " not in sentence
    assert {d["name"]: d["transposed"] for d in definitions} == {
        "gather": None, "scatter": True, "matrix": None}


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.describe())
def test_every_view_has_the_same_names_and_consistent_frames(name, config):
    spec = get_view(name)
    if not spec.accepts(config):
        with pytest.raises(ValueError):
            spec.geometry(config)
        return
    geo = spec.geometry(config)
    assert isinstance(geo, ViewGeometry)
    assert geo.input_roles.shape == geo.drawn_input_shape
    assert geo.output_roles.shape == geo.drawn_output_shape
    for frame in range(geo.n_frames):
        for cells, shape in ((geo.input_cells(frame), geo.drawn_input_shape),
                             (geo.output_cells(frame), geo.drawn_output_shape)):
            assert cells.ndim == 2 and cells.shape[1] == config.ndim
            assert np.all((cells >= 0) & (cells < np.array(shape)))
        assert geo.describe_frame(frame).startswith(f"step {frame + 1} of {geo.n_frames}")


def test_the_shared_names_are_the_old_names_of_each_view():
    cfg = PRESETS["padding_strides_odd"].transposed()
    g, s = gather_geometry(cfg), scatter_geometry(cfg)
    assert g.drawn_input_shape == g.input_grid_shape and g.drawn_output_shape == g.output_shape
    assert s.drawn_input_shape == s.input_shape and s.drawn_output_shape == s.full_shape
    np.testing.assert_array_equal(g.input_cells(3), g.footprints[3])
    np.testing.assert_array_equal(g.output_cells(3), g.destinations[3:4])
    np.testing.assert_array_equal(s.input_cells(3), s.sources[3:4])
    np.testing.assert_array_equal(s.output_cells(3), s.targets[3])


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.describe())
def test_the_matrix_view_computes_the_operation(config):
    # Summing x over each frame's input cells, weighted by the taps of the row,
    # is the convolution (C x) or the transposed convolution (C^T x).
    rng = np.random.default_rng(7)
    x = rng.integers(-3, 4, size=config.i)
    w = rng.integers(-3, 4, size=config.k)
    geo = matrix_geometry(config)
    by_rows = np.array([(x[tuple(geo.input_cells(f).T)] * w.reshape(-1)[geo.taps[f]]).sum()
                        for f in range(geo.n_frames)]).reshape(config.output_shape)
    op = tl.conv_transpose if config.transposed else tl.conv
    extra = {"output_padding": config.output_padding} if config.transposed else {}
    expected = op(x[None, None], w[None, None], stride=config.stride, padding=config.padding,
                  dilation=config.dilation, **extra)[0, 0]
    np.testing.assert_array_equal(by_rows, expected)


@dataclass(frozen=True)
class BackwardsGather:
    """A throwaway view: the gather view played from the last output cell to the first."""

    inner: GatherGeometry

    @property
    def config(self) -> DiagramConfig:
        return self.inner.config

    @property
    def n_frames(self) -> int:
        return self.inner.n_frames

    @property
    def drawn_input_shape(self) -> tuple[int, ...]:
        return self.inner.drawn_input_shape

    @property
    def drawn_output_shape(self) -> tuple[int, ...]:
        return self.inner.drawn_output_shape

    @property
    def input_roles(self) -> np.ndarray:
        return self.inner.input_roles

    @property
    def output_roles(self) -> np.ndarray:
        return self.inner.output_roles

    def input_cells(self, frame: int) -> np.ndarray:
        return self.inner.input_cells(self.n_frames - 1 - frame)

    def output_cells(self, frame: int) -> np.ndarray:
        return self.inner.output_cells(self.n_frames - 1 - frame)

    def input_label(self) -> str:
        return self.inner.input_label()

    def output_label(self) -> str:
        return "output, last cell first"

    def describe_frame(self, frame: int) -> str:
        return f"step {frame + 1} of {self.n_frames}: backwards"


def test_adding_a_view_is_one_registry_entry(monkeypatch):
    spec = ViewSpec(name="backwards", label="backwards",
                    description="The gather view from the last output cell to the first.",
                    transposed=None, geometry=lambda cfg: BackwardsGather(gather_geometry(cfg)))
    monkeypatch.setitem(VIEWS, spec.name, spec)  # the one entry (removed after the test)
    cfg = DiagramConfig(4, 3, stride=2, padding=1, transposed=True)
    assert view_definitions()[-1]["name"] == "backwards"
    # The player: frame 0 shades the last output cell.
    player = html_player(cfg, view="backwards")
    n = gather_geometry(cfg).n_frames
    assert player.n_frames == n and player.captions[0] == f"step 1 of {n}: backwards"
    assert player.png[:4] == b"\x89PNG"
    payload = re.search(r'class="tcv-data">(.*?)</script>', player.html).group(1)
    frames = json.loads(payload.replace("<\\/", "</"))["on"]
    last = int(np.ravel_multi_index(tuple(gather_geometry(cfg).destinations[-1]),
                                    cfg.output_shape))
    assert frames[0][1] == [last] and frames[-1][1] == [0]
    # The still, the small multiples and the GIF, all from the geometry alone.
    fig = draw_still(cfg, frame=0, view="backwards")
    (drawing_ax,) = fig.axes
    labels = [t.get_text() for t in drawing_ax.texts]
    assert "output, last cell first" in labels
    assert len(draw_all_frames(cfg, view="backwards").axes[0].collections) >= 2 * n
    assert gif_bytes(cfg, view="backwards")[:6] == b"GIF89a"
    with pytest.raises(ValueError, match="backwards view writes no numbers"):
        html_player(cfg, view="backwards", numbers=True)
    with pytest.raises(ValueError, match="'backwards'"):
        get_view("sideways")


def test_the_generic_drawing_shades_the_views_cells():
    from matplotlib.figure import Figure

    geo = matrix_geometry(DiagramConfig(5, 3, stride=2, ndim=1))
    drawing = ViewDrawing(Figure().add_subplot(), geo)
    drawing.set_frame(1)
    assert drawing.input.shaded_mask[0].tolist() == [False, False, True, True, True]
    assert drawing.output.shaded_mask[0].tolist() == [False, True]


def test_registry_misuse_raises_the_right_errors():
    with pytest.raises(TypeError, match="view must be a str"):
        get_view(3)
    with pytest.raises(TypeError, match="ViewSpec"):
        register_view("gather")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="already registered"):
        register_view(get_view("gather"))
    with pytest.raises(TypeError, match="transposed"):
        ViewSpec("x", "x", "An x.", "yes", gather_geometry)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="view must be a str"):
        draw_still(DiagramConfig(4, 3), view=None)  # type: ignore[arg-type]
    for name in VIEWS:
        with pytest.raises(TypeError, match="config must be a DiagramConfig"):
            get_view(name).geometry((4, 3))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="config must be a DiagramConfig"):
        html_player("4x3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name must be a str"):
        tl.get_preset(3)  # type: ignore[arg-type]
