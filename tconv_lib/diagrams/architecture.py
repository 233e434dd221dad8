"""The U-Net architecture drawn from the sizes that :func:`tconv_lib.unet_shapes` computes.

Every feature map is a box whose height grows with its spatial size and whose width grows
with its number of channels; its size is written under it and its channels above it. The
encoder runs down the left of a "U", the decoder up the right; arrows say what each step
does, and the up-convolutions (the transposed convolutions) are drawn in the input colour
of the book's grid diagrams, the skip connections dashed with the crop they need. Nothing is
typed in by hand: a different input size, depth or padding gives a different picture with
the right numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from ..unet import UNetStep
from .figure import root_figure
from .style import EDGE_GREY, INPUT_BLUE, OUTPUT_CYAN, SHADOW_NAVY

__all__ = ["ARROW_KINDS", "draw_unet"]

#: Arrow kind -> (colour, line style, legend text), in legend order.
ARROW_KINDS: dict[str, tuple[str, Literal["solid", "dashed"], str]] = {
    "conv": (EDGE_GREY, "solid", "3 × 3 convolution"),
    "pool": ("#b2182b", "solid", "2 × 2 max-pooling, stride 2"),
    "up": (INPUT_BLUE, "solid", "up-convolution: transposed conv., k = s = 2"),
    "skip": ("#7d8a99", "dashed", "skip connection (copy, crop, concatenate)"),
    "head": ("#1b7837", "solid", "1 × 1 convolution"),
}

_LEVEL_STEP = 1.9  # vertical distance between two levels, in data units
_COLUMN = 1.0  # horizontal distance between two maps of one level
_INDENT = 1.2  # horizontal shift of the encoder per level down
_FONT = 9.0  # points: at least 10 px at the book's resolution


@dataclass(frozen=True)
class _Box:
    x: float  # centre
    y: float  # centre
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y - self.height / 2


def _check_steps(steps: object) -> list[UNetStep]:
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence):
        raise TypeError(
            f"steps must be a sequence of UNetStep (the list unet_shapes returns), got "
            f"{type(steps).__name__}"
        )
    steps = list(steps)
    for n, step in enumerate(steps):
        if not isinstance(step, UNetStep):
            raise TypeError(f"steps[{n}] must be a UNetStep, got {type(step).__name__}")
    if not steps or steps[0].operation != "input":
        raise ValueError(
            "steps must start with the 'input' step of unet_shapes, got "
            + (f"{steps[0].operation!r}" if steps else "an empty sequence")
        )
    if not any(step.operation == "up-conv 2x2" for step in steps):
        raise ValueError("steps must contain at least one 'up-conv 2x2' (a depth of 1 or more)")
    return steps


def _box_size(step: UNetStep, largest: int, widest: int) -> tuple[float, float]:
    height = 0.35 + 1.15 * step.size / largest
    width = 0.12 + 0.28 * math.log2(max(step.channels, 1) + 1) / math.log2(widest + 1)
    return width, height


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], kind: str) -> None:
    colour, style, _ = ARROW_KINDS[kind]
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=9,
                                 color=colour, linestyle=style, linewidth=1.3,
                                 shrinkA=1, shrinkB=1))


def _draw_box(ax: Axes, box: _Box, face: str, size: int, channels: int, *,
              label_above: bool = True) -> None:
    ax.add_patch(Rectangle((box.left, box.bottom), box.width, box.height, facecolor=face,
                           edgecolor=SHADOW_NAVY, linewidth=0.8))
    ax.text(box.x, box.bottom - 0.08, str(size), ha="center", va="top", fontsize=_FONT)
    if label_above:
        ax.text(box.x, box.top + 0.06, str(channels), ha="center", va="bottom",
                fontsize=_FONT, color="#333333")


def draw_unet(steps: Sequence[UNetStep], *, ax: Axes | None = None,
              legend: bool = True) -> Figure:
    """Draw a U-Net from the steps of :func:`tconv_lib.unet_shapes`.

    Parameters
    ----------
    steps : sequence of UNetStep
        The list returned by ``unet_shapes(...)``: it must start with the ``"input"``
        step and contain at least one up-convolution.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure the width of the book's column is made.
    legend : bool
        Whether to explain the arrows below the drawing.

    Returns
    -------
    matplotlib.figure.Figure
        The figure that holds the drawing. Every box is a feature map: its spatial size
        under it, its channels above it.

    Raises
    ------
    TypeError
        If ``steps`` is not a sequence of ``UNetStep``, or ``ax`` not an ``Axes``.
    ValueError
        If ``steps`` is empty, does not start with the ``"input"`` step, or has no
        up-convolution.

    Examples
    --------
    >>> from tconv_lib import unet_shapes
    >>> fig = draw_unet(unet_shapes(572))
    >>> texts = [text.get_text() for text in fig.axes[0].texts]
    >>> "572" in texts and "388" in texts and "crop 88" in texts
    True
    """
    steps = _check_steps(steps)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if not isinstance(legend, bool):
        raise TypeError(f"legend must be True or False, got {legend!r}")
    depth = max(step.level for step in steps)
    largest = max(step.size for step in steps)
    widest = max(step.channels for step in steps)
    if ax is None:
        fig = Figure(figsize=(7.6, 1.6 + 0.95 * (depth + 1)), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = root_figure(ax)

    encoder_column = {level: 0 for level in range(depth + 1)}
    decoder_column: dict[int, int] = {}
    last_encoder: dict[int, _Box] = {}
    bottom_x = depth * _INDENT + 2 * _COLUMN
    previous: _Box | None = None
    decoding = False

    def place(step: UNetStep, x: float) -> _Box:
        width, height = _box_size(step, largest, widest)
        return _Box(x, -step.level * _LEVEL_STEP, width, height)

    for step in steps:
        level = step.level
        if step.operation == "up-conv 2x2":
            decoding = True
        if not decoding:
            x = level * _INDENT + encoder_column[level] * _COLUMN
            encoder_column[level] += 1
            box = place(step, x)
            if previous is not None:
                kind = "pool" if step.operation == "max-pool 2x2" else "conv"
                if kind == "pool":
                    end = (box.x - 0.15, box.top + 0.3)  # above the channel label
                    _arrow(ax, (previous.x, previous.bottom - 0.35), end, kind)
                else:
                    _arrow(ax, (previous.right, previous.y), (box.left, box.y), kind)
            _draw_box(ax, box, INPUT_BLUE if step.operation == "input" else OUTPUT_CYAN,
                      step.size, step.channels)
            last_encoder[level] = box
            previous = box
            continue
        if step.operation == "crop skip":
            # the cropped encoder map joins the up-convolution's output: the concatenation
            source = last_encoder[level]
            if previous is None:  # pragma: no cover - the input step always comes first
                raise ValueError("steps must start with the 'input' step")
            _arrow(ax, (source.right, source.y), (previous.left, source.y), "skip")
            text = f"crop {step.crop}" if step.crop else "copy"
            ax.text(source.right + 0.3, source.y - 0.05, text, ha="left", va="top",
                    fontsize=_FONT, color=ARROW_KINDS["skip"][0])
            continue
        column = decoder_column.get(level, 0)
        decoder_column[level] = column + 1
        x = bottom_x + _COLUMN + (depth - 1 - level) * _INDENT + column * _COLUMN
        box = place(step, x)
        if previous is None:  # pragma: no cover - the input step always comes first
            raise ValueError("steps must start with the 'input' step")
        if step.operation == "up-conv 2x2":
            _arrow(ax, (previous.x, previous.top + 0.35), (box.x, box.bottom), "up")
            face = INPUT_BLUE
        elif step.operation == "concatenate":  # joined with the skip: a dashed arrow
            _arrow(ax, (previous.right, previous.y), (box.left, box.y), "skip")
            face = "#ffffff"
        else:
            kind = "head" if step.operation == "conv 1x1" else "conv"
            _arrow(ax, (previous.right, previous.y), (box.left, box.y), kind)
            face = "#b8e186" if kind == "head" else OUTPUT_CYAN
        if step.operation == "up-conv 2x2" and step.output_padding:
            ax.text(box.right + 0.05, box.bottom, f"a = {step.output_padding}", ha="left",
                    va="bottom", fontsize=_FONT, color=INPUT_BLUE)
        _draw_box(ax, box, face, step.size, step.channels)
        previous = box

    right = max(p.get_x() + p.get_width() for p in ax.patches if isinstance(p, Rectangle))
    ax.set_xlim(-0.6, right + 0.4)
    ax.set_ylim(-depth * _LEVEL_STEP - 1.1, 1.3)
    ax.set_aspect("auto")
    ax.axis("off")
    if legend:
        handles = [Line2D([0], [1], color=colour, linestyle=style, linewidth=1.6)
                   for colour, style, _ in ARROW_KINDS.values()]
        ax.legend(handles, [text for *_, text in ARROW_KINDS.values()], loc="lower right",
                  fontsize=_FONT, frameon=False, ncols=1, handlelength=2.2)
    return fig
