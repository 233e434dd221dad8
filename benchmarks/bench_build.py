"""Benchmark the book's build: clean build, no-change rebuild, each notebook in a fresh kernel.

* clean build: a fresh copy of the repository (no execution cache), strict
  ``jupyter-book build`` including the execution of every notebook;
* no-change rebuild: the same command again in that copy;
* per notebook: execution top to bottom in a fresh kernel (kernel start included), with
  the notebook's folder as working directory, as the test suite runs it.

Each figure is the median of ``--runs`` runs. The results replace the "Book build" section
of ``benchmarks/RESULTS.md`` (other sections are left alone). Benchmarks are not tests:
they measure and record; the budgets are reported, not enforced.

Usage::

    python benchmarks/bench_build.py [--runs 3] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from book_tools.build import BookBuild, build_book, copy_repository
from book_tools.paths import REPO_ROOT
from book_tools.results import write_section
from nbclient import NotebookClient

BUDGETS = {"clean build": 60.0, "no-change rebuild": 10.0, "slowest notebook": 10.0}


def machine_description() -> str:
    """One line naming the CPU, the core count, the OS and Python.

    >>> "cores" in machine_description()
    True
    """
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = model.group(1).strip() if model else cpu
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()} (load average {load} when it finished)")


def notebook_paths() -> list[Path]:
    return sorted(p for folder in ("chapters", "appendices")
                  for p in (REPO_ROOT / folder).glob("*.ipynb"))


def time_notebook(path: Path) -> float:
    """Seconds to run ``path`` top to bottom in a fresh kernel, kernel start included."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def time_builds(runs: int, workdir: Path) -> tuple[list[BookBuild], list[BookBuild]]:
    """``runs`` clean builds (each in a fresh copy), then ``runs`` rebuilds of the last."""
    clean = [build_book(copy_repository(workdir / f"clean-{run}")) for run in range(runs)]
    rebuilds = [build_book(clean[-1].source) for _ in range(runs)]
    return clean, rebuilds


def _status(build: BookBuild) -> str:
    if build.returncode == 0:
        return "succeeded, 0 warnings"
    return f"failed ({len(build.warnings)} warnings)"


def _budget(seconds: float, budget: float) -> str:
    return f"{'within' if seconds <= budget else 'OVER'} {budget:.0f} s"


def render_section(clean: list[BookBuild], rebuilds: list[BookBuild],
                   notebooks: dict[str, list[float]], runs: int) -> str:
    clean_s = statistics.median(b.seconds for b in clean)
    rebuild_s = statistics.median(b.seconds for b in rebuilds)
    medians = {name: statistics.median(times) for name, times in notebooks.items()}
    slowest = max(medians.items(), key=lambda item: item[1], default=("none", 0.0))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                            capture_output=True, text=True).stdout.strip() or "unknown"
    lines = [
        "## Book build",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by "
        f"`python benchmarks/bench_build.py --runs {runs}` on {machine_description()}; "
        f"repository at commit `{commit}` plus the working tree. Medians of {runs} runs.",
        "",
        f"Notebooks present: {len(notebooks)}. Strict build status: {_status(clean[-1])}.",
        "",
        "| measurement | median (s) | runs (s) | budget |",
        "|---|---:|---|---|",
        f"| clean build, execution included | {clean_s:.1f} | "
        f"{', '.join(f'{b.seconds:.1f}' for b in clean)} | "
        f"{_budget(clean_s, BUDGETS['clean build'])} |",
        f"| no-change rebuild | {rebuild_s:.1f} | "
        f"{', '.join(f'{b.seconds:.1f}' for b in rebuilds)} | "
        f"{_budget(rebuild_s, BUDGETS['no-change rebuild'])} |",
        f"| slowest notebook ({slowest[0]}) | {slowest[1]:.1f} | | "
        f"{_budget(slowest[1], BUDGETS['slowest notebook'])} |",
        "",
        "Each notebook in a fresh kernel (kernel start included):",
        "",
        "| notebook | median (s) | runs (s) |",
        "|---|---:|---|",
        *(f"| {name} | {medians[name]:.2f} | {', '.join(f'{t:.2f}' for t in times)} |"
          for name, times in notebooks.items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be a positive integer, got {args.runs}")
    notebooks = {
        path.relative_to(REPO_ROOT).as_posix(): [time_notebook(path) for _ in range(args.runs)]
        for path in notebook_paths()
    }
    with tempfile.TemporaryDirectory(prefix="bench-build-") as workdir:
        clean, rebuilds = time_builds(args.runs, Path(workdir))
    section = render_section(clean, rebuilds, notebooks, args.runs)
    print(section)
    if not args.no_write:
        write_section("bench_build", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
