"""The PDF of the whole book, built strictly by ``scripts/build-pdf.sh`` in the copy the site
was built in (so executed notebooks come from its cache).

It must have every part and chapter of ``_toc.yml``, in order, and number equations, figures
and exercises exactly as the site does. Under CI a missing TeX installation is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml
from book_tools.site import book_config, read_html


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


def test_pdf_shows_no_raw_html(reader):
    # An output that only the browser can render (an animation player, a widget) must offer
    # the PDF an image or a short text; its HTML source printed on paper is a failure.
    markup = re.compile(r"<(svg|div|script|style|iframe)[\s>]|</(svg|div|script|style)>")
    pages = {}
    for number, page in enumerate(reader.pages, start=1):
        found = sorted({match.group(0) for match in markup.finditer(page.extract_text())})
        if found:
            pages[number] = found
    assert pages == {}, f"raw HTML on {len(pages)} pages (page: tags): {pages}"
