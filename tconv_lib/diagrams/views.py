"""The views of a configuration: one registry from a view's name to everything that draws it.

A *view* is a way of animating one (transposed) convolution frame by frame:
the **gather** view slides the kernel over an input grid and fills one output
cell per frame; the **scatter** view takes one input cell per frame and adds a
scaled copy of the kernel onto a stretched output grid. Each view is a
:class:`ViewSpec` in :data:`VIEWS`, holding

* its *geometry*: a function from a :class:`~.geometry.DiagramConfig` to an
  object with the :class:`ViewGeometry` names (pure NumPy);
* its *drawing*: the Matplotlib class that draws it (see :mod:`.still`),
  imported only when a still is drawn;
* its *player* part: what the HTML player writes in the cells (see
  :mod:`.player`).

Stills, GIFs, players and the explorer look a view up here instead of
comparing strings, so adding a view is one entry (:func:`register_view`);
a view without its own drawing or player part is drawn from its geometry
alone. :func:`view_definitions` is the same registry as JSON-ready data, for
the explorer's JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .geometry import DiagramConfig, gather_geometry, matrix_geometry, scatter_geometry

__all__ = [
    "VIEWS",
    "ViewGeometry",
    "ViewSpec",
    "get_view",
    "register_view",
    "view_definitions",
    "view_names",
]


@runtime_checkable
class ViewGeometry(Protocol):
    """What every view's geometry provides, under the same names.

    Cells are ``(n, ndim)`` integer arrays of grid indices (row-major, origin
    top-left); roles are strings of :data:`tconv_lib.diagrams.style.CELL_STYLES`.
    """

    @property
    def config(self) -> DiagramConfig:
        """The configuration drawn."""
        ...

    @property
    def n_frames(self) -> int:
        """Number of frames of the animation."""
        ...

    @property
    def drawn_input_shape(self) -> tuple[int, ...]:
        """Shape of the drawn input grid."""
        ...

    @property
    def drawn_output_shape(self) -> tuple[int, ...]:
        """Shape of the drawn output grid."""
        ...

    @property
    def input_roles(self) -> np.ndarray:
        """Role of every drawn input cell."""
        ...

    @property
    def output_roles(self) -> np.ndarray:
        """Role of every drawn output cell."""
        ...

    def input_cells(self, frame: int) -> np.ndarray:
        """The drawn input cells shaded in ``frame``."""
        ...

    def output_cells(self, frame: int) -> np.ndarray:
        """The drawn output cells shaded in ``frame``."""
        ...

    def input_label(self) -> str:
        """Caption of the input grid."""
        ...

    def output_label(self) -> str:
        """Caption of the output grid."""
        ...

    def describe_frame(self, frame: int) -> str:
        """One sentence for ``frame`` (alt text, the player's status line)."""
        ...


def _resolve(target: str | Callable[..., Any] | None) -> Callable[..., Any] | None:
    """A callable, or ``'module:attribute'`` imported on first use (keeps Matplotlib lazy)."""
    if target is None or callable(target):
        return target
    module, _, attribute = target.partition(":")
    found: Callable[..., Any] = getattr(import_module(module), attribute)
    return found


@dataclass(frozen=True)
class ViewSpec:
    """One view: its name and words, and the parts that compute and draw it.

    Attributes
    ----------
    name : str
        Identifier, the ``view=`` argument of stills, players and the explorer.
    label : str
        Short human name ("gather").
    description : str
        One sentence on what a frame shows.
    transposed : bool or None
        ``True`` if the view needs a transposed configuration, ``False`` if a
        convolution, ``None`` if it draws both.
    geometry : callable
        ``DiagramConfig -> ViewGeometry``.
    frame_unit : str
        What one frame steps over ("output cell"), for captions and the explorer.
    drawing : str or callable, optional
        The Matplotlib drawing class (``'module:Class'`` is imported on first
        use); ``None`` draws the geometry alone
        (:class:`tconv_lib.diagrams.still.ViewDrawing`).
    player : str or callable, optional
        ``(geometry, x, w) -> PlayerCells`` for the HTML player (see
        :func:`tconv_lib.diagrams.player.html_player`); ``None`` draws the
        geometry alone.

    Examples
    --------
    >>> spec = get_view("scatter")
    >>> spec.transposed, spec.geometry(DiagramConfig(2, 3, transposed=True)).n_frames
    (True, 4)
    """

    name: str
    label: str
    description: str
    transposed: bool | None
    geometry: Callable[[DiagramConfig], ViewGeometry]
    frame_unit: str = "frame"
    drawing: str | Callable[..., Any] | None = None
    player: str | Callable[..., Any] | None = None

    def __post_init__(self) -> None:
        for name in ("name", "label", "description", "frame_unit"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise TypeError(f"{name} must be a non-empty str, got {getattr(self, name)!r}")
        if self.transposed is not None and not isinstance(self.transposed, bool):
            raise TypeError(f"transposed must be True, False or None, got {self.transposed!r}")
        if not callable(self.geometry):
            raise TypeError(f"geometry must be callable, got {self.geometry!r}")

    def accepts(self, config: DiagramConfig) -> bool:
        """Whether this view can draw ``config``.

        Examples
        --------
        >>> get_view("scatter").accepts(DiagramConfig(4, 3))
        False
        """
        return self.transposed is None or self.transposed == config.transposed

    def drawing_class(self) -> Callable[..., Any] | None:
        """The view's own Matplotlib drawing class, or ``None`` (the geometry alone).

        Resolving ``'module:Class'`` imports that module, hence Matplotlib.
        """
        return _resolve(self.drawing)

    def player_cells(self) -> Callable[..., Any] | None:
        """The player's cell-text part, or ``None`` (geometry only)."""
        return _resolve(self.player)

    def definition(self) -> dict[str, object]:
        """The JSON-ready description of this view (see :func:`view_definitions`)."""
        return {"name": self.name, "label": self.label, "description": self.description,
                "transposed": self.transposed, "frame_unit": self.frame_unit}


#: Name -> view, in display order.
VIEWS: dict[str, ViewSpec] = {}


def register_view(spec: ViewSpec) -> ViewSpec:
    """Add ``spec`` to :data:`VIEWS` (after the views already there).

    Raises
    ------
    TypeError
        If ``spec`` is not a :class:`ViewSpec`.
    ValueError
        If a view of that name exists.

    Examples
    --------
    >>> register_view(get_view("gather"))
    Traceback (most recent call last):
    ...
    ValueError: a view named 'gather' is already registered
    """
    if not isinstance(spec, ViewSpec):
        raise TypeError(f"spec must be a ViewSpec, got {spec!r}")
    if spec.name in VIEWS:
        raise ValueError(f"a view named {spec.name!r} is already registered")
    VIEWS[spec.name] = spec
    return spec


def view_names() -> tuple[str, ...]:
    """The registered view names, in display order.

    Examples
    --------
    >>> view_names()[:2]
    ('gather', 'scatter')
    """
    return tuple(VIEWS)


def get_view(name: object, extra: Sequence[str] = ()) -> ViewSpec:
    """The view called ``name``; the one place that says which views exist.

    Parameters
    ----------
    name : str
    extra : sequence of str
        Other values the caller accepts (e.g. ``'both'``), only for the
        message; the caller handles them before calling.

    Raises
    ------
    TypeError
        If ``name`` is not a str.
    ValueError
        For an unknown name; the message lists the known ones.

    Examples
    --------
    >>> get_view("gather").label
    'gather'
    >>> get_view("sideways")
    Traceback (most recent call last):
    ...
    ValueError: view must be one of ('gather', 'scatter', 'matrix'), got 'sideways'
    """
    if not isinstance(name, str):
        raise TypeError(f"view must be a str, one of {(*VIEWS, *extra)}, got {name!r}")
    if name not in VIEWS:
        raise ValueError(f"view must be one of {(*VIEWS, *extra)}, got {name!r}")
    return VIEWS[name]


def view_definitions() -> list[dict[str, object]]:
    """Every view as plain data, in display order: what the explorer's JavaScript reads.

    Each dict has ``name``, ``label``, ``description`` (one sentence),
    ``transposed`` (``True``, ``False`` or ``None`` for both) and
    ``frame_unit``. JSON-serialisable.

    Examples
    --------
    >>> import json
    >>> [d["name"] for d in json.loads(json.dumps(view_definitions()))][:2]
    ['gather', 'scatter']
    """
    return [spec.definition() for spec in VIEWS.values()]


register_view(ViewSpec(
    name="gather",
    label="gather",
    description=("The kernel slides over the input grid (zero-inserted and padded for a "
                 "transposed convolution) and each position computes one output cell."),
    transposed=None,
    geometry=gather_geometry,
    frame_unit="output cell",
    drawing="tconv_lib.diagrams.still:GatherDrawing",
    player="tconv_lib.diagrams.player:gather_cells",
))
register_view(ViewSpec(
    name="scatter",
    label="scatter",
    description=("Each input cell scales a copy of the kernel and adds it onto the stretched "
                 "output grid at stride s; padding then cuts off the outer cells."),
    transposed=True,
    geometry=scatter_geometry,
    frame_unit="input cell",
    drawing="tconv_lib.diagrams.still:ScatterDrawing",
    player="tconv_lib.diagrams.player:scatter_cells",
))
register_view(ViewSpec(
    name="matrix",
    label="matrix",
    description=("Output cell by output cell, the row of the matrix C (of its transpose for a "
                 "transposed convolution) picks the input cells that the output sums."),
    transposed=None,
    geometry=matrix_geometry,
    frame_unit="output cell",
))
