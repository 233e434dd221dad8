"""The Figure class every diagram is drawn on.

Diagrams are built on plain :class:`matplotlib.figure.Figure` objects rather
than through pyplot, so a notebook never accumulates open pyplot figures.
IPython shows such a figure as an image only once the inline backend is
active (after ``%matplotlib inline`` or a first pyplot figure); before that it
prints ``<Figure size …>``. :class:`DiagramFigure` carries its own PNG
representation, so a returned diagram always displays, whatever the reader ran
before. When the inline backend is active its own formatter is used instead.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text

from .style import COLUMN_INCHES, MIN_TEXT_PT

__all__ = ["DiagramFigure"]


class DiagramFigure(Figure):
    """A Matplotlib figure that displays itself in Jupyter without pyplot.

    Examples
    --------
    >>> fig = DiagramFigure(figsize=(1, 1))
    >>> fig._repr_png_()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """

    #: No text is drawn smaller than this, in points (see :meth:`fit_to_column`).
    min_fontsize: float = 0.0

    def fit_to_column(self) -> float:
        """Keep every text legible when the book shrinks this figure to its column.

        A figure wider than :data:`~.style.COLUMN_INCHES` is scaled down by the
        browser; the smallest text is then raised so that it still renders at
        10 px. Returns the floor in points.

        Examples
        --------
        >>> fig = DiagramFigure(figsize=(COLUMN_INCHES * 2, 1))
        >>> round(fig.fit_to_column() / MIN_TEXT_PT, 2)
        2.0
        """
        width = float(self.get_size_inches()[0])
        self.min_fontsize = MIN_TEXT_PT * max(1.0, width / COLUMN_INCHES)
        return self.min_fontsize

    def draw(self, renderer: Any) -> None:
        if self.min_fontsize:
            for text in self.findobj(Text):
                size = text.get_fontsize() if isinstance(text, Text) else None
                if isinstance(size, (int, float)) and text.get_text() and \
                        size < self.min_fontsize:
                    text.set_fontsize(self.min_fontsize)
        super().draw(renderer)

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()


def root_figure(ax: Axes) -> Figure:
    """The top-level Figure that ``ax`` is drawn on (through any subfigures).

    ``Axes.get_figure(root=True)`` needs Matplotlib 3.10; this works from 3.7, the oldest
    version the package allows.

    Examples
    --------
    >>> fig = Figure()
    >>> ax = fig.subfigures(1, 2)[1].add_subplot()
    >>> root_figure(ax) is fig
    True
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    owner: Any = ax.figure
    while not isinstance(owner, Figure) or isinstance(owner, SubFigure):
        owner = owner.figure if owner is not None and owner.figure is not owner else None
        if owner is None:
            raise TypeError("ax must belong to a matplotlib Figure")
    return owner
