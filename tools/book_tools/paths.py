"""Where the repository is, for tools that act on the book's own files.

The package is installed in editable mode from ``tools/`` of the repository, so the
repository root is two folders above this package.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder with ``_config.yml`` and ``_toc.yml``).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: Where ``npm ci`` (run by ``scripts/test.sh``) installs the test suite's JavaScript tools.
JS_TOOLS = REPO_ROOT / "tests" / "js" / "node_modules"


def is_book_root(folder: Path) -> bool:
    """Tell whether ``folder`` holds a book (a ``_config.yml`` and a ``_toc.yml``).

    >>> is_book_root(REPO_ROOT), is_book_root(REPO_ROOT / "tools")
    (True, False)
    """
    return (folder / "_config.yml").is_file() and (folder / "_toc.yml").is_file()
