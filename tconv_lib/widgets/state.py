"""What the explorer shows for one setting, computed by tconv_lib in Python.

The explorer's page computes everything in JavaScript (``tconv_lib/web``);
this module computes the same setting with the library, so that a notebook
or a test can hold the two against each other: the output (or the library's
message when the combination is invalid), the number of steps, and for each
step the products it adds up, read off the matrix ``C`` of
:func:`tconv_lib.conv_matrix`. The example numbers are
:func:`tconv_lib.web.example_values`, the page's own.

Pure NumPy: importing it loads neither Matplotlib nor ipywidgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..arithmetic import conv_output_size
from ..diagrams.views import get_view, view_names
from ..matrix import conv_matrix
from ..ops import conv, conv_transpose
from ..web import CONTROL_LIMITS, DEFAULT_SETTINGS, example_values

__all__ = ["SETTING_NAMES", "VIEW_NAMES", "ExplorerState", "check_settings", "explorer_state"]

#: The explorer's settings, in the order of its controls.
SETTING_NAMES = ("ndim", "transposed", "i", "k", "stride", "padding", "output_padding",
                 "dilation", "view", "numbers", "step")
#: Views the explorer draws, from the one registry of views (``diagrams.views``).
VIEW_NAMES = view_names()


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r} of type "
                        f"{type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must lie in {low}..{high} in the explorer, got {value}")
    return int(value)


def check_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A complete, checked copy of explorer settings (missing ones take their default).

    Each number must lie in the range of its control (:data:`tconv_lib.web.CONTROL_LIMITS`);
    ``i`` is an int or, in 2-D, ``[rows, columns]``. A *combination* that the library
    rejects is not an error here: the explorer shows its message.

    Raises
    ------
    TypeError
        An unknown setting, or a value of the wrong type.
    ValueError
        A value outside its control's range.

    Examples
    --------
    >>> check_settings({"i": [3, 5], "stride": 1})["i"]
    [3, 5]
    >>> check_settings({"stride": 9})
    Traceback (most recent call last):
    ...
    ValueError: stride must lie in 1..4 in the explorer, got 9
    """
    unknown = sorted(set(settings) - set(SETTING_NAMES))
    if unknown:
        raise TypeError(f"unknown explorer setting(s) {unknown}; known: {list(SETTING_NAMES)}")
    out = {**DEFAULT_SETTINGS, **settings}
    if out["ndim"] not in (1, 2) or isinstance(out["ndim"], bool):
        raise ValueError(f"ndim must be 1 or 2, got {out['ndim']!r}")
    for name in ("transposed", "numbers"):
        if not isinstance(out[name], (bool, np.bool_)):
            raise TypeError(f"{name} must be a bool, got {out[name]!r}")
        out[name] = bool(out[name])
    low, high = CONTROL_LIMITS["i"]
    i = out["i"]
    if isinstance(i, (list, tuple)):
        if len(i) != 2 or out["ndim"] != 2:
            raise ValueError(f"i must be an int, or [rows, columns] in 2-D, got {i!r}")
        i = [_check_int(f"i[{j}]", v, low, high) for j, v in enumerate(i)]
        out["i"] = i[0] if i[0] == i[1] else i
    else:
        out["i"] = _check_int("i", i, low, high)
    for name in ("k", "stride", "padding", "output_padding", "dilation"):
        out[name] = _check_int(name, out[name], *CONTROL_LIMITS[name])
    if out["view"] not in VIEW_NAMES:
        raise ValueError(f"view must be one of {VIEW_NAMES}, got {out['view']!r}")
    if not _view_accepts(str(out["view"]), bool(out["transposed"])):
        out["view"] = "gather"  # a convolution gathers; the page does the same
    out["step"] = _check_int("step", out["step"], 1, 10**9)
    return out


