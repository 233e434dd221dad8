"""A real photograph for the book's figures, from the file Matplotlib ships (no download)."""

from __future__ import annotations

import numpy as np

__all__ = ["sample_photograph"]


def sample_photograph(size: int | None = 256) -> np.ndarray:
    """Grace Hopper's portrait as a grey-level ``float64`` image in ``[0, 1]``.

    The picture is ``grace_hopper.jpg`` from Matplotlib's sample data, which is part of the
    Matplotlib wheel, so the book and its notebooks need no network for it.

    Parameters
    ----------
    size
        Side of the square crop returned, taken from the centre of the face and reduced by
        block averaging (a power-of-two fraction of 512); ``None`` returns the full
        512 x 600 picture.

    Returns
    -------
    numpy.ndarray
        A 2-D array (rows, columns); luminance with the ITU-R BT.601 weights.

    Raises
    ------
    TypeError
        If ``size`` is not an int or None.
    ValueError
        If ``size`` is not one of 512, 256, 128, 64, 32.

    Examples
    --------
    >>> image = sample_photograph(64)
    >>> image.shape, image.dtype, bool(0.0 <= image.min() <= image.max() <= 1.0)
    ((64, 64), dtype('float64'), True)
    """
    if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
        raise TypeError(f"size must be an int or None, got {size!r} of type {type(size).__name__}")
    allowed = (512, 256, 128, 64, 32)
    if size is not None and size not in allowed:
        raise ValueError(f"size must be one of {allowed} or None, got {size}")
    import matplotlib.cbook as cbook
    import matplotlib.image as mpimg

    path = cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    rgb = np.asarray(mpimg.imread(path), dtype=np.float64) / 255.0
    grey = rgb[..., :3] @ np.array([0.299, 0.587, 0.114])
    if size is None:
        return grey
    square = grey[30:542, :]  # rows 30..541 hold the face and shoulders, 512 x 512
    factor = 512 // size
    return square.reshape(size, factor, size, factor).mean(axis=(1, 3))
