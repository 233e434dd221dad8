"""The output-size formulas as text templates: one source for Python, JavaScript and prose.

The book states each relationship in three places: the library computes it
(:mod:`tconv_lib.arithmetic`), the kernel-free calculator on the static site
evaluates it in JavaScript, and the gallery prints it with numbers
substituted. Writing the formula once, as a template over the letters
``i, k, s, p, d, a``, and deriving the other forms from it means the three
cannot disagree; the tests compare the template with the library on a grid
of values.

Templates use only integers, ``+ - * /``, parentheses, ``floor``, ``max``,
comparison and ``%``. ``%`` is only applied to non-negative numbers, where
Python and JavaScript agree.
"""

from __future__ import annotations

import math
import re

from ..arithmetic import (
    conv_output_size,
    conv_transpose_output_size,
    inverse_output_padding,
)
from ._text import pretty
from .geometry import DiagramConfig

__all__ = [
    "TEMPLATES",
    "evaluate_template",
    "output_sizes",
    "substituted_formula",
    "template_to_javascript",
]

#: Name -> template. ``conv_valid`` and ``transposed_valid`` are the conditions
#: under which the two sizes are defined.
TEMPLATES: dict[str, str] = {
    "conv_output": "floor((i + 2*p - d*(k - 1) - 1) / s) + 1",
    "conv_valid": "d*(k - 1) + 1 <= i + 2*p",
    "remainder": "(i + 2*p - d*(k - 1) - 1) % s",
    "transposed_output": "(i - 1)*s - 2*p + d*(k - 1) + a + 1",
    "transposed_valid": "a < max(s, d)",
}

_LETTERS = ("i", "k", "s", "p", "d", "a")
_ALLOWED = re.compile(r"^[ikspda0-9+\-*/%()<=, ]+$")


def _check_template(template: object) -> str:
    if not isinstance(template, str):
        raise TypeError(f"template must be a str, got {template!r}")
    body = template.replace("floor", "").replace("max", "")
    if not _ALLOWED.match(body) or "//" in body or "**" in body:
        raise ValueError(f"not a size template (letters i k s p d a, + - * / % ( ) <= , "
                         f"floor, max): {template!r}")
    return template


def evaluate_template(template: str, **values: int) -> int | bool:
    """Evaluate a template in Python, e.g. ``evaluate_template(t, i=5, k=3, ...)``.

    Raises
    ------
    TypeError
        If ``template`` is not a str or a value is not an int.
    ValueError
        If ``template`` is not a size template or a letter is unknown.

    Examples
    --------
    >>> evaluate_template(TEMPLATES["conv_output"], i=5, k=3, s=2, p=1, d=1)
    3
    """
    _check_template(template)
    for name, value in values.items():
        if name not in _LETTERS:
            raise ValueError(f"unknown letter {name!r}; templates use {_LETTERS}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {value!r}")
    # The template passed the character whitelist, so eval sees only
    # arithmetic over the given letters, floor and max.
    result: int | bool = eval(template, {"__builtins__": {}, "floor": math.floor, "max": max},
                              dict(values))
    return result


def template_to_javascript(template: str) -> str:
    """The same expression in JavaScript (``floor`` -> ``Math.floor``, ``max`` -> ``Math.max``).

    Examples
    --------
    >>> template_to_javascript(TEMPLATES["conv_output"])
    'Math.floor((i + 2*p - d*(k - 1) - 1) / s) + 1'
    """
    _check_template(template)
    return re.sub(r"\b(floor|max)\(", r"Math.\1(", template)


def substituted_formula(config: DiagramConfig, axis: int = 0) -> str:
    """The output-size formula of ``config`` with its numbers substituted.

    Examples
    --------
    >>> substituted_formula(DiagramConfig(5, 3, stride=2, padding=1))
    'o = ⌊(i + 2·p − d·(k − 1) − 1) / s⌋ + 1 = ⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3'
    >>> substituted_formula(DiagramConfig(3, 3, 2, 1, output_padding=1, transposed=True))
    'o = (i − 1)·s − 2·p + d·(k − 1) + a + 1 = (3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6'
    """
    if not isinstance(config, DiagramConfig):
        raise TypeError(f"config must be a DiagramConfig, got {config!r}")
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"axis must be an int, got {axis!r}")
    if not 0 <= axis < config.ndim:
        raise ValueError(f"axis must be in 0..{config.ndim - 1}, got {axis!r}")
    template = TEMPLATES["transposed_output" if config.transposed else "conv_output"]
    values = {"i": config.i[axis], "k": config.k[axis], "s": config.stride[axis],
              "p": config.padding[axis], "d": config.dilation[axis],
              "a": config.output_padding[axis]}
    numbers = re.sub(r"\b([ikspda])\b", lambda m: str(values[m.group(1)]), template)
    result = evaluate_template(template, **{k: v for k, v in values.items()
                                            if re.search(rf"\b{k}\b", template)})
    return f"o = {pretty(template)} = {pretty(numbers)} = {result}"


def output_sizes(i: int, k: int, s: int = 1, p: int = 0, d: int = 1, a: int = 0) -> dict:
    """Every size relation for one set of parameters, from the library.

    The Python twin of the book's calculator. ``i`` is read twice: as the input
    of a convolution, and as the input of a transposed convolution.

    Returns
    -------
    dict
        ``conv_output`` (or an error message), ``remainder`` (the
        ``output_padding`` that makes the transposed convolution of the
        convolution's output give back ``i``), and ``transposed_output`` (or
        an error message) for a transposed convolution reading ``i`` cells.

    Examples
    --------
    >>> output_sizes(6, 3, s=2, p=1)
    {'conv_output': 3, 'remainder': 1, 'transposed_output': 11}
    """
    result: dict[str, int | str] = {}
    try:
        result["conv_output"] = conv_output_size(i, k, s, p, d)
        result["remainder"] = inverse_output_padding(i, k, s, p, d)
    except ValueError as err:
        result["conv_output"] = result["remainder"] = f"undefined: {err}"
    try:
        result["transposed_output"] = conv_transpose_output_size(i, k, s, p, a, d)
    except ValueError as err:
        result["transposed_output"] = f"undefined: {err}"
    return result
