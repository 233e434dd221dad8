"""Animated GIFs of the gather and scatter views.

GIF is the portable format: it plays in any browser, slide deck or PDF
viewer that shows images, with no script. The frames are rendered from the
same drawings as the stills (:mod:`.still`), so a GIF and a still of the same
configuration always agree. All frames share one palette computed from all of
them, without dithering, so the bytes are identical on every run.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .geometry import DiagramConfig
from .still import compose_figure
from .style import style_context
from .views import get_view

__all__ = ["animation_frames", "gif_bytes", "save_gif"]


def animation_frames(config: DiagramConfig, *, view: str = "gather", numbers: bool = False,
                     x: object = None, w: object = None, layout: str = "stacked",
                     dpi: float = 72, scale: float = 1.0) -> list[Image.Image]:
    """Every frame of the ``view`` of ``config`` as an RGB image.

    Parameters
    ----------
    config : DiagramConfig
    view : str
        A view of :data:`tconv_lib.diagrams.views.VIEWS` (not ``'both'``).
    numbers, x, w, layout, scale
        See :func:`tconv_lib.diagrams.still.draw_still`.
    dpi : float
        Resolution; 72 keeps a 20-frame GIF around 100 kB.

    Examples
    --------
    >>> frames = animation_frames(DiagramConfig(4, 3))
    >>> len(frames), frames[0].mode, frames[0].size == frames[-1].size
    (4, 'RGB', True)
    """
    get_view(view)  # an animation shows one view ('both' is a still)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)):
        raise TypeError(f"dpi must be a positive number, got {dpi!r}")
    if dpi <= 0:
        raise ValueError(f"dpi must be a positive number, got {dpi!r}")
    fig, (drawing,) = compose_figure(config, view=view, numbers=numbers, x=x, w=w,
                                     layout=layout, scale=scale)
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    images = []
    with style_context():
        for frame in range(drawing.n_frames):
            drawing.set_frame(frame)
            canvas.draw()
            images.append(Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy()))
    return images


def gif_bytes(config: DiagramConfig, *, view: str = "gather", numbers: bool = False,
              x: object = None, w: object = None, layout: str = "stacked", dpi: float = 72,
              scale: float = 1.0, seconds_per_frame: float = 0.8) -> bytes:
    """The animation as GIF bytes (looping forever), identical on every call.

    Examples
    --------
    >>> data = gif_bytes(DiagramConfig(4, 3, ndim=1))
    >>> data[:6], data == gif_bytes(DiagramConfig(4, 3, ndim=1))
    (b'GIF89a', True)
    """
    if isinstance(seconds_per_frame, bool) or not isinstance(seconds_per_frame, (int, float)):
        raise TypeError(f"seconds_per_frame must be a positive number, got {seconds_per_frame!r}")
    if seconds_per_frame <= 0:
        raise ValueError(f"seconds_per_frame must be positive, got {seconds_per_frame!r}")
    frames = animation_frames(config, view=view, numbers=numbers, x=x, w=w, layout=layout,
                              dpi=dpi, scale=scale)
    # One palette for all frames (from a strip of all of them) keeps colours
    # steady from frame to frame; no dithering keeps the cells flat.
    width, height = frames[0].size
    strip = Image.new("RGB", (width, height * len(frames)))
    for n, frame in enumerate(frames):
        strip.paste(frame, (0, n * height))
    palette = strip.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    indexed = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    buffer = io.BytesIO()
    indexed[0].save(buffer, format="GIF", save_all=True, append_images=indexed[1:],
                    duration=round(1000 * seconds_per_frame), loop=0, optimize=False)
    return buffer.getvalue()


def save_gif(config: DiagramConfig, path: str | Path, **options: Any) -> Path:
    """Write :func:`gif_bytes` (same keyword options) to ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.gif"
    >>> save_gif(DiagramConfig(4, 3), target).stat().st_size > 0
    True
    """
    path = Path(path)
    path.write_bytes(gif_bytes(config, **options))
    return path
