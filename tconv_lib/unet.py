"""Spatial sizes through a U-Net-like encoder-decoder.

The encoder applies two 3x3 convolutions and a 2x2 max-pooling (stride 2) per
level; the decoder applies a 2x2 up-convolution (a transposed convolution with
stride 2), joins the encoder's feature map of the same level (the skip
connection) and applies two 3x3 convolutions. With unpadded ("valid")
convolutions the decoder's maps are smaller than the encoder's, so the skip
must be cropped (Ronneberger, Fischer & Brox 2015); with "same" padding the
sizes agree, except after pooling an odd size, where the up-convolution needs
``output_padding = 1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._checks import ConvArgumentError, check_choice, check_int
from .arithmetic import (
    conv_output_size,
    conv_transpose_output_size,
    inverse_output_padding,
)

__all__ = ["UNetStep", "unet_shapes"]


@dataclass(frozen=True)
class UNetStep:
    """One operation of the network and the feature map it produces.

    Attributes
    ----------
    level : int
        Resolution level, 0 at full resolution, ``depth`` at the bottleneck.
    operation : str
        ``"input"``, ``"conv 3x3"``, ``"max-pool 2x2"``, ``"up-conv 2x2"``,
        ``"crop skip"``, ``"concatenate"`` or ``"conv 1x1"``.
    size : int
        Spatial size (height = width) after the operation.
    channels : int
        Channels after the operation.
    crop : int
        For ``"crop skip"``: cells removed from each side of the encoder map.
    output_padding : int
        For ``"up-conv 2x2"``: the ``output_padding`` used.
    """

    level: int
    operation: str
    size: int
    channels: int
    crop: int = 0
    output_padding: int = 0


def unet_shapes(
    input_size: int = 572,
    depth: int = 4,
    *,
    padding: Literal["valid", "same"] = "valid",
    in_channels: int = 1,
    base_channels: int = 64,
    classes: int = 2,
) -> list[UNetStep]:
    """Every step of a U-Net-like network with its output size and channels.

    Sizes come from :func:`tconv_lib.conv_output_size` and
    :func:`tconv_lib.conv_transpose_output_size`. Channels start at
    ``base_channels`` and double at every level down.

    Parameters
    ----------
    input_size : int
        Height (= width) of the input tile.
    depth : int
        Number of poolings (4 in the original U-Net).
    padding : {'valid', 'same'}
        ``'valid'``: unpadded 3x3 convolutions, skips cropped to the decoder's
        size. ``'same'``: 3x3 convolutions with padding 1, no cropping; the
        up-convolution adds ``output_padding = 1`` where pooling floored an
        odd size.
    in_channels, base_channels, classes : int
        Channels of the input, of the first level and of the final 1x1
        convolution.

    Returns
    -------
    list of UNetStep

    Raises
    ------
    ValueError
        If ``padding='valid'`` and a pooling would see an odd size (the tile
        size must be chosen so that every pooling halves exactly), or a
        convolution no longer fits.

    Examples
    --------
    >>> steps = unet_shapes(572)
    >>> [s.size for s in steps][:6], steps[-1].size
    ([572, 570, 568, 284, 282, 280], 388)
    >>> [s.crop for s in steps if s.operation == "crop skip"]
    [4, 16, 40, 88]
    """
    input_size = check_int("input_size", input_size, 1)
    depth = check_int("depth", depth, 0)
    in_channels = check_int("in_channels", in_channels, 1)
    base_channels = check_int("base_channels", base_channels, 1)
    classes = check_int("classes", classes, 1)
    check_choice("padding", padding, ("valid", "same"))
    conv_pad = 0 if padding == "valid" else 1

    steps = [UNetStep(0, "input", input_size, in_channels)]

    def double_conv(level: int, channels: int) -> None:
        for _ in range(2):
            size = conv_output_size(steps[-1].size, 3, padding=conv_pad)
            steps.append(UNetStep(level, "conv 3x3", size, channels))

    skips: list[UNetStep] = []
    for level in range(depth):
        double_conv(level, base_channels * 2**level)
        skips.append(steps[-1])
        size = steps[-1].size
        if padding == "valid" and size % 2:
            raise ConvArgumentError(
                f"input_size={input_size}: with padding='valid' every 2x2 max-pool must see "
                f"an even size, but level {level} reaches it with size {size}", "pool_odd_size"
            )
        steps.append(UNetStep(level + 1, "max-pool 2x2", conv_output_size(size, 2, stride=2),
                              steps[-1].channels))
    double_conv(depth, base_channels * 2**depth)

    for level in reversed(range(depth)):
        skip = skips[level]
        channels = base_channels * 2**level
        # 'same': undo the floor of the pooling so the maps line up without a crop.
        out_pad = inverse_output_padding(skip.size, 2, stride=2) if padding == "same" else 0
        size = conv_transpose_output_size(steps[-1].size, 2, stride=2, output_padding=out_pad)
        steps.append(UNetStep(level, "up-conv 2x2", size, channels, output_padding=out_pad))
        crop = (skip.size - size) // 2
        steps.append(UNetStep(level, "crop skip", skip.size - 2 * crop, skip.channels,
                              crop=crop))
        steps.append(UNetStep(level, "concatenate", size, 2 * channels))
        double_conv(level, channels)
    steps.append(UNetStep(0, "conv 1x1", steps[-1].size, classes))
    return steps
