"""Weigh and time the diagram outputs: HTML players against Matplotlib's JavaScript animation.

The book's players (``tl.html_player``) draw each frame as a set of CSS classes on one inline
SVG; Matplotlib's ``to_jshtml`` embeds every frame as a PNG. This measures both for the same
animations, plus GIFs and the whole gallery, and prints a Markdown section. With ``--write``
the section replaces the marked "Diagrams" block of ``benchmarks/RESULTS.md``.

Usage::

    python benchmarks/bench_diagrams.py            # print the record
    python benchmarks/bench_diagrams.py --write    # also update benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import date
from pathlib import Path

from matplotlib.animation import FuncAnimation

import tconv_lib as tl

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "RESULTS.md"
BEGIN = "<!-- bench_diagrams:start -->"
END = "<!-- bench_diagrams:end -->"
CASES = (("padding_strides", "convolution"), ("padding_strides_odd", "transposed"),
         ("dilation", "transposed"))


def _timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def _jshtml(config) -> str:
    fig, (drawing,) = tl.compose_figure(config)
    animation = FuncAnimation(fig, drawing.set_frame, frames=drawing.n_frames, interval=800)
    return animation.to_jshtml(fps=1.25, default_mode="loop")


def measure() -> list[str]:
    rows = ["| animation | frames | `html_player` | its PNG still for print | `to_jshtml` | GIF |",
            "|---|---|---|---|---|---|"]
    for name, kind in CASES:
        config = getattr(tl.get_preset(name), kind)()
        player, t_player = _timed(lambda config=config: tl.html_player(config))
        png, t_png = _timed(lambda player=player: player.png)
        jshtml, t_js = _timed(lambda config=config: _jshtml(config))
        gif, t_gif = _timed(lambda config=config: tl.gif_bytes(config))
        rows.append(
            f"| {name}, {kind} | {player.n_frames} "
            f"| {len(player.html.encode()) / 1e3:.0f} kB in {t_player * 1e3:.0f} ms "
            f"| {len(png) / 1e3:.0f} kB in {t_png * 1e3:.0f} ms "
            f"| {len(jshtml.encode()) / 1e3:.0f} kB in {t_js:.1f} s "
            f"| {len(gif) / 1e3:.0f} kB in {t_gif:.1f} s |")
    gallery, t_gallery = _timed(lambda: [
        tl.html_player(view_config, view=view)
        for pre in tl.PRESETS.values()
        for view_config, view in ((pre.convolution(), "gather"), (pre.transposed(), "gather"),
                                  (pre.transposed(), "scatter"))])
    total = sum(len(p.html.encode()) for p in gallery)
    stills, t_stills = _timed(lambda: [p.png for p in gallery])
    still_total = sum(len(png) for png in stills)
    return [
        "## Diagrams",
        "",
        f"Measured {date.today().isoformat()} on {platform.machine()} "
        f"({platform.python_version()}) with `python benchmarks/bench_diagrams.py`: size and "
        "time to produce one animation as the book's kernel-free player, as Matplotlib's "
        "JavaScript animation (one PNG per frame, the same drawing code), and as a GIF. "
        "The PNG still (a strip of up to three frames, in the notebook output for the PDF "
        "only) is drawn on first display.",
        "",
        *rows,
        "",
        f"The gallery's {len(gallery)} players weigh {total / 1e3:.0f} kB together and take "
        f"{t_gallery:.2f} s to produce; their PNG stills weigh {still_total / 1e3:.0f} kB "
        f"together (largest {max(len(png) for png in stills) / 1e3:.0f} kB) and take "
        f"{t_stills:.2f} s to draw.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    section = "\n".join(measure())
    print(section)
    if args.write:
        text = RESULTS.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{section}\n{END}"
        if BEGIN in text:
            head, rest = text.split(BEGIN, 1)
            text = head + block + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
