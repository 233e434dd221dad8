"""Checks of symbolic identities, as used in the chapters' assertion cells."""

from __future__ import annotations

import sympy as sp

__all__ = ["adjoint_gap", "is_identity"]


def is_identity(lhs: sp.Expr | sp.MatrixBase, rhs: sp.Expr | sp.MatrixBase) -> bool:
    """True when ``lhs - rhs`` simplifies to zero (entry by entry for matrices).

    ``False`` means SymPy could not prove the identity, not that it is false.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> is_identity(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1), is_identity(x, 2 * x)
    (True, False)
    """
    difference = sp.sympify(lhs) - sp.sympify(rhs)
    if isinstance(difference, sp.MatrixBase):
        return all(sp.simplify(entry) == 0 for entry in difference)
    return sp.simplify(difference) == 0


def adjoint_gap(matrix: sp.MatrixBase, u: sp.MatrixBase | None = None,
                v: sp.MatrixBase | None = None) -> sp.Expr:
    """``<u, C v> - <C^T u, v>``, expanded; zero for every ``C``, ``u``, ``v``.

    Without ``u`` and ``v``, vectors of fresh symbols ``u_i`` and ``v_j`` are
    used, so a zero result proves the identity for all inputs at once.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b, c, d = sp.symbols("a b c d")
    >>> adjoint_gap(sp.Matrix([[a, b], [c, d]]))
    0
    """
    n_rows, n_cols = matrix.shape
    u = sp.Matrix(sp.symbols(f"u_0:{n_rows}", real=True)) if u is None else sp.Matrix(u)
    v = sp.Matrix(sp.symbols(f"v_0:{n_cols}", real=True)) if v is None else sp.Matrix(v)
    if u.shape != (n_rows, 1) or v.shape != (n_cols, 1):
        raise ValueError(
            f"u must have {n_rows} entries and v {n_cols} for C of shape {matrix.shape}, got "
            f"{u.shape[0]} and {v.shape[0]}"
        )
    return sp.expand(u.dot(matrix * v) - (matrix.T * u).dot(v))
