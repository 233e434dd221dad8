"""Diagrams display in a notebook even before the inline backend is active."""

import tconv_lib as tl
from tconv_lib.diagrams.figure import DiagramFigure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_still_carries_its_own_png_representation():
    fig = tl.draw_still(tl.get_preset("padding_strides").transposed(), 0)
    assert isinstance(fig, DiagramFigure)
    png = fig._repr_png_()
    assert png.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 50 and height > 50


def test_matrix_picture_carries_its_own_png_representation():
    fig = tl.draw_conv_matrix((4,), (3,), stride=2)
    assert isinstance(fig, DiagramFigure)
    assert fig._repr_png_().startswith(PNG_SIGNATURE)
