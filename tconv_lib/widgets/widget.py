"""The explorer as a Jupyter widget: the page's own JavaScript, with Python in charge.

:class:`Explorer` is an ``anywidget.AnyWidget`` whose front-end is the
explorer of the book's website (``tconv_lib/web``: ``tconv.js``,
``explorer.js`` and ``widget.js`` joined into one ES module, with
``explorer.css``), so every control change is drawn in the browser at once,
with no round trip to the kernel. The settings are traits named as the
library's keywords, synced both ways; ``error``, ``rule``, ``n_steps`` and
``result`` are computed by tconv_lib in Python (:mod:`.state`) whenever a
setting changes, so a notebook can check what the page shows.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from .. import web
from ..diagrams.views import get_view
from .state import SETTING_NAMES, VIEW_NAMES, ExplorerState, check_settings, explorer_state

__all__ = ["Explorer", "explorer"]

_STRUCTURAL = tuple(name for name in SETTING_NAMES if name not in ("step", "numbers"))


def _module() -> str:
    return "\n".join(web.asset(name) for name in ("tconv.js", "explorer.js", "widget.js"))


class Explorer(anywidget.AnyWidget):
    """An interactive (transposed) convolution: controls, diagram, matrix, sizes, numbers.

    Make it the last expression of a notebook cell to display it. Every
    setting is a trait: set it from Python (``ex.stride = 3``, or several at
    once with :meth:`set`) and the page redraws; move a control in the page and
    the trait follows.

    Attributes
    ----------
    ndim, transposed, i, k, stride, padding, output_padding, dilation, view, numbers, step
        The settings (``i`` is an int, or ``[rows, columns]`` in 2-D; ``step``
        counts from 1). Values outside a control's range raise
        ``traitlets.TraitError``.
    error, rule : str
        The library's message and rule name when the combination is invalid,
        empty strings when it is valid.
    n_steps : int
        Number of steps of the current view (0 when invalid).
    result : list
        The output for the example numbers, as nested lists, computed by
        :func:`tconv_lib.conv` or :func:`tconv_lib.conv_transpose`; the last
        valid one while the settings are invalid.

    Examples
    --------
    >>> ex = Explorer(ndim=1, i=3, k=3, stride=2, padding=1, output_padding=1)
    >>> ex.n_steps, ex.error, len(ex.result)
    (6, '', 6)
    >>> ex.output_padding = 2
    >>> ex.rule, ex.n_steps
    ('output_padding_too_large', 0)
    """

    _esm = traitlets.Unicode(_module()).tag(sync=True)
    _css = traitlets.Unicode(web.asset("explorer.css")).tag(sync=True)
    _data = traitlets.Dict().tag(sync=True)

    ndim = traitlets.Int(2).tag(sync=True)
    transposed = traitlets.Bool(True).tag(sync=True)
    i = traitlets.Union([traitlets.Int(), traitlets.List(traitlets.Int())],
                        default_value=3).tag(sync=True)
    k = traitlets.Int(3).tag(sync=True)
    stride = traitlets.Int(2).tag(sync=True)
    padding = traitlets.Int(1).tag(sync=True)
    output_padding = traitlets.Int(1).tag(sync=True)
    dilation = traitlets.Int(1).tag(sync=True)
    view = traitlets.Unicode("gather").tag(sync=True)
    numbers = traitlets.Bool(True).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)

    error = traitlets.Unicode("").tag(sync=True)
    rule = traitlets.Unicode("").tag(sync=True)
    n_steps = traitlets.Int(0).tag(sync=True)
    result: traitlets.List[Any] = traitlets.List().tag(sync=True)

    def __init__(self, **settings: Any) -> None:
        checked = check_settings(settings)
        self._state: ExplorerState | None = None
        super().__init__(_data=web.explorer_data(), **checked)
        self._update()

    @traitlets.validate(*SETTING_NAMES)
    def _validate_setting(self, proposal: dict) -> object:
        name, value = proposal["trait"].name, proposal["value"]
        if name == "view" and value not in VIEW_NAMES:
            raise traitlets.TraitError(f"view must be one of {VIEW_NAMES}, got {value!r}")
        if name == "step":
            if value < 1:
                raise traitlets.TraitError(f"step must be at least 1, got {value}")
            return value
        current = {n: getattr(self, n) for n in SETTING_NAMES if n != "step"}
        if name == "ndim" and value == 1 and isinstance(current["i"], list):
            current["i"] = current["i"][-1]
        try:
            checked = check_settings({**current, name: value})
        except (TypeError, ValueError) as err:
            raise traitlets.TraitError(str(err)) from err
        return checked[name]

    @traitlets.observe(*_STRUCTURAL)
    def _on_setting(self, change: dict) -> None:
        if change["name"] == "ndim" and change["new"] == 1 and isinstance(self.i, list):
            self.i = self.i[-1]
        drawn_kind = get_view(self.view).transposed  # None: the view draws both kinds
        if change["name"] == "transposed" and drawn_kind not in (None, change["new"]):
            self.view = "gather"
        self._update()

    @traitlets.observe("step")
    def _on_step(self, change: dict) -> None:
        if self.n_steps and change["new"] > self.n_steps:
            self.step = self.n_steps

    def _update(self) -> None:
        state = explorer_state(self.settings)
        with self.hold_trait_notifications():
            self.error, self.rule = state.error, state.rule
            self.n_steps = state.n_steps
            if state.result is not None:
                self._state = state
                self.result = state.result.tolist()
                if self.step > state.n_steps:
                    self.step = state.n_steps

    @property
    def settings(self) -> dict[str, object]:
        """The current settings, as keyword arguments of :func:`explorer`."""
        return {name: getattr(self, name) for name in SETTING_NAMES}

    @property
    def state(self) -> ExplorerState:
        """The library's computation of the setting shown (the last valid one)."""
        if self._state is None:
            raise ValueError(f"no valid setting has been shown yet: {self.error}")
        return self._state

    def set(self, **settings: Any) -> None:
        """Change several settings at once, with a single recomputation.

        Raises
        ------
        TypeError, ValueError
            As :func:`explorer`, before anything changes.
        """
        step = settings.pop("step", None)
        checked = check_settings({**{n: getattr(self, n) for n in SETTING_NAMES
                                     if n != "step"}, **settings})
        with self.hold_trait_notifications():
            for name in settings:
                setattr(self, name, checked[name])
        if step is not None:
            self.step = step


def explorer(**settings: Any) -> Explorer:
    """The interactive explorer of (transposed) convolutions, ready to display.

    Parameters
    ----------
    **settings
        ``ndim`` (1 or 2), ``transposed``, ``i`` (int, or ``[rows, columns]``),
        ``k``, ``stride``, ``padding``, ``output_padding``, ``dilation``,
        ``view`` (``'gather'``, ``'scatter'`` or ``'matrix'``), ``numbers``,
        ``step``; the ranges are those of :data:`tconv_lib.web.CONTROL_LIMITS`.

    Returns
    -------
    Explorer
        An anywidget widget; make it the last expression of a cell.

    Raises
    ------
    TypeError, ValueError
        For an unknown setting or a value outside its control's range. An
        invalid *combination* of valid values is not an error: the explorer
        shows the library's message, as it does when the reader sets it.

    Examples
    --------
    >>> ex = explorer(i=4, k=2, stride=2, padding=0, output_padding=0)
    >>> ex.n_steps, len(ex.result), len(ex.result[0])
    (64, 8, 8)
    """
    return Explorer(**settings)
