"""The PDF of the whole book, built strictly by ``scripts/build-pdf.sh`` in the copy the site
was built in (so executed notebooks come from its cache).

It must have every part and chapter of ``_toc.yml``, in order, and number equations, figures
and exercises exactly as the site does. Under CI a missing TeX installation is a failure.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pypdf
import pytest
import yaml
from book_tools.site import book_config, read_html
from book_tools.sphinx_ext.book_pdf import HIDDEN_INPUT_TAGS
from book_tools.toc import toc_notebooks
from filelock import FileLock


def _require_tex() -> None:
    missing = [tool for tool in ("xelatex", "latexmk") if shutil.which(tool) is None]
    if missing:
        message = f"the PDF needs {' and '.join(missing)} (see scripts/build-pdf.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def book_source(built_site) -> Path:
    return built_site.parent.parent


@pytest.fixture(scope="module")
def book_pdf(book_source) -> Path:
    # Built once per run: under pytest-xdist the workers share the copy of the book, and two
    # LaTeX runs in one folder would corrupt each other's auxiliary files.
    record = book_source.parent / "book-pdf.json"
    with FileLock(str(book_source.parent / "book-pdf.lock")):
        if record.exists():
            return Path(json.loads(record.read_text())["pdf"])
        pdf = _build_pdf(book_source)
        record.write_text(json.dumps({"pdf": str(pdf)}))
        return pdf


def _build_pdf(book_source: Path) -> Path:
    _require_tex()
    environment = {
        **os.environ,
        "BOOK_PYTHON_READY": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    # Strict, like the site: a warning (an image LaTeX cannot use, say) fails the build.
    completed = subprocess.run(
        ["bash", "scripts/build-pdf.sh", "-W", "--keep-going"], cwd=book_source,
        env=environment, capture_output=True, text=True,
    )
    log = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"scripts/build-pdf.sh failed:\n{log[-5000:]}"
    latex = book_config(book_source).get("latex", {})
    target = latex.get("latex_documents", {}).get("targetname", "book.tex")
    pdf = book_source / "_build" / "latex" / Path(target).with_suffix(".pdf")
    assert f"Built: {pdf}" in log
    return pdf


@pytest.fixture(scope="module")
def reader(book_pdf):
    return pypdf.PdfReader(book_pdf)


@pytest.fixture(scope="module")
def toc_parts(book_source) -> list[tuple[str | None, list[str]]]:
    """``(caption, [file, ...])`` for each part of ``_toc.yml`` (one captionless part if the
    book has no parts)."""
    toc = yaml.safe_load((book_source / "_toc.yml").read_text(encoding="utf-8"))
    if "parts" not in toc:
        return [(None, [entry["file"] for entry in toc.get("chapters", [])])]
    return [(part.get("caption"), [entry["file"] for entry in part.get("chapters", [])])
            for part in toc["parts"]]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _key(title: str) -> str:
    return re.sub(r"[^0-9a-z]", "", title.lower())


def _text_without(element, classes: list[str]) -> str:
    """An element's text, leaving out descendants with any of ``classes`` (permalinks...)."""
    return "".join(
        text for text in element.find_all(string=True) if not text.find_parent(class_=classes)
    ).strip()


def _site_title(built_site: Path, entry: str) -> str:
    heading = read_html(built_site / f"{entry}.html").find("h1")
    return _text_without(heading, ["headerlink", "section-number"])


def _outline(reader) -> list[tuple[int, str, int]]:
    """The bookmarks as ``(depth, title, page index)`` in document order."""
    flat = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return flat


def _expected_headings(toc_parts, built_site) -> list[tuple[str, str | None]]:
    """``(title key, toc file or None for a part)`` for every part and chapter, in order."""
    expected = []
    for caption, files in toc_parts:
        if caption:
            expected.append((_key(caption), None))
        expected += [(_key(_site_title(built_site, entry)), entry) for entry in files]
    return expected


def _locate(outline, expected) -> dict[str, int]:
    """Match the expected headings to bookmarks in document order; map each toc file to the
    index of its bookmark. Headings that are not found are left out."""
    positions, start = {}, 0
    for key, entry in expected:
        for index in range(start, len(outline)):
            if _key(outline[index][1]) == key:
                positions[entry if entry is not None else f"part:{key}"] = index
                start = index + 1
                break
    return positions


