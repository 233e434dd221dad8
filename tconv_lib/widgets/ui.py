"""The explorer widget: controls, pictures and text kept in step with one another.

Every control change recomputes the scene (:func:`.scene.explorer_scene`).
If the library rejects the combination, the widget shows why, in words, and
leaves the pictures of the last valid combination in place; otherwise it
redraws. Moving the step slider (or pressing play) only moves the kernel in
the diagram and the highlight in the matrix, which is much cheaper.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager

import ipywidgets as widgets
import numpy as np

from .canvas import HIGHLIGHT_ORANGE, DiagramCanvas, MatrixCanvas
from .scene import ExplorerScene, ExplorerSettings, explain_error, explorer_scene

__all__ = ["CONTROL_LIMITS", "INPUT_LIMIT_1D", "Explorer", "explorer"]

#: Range of each numeric control (2-D); in 1-D the input may have up to
#: ``INPUT_LIMIT_1D`` cells. The ranges keep every picture legible and every
#: update quick.
CONTROL_LIMITS: dict[str, tuple[int, int]] = {
    "i": (1, 8),
    "k": (1, 5),
    "stride": (1, 3),
    "padding": (0, 3),
    "output_padding": (0, 2),
    "dilation": (1, 3),
}
#: Largest input size of the 1-D explorer.
INPUT_LIMIT_1D = 12
_LABELS = {"i": "input i", "k": "kernel k", "stride": "stride s", "padding": "padding p",
           "output_padding": "output pad a", "dilation": "dilation d"}
_SLIDER_LAYOUT = {"width": "250px"}
_SLIDER_STYLE = {"description_width": "95px"}


def _table(values: np.ndarray, marked: set[int], title: str) -> str:
    """A small HTML table of a 1-D or 2-D array; cells with flat index in ``marked`` stand out."""
    grid = values.reshape(1, -1) if values.ndim == 1 else values
    rows = []
    for r, row in enumerate(grid):
        cells = []
        for c, value in enumerate(row):
            on = r * grid.shape[1] + c in marked
            style = (f"background:{HIGHLIGHT_ORANGE};font-weight:bold" if on else "")
            text = f"{value:g}" if np.issubdtype(values.dtype, np.floating) else str(value)
            cells.append(f'<td style="padding:0 4px;text-align:right;{style}">{text}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    shape = "×".join(map(str, values.shape))
    return (f'<div style="display:inline-block;vertical-align:top;margin:0 18px 6px 0">'
            f"<b>{html.escape(title)}</b> ({shape})"
            f'<table style="border-collapse:collapse;font-family:monospace;font-size:12px">'
            f"{''.join(rows)}</table></div>")


def _cell(index: tuple) -> str:
    return "(" + ", ".join(str(int(v)) for v in index) + ")"


class Explorer(widgets.VBox):
    """An interactive (transposed) convolution: controls, diagram, matrix, sizes and numbers.

    Display it as the last expression of a notebook cell. Every control is
    also reachable from code, so the explorer can be driven by a script or a
    test: :meth:`set` changes several controls with a single redraw.

    Parameters
    ----------
    settings : ExplorerSettings, optional
        Initial values of the controls; an invalid combination shows its
        message instead of a picture.
    step : int
        Initial step, counted from 1.
    seconds_per_step : float
        Speed of the play button.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        One control per field of :class:`ExplorerSettings`.
    step : ipywidgets.IntSlider
        The current step, from 1 to the number of steps.
    play : ipywidgets.Play
        Walks the step slider (linked to it).
    diagram, matrix : ipywidgets.Image
        The Dumoulin–Visin diagram and the matrix, as PNG.
    header, message, matrix_caption, details : ipywidgets.HTML
        The configuration and its output-size formula; the message shown for an
        invalid combination (empty otherwise); which row or column of the matrix
        the step is; the step in words, with the example input, kernel and output.
    scene : ExplorerScene or None
        What the pictures show: the last valid combination.
    error : str or None
        The message for the current combination, if it is invalid.

    Examples
    --------
    >>> ex = Explorer(ExplorerSettings(ndim=1, i=2, padding=0, output_padding=0))
    >>> ex.scene.n_steps, ex.step.max
    (5, 5)
    >>> ex.set(padding=3)
    >>> ex.error[:40], ex.scene.settings.padding
    ('The padding crops away more cells than t', 0)
    """

    def __init__(self, settings: ExplorerSettings | None = None, *, step: int = 1,
                 seconds_per_step: float = 0.8) -> None:
        settings = ExplorerSettings() if settings is None else settings
        if not isinstance(settings, ExplorerSettings):
            raise TypeError(f"settings must be an ExplorerSettings, got "
                            f"{type(settings).__name__}")
        if (isinstance(seconds_per_step, bool) or not isinstance(seconds_per_step, (int, float))
                or seconds_per_step <= 0):
            raise ValueError(f"seconds_per_step must be a positive number, got "
                             f"{seconds_per_step!r}")
        _check_ranges(settings)
        self._holding = False
        self.scene: ExplorerScene | None = None
        self.error: str | None = None
        self._diagram_canvas = DiagramCanvas()
        self._matrix_canvas = MatrixCanvas()
        self.controls = self._make_controls(settings)
        self.step = widgets.IntSlider(value=1, min=1, max=1, description="step",
                                      continuous_update=True, layout={"width": "420px"},
                                      style={"description_width": "40px"})
        self.play = widgets.Play(value=1, min=1, max=1, interval=round(1000 * seconds_per_step),
                                 description="play", tooltip="play / pause the steps")
        self._play_link = widgets.link((self.play, "value"), (self.step, "value"))
        self.diagram = widgets.Image(format="png", layout={"max_width": "100%"})
        self.matrix = widgets.Image(format="png", layout={"max_width": "100%"})
        self.header = widgets.HTML()
        self.message = widgets.HTML()
        self.matrix_caption = widgets.HTML()
        self.details = widgets.HTML()
        c = self.controls
        super().__init__(children=[
            widgets.HBox([c["ndim"], c["transposed"], c["view"]],
                         layout={"flex_flow": "row wrap"}),
            widgets.HBox([c["i"], c["k"], c["stride"]], layout={"flex_flow": "row wrap"}),
            widgets.HBox([c["padding"], c["output_padding"], c["dilation"], c["numbers"]],
                         layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.play, self.step]),
            self.message,
            self.header,
            # Column boxes would stretch the pictures to their width: keep them at
            # their own size, and the matrix caption no wider than a large matrix.
            widgets.HBox([widgets.VBox([self.diagram], layout={"align_items": "flex-start"}),
                          widgets.VBox([self.matrix_caption, self.matrix],
                                       layout={"align_items": "flex-start",
                                               "max_width": "480px"})],
                         layout={"flex_flow": "row wrap", "align_items": "flex-start",
                                 "grid_gap": "0 24px"}),
            self.details,
        ])
        for control in self.controls.values():
            control.observe(self._on_control, names="value")
        self.step.observe(self._on_step, names="value")
        with self._hold():
            self._sync_controls()
        self._refresh()
        if self.scene is not None:
            self.set(step=step)

    # ------------------------------------------------------------------ controls

    @staticmethod
    def _make_controls(settings: ExplorerSettings) -> dict[str, widgets.Widget]:
        controls: dict[str, widgets.Widget] = {
            "ndim": widgets.ToggleButtons(options=[("1-D", 1), ("2-D", 2)], value=settings.ndim,
                                          style={"button_width": "52px"}),
            "transposed": widgets.ToggleButtons(
                options=[("convolution", False), ("transposed", True)],
                value=settings.transposed, style={"button_width": "100px"}),
            "view": widgets.ToggleButtons(
                options=[("gather", "gather"), ("scatter", "scatter")], value=settings.view,
                style={"button_width": "70px"},
                tooltips=["each output cell reads a window of the (zero-inserted) input",
                          "each input cell adds a scaled copy of the kernel to the output"]),
            "numbers": widgets.Checkbox(value=settings.numbers, description="numbers in cells",
                                        indent=False, layout={"width": "150px"}),
        }
        for name, (low, high) in CONTROL_LIMITS.items():
            if name == "i" and settings.ndim == 1:
                high = INPUT_LIMIT_1D
            controls[name] = widgets.IntSlider(
                value=getattr(settings, name), min=low, max=high, description=_LABELS[name],
                continuous_update=False, layout=_SLIDER_LAYOUT, style=_SLIDER_STYLE)
        return controls

    @property
    def settings(self) -> ExplorerSettings:
        """The current values of the controls."""
        return ExplorerSettings(**{name: control.value for name, control in
                                   self.controls.items()})

    @contextmanager
    def _hold(self) -> Iterator[None]:
        """Change controls without a redraw per change."""
        previous, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = previous

    def _sync_controls(self) -> None:
        """Ranges and availability that depend on other controls."""
        c = self.controls
        c["i"].max = INPUT_LIMIT_1D if c["ndim"].value == 1 else CONTROL_LIMITS["i"][1]
        transposed = c["transposed"].value
        if not transposed:
            c["view"].value = "gather"
        c["view"].disabled = not transposed
        c["output_padding"].disabled = not transposed

    def set(self, **values: object) -> None:
        """Set several controls (names of :class:`ExplorerSettings`, and ``step``) at once.

        Raises
        ------
        TypeError
            For an unknown name.
        ValueError
            For a value outside the control's range (see :data:`CONTROL_LIMITS`).
        """
        step = values.pop("step", None)
        _check_ranges(self.settings.replace(**values), names=values)
        with self._hold():
            # ndim and transposed first: they set the range and availability of others.
            for name in sorted(values, key=lambda name: name not in ("ndim", "transposed")):
                self.controls[name].value = values[name]
                self._sync_controls()
        if values:
            self._refresh()
        if step is not None:
            self._check_step(step)
            self.step.value = step

    def _check_step(self, step: object) -> None:
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
            raise TypeError(f"step must be an integer, got {step!r}")
        if self.scene is None or not 1 <= step <= self.scene.n_steps:
            limit = self.scene.n_steps if self.scene is not None else 0
            raise ValueError(f"step must lie in 1..{limit} for the configuration shown, "
                             f"got {step}")

    def _on_control(self, change: dict) -> None:
        if self._holding:
            return
        with self._hold():
            self._sync_controls()
        self._refresh()

    def _on_step(self, change: dict) -> None:
        if not self._holding and self.error is None and self.scene is not None:
            self._render(rebuild=False)

    # ------------------------------------------------------------------ drawing

    def _refresh(self) -> None:
        try:
            scene = explorer_scene(self.settings)
        except (ValueError, TypeError) as err:
            self._show_error(err)
            return
        self.error = None
        self.message.value = ""
        self.scene = scene
        with self._hold():
            self.step.max = self.play.max = scene.n_steps
            self.step.disabled = self.play.disabled = False
        self._render(rebuild=True)

    def _show_error(self, error: Exception) -> None:
        self.error = explain_error(error)
        self.play.playing = False
        self.step.disabled = self.play.disabled = True
        kept = ("The pictures below still show the last valid settings."
                if self.scene is not None else "")
        self.message.value = (
            f'<div role="alert" style="border-left:4px solid {HIGHLIGHT_ORANGE};'
            'background:#fff6e0;padding:6px 10px;margin:4px 0;color:#111">'
            f"<b>Not a valid combination.</b> {html.escape(self.error)} {kept}</div>")

    def _render(self, rebuild: bool) -> None:
        """Draw the current step; ``rebuild`` lays the pictures out for a new scene first.

        The diagram and the text go first: each value is sent to the browser as it is
        set, so the reader sees them while the matrix is still being drawn.
        """
        scene, frame = self.scene, self.step.value - 1
        if rebuild:
            self._diagram_canvas.show(scene)
        self.diagram.value = self._diagram_canvas.render(frame)
        if rebuild:
            self.header.value = self._header_html(scene)
        self.details.value = self._details_html(scene, frame)
        if rebuild:
            self._matrix_canvas.show(scene)
        self.matrix.value = self._matrix_canvas.render(frame)
        self.matrix_caption.value = self._matrix_html(scene, frame)

    def _header_html(self, scene: ExplorerScene) -> str:
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in scene.formula_lines())
        shown = "" if self._diagram_canvas.numbers_shown or not scene.settings.numbers else (
            " (numbers left out of the cells at this size: see the arrays below)")
        return (f"<div><b>{html.escape(scene.config.describe())}</b>, "
                f"{scene.view} view{shown}<ul style='margin:2px 0'>{lines}</ul></div>")

    @staticmethod
    def _matrix_html(scene: ExplorerScene, frame: int) -> str:
        n_rows, n_cols = scene.tap_index.shape
        h = scene.highlight(frame)
        if h.row is not None:
            cell = np.unravel_index(frame, scene.config.output_shape)
            where = f"row {h.row} (output cell {_cell(cell)})"
            what = "one per product summed into that output cell"
        else:
            cell = np.unravel_index(frame, scene.config.input_shape)
            where = f"column {h.column} (input cell {_cell(cell)})"
            what = "one per output cell that the input cell feeds"
        entries = f"{len(h.rows)} non-zero {'entry' if len(h.rows) == 1 else 'entries'}"
        return (f"<div style='font-size:13px'><b>{scene.matrix_name}</b>, {n_rows} × {n_cols} "
                f"(cells flattened row by row). This step is {where}. Outlined in orange: "
                f"its {entries}, {what}.</div>")

    @staticmethod
    def _details_html(scene: ExplorerScene, frame: int) -> str:
        name = "transposed convolution" if scene.config.transposed else "convolution"
        marked = set(scene.output_cells(frame).tolist())
        source = ({int(np.ravel_multi_index(tuple(scene.geometry.sources[frame]),
                                            scene.config.input_shape))}
                  if scene.view == "scatter" else set())
        return (f"<p style='margin:4px 0'><b>{html.escape(scene.caption(frame))}</b></p>"
                f"<div>{_table(scene.x, source, 'example input x')}"
                f"{_table(scene.w, set(), 'kernel w')}"
                f"{_table(scene.result, marked, f'{name} of x with w')}</div>")


def _check_ranges(settings: ExplorerSettings, names: object = CONTROL_LIMITS) -> None:
    """Check the numeric settings in ``names`` against the ranges of their controls."""
    for name, (low, high) in CONTROL_LIMITS.items():
        if name not in names:
            continue
        value = getattr(settings, name)
        if name == "i" and settings.ndim == 1:
            high = INPUT_LIMIT_1D
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an integer, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"{name} must lie in {low}..{high} in the {settings.ndim}-D "
                             f"explorer, got {value}")


def explorer(*, step: int = 1, seconds_per_step: float = 0.8, **settings: object) -> Explorer:
    """The interactive explorer of (transposed) convolutions, ready to display.

    Parameters
    ----------
    step : int
        Initial step, counted from 1.
    seconds_per_step : float
        Speed of the play button.
    **settings
        Initial values of the controls, by the names of :class:`ExplorerSettings`:
        ``ndim``, ``transposed``, ``i``, ``k``, ``stride``, ``padding``,
        ``output_padding``, ``dilation``, ``view``, ``numbers``.

    Returns
    -------
    Explorer
        An ipywidgets box: make it the last expression of a cell to display it.

    Raises
    ------
    TypeError, ValueError
        For an unknown setting or a value outside its control's range. An
        invalid *combination* of valid values is not an error: the explorer
        shows its message, as it does when the reader sets it.

    Examples
    --------
    >>> ex = explorer(i=4, k=2, stride=2, padding=0, output_padding=0)
    >>> ex.scene.config.output_shape, ex.scene.n_steps
    ((8, 8), 64)
    """
    return Explorer(ExplorerSettings().replace(**settings), step=step,
                    seconds_per_step=seconds_per_step)
