"""The explorer's browser side: one JavaScript engine and front-end, shipped as package data.

The files beside this module are the whole front-end, with no framework and no
network access:

* ``tconv.js``, the engine: ``conv``, ``conv_transpose``, ``conv_matrix``,
  ``conv_output_size`` and ``conv_transpose_output_size`` with tconv_lib's
  names, keywords, layouts and argument rules (``window.tconv``);
* ``explorer.js`` and ``explorer.css``, the explorer drawn with that engine;
* ``widget.js``, the few lines that make the two a Jupyter widget module
  (:func:`tconv_lib.explorer`, through anywidget).

This module reads them (:func:`asset`), gathers the data the front-end takes
from Python so that the two cannot drift apart (:func:`explorer_data`: views,
colours, control ranges, rule names), and assembles a self-contained HTML
fragment for a static page (:func:`explorer_html`). It imports neither
Matplotlib nor ipywidgets until :func:`explorer_data` needs the tap colours.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["ASSETS", "CONTROL_LIMITS", "DEFAULT_SETTINGS", "ExplorerPage",
           "asset", "example_values", "explorer_data", "explorer_html"]

#: The front-end's files, in the order a page loads them.
ASSETS = ("tconv.js", "explorer.js", "explorer.css", "widget.js")

#: Range of each numeric setting of the explorer (per axis for ``i``).
CONTROL_LIMITS: dict[str, tuple[int, int]] = {
    "i": (1, 16),
    "k": (1, 7),
    "stride": (1, 4),
    "padding": (0, 9),
    "output_padding": (0, 3),
    "dilation": (1, 3),
}

#: The explorer's settings when nothing else is asked for: the book's running
#: example, the transposed convolution that turns 3 × 3 cells into 6 × 6.
DEFAULT_SETTINGS: dict[str, object] = {
    "ndim": 2, "transposed": True, "i": 3, "k": 3, "stride": 2, "padding": 1,
    "output_padding": 1, "dilation": 1, "view": "gather", "numbers": True, "step": 1,
}

#: Tap counts a kernel of the explorer can have (1-D: k; 2-D: k²).
_TAP_COUNTS = sorted({k for k in range(1, 8)} | {k * k for k in range(1, 8)})


def asset(name: str) -> str:
    """The text of one front-end file (one of :data:`ASSETS`).

    Examples
    --------
    >>> "window" in asset("tconv.js") or "globalThis" in asset("tconv.js")
    True
    """
    if name not in ASSETS:
        raise ValueError(f"name must be one of {ASSETS}, got {name!r}")
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def example_values(shape: tuple[int, ...], which: int) -> np.ndarray:
    """The explorer's example numbers: whole values 1 to 3, the same every time.

    ``which`` is 0 for the input, 1 for the kernel. ``tconv.js`` computes the
    same numbers with the same integer hash (the browser tests compare them),
    so that the numbers the page shows can be recomputed here.

    Examples
    --------
    >>> example_values((3, 3), 0).tolist()
    [[1, 3, 2], [1, 3, 1], [3, 1, 1]]
    >>> example_values((3,), 1).tolist()
    [1, 3, 3]
    """
    if which not in (0, 1):
        raise ValueError(f"which must be 0 (input) or 1 (kernel), got {which!r}")
    size = int(np.prod(shape))
    seed = 0x9E3779B9 if which == 1 else 0x85EBCA6B
    mask = 0xFFFFFFFF
    values = []
    for n in range(size):
        h = (((n + 1) * 0x2C1B3C6D) & mask) ^ seed
        h = ((h ^ (h >> 15)) * 0x297A2D39) & mask
        h ^= h >> 12
        values.append(1 + h % 3)
    return np.array(values, dtype=np.int64).reshape(shape)


def _views() -> list[dict[str, object]]:
    from ..diagrams.views import view_definitions

    return [dict(view) for view in view_definitions()]


def explorer_data() -> dict[str, object]:
    """Everything the front-end takes from Python, JSON-serialisable.

    ``views`` (from :func:`tconv_lib.diagrams.views.view_definitions`),
    ``style`` (cell roles, their colours, the kernel shadow, the tap colours of
    the matrix, from :mod:`tconv_lib.diagrams.style` and
    :func:`tconv_lib.tap_colours`), ``limits`` (:data:`CONTROL_LIMITS`),
    ``defaults`` (:data:`DEFAULT_SETTINGS`), ``formulas``
    (:data:`tconv_lib.diagrams.formulas.TEMPLATES`, printed with the numbers
    substituted) and ``rules``
    (:data:`tconv_lib.arithmetic.ERROR_RULES`).

    Examples
    --------
    >>> data = explorer_data()
    >>> data["style"]["roles"]["padding"]["linestyle"], data["limits"]["i"]
    ('dashed', [1, 16])
    >>> [view["name"] for view in data["views"]][:2]
    ['gather', 'scatter']
    """
    from .. import arithmetic
    from ..diagrams import style
    from ..diagrams.formulas import TEMPLATES
    from ..diagrams.style import tap_colours

    roles = {}
    for role, cell in style.CELL_STYLES.items():
        on = style.shaded(cell.face)
        roles[role] = {"face": cell.face, "edge": cell.edge, "linestyle": cell.linestyle,
                       "hatch": bool(cell.hatch), "text": style.text_colour(cell.face),
                       "face_on": on, "text_on": style.text_colour(on)}
    return {
        "views": _views(),
        "style": {
            "roles": roles,
            "shadow": style.SHADOW_NAVY,
            "shadow_alpha": style.SHADOW_ALPHA,
            "hatch": style.HATCH_GREY,
            "edge": style.EDGE_GREY,
            "text_dark": style.TEXT_DARK,
            "text_light": style.TEXT_LIGHT,
            "taps": {str(n): tap_colours(n) for n in _TAP_COUNTS},
            "tap_text": {str(n): [style.text_colour(c) for c in tap_colours(n)]
                         for n in _TAP_COUNTS},
            "highlight": HIGHLIGHT,
        },
        "formulas": dict(TEMPLATES),
        "limits": {name: list(bounds) for name, bounds in CONTROL_LIMITS.items()},
        "defaults": dict(DEFAULT_SETTINGS),
        "rules": dict(getattr(arithmetic, "ERROR_RULES", {})),
    }


#: Outline of the matrix entries and grid cells the current step involves
#: (contrasts with every tap colour and with the kernel shadow).
# Blue-violet: distinct from the diagrams' roles and from the warm tap ramp of matrices.
HIGHLIGHT = "#5e3c99"


@dataclass(frozen=True)
class ExplorerPage:
    """A self-contained HTML fragment: the explorer with its scripts, styles and data.

    Displayed by Jupyter and by the book's build as ``text/html``; it loads
    nothing from the network. Its field ``html`` is the fragment.
    """

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # What a reader sees where HTML cannot run (a terminal, the PDF).
        return ("[The interactive explorer: it runs in the web version of the book, and in "
                "Jupyter as tl.explorer().]")


_counter = itertools.count(1)


def _script(source: str) -> str:
    # A script element ends at the first "</script": keep it out of the sources.
    return "<script>" + source.replace("</script", "<\\/script") + "</script>"


def explorer_html(settings: Mapping[str, object] | None = None, *, url_state: bool = True,
                  element_id: str | None = None) -> ExplorerPage:
    """The explorer as one HTML fragment for a static page (no kernel, no network).

    Parameters
    ----------
    settings : mapping, optional
        Initial settings (names of :data:`DEFAULT_SETTINGS`); the page's query
        string, if it has explorer settings, takes precedence when
        ``url_state`` is on.
    url_state : bool
        Read the settings from the page's query string on load and write them
        back on every change, so that a configuration can be shared as a link.
    element_id : str, optional
        The id of the explorer's element (default: a fresh one).

    Examples
    --------
    >>> page = explorer_html({"i": 4}, element_id="ex1")
    >>> page.html.count("<script>"), 'id="ex1"' in page.html, "http" in page.html
    (3, True, False)
    """
    settings = dict(settings or {})
    unknown = sorted(set(settings) - set(DEFAULT_SETTINGS))
    if unknown:
        raise TypeError(f"unknown explorer setting(s) {unknown}; known: "
                        f"{sorted(DEFAULT_SETTINGS)}")
    element_id = element_id or f"tconv-explorer-{next(_counter)}"
    config = {"data": explorer_data(), "settings": settings, "urlState": bool(url_state)}
    payload = json.dumps(config, ensure_ascii=True, separators=(",", ":"))
    mount = (f"(function(){{var el=document.getElementById({json.dumps(element_id)});"
             f"window.tconvExplorer.mount(el,{payload});}})();")
    parts = [
        f"<style>{asset('explorer.css')}</style>",
        f'<div class="tconv-explorer" id="{html.escape(element_id)}"></div>',
        _script("if(!window.tconv){" + asset("tconv.js") + "}"),
        _script("if(!window.tconvExplorer){" + asset("explorer.js") + "}"),
        _script(mount),
    ]
    return ExplorerPage("\n".join(parts))