def test_pdf_has_every_part_and_chapter_in_order(reader, toc_parts, built_site):
    outline = _outline(reader)
    expected = _expected_headings(toc_parts, built_site)
    positions = _locate(outline, expected)
    missing = [key for key, entry in expected
               if (entry if entry is not None else f"part:{key}") not in positions]
    assert missing == []
    chapters = [entry for _, entry in expected if entry is not None]
    assert len(chapters) == sum(len(files) for _, files in toc_parts)
    # Chapters sit one level below their part, parts and preface at the top.
    depths = {outline[positions[entry]][0] for entry in chapters}
    assert depths == {1 if any(caption for caption, _ in toc_parts) else 0}


def test_landing_page_is_one_preface_chapter(reader, toc_parts):
    # Its sections are sections of the preface, not chapters of their own (each would
    # start on a new page with a few lines on it).
    outline = _outline(reader)
    first_part = next(caption for caption, _ in toc_parts if caption)
    start = next(n for n, (_, title, _) in enumerate(outline) if _key(title) == _key(first_part))
    assert [title for depth, title, _ in outline[:start] if depth == 0] == ["Preface"]
    assert sum(depth == 1 for depth, _, _ in outline[:start]) >= 3


def _site_numbers(built_site: Path, entry: str) -> list[str]:
    """The equation, figure, proposition and exercise numbers a page of the site shows."""
    soup = read_html(built_site / f"{entry}.html")
    selectors = ("span.eqno", "figcaption span.caption-number",
                 "p.admonition-title span.caption-number")
    numbers = [_text_without(span, ["headerlink"]).rstrip(".")
               for selector in selectors for span in soup.select(selector)]
    return [_squash(number) for number in numbers if number]


def _shows(text: str, number: str) -> bool:
    """Whether squashed ``text`` shows the label ``number`` ("(3.1)", "Fig.3.1", ...).

    >>> _shows("seeFig.3.12and(3.1)2", "Fig.3.1"), _shows("(3.1)2", "(3.1)")
    (False, True)
    """
    # A label ending in a digit must not match the start of a longer one ("Fig.3.12").
    boundary = r"(?![0-9])" if number[-1].isdigit() else ""
    return re.search(re.escape(number) + boundary, text) is not None


def test_pdf_numbers_equations_figures_and_exercises_like_the_site(
    reader, toc_parts, built_site
):
    outline = _outline(reader)
    positions = _locate(outline, _expected_headings(toc_parts, built_site))
    problems = {}
    checked = 0
    for _, files in toc_parts:
        for entry in files:
            numbers = _site_numbers(built_site, entry)
            if not numbers or entry not in positions:
                continue
            depth, _, first = outline[positions[entry]]
            # A chapter runs up to the page before the next chapter, part or end matter.
            following = [page for d, _, page in outline[positions[entry] + 1:] if d <= depth]
            last = max(first, following[0] - 1) if following else len(reader.pages) - 1
            text = _squash(" ".join(reader.pages[page].extract_text(extraction_mode="layout")
                                    for page in range(first, last + 1)))
            missing = [number for number in dict.fromkeys(numbers) if not _shows(text, number)]
            checked += len(numbers)
            if missing:
                problems[entry] = missing
    assert checked > 0, "no numbered equation, figure or exercise on the site to compare"
    assert problems == {}


def _api_reference_pages(reader) -> set[int]:
    """Page indexes of the API reference appendix, whose docstrings quote HTML as text."""
    outline = _outline(reader)
    start = next((n for n, (_, title, _) in enumerate(outline)
                  if _key(title).startswith("apireference")), None)
    if start is None:
        return set()
    depth, _, first = outline[start]
    following = [page for d, _, page in outline[start + 1:] if d <= depth]
    last = following[0] - 1 if following else len(reader.pages) - 1
    return set(range(first, last + 1))


def test_pdf_shows_no_raw_html(reader):
    # An output that only the browser can render (an animation player, a widget) must offer
    # the PDF an image or a short text; its HTML source printed on paper is a failure.
    # (The API reference documents functions that write HTML; its examples quote it.)
    markup = re.compile(r"<(svg|div|script|style|iframe)[\s>]|</(svg|div|script|style)>")
    pages = {}
    skipped = _api_reference_pages(reader)
    assert len(skipped) < len(reader.pages) // 2
    for number, page in enumerate(reader.pages, start=1):
        if number - 1 in skipped:
            continue
        found = sorted({match.group(0) for match in markup.finditer(page.extract_text())})
        if found:
            pages[number] = found
    assert pages == {}, f"raw HTML on {len(pages)} pages (page: tags): {pages}"


