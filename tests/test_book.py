"""The book: its table of contents, the strict build, and what the built site links to."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
import yaml
from book_tools.build import BookBuild, repository_files
from book_tools.sphinx_ext.book_api import (
    _full_name,
    _remember_first_line,
    _undo_inline_attribute_type,
    api_modules,
    api_page,
    documented_members,
    top_level_aliases,
)
from book_tools.sphinx_ext.book_site import WIDGET_STATE_MIMETYPE, _drop_widget_state, pages_url
from book_tools.toc import source_of as toc_source
from book_tools.toc import toc_files
from bs4 import BeautifulSoup
from conftest import REPO_ROOT
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ConfigError
from sphinx.ext.napoleon import Config as NapoleonConfig
from sphinx.ext.napoleon import NumpyDocstring

CONFIG = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
REPOSITORY_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
SITE_URL = pages_url(REPOSITORY_URL)
OWNER_REPO = urlparse(REPOSITORY_URL).path.strip("/")


def toc_entries(book_root: Path = REPO_ROOT) -> list[str]:
    """Every page of ``_toc.yml`` (the root first), without suffix; for a built site, pass
    its source folder, where the generated API pages exist."""
    return toc_files(book_root)


def source_of(entry: str) -> Path | None:
    return toc_source(REPO_ROOT, entry)


def _root(built_site: Path) -> Path:
    return built_site.parent.parent


NOTEBOOK_ENTRIES = [e for e in toc_entries() if (s := source_of(e)) and s.suffix == ".ipynb"]


def page(built_site: Path, entry: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / f"{entry}.html").read_text(encoding="utf-8"), "html.parser")


def content_pages(built_site: Path) -> list[Path]:
    """Every HTML page of the book's own documents (not the search and index pages)."""
    return [built_site / f"{entry}.html" for entry in toc_entries(_root(built_site))]


# --------------------------------------------------------------------------------------
# the table of contents


def test_every_toc_entry_exists():
    missing = [entry for entry in toc_entries() if source_of(entry) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_notebook_is_in_the_toc():
    listed = {source_of(entry) for entry in toc_entries()}
    notebooks = [
        path.relative_to(REPO_ROOT).as_posix()
        for folder in ("chapters", "appendices")
        for path in sorted((REPO_ROOT / folder).glob("*.ipynb"))
        if path not in listed
    ]
    assert not notebooks, f"notebooks missing from _toc.yml (not built): {notebooks}"


def test_toc_parts_are_in_the_book_order():
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc["parts"]]
    order = ["Part I · Intuition", "Part II · The linear-operator view",
             "Part III · Upsampling in practice", "Part IV · Explore", "Appendices"]
    assert captions == [caption for caption in order if caption in captions]
    chapters = [e for e in toc_entries() if e.startswith("chapters/")]
    assert chapters == sorted(chapters), "chapters must appear in their numbered order"


# --------------------------------------------------------------------------------------
# the strict build


def test_strict_build_succeeds_without_warnings(book_build: BookBuild):
    assert book_build.warnings == []
    assert book_build.returncode == 0, book_build.log[-5000:]
    assert "build succeeded" in book_build.log


def test_every_toc_entry_is_built(built_site: Path):
    entries = toc_entries(_root(built_site))
    missing = [entry for entry in entries if not (built_site / f"{entry}.html").exists()]
    assert not missing


# --------------------------------------------------------------------------------------
# launch buttons, downloads, repository links


@pytest.mark.parametrize("entry", NOTEBOOK_ENTRIES)
def test_launch_links_point_at_repository_and_chapter(built_site: Path, entry: str):
    links = {a.get("href") for a in page(built_site, entry).find_all("a")}
    binder = f"https://mybinder.org/v2/gh/{OWNER_REPO}/{BRANCH}?urlpath=lab/tree/{entry}.ipynb"
    colab = (f"https://colab.research.google.com/github/{OWNER_REPO}/blob/{BRANCH}/"
             f"{entry}.ipynb")
    assert binder in links
    assert colab in links
    assert REPOSITORY_URL in links  # the repository button


@pytest.mark.parametrize("entry", NOTEBOOK_ENTRIES)
def test_chapter_offers_live_code_and_notebook_download(built_site: Path, entry: str):
    soup = page(built_site, entry)
    assert soup.select_one("button.btn-launch-thebe") is not None
    download = soup.select_one("a.btn-download-source-button")
    assert download is not None and download["href"].endswith(f"{Path(entry).name}.ipynb")
    assert (built_site / entry).parent.joinpath(download["href"]).resolve().exists()


