"""The book's version, from the one place it is set: ``[project] version`` of ``pyproject.toml``.

Sphinx's ``version`` and ``release`` (shown in the site's footer and on the PDF's title page)
and every ``{{ version }}`` in a Markdown page (the BibTeX entry of "How to cite") are filled
from it when the book is built, so the site, the PDF, the package and ``CITATION.cff`` (checked
by the test suite) cannot disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
from sphinx.application import Sphinx
from sphinx.config import Config


def project_version(root: Path) -> str:
    """The version in ``root/pyproject.toml``.

    Examples
    --------
    >>> import re
    >>> bool(re.fullmatch(r"\\d+\\.\\d+\\.\\d+.*", project_version(Path(__file__).parents[3])))
    True
    """
    with open(root / "pyproject.toml", "rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def _configure(app: Sphinx, config: Config) -> None:
    root = Path(app.srcdir)
    if (root / "pyproject.toml").exists():
        version = project_version(root)
    else:  # a page-only copy of the book: the installed package carries the same version
        from importlib.metadata import version as installed_version

        version = installed_version("tconv_lib")
    config.version = config.release = version
    app.book_version = version  # type: ignore[attr-defined]


def _fill_version(app: Sphinx, docname: str, source: list[str]) -> None:
    if str(app.env.doc2path(docname)).endswith(".md"):
        source[0] = re.sub(r"\{\{\s*version\s*\}\}", app.book_version, source[0])  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure)
    app.connect("source-read", _fill_version)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
