"""The strided operator ``K_s``, its adjoint and inner products, in SymPy.

Continuous signals live on the real line and the operators are integrals over
it; discrete signals are indexed by integers and the operators are sums over
a finite range. Both are returned *unevaluated* so that a notebook can show
the expression before calling ``.doit()``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .kernel import kernel_function

__all__ = ["delta_at", "inner_product", "strided_adjoint", "strided_operator"]

Bounds = tuple[sp.Expr | int, sp.Expr | int] | None


def _limits(var: sp.Symbol, bounds: Bounds) -> tuple:
    if not isinstance(var, sp.Symbol):
        raise TypeError(f"the variable must be a sympy Symbol, got {var!r}")
    if bounds is None:
        return (var, -sp.oo, sp.oo)
    if len(bounds) != 2:
        raise ValueError(f"bounds must be None (the real line) or (low, high), got {bounds!r}")
    return (var, *bounds)


def _reduce(expr: sp.Expr, var: sp.Symbol, bounds: Bounds) -> sp.Expr:
    limits = _limits(var, bounds)
    return sp.Integral(expr, limits) if bounds is None else sp.Sum(expr, limits)


def strided_operator(v: sp.Expr, x: sp.Symbol, y: sp.Symbol, s: sp.Expr,
                     kernel: Callable[[sp.Expr], sp.Expr] | None = None,
                     bounds: Bounds = None) -> sp.Expr:
    """``(K_s v)(y)``: the stride-``s`` true convolution of ``v`` with ``k``.

    ``∫ k(s y - x) v(x) dx`` over the real line when ``bounds`` is None, else
    the sum ``Σ_{x=low}^{high} k(s y - x) v(x)``. Unevaluated; call ``.doit()``.

    Parameters
    ----------
    v : sympy expression
        The input signal, an expression in ``x``.
    x, y : sympy.Symbol
        Input and output variables (integer symbols for the sum form).
    s : sympy expression
        The stride (a positive symbol or number).
    kernel : callable, optional
        The kernel ``k``; an undefined function by default.
    bounds : (low, high), optional
        Summation range of ``x`` for the discrete form.

    Examples
    --------
    >>> import sympy as sp
    >>> x, x0, y = sp.symbols("x x_0 y", real=True)
    >>> s = sp.Symbol("s", positive=True)
    >>> strided_operator(sp.DiracDelta(x - x0), x, y, s).doit()
    k(s*y - x_0)
    """
    k = kernel_function() if kernel is None else kernel
    return _reduce(k(s * y - x) * v, x, bounds)


def strided_adjoint(u: sp.Expr, x: sp.Symbol, y: sp.Symbol, s: sp.Expr,
                    kernel: Callable[[sp.Expr], sp.Expr] | None = None,
                    bounds: Bounds = None) -> sp.Expr:
    """``(K_s^T u)(x)``: ``∫ u(y) k(s y - x) dy``, or the sum over ``y``.

    The same kernel values as :func:`strided_operator`, integrated over the
    *output* variable ``y`` instead of the input variable ``x``.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y, y0 = sp.symbols("x y y_0", real=True)
    >>> s = sp.Symbol("s", positive=True)
    >>> strided_adjoint(sp.DiracDelta(y - y0), x, y, s).doit()
    k(s*y_0 - x)
    """
    k = kernel_function() if kernel is None else kernel
    return _reduce(u * k(s * y - x), y, bounds)


def inner_product(f: sp.Expr, g: sp.Expr, var: sp.Symbol, bounds: Bounds = None) -> sp.Expr:
    """``<f, g>``: ``∫ f g d(var)`` over the real line, or ``Σ f g`` over ``bounds``.

    Real signals only, so there is no complex conjugate. Unevaluated.

    Examples
    --------
    >>> import sympy as sp
    >>> j = sp.Symbol("j", integer=True)
    >>> inner_product(j, j, j, bounds=(1, 3)).doit()
    14
    """
    return _reduce(f * g, var, bounds)


def delta_at(var: sp.Symbol, at: sp.Expr, discrete: bool = False) -> sp.Expr:
    """The unit impulse at ``at``: ``DiracDelta(var - at)``, or ``KroneckerDelta``.

    The discrete one, as a function of an integer ``var``, is the standard
    basis vector ``e_at``.

    Examples
    --------
    >>> import sympy as sp
    >>> j = sp.Symbol("j", integer=True)
    >>> [delta_at(j, 2, discrete=True).subs(j, n) for n in range(4)]
    [0, 0, 1, 0]
    """
    if not isinstance(var, sp.Symbol):
        raise TypeError(f"var must be a sympy Symbol, got {var!r}")
    return sp.KroneckerDelta(var, at) if discrete else sp.DiracDelta(var - at)