@dataclass(frozen=True)
class ExplorerState:
    """One setting of the explorer, computed by the library.

    Attributes
    ----------
    settings : dict
        The checked settings (:func:`check_settings`).
    error, rule : str
        The library's message and rule name for an invalid combination; empty
        strings when it is valid.
    x, w, result : numpy.ndarray or None
        The example input and kernel and the output the page shows (``None``
        when invalid).
    matrix : numpy.ndarray or None
        The drawn matrix: ``C`` for a convolution, ``Cᵀ`` for a transposed one
        (rows are output cells, columns input cells).
    """

    settings: dict[str, Any]
    error: str
    rule: str
    x: np.ndarray | None
    w: np.ndarray | None
    result: np.ndarray | None
    matrix: np.ndarray | None

    @property
    def n_steps(self) -> int:
        """Output cells (gather, matrix view) or input cells (scatter view); 0 if invalid."""
        if self.result is None or self.x is None:
            return 0
        return int(self.x.size if _steps_over_input(self.settings) else self.result.size)

    def step_products(self, step: int) -> list[tuple[int, float, float]]:
        """The products of step ``step`` (counted from 1) as ``(cell, x value, w value)``.

        Gather and matrix views: the products summed into output cell
        ``step - 1``, ``cell`` being the input cell. Scatter view: the products
        input cell ``step - 1`` adds, ``cell`` being the output cell.

        Examples
        --------
        >>> state = explorer_state({"ndim": 1, "i": 3, "k": 3, "stride": 2, "padding": 1,
        ...                         "output_padding": 1})
        >>> state.step_products(2), state.result[1]
        ([(0, 1, 3), (1, 3, 1)], np.int64(6))
        """
        if self.result is None or self.x is None or self.matrix is None:
            raise ValueError(f"these settings are invalid ({self.error}): there is no step")
        step = _check_int("step", step, 1, self.n_steps) - 1
        x, m = self.x.ravel(), self.matrix
        if _steps_over_input(self.settings):
            (cells,) = np.nonzero(m[:, step])
            return [(int(c), x[step].item(), m[c, step].item()) for c in cells]
        (cells,) = np.nonzero(m[step])
        return [(int(c), x[c].item(), m[step, c].item()) for c in cells]


def _view_accepts(view: str, transposed: bool) -> bool:
    """Whether ``view`` draws this kind of convolution (its registry entry says)."""
    wanted = get_view(view).transposed
    return wanted is None or wanted == transposed


def _steps_over_input(settings: Mapping[str, Any]) -> bool:
    """True for a view whose frames walk the input cells (scatter), not the outputs."""
    return get_view(str(settings["view"])).frame_unit == "input cell"


def _input_shape(settings: Mapping[str, Any]) -> tuple[int, ...]:
    i = settings["i"]
    if settings["ndim"] == 1:
        return (i[-1] if isinstance(i, list) else i,)
    return tuple(i) if isinstance(i, list) else (i, i)


def explorer_state(settings: Mapping[str, Any]) -> ExplorerState:
    """Compute one setting of the explorer with the library.

    Examples
    --------
    >>> state = explorer_state({"i": 3, "k": 3, "stride": 2, "padding": 1, "output_padding": 1})
    >>> state.result.shape, state.n_steps, state.error
    ((6, 6), 36, '')
    >>> bad = explorer_state({"stride": 1, "output_padding": 1})
    >>> bad.rule, bad.result is None
    ('output_padding_too_large', True)
    """
    s = check_settings(settings)
    shape = _input_shape(s)
    ndim = len(shape)
    x, w = example_values(shape, 0), example_values((s["k"],) * ndim, 1)
    stride, padding, dilation = s["stride"], s["padding"], s["dilation"]
    try:
        if s["transposed"]:
            result = conv_transpose(x[None, None], w[None, None], stride, padding,
                                    s["output_padding"], dilation)[0, 0]
            # Cᵀ: the transpose of the matrix of the convolution that reads the output;
            # with output_padding >= stride it has more outputs than i: keep the first i.
            full = conv_matrix(result.shape, w, stride, padding, dilation)
            conv_shape = tuple(conv_output_size(o, s["k"], stride, padding, dilation)
                               for o in result.shape)
            kept = full.reshape(*conv_shape, -1)[tuple(slice(0, n) for n in shape)]
            matrix = kept.reshape(x.size, -1).T
        else:
            result = conv(x[None, None], w[None, None], stride, padding, dilation)[0, 0]
            matrix = conv_matrix(shape, w, stride, padding, dilation)
    except ValueError as error:
        return ExplorerState(s, str(error), str(getattr(error, "rule", "") or ""), None, None,
                             None, None)
    return ExplorerState(s, "", "", x, w, result, matrix)
