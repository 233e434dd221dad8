"""The U-Net drawing: numbers from unet_shapes, one box per feature map, argument rules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Rectangle  # noqa: E402

import tconv_lib as tl  # noqa: E402
from tconv_lib.diagrams.architecture import ARROW_KINDS, draw_unet  # noqa: E402


def _texts(fig) -> list[str]:
    return [text.get_text() for text in fig.axes[0].texts]


def _boxes(fig) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_one_box_per_feature_map_with_its_size(padding: str) -> None:
    steps = tl.unet_shapes(572, padding=padding)
    fig = draw_unet(steps)
    drawn = [s for s in steps if s.operation != "crop skip"]
    assert len(_boxes(fig)) == len(drawn)
    texts = _texts(fig)
    for step in drawn:
        assert str(step.size) in texts and str(step.channels) in texts
    plt.close(fig)


def test_crops_and_output_padding_are_labelled() -> None:
    fig = draw_unet(tl.unet_shapes(572))
    assert [t for t in _texts(fig) if t.startswith("crop")] == [
        "crop 4", "crop 16", "crop 40", "crop 88"]
    same = draw_unet(tl.unet_shapes(572, padding="same"))
    assert _texts(same).count("a = 1") == 2  # 143 -> 71 and 71 -> 35 floor a cell
    assert "crop 4" not in _texts(same)


def test_arrows_one_per_step_and_up_convolutions_in_their_colour() -> None:
    steps = tl.unet_shapes(572, depth=3)
    fig = draw_unet(steps, legend=False)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    # every step but the input draws one arrow into its box, and each skip one more
    assert len(arrows) == len(steps) - 1
    up_colour = matplotlib.colors.to_rgba(ARROW_KINDS["up"][0])
    ups = [a for a in arrows if a.get_edgecolor() == up_colour]
    assert len(ups) == sum(s.operation == "up-conv 2x2" for s in steps) == 3
    assert fig.axes[0].get_legend() is None


def test_box_heights_grow_with_size() -> None:
    fig = draw_unet(tl.unet_shapes(572))
    heights = sorted({round(b.get_height(), 6) for b in _boxes(fig)})
    assert len(heights) > 5
    tallest = max(_boxes(fig), key=lambda b: b.get_height())
    assert tallest.get_height() == max(heights)


def test_draws_into_given_axes() -> None:
    fig, ax = plt.subplots()
    assert draw_unet(tl.unet_shapes(188, depth=2), ax=ax) is fig
    assert "188" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_argument_rules() -> None:
    steps = tl.unet_shapes(572)
    with pytest.raises(TypeError, match="sequence of UNetStep"):
        draw_unet(572)
    with pytest.raises(TypeError, match=r"steps\[1\]"):
        draw_unet([steps[0], "conv"])
    with pytest.raises(ValueError, match="'input'"):
        draw_unet(steps[1:])
    with pytest.raises(ValueError, match="empty"):
        draw_unet([])
    with pytest.raises(ValueError, match="up-conv"):
        draw_unet(tl.unet_shapes(572, depth=0))
    with pytest.raises(TypeError, match="ax"):
        draw_unet(steps, ax="axes")
    with pytest.raises(TypeError, match="legend"):
        draw_unet(steps, legend=1)
