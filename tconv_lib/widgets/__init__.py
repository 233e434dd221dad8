"""The interactive explorer in Jupyter: the website's JavaScript explorer as one widget.

``explorer`` (:func:`tconv_lib.explorer`) returns an :class:`Explorer`, an
``anywidget`` whose front-end is the explorer of ``tconv_lib/web``; ``state``
computes the same settings with the library, without any widget. Names load
on first use, so importing this package loads neither ipywidgets nor
Matplotlib.
"""

from importlib import import_module
from typing import Any

__all__ = ["SETTING_NAMES", "Explorer", "ExplorerState", "check_settings", "explorer",
           "explorer_state"]

_LAZY = {"Explorer": "widget", "explorer": "widget", "SETTING_NAMES": "state",
         "ExplorerState": "state", "check_settings": "state", "explorer_state": "state"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
