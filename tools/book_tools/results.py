"""The one writer of ``benchmarks/RESULTS.md``: each benchmark owns one marked section.

A section is the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``; writing it
replaces that text (markers included) or appends the section at the end of the file, and
leaves every other section as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from book_tools.paths import REPO_ROOT

RESULTS = REPO_ROOT / "benchmarks" / "RESULTS.md"
_NEW_FILE = ("# Benchmark results\n\nEach benchmark in `benchmarks/` writes or appends its own "
             "section below, with the machine it ran on and the date.\n")


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of section ``name``.

    >>> markers("bench_build")
    ('<!-- bench_build:start -->', '<!-- bench_build:end -->')
    """
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"name must be lower-case letters, digits and _, got {name!r}")
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with section ``name`` holding ``body`` (a Markdown block with its heading).

    >>> doc = ("# R\\n\\n<!-- a:start -->\\nold\\n<!-- a:end -->\\n\\n"
    ...        "<!-- b:start -->\\nB\\n<!-- b:end -->\\n")
    >>> print(replace_section(doc, "a", "## A\\nnew"))
    # R
    <BLANKLINE>
    <!-- a:start -->
    ## A
    new
    <!-- a:end -->
    <BLANKLINE>
    <!-- b:start -->
    B
    <!-- b:end -->
    <BLANKLINE>
    >>> replace_section("# R\\n", "c", "C").endswith("<!-- c:start -->\\nC\\n<!-- c:end -->\\n")
    True
    """
    start, end = markers(name)
    block = f"{start}\n{body.strip(chr(10))}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    return text if text.endswith("\n") else text + "\n"


def write_section(name: str, body: str, results: Path = RESULTS) -> None:
    """Replace (or append) section ``name`` of ``results`` with ``body``."""
    text = results.read_text(encoding="utf-8") if results.exists() else _NEW_FILE
    results.write_text(replace_section(text, name, body), encoding="utf-8")
