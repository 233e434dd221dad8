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


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure() -> dict:
    """Time every configuration; return the raw times and the machine's state."""
    cases = configurations()
    explorer = tl.explorer(ndim=2, i=3)
    load_before = os.getloadavg()[0]
    records = []
    for settings in cases:
        # Transposed and view first, so that the update under test is a single redraw.
        explorer.set(transposed=settings["transposed"], view="gather", i=2, k=1, stride=1,
                     padding=0, dilation=1)
        t_settings = _timed(lambda settings=settings: explorer.set(**settings))
        steps = sorted({explorer.scene.n_steps // 2 + 1, explorer.scene.n_steps, 1})
        t_steps = [_timed(lambda s=s: setattr(explorer.step, "value", s)) for s in steps]
        records.append({**settings, "n_steps": explorer.scene.n_steps,
                        "matrix": explorer.scene.tap_index.shape,
                        "settings_s": t_settings, "step_s": t_steps})
    return {"records": records, "load": (load_before, os.getloadavg()[0])}


def _cpu() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.M)
        if models:
            return models[0]
    return platform.processor() or platform.machine()


def _ms(values: list[float]) -> str:
    return f"{1e3 * statistics.median(values):.0f}"


def _p90(values: list[float]) -> str:
    return f"{1e3 * float(np.percentile(values, 90)):.0f}"


def report(result: dict) -> list[str]:
    records = result["records"]
    rows = ["| configurations | count | step update, median | step, 90th pct. "
            "| settings update, median | settings, 90th pct. |",
            "|---|---|---|---|---|---|"]

    def row(label: str, chosen: list[dict]) -> str:
        steps = [t for r in chosen for t in r["step_s"]]
        settings = [r["settings_s"] for r in chosen]
        return (f"| {label} | {len(chosen)} | {_ms(steps)} ms | {_p90(steps)} ms "
                f"| {_ms(settings)} ms | {_p90(settings)} ms |")

    for transposed, view in KINDS:
        name = f"{'transposed' if transposed else 'convolution'}, {view} view"
        rows.append(row(name, [r for r in records
                               if r["transposed"] == transposed and r["view"] == view]))
    for i in GRID["i"]:
        rows.append(row(f"input {i}×{i}", [r for r in records if r["i"] == i]))
    rows.append(row("**all**", records))
    slowest = sorted(records, key=lambda r: r["settings_s"], reverse=True)[:3]
    slow_text = "; ".join(
        f"{'transposed' if r['transposed'] else 'convolution'} {r['view']} i={r['i']} "
        f"k={r['k']} s={r['stride']} p={r['padding']} d={r['dilation']} "
        f"({r['matrix'][0]}×{r['matrix'][1]} matrix): {1e3 * r['settings_s']:.0f} ms"
        for r in slowest)
    all_steps = [t for r in records for t in r["step_s"]]
    load = result["load"]
    return [
        "## Explorer",
        "",
        f"Measured {date.today().isoformat()} with `python benchmarks/bench_widgets.py` on "
        f"{_cpu()}, {os.cpu_count()} cores (load average {load[0]:.1f} before, {load[1]:.1f} "
        f"after; other jobs shared the machine), Python {platform.python_version()}, "
        f"Matplotlib {matplotlib.__version__}. Wall-clock time from a control change to new "
        "PNG bytes in both pictures and new text, Python side only (sending to the browser "
        "is not included). Grid: every valid 2-D combination of "
        + ", ".join(f"{name} ∈ {{{', '.join(map(str, values))}}}"
                    for name, values in GRID.items())
        + ", for the convolution and both views of the transposed convolution; each is set "
        "from a small configuration, then stepped to its first, middle and last step.",
        "",
        *rows,
        "",
        f"Slowest step update: {1e3 * max(all_steps):.0f} ms. Slowest settings updates: "
        f"{slow_text}.",
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
