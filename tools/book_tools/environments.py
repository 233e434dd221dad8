"""Fresh virtual environments, built the way a reader's environment is built.

Used by ``tests/test_environments.py`` (Binder, Colab's versions, the oldest versions that
``pyproject.toml`` allows) and by ``benchmarks/bench_environments.py`` (install time and size).
Each environment is a new venv whose packages come only from the pip arguments given, so a
test sees what a reader gets, nothing left over from the development environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from book_tools.paths import REPO_ROOT

__all__ = ["Environment", "canonical_name", "clean_env", "folder_megabytes", "make_environment"]


@dataclass(frozen=True)
class Environment:
    """A fresh virtual environment and what it cost to make."""

    name: str
    python: Path
    install_seconds: float
    megabytes: float

    def run(self, *args: str, cwd: Path | None = None, timeout: float = 900) -> str:
        result = subprocess.run(
            [str(self.python), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
            env=clean_env(),
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{self.name}: {' '.join(args)} failed:\n{result.stdout[-3000:]}\n"
                f"{result.stderr[-3000:]}"
            )
        return result.stdout

    def versions(self) -> dict[str, str]:
        listing = json.loads(self.run("-m", "pip", "list", "--format", "json",
                                      "--disable-pip-version-check"))
        return {canonical_name(p["name"]): p["version"] for p in listing}


def canonical_name(name: str) -> str:
    """A distribution name in its normalised form (PEP 503).

    >>> canonical_name("Jupyter_Client")
    'jupyter-client'
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def clean_env() -> dict[str, str]:
    """This process's environment without the variables of an active virtual environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


def folder_megabytes(folder: Path) -> float:
    """The size of the files below ``folder``, in MB (10**6 bytes), links not followed."""
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 1e6


def make_environment(name: str, folder: Path, *install_args: list[str],
                     cwd: Path = REPO_ROOT) -> Environment:
    """Create ``folder`` as a venv and run ``pip install`` once per argument list, timed."""
    if folder.exists():
        shutil.rmtree(folder)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    start = time.perf_counter()
    for args in install_args:
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *args], cwd=cwd,
            capture_output=True, text=True, env=clean_env(), timeout=1800,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{name}: pip install {' '.join(args)} failed:\n"
                                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    seconds = time.perf_counter() - start
    env = Environment(name, python, seconds, folder_megabytes(folder))
    print(f"{name} environment: installed in {seconds:.1f} s, {env.megabytes:.0f} MB")
    return env
