"""How long the explorer takes to redraw, over a grid of 2-D configurations up to 8×8.

Two kinds of update are timed, each the full Python-side work from a control change to new
PNG bytes in both pictures and new text (sending them to the browser is left out):

* a **step** update (the step slider or the play button): the kernel moves in the diagram and
  the highlight in the matrix;
* a **settings** update (any other control): the scene is recomputed and both pictures are laid
  out anew.

Each configuration of the grid is set from the previous one, then stepped to three positions.
The figures of merit are the medians; the slowest cases are listed too. The machine, its load
and the library versions are recorded with the results.

Usage::

    python benchmarks/bench_widgets.py            # print the record
    python benchmarks/bench_widgets.py --write    # also update benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import statistics
import time
from datetime import date
from pathlib import Path

import matplotlib
import numpy as np

import tconv_lib as tl

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "RESULTS.md"
BEGIN = "<!-- bench_widgets:start -->"
END = "<!-- bench_widgets:end -->"

#: The grid: input sizes up to 8×8, both operations, both views of the transposed one.
GRID = {"i": (2, 4, 6, 8), "k": (2, 3, 4), "stride": (1, 2, 3), "padding": (0, 1),
        "dilation": (1, 2)}
KINDS = ((False, "gather"), (True, "gather"), (True, "scatter"))


def configurations() -> list[dict]:
    """Every valid 2-D combination of the grid, as explorer settings."""
    found = []
    for (transposed, view), values in itertools.product(KINDS,
                                                        itertools.product(*GRID.values())):
        settings = dict(zip(GRID, values, strict=True))
        settings.update(ndim=2, transposed=transposed, view=view, output_padding=0)
        try:
            tl.explorer_scene(tl.ExplorerSettings(**settings))
        except ValueError:
            continue
        found.append(settings)
    return found


def _timed(action) -> tuple[float, float]:
    """Wall-clock and CPU time of ``action()``, in seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure() -> dict:
    """Time every configuration; return the raw times and the machine's state."""
    cases = configurations()
    explorer = tl.explorer(ndim=2, i=3)

    def visit(settings: dict) -> dict:
        # From a small configuration of the same kind, so that the update under test is
        # one full redraw.
        explorer.set(transposed=settings["transposed"], view="gather", i=2, k=1, stride=1,
                     padding=0, dilation=1)
        t_settings = _timed(lambda: explorer.set(**settings))
        steps = sorted({explorer.scene.n_steps // 2 + 1, explorer.scene.n_steps, 1})
        t_steps = [_timed(lambda s=s: setattr(explorer.step, "value", s)) for s in steps]
        return {**settings, "n_steps": explorer.scene.n_steps,
                "matrix": explorer.scene.tap_index.shape, "settings_s": t_settings,
                "step_s": t_steps}

    for settings in cases[::20]:  # warm-up: fonts, caches, first mathtext
        visit(settings)
    load_before = os.getloadavg()[0]
    records = [visit(settings) for settings in cases]
    return {"records": records, "load": (load_before, os.getloadavg()[0])}


def _cpu() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.M)
        if models:
            return models[0]
    return platform.processor() or platform.machine()


def _ms(values: list[float], statistic: str = "median") -> str:
    value = statistics.median(values) if statistic == "median" else np.percentile(values, 90)
    return f"{1e3 * float(value):.0f}"


def report(result: dict) -> list[str]:
    records = result["records"]
    rows = ["| configurations | count | step update: median (CPU), 90th pct. "
            "| settings update: median (CPU), 90th pct. |",
            "|---|---|---|---|"]

    def row(label: str, chosen: list[dict]) -> str:
        cells = []
        for times in ([t for r in chosen for t in r["step_s"]],
                      [r["settings_s"] for r in chosen]):
            wall, cpu = [t[0] for t in times], [t[1] for t in times]
            cells.append(f"{_ms(wall)} ms ({_ms(cpu)} ms), {_ms(wall, 'p90')} ms")
        return f"| {label} | {len(chosen)} | {cells[0]} | {cells[1]} |"

    for transposed, view in KINDS:
        name = f"{'transposed' if transposed else 'convolution'}, {view} view"
        rows.append(row(name, [r for r in records
                               if r["transposed"] == transposed and r["view"] == view]))
    for i in GRID["i"]:
        rows.append(row(f"input {i}×{i}", [r for r in records if r["i"] == i]))
    rows.append(row("**all**", records))
    slowest = sorted(records, key=lambda r: r["settings_s"][1], reverse=True)[:3]
    slow_text = "; ".join(
        f"{'transposed' if r['transposed'] else 'convolution'} {r['view']} i={r['i']} "
        f"k={r['k']} s={r['stride']} p={r['padding']} d={r['dilation']} "
        f"({r['matrix'][0]}×{r['matrix'][1]} matrix): {1e3 * r['settings_s'][1]:.0f} ms"
        for r in slowest)
    step_cpu = [t[1] for r in records for t in r["step_s"]]
    load = result["load"]
    return [
        "## Explorer",
        "",
        f"Measured {date.today().isoformat()} with `python benchmarks/bench_widgets.py` on "
        f"{_cpu()}, {os.cpu_count()} cores (load average {load[0]:.1f} before, {load[1]:.1f} "
        f"after: other jobs shared the machine, so CPU times are given too), Python "
        f"{platform.python_version()}, Matplotlib {matplotlib.__version__}. Time from a control "
        "change to new PNG bytes in both pictures and new text, Python side only (sending to "
        "the browser is not included). Grid: every valid 2-D combination of "
        + ", ".join(f"{name} ∈ {{{', '.join(map(str, values))}}}"
                    for name, values in GRID.items())
        + ", for the convolution and both views of the transposed convolution; each is set "
        "from a small configuration, then stepped to its first, middle and last step.",
        "",
        *rows,
        "",
        f"Slowest step update: {1e3 * max(step_cpu):.0f} ms of CPU time. Slowest settings "
        f"updates (CPU time): {slow_text}.",
    ]


def write(section: list[str]) -> None:
    text = RESULTS.read_text()
    block = "\n".join([BEGIN, *section, END])
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    section = report(measure())
    print("\n".join(section))
    if args.write:
        write(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
