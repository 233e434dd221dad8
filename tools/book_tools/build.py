"""Build the book strictly, executing its notebooks in parallel first.

Jupyter Book executes notebooks one after another while it reads them. On a machine with
several cores it is faster to execute them in parallel beforehand, into the execution
cache the build reads (``_build/.jupyter_cache``): the build then finds every result
cached. A notebook that fails here is left out of the cache, so the build executes it
again and reports the error as usual.

Used by ``scripts/build-book.sh``, the test suite (the ``built_site`` fixture, which builds
a clean copy of the repository) and ``benchmarks/bench_build.py``.

Usage::

    python -m book_tools.build [--jobs N] [BOOK]   # only the parallel execution
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from book_tools.paths import REPO_ROOT
from book_tools.toc import toc_notebooks

__all__ = ["BookBuild", "REPO_ROOT", "build_book", "copy_repository", "pre_execute",
           "repository_files", "toc_notebooks"]
# Never copied into a clean build folder: build output, environments and caches.
SKIPPED_PARTS = frozenset({
    "_build", ".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
    ".ipynb_checkpoints",
})
SPHINX_WARNING = re.compile(r"(^|: )(WARNING|ERROR|CRITICAL): ", re.MULTILINE)


@dataclass(frozen=True)
class BookBuild:
    """Outcome of one strict ``jupyter-book build``."""

    source: Path
    returncode: int
    log: str
    seconds: float

    @property
    def html(self) -> Path:
        return self.source / "_build" / "html"

    @property
    def warnings(self) -> list[str]:
        """Sphinx's warning and error lines (not the kernels' own log lines)."""
        return [line for line in self.log.splitlines() if SPHINX_WARNING.search(line)]


def repository_files(root: Path = REPO_ROOT) -> list[Path]:
    """Tracked and untracked, non-ignored files as relative paths (a plain walk without git).

    >>> Path("_config.yml") in repository_files()
    True
    """
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root, capture_output=True, check=True, text=True,
        ).stdout.split("\0")
        candidates = [Path(name) for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        candidates = [path.relative_to(root) for path in root.rglob("*") if path.is_file()]
    return sorted(
        path for path in candidates
        if not SKIPPED_PARTS.intersection(path.parts) and (root / path).is_file()
    )


def copy_repository(destination: Path, root: Path = REPO_ROOT) -> Path:
    """Copy the repository's files into ``destination`` (created if needed) and return it."""
    for relative in repository_files(root):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, target)
    return destination


def _jupyter_book() -> str:
    beside_python = Path(sys.executable).parent / "jupyter-book"
    found = str(beside_python) if beside_python.exists() else shutil.which("jupyter-book")
    if found is None:
        raise FileNotFoundError("jupyter-book is not installed in this environment")
    return found


def _execute(path: Path, timeout: int) -> tuple[Path, str | None, float]:
    """Run ``path`` in a fresh kernel in its folder; the executed notebook, or None."""
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(path.parent), timeout=timeout,
                                 allow_errors=False, meta_override=True)
    return path, (None if result.err else nbformat.writes(nb)), result.time


def pre_execute(book: Path, jobs: int | None = None) -> dict[str, float]:
    """Execute the notebooks of ``book`` missing from its execution cache, in parallel.

    Returns the seconds each newly executed notebook took (failed ones are not cached).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    timeout = (config.get("execute") or {}).get("timeout", 30)
    cache = get_cache(str(book / "_build" / ".jupyter_cache"))
    todo = []
    for path in toc_notebooks(book):
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            todo.append(path.resolve())
    seconds = {}
    if not todo:
        return seconds
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count()) as pool:
        for path, executed, took in pool.map(_execute, todo, [timeout] * len(todo)):
            if executed is None:
                continue
            record = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(executed, as_version=4), record.uri,
                              data={"execution_seconds": took}),
                check_validity=False, overwrite=True,
            )
            seconds[path.relative_to(book.resolve()).as_posix()] = took
    return seconds


def build_book(source: Path, jobs: int | None = None) -> BookBuild:
    """Build the book in ``source`` with warnings as errors and nitpicky references,
    after executing its notebooks on ``jobs`` processes (all cores by default)."""
    started = time.perf_counter()
    pre_execute(source, jobs)
    completed = subprocess.run(
        [_jupyter_book(), "build", str(source), "-W", "-n", "--keep-going"],
        cwd=source, capture_output=True, text=True,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    return BookBuild(source, completed.returncode, completed.stdout + completed.stderr,
                     time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute the book's notebooks in parallel "
                                     "into the execution cache of its build.")
    parser.add_argument("book", nargs="?", type=Path, default=REPO_ROOT)
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be a positive integer, got {args.jobs}")
    started = time.perf_counter()
    executed = pre_execute(args.book, args.jobs)
    for name, took in executed.items():
        print(f"executed {name} in {took:.1f} s")
    print(f"{len(executed)} notebooks executed in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
