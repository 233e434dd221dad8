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

from matplotlib.figure import Figure

__all__ = ["DiagramFigure"]


class DiagramFigure(Figure):
    """A Matplotlib figure that displays itself in Jupyter without pyplot.

    Examples
    --------
    >>> fig = DiagramFigure(figsize=(1, 1))
    >>> fig._repr_png_()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
