"""How fast the JavaScript explorer answers, in headless Debian Chromium on this machine.

The page is the explore chapter's explorer cell output (``tl.explorer_html()``) served on
loopback. Three figures:

* **page load to interactive**: from the start of navigation to the explorer's first complete
  drawing (the ``tconv-explorer-interactive`` performance mark set when it is mounted);
* **control change to painted frame**: a number control is changed as a reader changes it (its
  value set and an ``input`` event dispatched), and the time runs until the frame after the
  change has been painted (a ``requestAnimationFrame`` callback, then a task queued from it, which
  runs after that frame's paint); the change recomputes and redraws every panel. Over every
  valid 2-D combination of i ∈ {2, 4, 6, 8}, k ∈ {2, 3, 4}, s ∈ {1, 2, 3}, p ∈ {0, 1},
  d ∈ {1, 2}, for the convolution and the three views of the transposed one (the grid of the
  old explorer's benchmark, plus the matrix view), and for the largest settings (16 × 16 input,
  kernel 7, dilation 3, every stride);
* **step change to painted frame**: the same for the *next step* button.

Usage::

    python benchmarks/bench_explorer_js.py            # print the record
    python benchmarks/bench_explorer_js.py --write    # also update benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import functools
import http.server
import itertools
import os
import platform
import re
import statistics
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

import tconv_lib as tl

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "RESULTS.md"
BEGIN = "<!-- bench_explorer_js:start -->"
END = "<!-- bench_explorer_js:end -->"
CHROMIUM = "/usr/bin/chromium"

GRID = {"i": (2, 4, 6, 8), "k": (2, 3, 4), "stride": (1, 2, 3), "padding": (0, 1),
        "dilation": (1, 2)}
KINDS = ((False, "gather"), (True, "gather"), (True, "scatter"), (True, "matrix"))


def _valid(settings: dict) -> bool:
    return tl.explorer_state(settings).error == ""


def grid_settings() -> list[dict]:
    found = []
    for (transposed, view), values in itertools.product(KINDS, itertools.product(*GRID.values())):
        settings = dict(zip(GRID, values, strict=True))
        settings.update(ndim=2, transposed=transposed, view=view, output_padding=0)
        if _valid(settings):
            found.append(settings)
    return found


def largest_settings() -> list[dict]:
    found = []
    for (transposed, view), stride in itertools.product(KINDS, (1, 2, 3, 4)):
        settings = {"ndim": 2, "transposed": transposed, "view": view, "i": 16, "k": 7,
                    "dilation": 3, "stride": stride, "output_padding": 0,
                    "padding": 0 if transposed else 2}
        if _valid(settings):
            found.append(settings)
    return found


# In the page: set a base configuration without timing (padding one more, or one less),
# then change the padding control to the target value and time until the painted frame.
TIME_CHANGES = """async (configs) => {
  const root = document.querySelector('.tcx-root');
  const explorer = root.tconvExplorer;
  const input = root.querySelector('input.tcx-input-padding');
  const painted = () => new Promise(done => requestAnimationFrame(
      () => setTimeout(done, 0)));
  const out = [];
  for (const c of configs) {
    const base = Object.assign({}, c, {padding: c.padding + 1, step: 1});
    explorer.set(base);
    await painted();
    const t0 = performance.now();
    input.value = String(c.padding);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const work = performance.now() - t0;
    await painted();
    const change = performance.now() - t0;
    if (root.dataset.state !== 'valid') throw new Error('invalid: ' + JSON.stringify(c));
    const next = root.querySelector('button.tcx-next');
    const t1 = performance.now();
    next.click();
    const stepWork = performance.now() - t1;
    await painted();
    out.push({change: change, step: performance.now() - t1, work: work, step_work: stepWork});
  }
  return out;
}"""


def _page_html(folder: Path) -> None:
    fragment = tl.explorer_html().html
    (folder / "explore.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" '
        'href="data:,"><title>Explore</title></head><body><main style="max-width:820px;'
        f'margin:auto">{fragment}</main></body></html>', encoding="utf-8")


def _chromium_cpu_seconds() -> float:
    """User + system CPU time of the Chromium processes this benchmark started, in seconds.

    Only descendants of this process count (other jobs may run browsers of their own), and
    only Chromium's child processes (renderer, GPU, utility), not the browser process.
    """
    parents: dict[int, int] = {}
    stats: dict[int, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], stats[pid] = int(fields[1]), fields
    mine, me = set(), os.getpid()
    for pid in parents:
        walk = pid
        while walk > 1 and walk != me:
            walk = parents.get(walk, 0)
        if walk == me:
            mine.add(pid)
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in mine:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"chromium" in cmdline and b"--type=" in cmdline:
            total += (int(stats[pid][11]) + int(stats[pid][12])) / ticks
    return total


def measure(repeats: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-explorer-"))
    _page_html(folder)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/explore.html"
    grid, largest = grid_settings(), largest_settings()
    record: dict = {"grid": {}, "largest": {}, "load": [], "cpu": {"grid": [], "largest": []}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(("http://127.0.0.1", "data:"))
                       else route.abort())
            for _ in range(5):
                page.goto(url)
                page.wait_for_selector(".tcx-root[data-render]")
                record["load"].append(page.evaluate(
                    "performance.getEntriesByName('tconv-explorer-interactive')[0].startTime"))
            page.evaluate(TIME_CHANGES, grid[:20])  # warm-up
            for _ in range(repeats):
                for name, configs in (("grid", grid), ("largest", largest)):
                    cpu = _chromium_cpu_seconds()
                    times = page.evaluate(TIME_CHANGES, configs)
                    record["cpu"][name].append(1000 * (_chromium_cpu_seconds() - cpu)
                                               / len(configs))
                    for config, t in zip(configs, times, strict=True):
                        key = _key(config)
                        entry = record[name].setdefault(key, {"config": config, "change": [],
                                                              "step": [], "work": [],
                                                              "step_work": []})
                        for field in ("change", "step", "work", "step_work"):
                            entry[field].append(t[field])
            record["chromium"] = browser.version
            browser.close()
    finally:
        server.shutdown()
    return record


def _key(config: dict) -> str:
    return ("T" if config["transposed"] else "C") + "-" + config["view"] + "".join(
        f"-{name}{config[name]}" for name in ("i", "k", "stride", "padding", "dilation"))


def _median_of_medians(entries: list[dict], field: str) -> float:
    return statistics.median(statistics.median(e[field]) for e in entries)


def _p90(entries: list[dict], field: str) -> float:
    values = sorted(statistics.median(e[field]) for e in entries)
    return values[min(len(values) - 1, int(0.9 * len(values)))]


def _work(entries: list[dict]) -> str:
    return (f"{_median_of_medians(entries, 'work'):.1f} ms / "
            f"{_median_of_medians(entries, 'step_work'):.1f} ms")


def report(record: dict) -> str:
    load = os.getloadavg()
    lines = [
        "## Explorer in the browser (JavaScript)",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with "
        f"`python benchmarks/bench_explorer_js.py` in headless Chromium {record['chromium']} "
        f"on {platform.machine()}, {os.cpu_count()} cores (load average "
        f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}: other jobs shared the machine). "
        "Time from a control change (the padding control, which recomputes and redraws every "
        "panel) or a click on *next step* to the next painted frame; each configuration is "
        "timed three times and its median taken; the table gives the median and the 90th "
        "percentile over configurations. *JS work* is the part spent in the explorer's own "
        "code (the event handler: computing and issuing the drawing), the rest is the browser "
        "rasterising and waiting for its next frame, which a loaded machine delays. "
        "Goals: ≤ 16 ms (2-D up to 8 × 8), ≤ 50 ms (largest), "
        "load to interactive ≤ 1 s.",
        "",
        "| configurations | count | control change: median, 90th pct. | step: median, "
        "90th pct. | JS work of a change / a step (median) |",
        "|---|---|---|---|---|",
    ]
    grid = list(record["grid"].values())
    for transposed, view in KINDS:
        part = [e for e in grid if e["config"]["transposed"] == transposed
                and e["config"]["view"] == view]
        name = f"{'transposed' if transposed else 'convolution'}, {view} view"
        lines.append(f"| {name} | {len(part)} | {_median_of_medians(part, 'change'):.1f} ms, "
                     f"{_p90(part, 'change'):.1f} ms | {_median_of_medians(part, 'step'):.1f} "
                     f"ms, {_p90(part, 'step'):.1f} ms | {_work(part)} |")
    for size in GRID["i"]:
        part = [e for e in grid if e["config"]["i"] == size]
        lines.append(f"| input {size}×{size} | {len(part)} | "
                     f"{_median_of_medians(part, 'change'):.1f} ms, "
                     f"{_p90(part, 'change'):.1f} ms | {_median_of_medians(part, 'step'):.1f} "
                     f"ms, {_p90(part, 'step'):.1f} ms | {_work(part)} |")
    lines.append(f"| **2-D up to 8×8, all** | {len(grid)} | "
                 f"**{_median_of_medians(grid, 'change'):.1f} ms**, "
                 f"{_p90(grid, 'change'):.1f} ms | {_median_of_medians(grid, 'step'):.1f} ms, "
                 f"{_p90(grid, 'step'):.1f} ms | {_work(grid)} |")
    big = list(record["largest"].values())
    lines.append(f"| **largest: 16×16, k 7, d 3** (s 1–4, every view) | {len(big)} | "
                 f"**{_median_of_medians(big, 'change'):.1f} ms**, "
                 f"{_p90(big, 'change'):.1f} ms | {_median_of_medians(big, 'step'):.1f} ms, "
                 f"{_p90(big, 'step'):.1f} ms | {_work(big)} |")
    slowest = max(big, key=lambda e: statistics.median(e["change"]))
    cpu = record["cpu"]
    lines += [
        "",
        "CPU time of Chromium's renderer and GPU processes per redraw and its painted frame "
        "(each configuration is drawn three times: the untimed base setting, the change and "
        "the step), which other jobs on the machine do not inflate: "
        f"**{statistics.median(cpu['grid']) / 3:.1f} ms** for the 2-D settings up to 8 × 8 "
        f"and **{statistics.median(cpu['largest']) / 3:.1f} ms** for the largest (medians of "
        "the passes). Headless Chromium here rasterises and composites in software "
        "(`--disable-gpu`), so most of that time after the explorer's own JS work is the "
        "browser painting the page.",
        "",
        f"Slowest largest setting: {_key(slowest['config'])}, "
        f"{statistics.median(slowest['change']):.1f} ms. Page load to interactive explorer: "
        f"median **{statistics.median(record['load']):.0f} ms** over {len(record['load'])} "
        f"loads (runs: {', '.join(f'{t:.0f}' for t in record['load'])} ms). For comparison, "
        "the retired PNG explorer below took a median 125 ms of Python time per settings "
        "change (before any browser work) and 208 ms to the last picture in JupyterLab.",
    ]
    return "\n".join(lines)


def write(text: str) -> None:
    content = RESULTS.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in content:
        content = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, content,
                         flags=re.S)
    else:
        anchor = "<!-- bench_widgets:start -->"
        content = content.replace(anchor, block + "\n\n" + anchor) if anchor in content \
            else content.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    text = report(measure(args.repeats))
    print(text)
    if args.write:
        write(text)


if __name__ == "__main__":
    main()
