"""unet_shapes: the U-Net paper's sizes, the 'same' variant, and PyTorch's shapes."""

import pytest
import torch
import torch.nn.functional as F

import tconv_lib as tl

# Ronneberger et al. (2015), Fig. 1: every feature-map size, in network order.
PAPER_ENCODER = [572, 570, 568, 284, 282, 280, 140, 138, 136, 68, 66, 64, 32, 30, 28]
PAPER_DECODER = [56, 54, 52, 104, 102, 100, 200, 198, 196, 392, 390, 388]


def test_valid_unet_reproduces_the_paper():
    steps = tl.unet_shapes(572)
    encoder = [s.size for s in steps if s.operation in ("input", "conv 3x3", "max-pool 2x2")]
    assert encoder[:15] == PAPER_ENCODER
    decoder = [s.size for s in steps[15:] if s.operation in ("up-conv 2x2", "conv 3x3")]
    assert decoder == PAPER_DECODER
    assert steps[-1].operation == "conv 1x1"
    assert (steps[-1].size, steps[-1].channels) == (388, 2)
    crops = [(s.level, s.crop, s.size) for s in steps if s.operation == "crop skip"]
    assert crops == [(3, 4, 56), (2, 16, 104), (1, 40, 200), (0, 88, 392)]
    assert all(s.output_padding == 0 for s in steps)


def test_channels_double_down_and_halve_up():
    steps = tl.unet_shapes(572)
    convs = [s.channels for s in steps if s.operation == "conv 3x3"]
    assert convs == [64, 64, 128, 128, 256, 256, 512, 512, 1024, 1024,
                     512, 512, 256, 256, 128, 128, 64, 64]
    ups = [s.channels for s in steps if s.operation == "up-conv 2x2"]
    concats = [s.channels for s in steps if s.operation == "concatenate"]
    assert ups == [512, 256, 128, 64]
    assert concats == [1024, 512, 256, 128]


def test_same_padding_needs_no_crop_but_output_padding_after_odd_sizes():
    steps = tl.unet_shapes(572, padding="same")
    pools = [s.size for s in steps if s.operation == "max-pool 2x2"]
    assert pools == [286, 143, 71, 35]
    ups = [(s.size, s.output_padding) for s in steps if s.operation == "up-conv 2x2"]
    assert ups == [(71, 1), (143, 1), (286, 0), (572, 0)]
    assert all(s.crop == 0 for s in steps)
    assert steps[-1].size == 572


@pytest.mark.parametrize("size", [16, 64, 100, 572])
def test_same_padding_returns_the_input_size(size):
    assert tl.unet_shapes(size, depth=3, padding="same")[-1].size == size


def _torch_unet_sizes(size, depth, padding):
    """Run a one-channel stand-in through PyTorch and record the same sizes."""
    pad = 0 if padding == "valid" else 1
    x = torch.zeros(1, 1, size, size)
    sizes, skips = [size], []
    kernel3 = torch.zeros(1, 1, 3, 3)
    kernel2 = torch.zeros(1, 1, 2, 2)

    def double_conv(x):
        for _ in range(2):
            x = F.conv2d(x, kernel3, padding=pad)
            sizes.append(x.shape[-1])
        return x

    for _ in range(depth):
        x = double_conv(x)
        skips.append(x)
        x = F.max_pool2d(x, 2)
        sizes.append(x.shape[-1])
    x = double_conv(x)
    for skip in reversed(skips):
        a = skip.shape[-1] % 2 if padding == "same" else 0
        x = F.conv_transpose2d(x, kernel2, stride=2, output_padding=a)
        sizes.append(x.shape[-1])
        c = (skip.shape[-1] - x.shape[-1]) // 2
        cropped = skip[..., c:skip.shape[-1] - c, c:skip.shape[-1] - c]
        sizes.append(cropped.shape[-1])
        x = torch.cat([x, cropped], dim=1)[:, :1]
        sizes.append(x.shape[-1])
        x = double_conv(x)
    sizes.append(F.conv2d(x, torch.zeros(1, 1, 1, 1)).shape[-1])
    return sizes


@pytest.mark.parametrize(("size", "depth", "padding"),
                         [(572, 4, "valid"), (188, 2, "valid"), (572, 4, "same"),
                          (97, 3, "same")])
def test_sizes_match_pytorch(size, depth, padding):
    ours = [s.size for s in tl.unet_shapes(size, depth, padding=padding)]
    assert ours == _torch_unet_sizes(size, depth, padding)


def test_depth_zero_is_two_convs_and_a_head():
    assert [s.size for s in tl.unet_shapes(10, depth=0)] == [10, 8, 6, 6]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        (dict(input_size=570), ValueError, "even size"),
        (dict(input_size=60), ValueError, "kernel larger"),
        (dict(input_size=572, padding="full"), ValueError, "padding"),
        (dict(input_size=0), ValueError, "input_size"),
        (dict(input_size=572.0), TypeError, "input_size"),
        (dict(input_size=572, depth=-1), ValueError, "depth"),
        (dict(input_size=572, classes=0), ValueError, "classes"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, error, words):
    with pytest.raises(error, match=words):
        tl.unet_shapes(**kwargs)