# --------------------------------------------------------------------------------------
# print as a course hands it out: no hidden input, a picture for every player, solutions at
# the end of each chapter, a bibliography where its page is


def _pdf_text(reader) -> str:
    return _squash(" ".join(page.extract_text() for page in reader.pages))


def _distinctive_line(source: str, elsewhere: str = "") -> str | None:
    """The longest line of a cell's source that the squashed text ``elsewhere`` does not
    contain, if it is long enough to be recognisable."""
    lines = sorted((line.strip() for line in source.splitlines()
                    if _squash(line) not in elsewhere), key=len, reverse=True)
    return lines[0] if lines and len(lines[0]) >= 24 else None


def _code_cells(book_source: Path):
    """``(notebook, tags, source)`` for every code cell of every notebook of the book."""
    for notebook in toc_notebooks(book_source):
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                yield notebook, set(cell.metadata.get("tags", [])), cell.source


def test_pdf_prints_no_hidden_cell_source(reader, book_source):
    text = _pdf_text(reader)
    cells = list(_code_cells(book_source))
    shown = [source for _, tags, source in cells if not tags & HIDDEN_INPUT_TAGS]
    # A line that a visible cell also has may be printed, so each hidden cell is known by a
    # line of its own.
    shown_text = _squash("\n".join(shown))
    hidden = {}
    for notebook, tags, source in cells:
        if tags & HIDDEN_INPUT_TAGS and (line := _distinctive_line(source, shown_text)):
            hidden[line] = notebook.name
    assert hidden, "no hidden cell to check: tag checks and figure code as DESIGN.md says"
    printed = {line: name for line, name in hidden.items() if _squash(line) in text}
    assert printed == {}
    # The control: visible code is found in the text as printed, so the check can fail.
    visible = [line for source in shown if (line := _distinctive_line(source))]
    found = [line for line in visible if _squash(line) in text]
    assert len(found) >= len(visible) // 2 > 0


def test_every_player_has_a_picture_in_the_pdf(book_source, book_pdf):
    from jupyter_cache import get_cache

    latex = (book_pdf.parent / book_pdf.with_suffix(".tex").name).read_text(encoding="utf-8")
    cache = get_cache(str(book_source / "_build" / ".jupyter_cache"))
    players, missing = 0, []
    for notebook in toc_notebooks(book_source):
        record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
        for cell in cache.get_cache_bundle(record.pk).nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if 'class="tcv-player"' not in str(data.get("text/html", "")):
                    continue
                players += 1
                png = data.get("image/png")
                name = (hashlib.sha256(base64.b64decode(png)).hexdigest() if png else None)
                if name is None or name not in latex:
                    first = cell.source.splitlines()[0] if cell.source else ""
                    missing.append(f"{notebook.name}: {first[:60]}")
    assert players > 0, "no player found in the executed notebooks"
    assert missing == []


def test_solutions_are_gathered_at_the_end_of_their_chapter(book_pdf, built_site, book_source):
    latex = book_pdf.with_suffix(".tex").read_text(encoding="utf-8")
    chapters = re.split(r"\\chapter\*?\{", latex)[1:]
    with_solutions = [entry for entry in toc_notebooks(book_source)
                      if read_html(built_site / f"{entry.relative_to(book_source).with_suffix('')}"
                                   ".html").select_one("div.solution")]
    gathered = [chapter for chapter in chapters if r"\section{Solutions}" in chapter]
    assert len(gathered) == len(with_solutions) > 0
    for chapter in gathered:
        # Nothing but the gathered solutions follows the Solutions section in its chapter.
        before, after = chapter.split(r"\section{Solutions}", 1)
        assert "Solution to" not in before
        assert r"\section{" not in after and r"\subsection{" not in after


def test_bibliography_page_is_the_list_itself(reader):
    outline = _outline(reader)
    page = next(index for _, title, index in outline if _key(title) == "bibliography")
    text = reader.pages[page].extract_text()
    assert "Dumoulin" in text or "Visin" in text, text[:500]
