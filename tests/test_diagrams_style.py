"""The one style: colour-blind safe, legible in greyscale, shared by stills and players."""

from __future__ import annotations

import itertools

import matplotlib
import pytest

from tconv_lib.diagrams import style


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((style.relative_luminance(a), style.relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_roles_differ_in_lightness_or_in_line_and_hatch():
    faces = {role: s.face for role, s in style.CELL_STYLES.items()}
    # Input, output and padding stay apart in greyscale by lightness alone.
    for a, b in itertools.combinations(("input", "output", "padding"), 2):
        assert abs(style.relative_luminance(faces[a]) - style.relative_luminance(faces[b])) > 0.2
    # Padding and inserted zeros are both pale: dashes and hatching tell them apart.
    assert style.CELL_STYLES["padding"].linestyle == "dashed"
    assert style.CELL_STYLES["zero"].hatch and not style.CELL_STYLES["padding"].hatch
    assert style.CELL_STYLES["input"].linestyle == "solid"


def test_the_kernel_shadow_darkens_every_role_clearly():
    for cell in style.CELL_STYLES.values():
        assert _contrast(cell.face, style.shaded(cell.face)) > 2.5


def test_numbers_are_readable_on_every_face_shaded_or_not():
    for cell in style.CELL_STYLES.values():
        for face in (cell.face, style.shaded(cell.face)):
            assert _contrast(face, style.text_colour(face)) >= 4.5  # WCAG AA


def test_svg_css_covers_every_role_and_is_scoped():
    css = style.svg_css("player-7")
    for role in style.CELL_STYLES:
        assert f"#player-7 .c-{role}{{" in css and f"#player-7 .c-{role}.on{{" in css
    assert all(line.startswith("#player-7 ") for line in css.splitlines())
    assert style.shaded(style.INPUT_BLUE) in css
    assert 'id="player-7-hatch"' in style.svg_defs("player-7")


def test_style_context_and_apply_style():
    before = matplotlib.rcParams["svg.hashsalt"]
    with style.style_context():
        assert matplotlib.rcParams["svg.hashsalt"] == "tconv-lib"
    assert matplotlib.rcParams["svg.hashsalt"] == before
    with matplotlib.rc_context():
        style.apply_style()
        assert matplotlib.rcParams["hatch.color"] == style.HATCH_GREY


@pytest.mark.parametrize("bad", ["red", "#12345", "#gggggg"])
def test_bad_colours_are_rejected(bad):
    with pytest.raises(ValueError, match="#rrggbb"):
        style.shaded(bad)


@pytest.mark.parametrize("bad", [3, None, (1, 0, 0)])
def test_colours_of_the_wrong_type_raise_type_error(bad):
    with pytest.raises(TypeError, match="#rrggbb"):
        style.shaded(bad)
    with pytest.raises(TypeError, match="alpha"):
        style.shaded("#ffffff", alpha="half")


def test_shadow_opacity_is_checked():
    with pytest.raises(ValueError, match="alpha"):
        style.shaded("#ffffff", alpha=1.5)