def test_every_page_links_how_to_cite_in_its_footer(built_site: Path):
    target = (built_site / "appendices" / "how_to_cite.html").resolve()
    for html in content_pages(built_site):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("footer .cite-footer a")
        assert link is not None, f"{html.name}: no 'How to cite' link in the footer"
        path = urlparse(link["href"]).path  # empty on the page itself ("#")
        linked = (html.parent / path).resolve() if path else html.resolve()
        assert linked == target


# --------------------------------------------------------------------------------------
# a self-contained site: no script, style sheet, font or image comes from the network


def _loaded_resources(soup: BeautifulSoup) -> list[str]:
    urls = [tag["src"] for tag in soup.find_all(["script", "img", "iframe"]) if tag.get("src")]
    urls += [tag["href"] for tag in soup.find_all("link")
             if tag.get("href") and set(tag.get("rel", [])) & {"stylesheet", "preload", "icon"}]
    return urls


def test_pages_load_only_local_resources(built_site: Path):
    pages = [html for html in sorted(built_site.rglob("*.html"))
             if html.relative_to(built_site).parts[0] not in {"_static", "_sources"}]
    assert len(pages) >= len(toc_entries(_root(built_site)))
    for html in pages:
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        # no kernel, no widget manager: embedded widget state would be dead weight
        assert soup.find("script", type="application/vnd.jupyter.widget-state+json") is None
        for url in _loaded_resources(soup):
            assert not urlparse(url).scheme and not url.startswith("//"), f"{html}: {url}"
            local = (html.parent / urlparse(url).path).resolve()
            assert local.exists(), f"{html.relative_to(built_site)} loads missing {url}"


def test_mathjax_is_served_from_the_site(built_site: Path):
    soup = page(built_site, "appendices/notation")
    sources = [tag.get("src", "") for tag in soup.find_all("script")]
    mathjax = [src.split("?")[0] for src in sources if "mathjax" in src.lower()]
    assert mathjax == ["../_static/mathjax/tex-chtml.js"]
    assert (built_site / "_static" / "mathjax" / "tex-chtml.js").exists()
    # the woff fonts MathJax's CHTML output loads sit beside it
    assert any((built_site / "_static" / "mathjax").rglob("*.woff"))


# --------------------------------------------------------------------------------------
# sharing: titles, descriptions, sitemap, one repository URL


def test_pages_carry_sharing_metadata(built_site: Path):
    for entry in toc_entries(_root(built_site)):
        soup = page(built_site, entry)
        meta = {tag.get("property") or tag.get("name"): tag.get("content")
                for tag in soup.find_all("meta")}
        assert meta["og:title"] and meta["og:description"], entry
        assert meta["description"] == meta["og:description"]
        assert meta["og:url"] == f"{SITE_URL}{entry}.html"
        assert meta["og:site_name"] == CONFIG["title"]
        assert meta["og:image"] == f"{SITE_URL}_static/social-card.png"


def test_sitemap_lists_every_page_and_nothing_else(built_site: Path):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert listed == {f"{SITE_URL}{entry}.html" for entry in toc_entries(_root(built_site))}


def _url_mentions(text: str) -> int:
    return len(re.findall(re.escape(OWNER_REPO), text))


def test_repository_url_is_configured_in_one_place():
    """Only _config.yml names the repository; the files that cannot read it are synced
    from it by scripts/sync_setup_cell.py (checked in test_setup_cell.py)."""
    synced = {"CITATION.cff"}
    mentions = {}
    for relative in repository_files():
        if relative.suffix in {".png", ".svg", ".ico", ".gif"} or relative.as_posix() in synced:
            continue
        text = (REPO_ROOT / relative).read_text(encoding="utf-8", errors="replace")
        if relative.suffix == ".ipynb":
            # the set-up cell carries the URL, synced from _config.yml
            text = re.sub(r"git\+\S+@\w+", "", text)
        if _url_mentions(text):
            mentions[relative.as_posix()] = _url_mentions(text)
    assert mentions == {"_config.yml": 1}


# --------------------------------------------------------------------------------------
# numbering and the API reference


def _chapter_number(soup: BeautifulSoup) -> str | None:
    number = soup.select_one("article h1 .section-number, main h1 .section-number")
    return number.get_text(strip=True).rstrip(".") if number else None


