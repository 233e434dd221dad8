"""GIFs: one image per frame, deterministic bytes."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tconv_lib.diagrams.animation import animation_frames, gif_bytes, save_gif
from tconv_lib.diagrams.geometry import DiagramConfig, gather_geometry, scatter_geometry
from tconv_lib.diagrams.presets import get_preset


@pytest.mark.parametrize("view", ["gather", "scatter"])
def test_gif_has_one_frame_per_step_and_loops(view):
    cfg = get_preset("unet_upsampler").transposed()
    data = gif_bytes(cfg, view=view)
    image = Image.open(io.BytesIO(data))
    expected = (gather_geometry(cfg) if view == "gather" else scatter_geometry(cfg)).n_frames
    assert image.n_frames == expected
    assert image.info["loop"] == 0 and image.info["duration"] == 800


def test_gif_bytes_are_deterministic(tmp_path):
    cfg = DiagramConfig(3, 2, stride=2, transposed=True, ndim=1)
    assert gif_bytes(cfg, numbers=True) == gif_bytes(cfg, numbers=True)
    assert save_gif(cfg, tmp_path / "a.gif", numbers=True).read_bytes() == gif_bytes(
        cfg, numbers=True)


def test_frames_differ_where_the_kernel_moved():
    frames = animation_frames(DiagramConfig(4, 3, ndim=1))
    assert len(frames) == 2 and frames[0].size == frames[1].size
    assert frames[0].tobytes() != frames[1].tobytes()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"view": "both"}, "view must be one of"),
    ({"dpi": 0}, "dpi must be a positive"),
    ({"seconds_per_frame": 0}, "seconds_per_frame must be positive"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gif_bytes(DiagramConfig(4, 3), **kwargs)
