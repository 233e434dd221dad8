"""The one walker of the book's ``_toc.yml``: its files, notebooks and parts, in reading order.

Every tool that needs the table of contents (the build, the tests, the PDF checks, the
benchmarks) reads it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class TocPart:
    """One part of the table of contents: its caption (``None`` if it has none), whether its
    chapters are numbered, and its files (without suffix) in order."""

    caption: str | None
    numbered: bool
    files: tuple[str, ...]


def read_toc(book_root: Path) -> dict:
    """The parsed ``_toc.yml`` of ``book_root``.

    >>> from book_tools.paths import REPO_ROOT
    >>> read_toc(REPO_ROOT)["root"]
    'intro'
    """
    return yaml.safe_load((book_root / "_toc.yml").read_text(encoding="utf-8"))


def _glob(book_root: Path | None, pattern: str) -> list[str]:
    """The pages a ``glob`` entry matches, sorted by name as sphinx-external-toc sorts them."""
    if book_root is None:
        return []
    found = {path.relative_to(book_root).with_suffix("").as_posix()
             for suffix in (".md", ".ipynb") for path in book_root.glob(pattern + suffix)}
    return sorted(found)


def _walk(node: dict, book_root: Path | None = None) -> list[str]:
    files = []
    for key in ("parts", "chapters", "sections"):
        for child in node.get(key, []):
            if "file" in child:
                files.append(child["file"])
            if "glob" in child:
                files += _glob(book_root, child["glob"])
            files += _walk(child, book_root)
    return files


def toc_files(book_root: Path) -> list[str]:
    """Every file of ``_toc.yml`` without suffix, the root first, in reading order; a
    ``glob`` entry stands for the pages it matches in ``book_root`` now (pages generated at
    build time, such as the API reference's, exist only once the book has been built).

    >>> import tempfile
    >>> toc = ("root: intro\\nparts:\\n- caption: A\\n  chapters:\\n  - file: ch/one\\n"
    ...        "    sections:\\n    - glob: ch/one/*\\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "_toc.yml").write_text(toc)
    ...     (Path(tmp) / "ch" / "one").mkdir(parents=True)
    ...     _ = (Path(tmp) / "ch" / "one" / "b.md").write_text("# B")
    ...     _ = (Path(tmp) / "ch" / "one" / "a.md").write_text("# A")
    ...     toc_files(Path(tmp))
    ['intro', 'ch/one', 'ch/one/a', 'ch/one/b']
    """
    toc = read_toc(book_root)
    return [toc["root"], *_walk(toc, book_root)]


def source_of(book_root: Path, entry: str) -> Path | None:
    """The ``.md`` or ``.ipynb`` file a table-of-contents entry names, if it exists.

    >>> from book_tools.paths import REPO_ROOT
    >>> source_of(REPO_ROOT, "intro").name, source_of(REPO_ROOT, "no/such/page")
    ('intro.md', None)
    """
    for suffix in (".md", ".ipynb"):
        candidate = book_root / f"{entry}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def toc_notebooks(book_root: Path) -> list[Path]:
    """The notebooks listed in ``_toc.yml``, in reading order.

    >>> from book_tools.paths import REPO_ROOT
    >>> all(path.suffix == ".ipynb" for path in toc_notebooks(REPO_ROOT))
    True
    """
    found = (book_root / f"{entry}.ipynb" for entry in toc_files(book_root))
    return [path for path in found if path.is_file()]


def toc_parts(book_root: Path) -> list[TocPart]:
    """The parts of ``_toc.yml`` (one captionless part if the book has none).

    >>> import tempfile
    >>> toc = ("root: intro\\nparts:\\n- caption: A\\n  numbered: true\\n  chapters:\\n"
    ...        "  - file: ch/one\\n- caption: B\\n  chapters:\\n  - file: ap/x\\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "_toc.yml").write_text(toc)
    ...     [(p.caption, p.numbered, p.files) for p in toc_parts(Path(tmp))]
    [('A', True, ('ch/one',)), ('B', False, ('ap/x',))]
    """
    toc = read_toc(book_root)
    if "parts" not in toc:
        return [TocPart(None, bool(toc.get("numbered")), tuple(_walk(toc, book_root)))]
    return [TocPart(part.get("caption"), bool(part.get("numbered")),
                    tuple(_walk(part, book_root)))
            for part in toc["parts"]]