@pytest.mark.parametrize("entry", [e for e in NOTEBOOK_ENTRIES if e.startswith("chapters/")])
def test_exercises_are_numbered_within_their_chapter(built_site: Path, entry: str):
    soup = page(built_site, entry)
    chapter = _chapter_number(soup)
    assert chapter is not None and chapter.isdigit(), f"{entry} has no chapter number"
    titles = [span.get_text(strip=True)
              for span in soup.select("div.exercise p.admonition-title span.caption-number")]
    expected = [f"Exercise {chapter}.{n}" for n in range(1, len(titles) + 1)]
    assert titles == expected
    # House style: a short set at the end of each chapter (five where a chapter's new
    # material, such as gradients or FCN-8s's crop, earned its own exercise).
    assert 2 <= len(titles) <= 5, f"{entry}: chapters end with 2-5 exercises"


def test_api_reference_documents_every_public_name_on_its_module_page(built_site: Path):
    import tconv_lib

    aliases = top_level_aliases("tconv_lib")
    misplaced = []
    for name in tconv_lib.__all__:
        documented = aliases[f"tconv_lib.{name}"]
        soup = page(built_site, api_page(documented))
        if soup.find(id=documented) is None:
            misplaced.append(f"{name}: not on {api_page(documented)}.html")
    assert misplaced == []


def test_api_reference_is_one_page_per_module_linked_from_its_index(built_site: Path):
    modules = api_modules("tconv_lib")
    assert len(modules) >= 10
    index = page(built_site, "appendices/api")
    links = {a.get("href", "").split("#")[0] for a in index.select("article a.reference")}
    expected = {f"{api_page(module).removeprefix('appendices/')}.html" for module in modules}
    assert expected <= links
    # Each page is in the table of contents (under the index) and was built.
    entries = toc_entries(_root(built_site))
    assert [api_page(module) for module in modules if api_page(module) not in entries] == []
    # No page is the old single reference of everything: the largest holds a fraction.
    sizes = {module: len((built_site / f"{api_page(module)}.html").read_bytes())
             for module in modules}
    assert max(sizes.values()) < 0.5 * sum(sizes.values())


def test_api_documents_each_name_once_where_it_is_defined():
    import tconv_lib

    members = documented_members("tconv_lib")
    documented = [f"{module}.{name}" for module, names in members.items() for name in names]
    assert len(documented) == len(set(documented))
    assert set(top_level_aliases("tconv_lib").values()) <= set(documented)
    assert len(top_level_aliases("tconv_lib")) == len(tconv_lib.__all__)


def test_package_references_resolve_to_the_documented_object():
    aliases = top_level_aliases("tconv_lib")
    packages = ["tconv_lib"]
    conv = aliases["tconv_lib.conv"]
    assert _full_name("tconv_lib.conv", None, packages) == conv
    assert _full_name("tconv_lib.ops.conv", None, packages) == conv
    assert _full_name("conv", "tconv_lib.matrix", packages) == conv  # via the top level
    assert (_full_name("tconv_lib.DirectEquivalent.padded_size", None, packages)
            == aliases["tconv_lib.DirectEquivalent"] + ".padded_size")
    assert _full_name("np", "tconv_lib.ops", packages) is None  # not documented here
    assert _full_name("conv", "numpy", packages) is None
    assert _full_name("tconv_lib.no_such_name", None, packages) is None


def test_site_url_is_derived_from_the_repository_url():
    assert pages_url("https://github.com/Some-Org/a.repo.git") == "https://some-org.github.io/a.repo/"
    with pytest.raises(ConfigError, match="repository.url"):
        pages_url("https://gitlab.com/org/repo")


def test_attribute_text_before_a_colon_stays_text():
    original = ["Number of steps: output cells (gather view)."]
    _remember_first_line(None, "property", "m.Scene.n_steps", None, None, original)
    lines = NumpyDocstring(original, NapoleonConfig(), what="property",
                           name="m.Scene.n_steps").lines()
    assert ":type: Number of steps" in lines  # what napoleon alone would render
    _undo_inline_attribute_type(None, "property", "m.Scene.n_steps", None, None, lines)
    assert not any(line.startswith(":type:") for line in lines)
    assert lines[0] == "Number of steps: output cells (gather view)."


def test_pages_drop_widget_state_that_no_manager_reads():
    scripts = [_JavaScript("_static/x.js"),
               _JavaScript(None, type=WIDGET_STATE_MIMETYPE, body="{}")]
    for manager, kept in (({}, ["_static/x.js"]), ({"embed.js": {}}, ["_static/x.js", None])):
        app = SimpleNamespace(config=SimpleNamespace(nb_ipywidgets_js=manager))
        context = {"script_files": list(scripts)}
        _drop_widget_state(app, "page", "page.html", context, None)
        assert [js.filename for js in context["script_files"]] == kept
