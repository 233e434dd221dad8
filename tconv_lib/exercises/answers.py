"""Comparators shared by the chapters' checkers: each returns None when right, else a hint.

They compare with a value the caller computed from the library, so a checker never stores
the solution, and they raise ``TypeError`` for an answer of the wrong kind (reported by
``check_exercise`` as "expected ...").
"""

from __future__ import annotations

import numbers

import numpy as np


def same_int(answer: object, expected: int, hint: str) -> str | None:
    """``None`` when ``answer`` is the integer ``expected``, else ``hint``.

    Examples
    --------
    >>> same_int(4, 4, "recount") is None
    True
    >>> same_int(5, 4, "recount")
    'recount'
    """
    if isinstance(answer, bool) or not isinstance(answer, numbers.Integral):
        raise TypeError(f"got {type(answer).__name__}, not an int")
    return None if int(answer) == expected else hint


def same_shape(answer: object, expected: tuple[int, ...], hint: str) -> str | None:
    """``None`` when ``answer`` is a tuple or list equal to the shape ``expected``.

    Examples
    --------
    >>> same_shape((1, 2, 8, 8), (1, 2, 8, 8), "check the channels") is None
    True
    """
    if not isinstance(answer, (tuple, list)):
        raise TypeError(f"got {type(answer).__name__}, not a tuple")
    if any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in answer):
        raise TypeError("every entry of a shape is an int")
    return None if tuple(int(v) for v in answer) == tuple(expected) else hint


def close_array(answer: object, expected: np.ndarray, hint: str, atol: float = 1e-9) -> str | None:
    """``None`` when ``answer`` has ``expected``'s shape and values to ``atol``.

    Examples
    --------
    >>> close_array([1.0, 2.0], np.array([1.0, 2.0]), "look again") is None
    True
    >>> close_array([[1.0, 2.0]], np.array([1.0, 2.0]), "look again")
    'your array has shape (1, 2), the answer has shape (2,)'
    """
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError("the answer must be an array of numbers") from error
    if array.shape != expected.shape:
        return f"your array has shape {array.shape}, the answer has shape {expected.shape}"
    return None if np.allclose(array, expected, rtol=0, atol=atol) else hint


def same_formula(answer: object, expected: object, hint: str) -> str | None:
    """``None`` when the SymPy expression ``answer`` simplifies to ``expected``.

    Examples
    --------
    >>> import sympy as sp
    >>> i, s = sp.symbols("i s", integer=True)
    >>> same_formula((i - 1) * s + 1, s * i - s + 1, "expand it") is None
    True
    """
    import sympy as sp

    try:
        difference = sp.simplify(sp.sympify(answer) - sp.sympify(expected))
    except (sp.SympifyError, TypeError) as error:
        raise TypeError("the answer must be a SymPy expression or a formula string") from error
    return None if difference == 0 else hint
