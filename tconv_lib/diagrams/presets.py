"""Named configurations: every figure of Dumoulin & Visin's guide, and a few more.

A preset stores only the convolution's ``i, k, s, p, d``. Its transposed
counterpart reads the convolution's output (size computed by
:func:`tconv_lib.conv_output_size`) and uses ``output_padding`` equal to the
remainder :func:`tconv_lib.inverse_output_padding`, so that it restores the
convolution's input size exactly, as the guide's transposed figures do.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import DiagramConfig

__all__ = ["PAPER_PRESETS", "PRESETS", "Preset", "get_preset"]


@dataclass(frozen=True)
class Preset:
    """A named convolution and, through it, its transposed counterpart.

    Attributes
    ----------
    name : str
        Identifier, e.g. ``'padding_strides'`` (the guide's file names).
    title : str
        Human-readable name.
    i, k, s, p, d : int
        The convolution's input size, kernel size, stride, padding, dilation.
    in_paper : bool
        Whether the guide draws this convolution.
    note : str
        One sentence on what the configuration shows.

    Examples
    --------
    >>> pre = get_preset("padding_strides_odd")
    >>> pre.convolution().output_shape, pre.transposed().output_padding
    ((3, 3), (1, 1))
    >>> pre.transposed().output_shape
    (6, 6)
    """

    name: str
    title: str
    i: int
    k: int
    s: int
    p: int
    d: int
    in_paper: bool
    note: str

    def convolution(self, ndim: int = 2) -> DiagramConfig:
        """The convolution, 1-D or 2-D."""
        return DiagramConfig(self.i, self.k, self.s, self.p, self.d, ndim=ndim)

    def transposed(self, ndim: int = 2) -> DiagramConfig:
        """The transposed convolution that maps the output back to the input size."""
        return self.convolution(ndim).transpose()


def _preset(name: str, title: str, i: int, k: int, s: int, p: int, d: int, note: str,
            in_paper: bool = True) -> Preset:
    return Preset(name, title, i, k, s, p, d, in_paper, note)


#: The eight convolutions of the guide's animations, in its order.
PAPER_PRESETS: tuple[Preset, ...] = (
    _preset("no_padding_no_strides", "No padding, unit strides", 4, 3, 1, 0, 1,
            "The kernel visits every position where it fits entirely inside the input."),
    _preset("arbitrary_padding_no_strides", "Arbitrary padding, unit strides", 5, 4, 1, 2, 1,
            "Padding enlarges the grid the kernel slides over, so the output grows."),
    _preset("same_padding_no_strides", "Half (same) padding, unit strides", 5, 3, 1, 1, 1,
            "With p = (k - 1)/2 for odd k the output has the size of the input."),
    _preset("full_padding_no_strides", "Full padding, unit strides", 5, 3, 1, 2, 1,
            "With p = k - 1 every partial overlap of kernel and input is an output."),
    _preset("no_padding_strides", "No padding, strides", 5, 3, 2, 0, 1,
            "Stride 2 skips every other position and roughly halves the output."),
    _preset("padding_strides", "Padding, strides", 5, 3, 2, 1, 1,
            "Padding and stride together: the last position lands exactly on the edge."),
    _preset("padding_strides_odd", "Padding, strides (odd)", 6, 3, 2, 1, 1,
            "The last position stops one padding cell short of the edge: the remainder a = 1."),
    _preset("dilation", "Dilation", 7, 3, 1, 0, 2,
            "Dilation d = 2 spreads the taps apart; the kernel covers d(k - 1) + 1 = 5 cells."),
)

#: Every preset: the guide's eight plus configurations it does not draw.
PRESETS: dict[str, Preset] = {
    pre.name: pre for pre in (
        *PAPER_PRESETS,
        _preset("output_padding_strides", "Remainder without padding", 6, 3, 2, 0, 1,
                "Sizes 5 and 6 both map to 2 cells; output_padding a = 1 restores 6.",
                in_paper=False),
        _preset("unet_upsampler", "k = 2, s = 2 (U-Net upsampler)", 4, 2, 2, 0, 1,
                "Kernel equal to the stride: the kernel copies never overlap.",
                in_paper=False),
    )
}


def get_preset(name: str) -> Preset:
    """Look a preset up by name.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the known ones.

    Examples
    --------
    >>> get_preset("dilation").transposed().output_shape
    (7, 7)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {', '.join(PRESETS)}; got {name!r}")
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}")
    return PRESETS[name]
