"""What the diagrams draw agrees with the library's arithmetic and numerics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv_lib as tl
from tconv_lib.diagrams.geometry import (
    DiagramConfig,
    gather_geometry,
    gather_values,
    scatter_geometry,
    scatter_partial_sums,
)
from tconv_lib.diagrams.presets import PRESETS

CONFIGS = [
    (f"{name}-{kind}-{ndim}d", getattr(pre, kind)(ndim))
    for name, pre in PRESETS.items()
    for kind in ("convolution", "transposed")
    for ndim in (1, 2)
]


def _reference(cfg: DiagramConfig, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    if cfg.transposed:
        return tl.conv_transpose(x[None, None], w[None, None], cfg.stride, cfg.padding,
                                 cfg.output_padding, cfg.dilation)[0, 0]
    return tl.conv(x[None, None], w[None, None], cfg.stride, cfg.padding, cfg.dilation)[0, 0]


def _values(cfg: DiagramConfig, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(-4, 5, size=cfg.i), rng.integers(-3, 4, size=cfg.k)


@pytest.mark.parametrize(("label", "cfg"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_gather_grids_match_the_arithmetic(label, cfg):
    geo = gather_geometry(cfg)
    for axis in range(cfg.ndim):
        i, k, s, p, d = (cfg.i[axis], cfg.k[axis], cfg.stride[axis], cfg.padding[axis],
                         cfg.dilation[axis])
        if cfg.transposed:
            eq = tl.transposed_as_direct(i, k, s, p, cfg.output_padding[axis], d)
            assert geo.input_grid_shape[axis] == eq.padded_size
            assert geo.output_shape[axis] == eq.output_size == tl.conv_transpose_output_size(
                i, k, s, p, cfg.output_padding[axis], d)
        else:
            assert geo.input_grid_shape[axis] == i + 2 * p
            assert geo.output_shape[axis] == tl.conv_output_size(i, k, s, p, d)
    roles, counts = np.unique(geo.input_roles, return_counts=True)
    count = dict(zip(roles.tolist(), counts.tolist(), strict=True))
    assert count["input"] == np.prod(cfg.i)
    stretched = np.prod([(i - 1) * s + 1 for i, s in zip(cfg.i, cfg.stride, strict=True)])
    expected_zeros = stretched - np.prod(cfg.i) if cfg.transposed else 0
    assert count.get("zero", 0) == expected_zeros
    assert count.get("padding", 0) == geo.input_roles.size - count["input"] - expected_zeros


@pytest.mark.parametrize(("label", "cfg"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_every_frame_has_its_footprint_and_one_destination(label, cfg):
    geo = gather_geometry(cfg)
    assert geo.n_frames == np.prod(geo.output_shape)
    assert geo.footprints.shape == (geo.n_frames, np.prod(cfg.k), cfg.ndim)
    # Destinations: every output cell exactly once, row-major.
    flat = np.ravel_multi_index(tuple(geo.destinations.T), geo.output_shape)
    assert flat.tolist() == list(range(geo.n_frames))
    step = np.array((1,) * cfg.ndim if cfg.transposed else cfg.stride)
    taps = np.array(list(np.ndindex(*cfg.k)))
    for frame in range(geo.n_frames):
        expected = geo.destinations[frame] * step + taps * np.array(cfg.dilation)
        np.testing.assert_array_equal(geo.footprints[frame], expected)
    assert (geo.footprints >= 0).all()
    assert (geo.footprints < np.array(geo.input_grid_shape)).all()
    # The last position reaches the far edge of the drawn grid except for a
    # remainder the stride cannot reach.
    last = geo.footprints[-1].max(axis=0)
    slack = np.array(geo.input_grid_shape) - 1 - last
    assert (slack >= 0).all() and (slack < step).all()


@pytest.mark.parametrize(("label", "cfg"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_gather_values_reproduce_the_library(label, cfg):
    x, w = _values(cfg)
    grid, laid, out = gather_values(gather_geometry(cfg), x, w)
    np.testing.assert_array_equal(out, _reference(cfg, x, w))
    np.testing.assert_array_equal(laid, np.flip(w) if cfg.transposed else w)
    assert grid[gather_geometry(cfg).input_roles != "input"].tolist() == [0] * int(
        (gather_geometry(cfg).input_roles != "input").sum())


@pytest.mark.parametrize(("label", "cfg"), [c for c in CONFIGS if c[1].transposed],
                         ids=[c[0] for c in CONFIGS if c[1].transposed])
def test_scatter_final_frame_is_the_transposed_convolution(label, cfg):
    geo = scatter_geometry(cfg)
    x, w = _values(cfg, seed=1)
    sums = scatter_partial_sums(geo, x, w)
    assert sums.shape == (int(np.prod(cfg.i)), *geo.full_shape)
    np.testing.assert_array_equal(sums[-1][geo.crop], _reference(cfg, x, w))
    # Each frame adds exactly x[source] * w at its targets, on the stretched grid.
    previous = np.zeros(geo.full_shape, dtype=sums.dtype)
    for frame in range(geo.n_frames):
        added = sums[frame] - previous
        cells = tuple(geo.targets[frame].T)
        np.testing.assert_array_equal(added[cells], x[tuple(geo.sources[frame])] * w.ravel())
        added[cells] = 0
        assert not added.any()
        previous = sums[frame]
    np.testing.assert_array_equal(geo.anchors, geo.sources * np.array(cfg.stride))


@settings(max_examples=60, deadline=None)
@given(ndim=st.integers(1, 2), i=st.integers(1, 5), k=st.integers(1, 4), s=st.integers(1, 3),
       p=st.integers(0, 3), d=st.integers(1, 3), a=st.integers(0, 2), seed=st.integers(0, 99))
def test_both_views_agree_with_the_library_for_any_valid_configuration(ndim, i, k, s, p, d, a,
                                                                        seed):
    try:
        cfg = DiagramConfig(i, k, s, p, d, a, transposed=True, ndim=ndim)
    except ValueError:
        with pytest.raises(ValueError):
            tl.conv_transpose_output_size(i, k, s, p, a, d)
        return
    x, w = _values(cfg, seed)
    reference = _reference(cfg, x, w)
    np.testing.assert_array_equal(gather_values(gather_geometry(cfg), x, w)[2], reference)
    geo = scatter_geometry(cfg)
    np.testing.assert_array_equal(scatter_partial_sums(geo, x, w)[-1][geo.crop], reference)


def test_negative_equivalent_padding_crops_the_drawn_grid():
    # p > d(k - 1): the equivalent direct convolution crops the stretched input.
    cfg = DiagramConfig(4, 2, stride=2, padding=2, transposed=True, ndim=1)
    assert tl.transposed_as_direct(4, 2, 2, 2).pad_before == -1
    geo = gather_geometry(cfg)
    assert geo.input_roles.tolist() == ["zero", "input", "zero", "input", "zero"]
    x, w = np.array([1, 2, 3, 4]), np.array([5, 7])
    np.testing.assert_array_equal(gather_values(geo, x, w)[2], _reference(cfg, x, w))


def test_transpose_exchanges_input_and_output_sizes():
    conv = DiagramConfig(6, 3, stride=2, padding=1)
    back = conv.transpose()
    assert back.transposed and back.i == conv.output_shape == (3, 3)
    assert back.output_padding == (1, 1) and back.output_shape == conv.i
    assert back.transpose() == conv


def test_config_normalises_and_describes():
    cfg = DiagramConfig((4, 5), 3, padding=(1, 0))
    assert (cfg.ndim, cfg.k, cfg.padding, cfg.output_shape) == (2, (3, 3), (1, 0), (4, 3))
    assert not cfg.is_square
    assert cfg.describe() == "convolution: i = (4, 5), k = 3, s = 1, p = (1, 0), d = 1"


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"i": 3, "k": 5}, ValueError, "kernel larger than the padded input"),
    ({"i": 3, "k": 3, "stride": 2, "output_padding": 2, "transposed": True}, ValueError,
     "output_padding"),
    ({"i": 5, "k": 3, "output_padding": 1}, ValueError, "only applies to conv_transpose"),
    ({"i": 5, "k": 3, "stride": 0}, ValueError, "stride"),
    ({"i": 0, "k": 3}, ValueError, "i must be a positive integer"),
    ({"i": "5", "k": 3}, TypeError, "i must be an int"),
    ({"i": 5, "k": 3, "ndim": 3}, ValueError, "ndim must be 1 or 2"),
    ({"i": (5, 5, 5), "k": 3}, ValueError, "1-D or 2-D"),
    ({"i": (5, 5), "k": (3, 3, 3)}, ValueError, "disagree"),
    ({"i": 5, "k": 3, "transposed": 1}, TypeError, "transposed must be a bool"),
    ({"i": 1, "k": 3, "padding": 3, "transposed": True}, ValueError, "below 1|< 1"),
])
def test_bad_configurations_raise_the_library_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        DiagramConfig(**kwargs)


def test_views_reject_misuse():
    conv = DiagramConfig(4, 3)
    with pytest.raises(ValueError, match="scatter view draws a transposed"):
        scatter_geometry(conv)
    with pytest.raises(ValueError, match="spatial shape"):
        gather_values(gather_geometry(conv), np.zeros((3, 3)), np.zeros((3, 3)))
    with pytest.raises(TypeError, match="real numbers"):
        gather_values(gather_geometry(conv), np.zeros((4, 4), dtype=complex), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="frame must lie in 0..3"):
        gather_geometry(conv).describe_frame(4)


def test_frame_descriptions_spell_out_the_sums():
    geo = gather_geometry(DiagramConfig(2, 3, stride=2, transposed=True, ndim=1))
    values = gather_values(geo, [1, 10], [1, 2, 3])
    assert [geo.describe_frame(f, values) for f in range(geo.n_frames)] == [
        "step 1 of 5: output cell (0) = 1·1 = 1",
        "step 2 of 5: output cell (1) = 1·2 = 2",
        "step 3 of 5: output cell (2) = 1·3 + 10·1 = 13",
        "step 4 of 5: output cell (3) = 10·2 = 20",
        "step 5 of 5: output cell (4) = 10·3 = 30",
    ]
    scatter = scatter_geometry(DiagramConfig(2, 1, stride=1, padding=0, transposed=True, ndim=1))
    assert scatter.describe_frame(1, [4, 5]) == (
        "step 2 of 2: input cell (1) = 5 times the kernel, added to output cells (1)")


def test_a_transposed_input_without_padding_is_not_called_padded():
    labels = [gather_geometry(DiagramConfig(4, 3, padding=2, transposed=True)).input_label(),
              gather_geometry(DiagramConfig(3, 2, stride=2, padding=1, transposed=True))
              .input_label()]
    assert labels == ["input 4×4", "input 3×3\n1 zero inserted, now 5×5"]
