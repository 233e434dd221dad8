"""Symbolic kernels in the two index conventions of the book.

The source note writes the kernel as a function ``k`` supported on ``[-m, m]``
(taps ``k_{-m} .. k_m``, centred on 0) and convolves truly: ``k(s y - x)``.
Arrays, and every deep-learning library, index the weight from 0:
``w_0 .. w_{K-1}``, and cross-correlate. The two meet through a flip,
``w_t = k_{m - t}`` (:func:`centred_to_weight`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from .._checks import check_int, check_shape

__all__ = ["array_taps", "centred_taps", "centred_to_weight", "kernel_function"]


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a valid identifier such as 'k', got {name!r}")
    return name


def kernel_function(name: str = "k") -> sp.Function:
    """An undefined real function standing for a kernel of unknown shape.

    Examples
    --------
    >>> k = kernel_function()
    >>> import sympy as sp
    >>> s, y, x = sp.symbols("s y x")
    >>> k(s * y - x)
    k(s*y - x)
    """
    return sp.Function(_check_name(name), real=True)


def centred_taps(m: int, name: str = "k") -> dict[int, sp.Symbol]:
    """The taps ``k_{-m}, ..., k_m`` of a kernel centred on 0, keyed by offset.

    Parameters
    ----------
    m : int
        Half-width (``>= 0``); the kernel has ``2m + 1`` taps.
    name : str
        Base name of the symbols.

    Returns
    -------
    dict of int to sympy.Symbol
        Offset ``t`` to the real symbol ``k_t``, in increasing order of ``t``.

    Examples
    --------
    >>> k = centred_taps(1)
    >>> k
    {-1: k_-1, 0: k_0, 1: k_1}
    >>> import sympy as sp
    >>> sp.latex(k[-1])
    'k_{-1}'
    """
    half = check_int("m", m, 0)  # the half-width
    name = _check_name(name)
    return {t: sp.Symbol(f"{name}_{t}", real=True) for t in range(-half, half + 1)}


def array_taps(kernel_shape: Sequence[int], name: str = "w") -> np.ndarray:
    """Symbols ``w_t`` (1-D) or ``w_{t1,t2,...}`` for an array kernel, indexed from 0.

    The result is a NumPy object array of the given shape, so that it can be
    indexed exactly like a numerical kernel (``taps.flat[n]``).

    Examples
    --------
    >>> array_taps((3,))
    array([w_0, w_1, w_2], dtype=object)
    >>> array_taps((2, 2))
    array([[w_0,0, w_0,1],
           [w_1,0, w_1,1]], dtype=object)
    """
    shape = check_shape("kernel_shape", kernel_shape, 1, 3, what="spatial axes")
    name = _check_name(name)
    taps = np.empty(shape, dtype=object)
    for index in np.ndindex(taps.shape):
        taps[index] = sp.Symbol(f"{name}_{','.join(map(str, index))}", real=True)
    return taps


def centred_to_weight(taps: Mapping[int, sp.Expr]) -> np.ndarray:
    """The array weight ``w`` with ``w_t = k_{m - t}`` of a centred kernel.

    This is the kernel a cross-correlating library must be given to compute
    the true convolution with ``k``: reversed, and re-indexed from 0.

    Examples
    --------
    >>> centred_to_weight(centred_taps(1))
    array([k_1, k_0, k_-1], dtype=object)
    """
    offsets = sorted(taps)
    m = offsets[-1] if offsets else -1
    if not offsets or offsets != list(range(-m, m + 1)):
        raise ValueError(
            "taps must be keyed by every offset -m..m of a centred kernel, got keys "
            f"{offsets!r}"
        )
    weight = np.empty(2 * m + 1, dtype=object)
    for t in range(2 * m + 1):
        weight[t] = taps[m - t]
    return weight
