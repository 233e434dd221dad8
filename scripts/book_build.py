"""Copy the repository to a clean folder and build the book there, strictly.

Shared by the test suite (the ``built_site`` fixture) and ``benchmarks/bench_build.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
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


def build_book(source: Path) -> BookBuild:
    """Build the book in ``source`` with warnings as errors and nitpicky references."""
    started = time.perf_counter()
    completed = subprocess.run(
        [_jupyter_book(), "build", str(source), "-W", "-n", "--keep-going"],
        cwd=source, capture_output=True, text=True,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    return BookBuild(source, completed.returncode, completed.stdout + completed.stderr,
                     time.perf_counter() - started)
