"""The small example numbers written in diagram cells (pure NumPy).

Kept apart from the Matplotlib drawings so that the players, the explorer's
model and the chapters can have the same numbers without loading Matplotlib.
"""

from __future__ import annotations

import numpy as np

from .geometry import DiagramConfig

__all__ = ["example_values"]


def example_values(config: DiagramConfig) -> tuple[np.ndarray, np.ndarray]:
    """Small integer input and kernel for the numbers drawn in cells.

    Deterministic (seeded) values from 1 to 3: never zero, so that input values
    cannot be mistaken for padding or inserted zeros and every tap visibly
    counts, and small, so that a reader can check a sum by hand.

    Raises
    ------
    TypeError
        If ``config`` is not a :class:`~tconv_lib.diagrams.geometry.DiagramConfig`.

    Examples
    --------
    >>> x, w = example_values(DiagramConfig(4, 3, ndim=1))
    >>> x.tolist(), w.tolist()
    ([3, 2, 2, 1], [3, 1, 1])
    """
    if not isinstance(config, DiagramConfig):
        raise TypeError(f"config must be a DiagramConfig, got {config!r}")
    # Seed 2 for the kernel gives asymmetric kernels in 1-D and 2-D, so that
    # the flip of the transposed convolution is visible in the numbers.
    return (np.random.default_rng(0).integers(1, 4, size=config.i),
            np.random.default_rng(2).integers(1, 4, size=config.k))
