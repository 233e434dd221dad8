"""Grid bookkeeping shared by the geometry, the stills and the players.

Pure NumPy. Diagrams are 1-D or 2-D; drawings treat a 1-D grid as one row, so
shapes and cell coordinates are lifted to 2-D here, once.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

__all__ = ["as_2d", "as_2d_cells", "check_frame", "flat_indices", "grid_positions"]


def as_2d(shape: Sequence[int]) -> tuple[int, int]:
    """A 1-D shape as one row, a 2-D shape unchanged.

    Examples
    --------
    >>> as_2d((5,)), as_2d((3, 4))
    ((1, 5), (3, 4))
    """
    return (1, int(shape[0])) if len(shape) == 1 else (int(shape[0]), int(shape[1]))


def as_2d_cells(cells: np.ndarray) -> np.ndarray:
    """``(..., ndim)`` cell coordinates with a row index 0 added in 1-D.

    Examples
    --------
    >>> as_2d_cells(np.array([[2], [4]])).tolist()
    [[0, 2], [0, 4]]
    """
    cells = np.asarray(cells)
    if cells.shape[-1] == 2:
        return cells
    return np.concatenate([np.zeros(cells.shape[:-1] + (1,), dtype=cells.dtype), cells], axis=-1)


def check_frame(frame: object, n_frames: int) -> int:
    """``frame`` as an int in ``0..n_frames - 1``.

    Raises
    ------
    TypeError
        If ``frame`` is not an integer.
    ValueError
        If it lies outside the frames of the configuration.

    Examples
    --------
    >>> check_frame(np.int64(2), 4)
    2
    """
    if isinstance(frame, (bool, np.bool_)) or not isinstance(frame, (int, np.integer)):
        raise TypeError(f"frame must be an integer, got {frame!r}")
    if not 0 <= frame < n_frames:
        raise ValueError(f"frame must lie in 0..{n_frames - 1} for this configuration, "
                         f"got {frame}")
    return int(frame)


def grid_positions(shape: Sequence[int]) -> np.ndarray:
    """All positions of a grid in row-major order, shape ``(prod(shape), ndim)``.

    Examples
    --------
    >>> grid_positions((2, 2)).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    return np.array(list(itertools.product(*(range(n) for n in shape))), dtype=np.int64).reshape(
        -1, len(shape))


def flat_indices(cells: np.ndarray, shape: Sequence[int]) -> list[int]:
    """Row-major flat indices of ``(n, ndim)`` cells in a grid of ``shape``.

    Examples
    --------
    >>> flat_indices(np.array([[1, 0], [1, 2]]), (2, 3))
    [3, 5]
    """
    return [int(v) for v in np.ravel_multi_index(tuple(np.asarray(cells).T), tuple(shape))]
