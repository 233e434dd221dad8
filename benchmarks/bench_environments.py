"""Install time and size of the readers' environments: Binder before and after ``binder/``.

Before this round Binder installed the book's whole toolchain from the root
``requirements.txt``; now repo2docker reads ``binder/requirements.txt``, which holds only what
the chapters, the explorer and JupyterLab (with MyST rendering) need. Each is installed into a
new venv, once per repetition, and the medians are recorded in ``benchmarks/RESULTS.md``
(section ``bench_environments``). Run from the repository root::

    .venv/bin/python benchmarks/bench_environments.py [--repeat 1]

pip's cache is left as it is (Binder's build host caches wheels too); the first repetition
after a cache clear is slower.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import date
from pathlib import Path

from bench_build import machine_description  # the benchmark folder is on sys.path
from book_tools.environments import make_environment
from book_tools.paths import REPO_ROOT
from book_tools.results import write_section

CASES = {
    "root requirements.txt (Binder before)": REPO_ROOT / "requirements.txt",
    "binder/requirements.txt (Binder now)": REPO_ROOT / "binder" / "requirements.txt",
}


def measure(repeat: int) -> dict[str, tuple[float, float]]:
    """Median install seconds and megabytes per case."""
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for label, requirements in CASES.items():
            runs = [make_environment(label, Path(scratch) / f"env{n}", ["-r", str(requirements)])
                    for n in range(repeat)]
            results[label] = (statistics.median(r.install_seconds for r in runs),
                              statistics.median(r.megabytes for r in runs))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    results = measure(args.repeat)
    rows = "\n".join(f"| {label} | {seconds:.0f} | {mb:.0f} |"
                     for label, (seconds, mb) in results.items())
    body = (f"## Readers' environments (bench_environments.py, {date.today()})\n\n"
            f"Machine: {machine_description()}. Median of {args.repeat} fresh venv(s).\n\n"
            "| environment | install (s) | size (MB) |\n|---|---:|---:|\n" + rows + "\n")
    write_section("bench_environments", body)
    print(body)


if __name__ == "__main__":
    main()
