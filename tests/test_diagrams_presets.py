"""The named presets are the guide's configurations, plus the ones it does not draw."""

from __future__ import annotations

import pytest

import tconv_lib as tl
from tconv_lib.diagrams.presets import PAPER_PRESETS, PRESETS, get_preset

# The guide's animation table (i, k, s, p, d, o), as listed in the design notes.
PAPER_TABLE = {
    "no_padding_no_strides": (4, 3, 1, 0, 1, 2),
    "arbitrary_padding_no_strides": (5, 4, 1, 2, 1, 6),
    "same_padding_no_strides": (5, 3, 1, 1, 1, 5),
    "full_padding_no_strides": (5, 3, 1, 2, 1, 7),
    "no_padding_strides": (5, 3, 2, 0, 1, 2),
    "padding_strides": (5, 3, 2, 1, 1, 3),
    "padding_strides_odd": (6, 3, 2, 1, 1, 3),
    "dilation": (7, 3, 1, 0, 2, 3),
}


def test_paper_presets_are_the_guide_table_in_order():
    assert [pre.name for pre in PAPER_PRESETS] == list(PAPER_TABLE)
    for pre in PAPER_PRESETS:
        i, k, s, p, d, o = PAPER_TABLE[pre.name]
        assert (pre.i, pre.k, pre.s, pre.p, pre.d) == (i, k, s, p, d)
        assert pre.in_paper
        assert pre.convolution().output_shape == (o, o)


@pytest.mark.parametrize("name", list(PRESETS))
def test_transposed_counterpart_restores_the_input_size(name):
    pre = PRESETS[name]
    conv = pre.convolution()
    back = pre.transposed()
    a = tl.inverse_output_padding(pre.i, pre.k, pre.s, pre.p, pre.d)
    assert back.transposed and back.i == conv.output_shape
    assert back.output_padding == (a, a)
    assert back.output_shape == (pre.i, pre.i)
    assert pre.convolution(ndim=1).output_shape == conv.output_shape[:1]


def test_presets_beyond_the_guide():
    extra = {name: pre for name, pre in PRESETS.items() if not pre.in_paper}
    assert any(pre.k == 2 and pre.s == 2 for pre in extra.values())  # U-Net upsampler
    assert any(pre.transposed().output_padding[0] > 0 for pre in extra.values())
    # The dilated transposed convolution is the transpose of the dilation preset.
    assert get_preset("dilation").transposed().dilation == (2, 2)
    assert len(PRESETS) == len(set(PRESETS)) == 10
    assert all(pre.title and pre.note for pre in PRESETS.values())


def test_odd_preset_leaves_exactly_one_padding_cell_unread():
    # Its note: the last window stops a = 1 cell short of the padded edge, and that cell is
    # padding; every input cell is read.
    pre = get_preset("padding_strides_odd")
    o = tl.conv_output_size(pre.i, pre.k, pre.s, pre.p, pre.d)
    last_read = pre.s * (o - 1) + pre.d * (pre.k - 1)        # index in the padded input
    unread = range(last_read + 1, pre.i + 2 * pre.p)
    assert len(unread) == tl.inverse_output_padding(pre.i, pre.k, pre.s, pre.p, pre.d) == 1
    assert all(cell >= pre.p + pre.i for cell in unread)
    assert "padding cell" in pre.note and "a = 1" in pre.note


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown preset 'nope'.*padding_strides"):
        get_preset("nope")
