"""Where a shifted, scaled kernel is non-zero: the preimage of an interval
under an affine map, solved symbolically."""

from __future__ import annotations

import sympy as sp

__all__ = ["affine_preimage"]


def affine_preimage(expr: sp.Expr, var: sp.Symbol, interval: sp.Interval) -> sp.Interval:
    """The set of ``var`` for which the affine ``expr`` lies in ``interval``.

    For ``expr = a var + b`` this solves ``expr = start`` and ``expr = end``
    and orders the two solutions by the sign of ``a``, which must be known
    from the symbols' assumptions (declare a stride ``positive=True``).

    Raises
    ------
    ValueError
        If ``expr`` is not affine in ``var`` or the sign of its slope is unknown.

    Examples
    --------
    >>> import sympy as sp
    >>> y, x0 = sp.symbols("y x_0", real=True)
    >>> s, m = sp.symbols("s m", positive=True)
    >>> affine_preimage(s * y - x0, y, sp.Interval(-m, m))
    Interval((-m + x_0)/s, (m + x_0)/s)
    """
    if not isinstance(interval, sp.Interval):
        raise TypeError(f"interval must be a sympy Interval, got {interval!r}")
    try:
        poly = sp.Poly(expr, var)
    except sp.PolynomialError:
        poly = None
    if poly is None or poly.degree() != 1:
        raise ValueError(f"expr must be affine (degree 1) in {var}, got {expr}")
    slope = poly.coeff_monomial(var)
    if slope.is_positive:
        low, high = interval.start, interval.end
    elif slope.is_negative:
        low, high = interval.end, interval.start
    else:
        raise ValueError(
            f"the sign of the slope {slope} of {expr} in {var} is unknown; declare its "
            "symbols positive=True or negative=True"
        )
    (start,) = sp.solve(sp.Eq(expr, low), var)
    (end,) = sp.solve(sp.Eq(expr, high), var)
    return sp.Interval(sp.simplify(start), sp.simplify(end))
