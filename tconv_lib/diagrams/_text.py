"""How diagrams write numbers, sizes, cells and formulas as text.

One place for the small formatting rules that the stills, the players, the
geometry's frame descriptions and the calculator share, so that a number or a
grid size reads the same in every picture and sentence of the book.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["axes_text", "cell_text", "format_value", "pretty", "size_text", "span_text"]


def format_value(value: object, digits: int = 2) -> str:
    """A number as a diagram writes it: integers plain, others to ``digits`` significant digits.

    Examples
    --------
    >>> format_value(3.0), format_value(0.4567), format_value(np.int64(-2)), format_value(2.5, 3)
    ('3', '0.46', '-2', '2.5')
    """
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.{digits}g}"


def size_text(shape: Sequence[int]) -> str:
    """A grid shape as people write it.

    Examples
    --------
    >>> size_text((4, 4)), size_text((7,))
    ('4×4', '7')
    """
    return "×".join(str(n) for n in shape)


def axes_text(values: Sequence[int]) -> str:
    """One number when all axes agree, else the tuple.

    Examples
    --------
    >>> axes_text((2, 2)), axes_text((1, 2))
    ('2', '(1, 2)')
    """
    return str(values[0]) if len(set(values)) == 1 else str(tuple(values))


def cell_text(index: Sequence[int] | np.ndarray) -> str:
    """A cell index in parentheses.

    Examples
    --------
    >>> cell_text(np.array([1, 2])), cell_text([3])
    ('(1, 2)', '(3)')
    """
    return "(" + ", ".join(str(int(v)) for v in index) + ")"


def span_text(values: np.ndarray, step: int) -> str:
    """The range of indices ``values`` as ``lo..hi`` (with its step when above 1).

    Examples
    --------
    >>> span_text(np.array([1, 3, 5]), 2), span_text(np.array([4]), 1)
    ('1..5 step 2', '4')
    """
    lo, hi = int(values.min()), int(values.max())
    if lo == hi:
        return str(lo)
    return f"{lo}..{hi}" + (f" step {step}" if step > 1 else "")


def pretty(expression: str) -> str:
    """Typographic form of a formula: ``·`` for ``*``, a minus sign, ``⌊…⌋`` for ``floor(…)``.

    Examples
    --------
    >>> pretty("floor((i - 1) / s) + 1")
    '⌊(i − 1) / s⌋ + 1'
    """
    if not isinstance(expression, str):
        raise TypeError(f"expression must be a str, got {expression!r}")
    text = expression.replace("*", "·").replace(" - ", " − ")
    while "floor(" in text:
        start = text.index("floor(")
        depth, end = 0, start + len("floor")
        for end in range(start + len("floor"), len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = text[:start] + "⌊" + text[start + len("floor("):end] + "⌋" + text[end + 1:]
    return text
