"""The built site: its pages, links and weights, and a visit of every page in headless Chromium.

Shared by the tests of the built site, ``benchmarks/site_weight.py`` and the reading report.
The site is served from its own files on 127.0.0.1 and visited in Debian's Chromium through
Playwright. Every request that is not addressed to that loopback server is aborted and
recorded, Chromium cannot resolve any other host name, and its network log is kept so that a
test can prove that no byte left the loopback interface.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from book_tools import reading as reading_measure
from book_tools.reading import PageReading

CHROMIUM = Path("/usr/bin/chromium")
LOOPBACK_HOST = "127.0.0.1"

# Flags from JUPYTER-BOOK-NOTES.md, plus a resolver rule so that no host name but the
# loopback address resolves: Debian's launcher enables remote extensions and the browser
# itself checks for updates, requests that the page-level route cannot see.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOOPBACK_HOST}",
)

# Folders of the built site that hold assets, sources or reports rather than pages.
NON_PAGE_DIRS = frozenset({"_static", "_sources", "_images", "_downloads", "reports"})

MATHJAX_TIMEOUT_MS = 20_000

# Runs in the page after the load event: waits for MathJax and the web fonts, forces every
# image to load, then reports what a reader would see.
_INSPECT_PAGE_JS = r"""
async (timeoutMs) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const mathElements = Array.from(document.querySelectorAll('.math'));
  let mathjaxReady = false;
  if (mathElements.length) {
    const deadline = Date.now() + timeoutMs;
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)
           && Date.now() < deadline) {
      await sleep(20);
    }
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      await MathJax.startup.promise;
      mathjaxReady = true;
    }
  }
  await document.fonts.ready;

  const images = Array.from(document.images);
  await Promise.all(images.map((img) => {
    img.loading = 'eager';
    if (img.complete) return null;
    return new Promise((resolve) => {
      img.addEventListener('load', resolve, {once: true});
      img.addEventListener('error', resolve, {once: true});
      setTimeout(resolve, timeoutMs);
    });
  }));
  const brokenImages = images
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.getAttribute('src'));

  // A typeset math element holds an mjx-container and no TeX source besides it.
  const untypeset = mathElements.filter((el) => {
    if (!el.querySelector('mjx-container')) return true;
    const rest = el.cloneNode(true);
    rest.querySelectorAll('mjx-container, .eqno').forEach((node) => node.remove());
    return rest.textContent.trim() !== '';
  }).map((el) => el.textContent.slice(0, 80));
  // TeX errors render as merror; an undefined macro renders as its own name in red.
  const mathErrors = Array.from(document.querySelectorAll('mjx-merror'))
    .map((el) => el.getAttribute('data-mjx-error') || el.textContent.slice(0, 80))
    .concat(Array.from(document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]'))
      .map((el) => el.textContent).filter((text) => text.startsWith('\\'))
      .map((text) => `undefined macro ${text}`));

  // TeX delimiters left in the prose mean math that never became a math element.
  const skip = 'pre, code, script, style, textarea, mjx-container, .math, .highlight';
  const rawTex = /\$\$|\\\(|\\\[|\\begin\{|\$[^$\n]*\\[A-Za-z]+[^$\n]*\$/;
  const rawDelimiters = [];
  const root = document.querySelector('main') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && !parent.closest(skip) && rawTex.test(node.textContent)) {
      rawDelimiters.push(node.textContent.trim().slice(0, 80));
    }
  }

  // The theme's launch menu; Bootstrap moves each title into a tooltip, so read the labels.
  const launchButtons = {};
  document.querySelectorAll('.dropdown-launch-buttons .dropdown-item').forEach((item) => {
    const label = (item.querySelector('.btn__text-container') || item).textContent.trim();
    launchButtons[label] = item.getAttribute('href') || item.getAttribute('onclick') || '';
  });

  return {
    title: document.title,
    mathElements: mathElements.length,
    mathContainers: document.querySelectorAll('mjx-container').length,
    mathjaxReady, untypeset, mathErrors, rawDelimiters, brokenImages, launchButtons,
    hasIconLink: !!document.querySelector('link[rel~="icon"]'),
  };
}
"""


@dataclass
class PageVisit:
    """What the browser saw on one page of the site."""

    page: str
    title: str = ""
    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    loaded_paths: set[str] = field(default_factory=set)
    broken_images: list[str] = field(default_factory=list)
    math_elements: int = 0
    math_containers: int = 0
    untypeset_math: list[str] = field(default_factory=list)
    math_errors: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    launch_buttons: dict[str, str] = field(default_factory=dict)
    reading: PageReading | None = None
    seconds: float = 0.0


@dataclass
class SiteVisit:
    """Every page's visit, plus what Chromium's network log says about the whole session."""

    site: Path
    pages: dict[str, PageVisit]
    network_leaks: list[str]


def require_browser() -> None:
    """Skip the calling test when Chromium or Playwright is missing, or fail under CI.

    CI installs Debian's ``chromium`` and the pinned ``playwright`` package, so a missing
    browser there is a broken set-up, not a reason to skip.
    """
    import importlib.util

    import pytest

    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -r requirements-dev.txt)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def book_config(book_root: Path) -> dict:
    """Read the book's ``_config.yml``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "_config.yml").write_text("repository: {branch: main}")
    ...     book_config(Path(tmp))["repository"]["branch"]
    'main'
    """
    import yaml

    return yaml.safe_load((book_root / "_config.yml").read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[str]:
    """Return the site's HTML pages as sorted POSIX paths relative to ``site``.

    Asset folders (``_static`` ...) and redirect stubs such as the root ``index.html`` of a
    Jupyter Book are left out: they are not pages a reader reads.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     _ = (root / "intro.html").write_text("<title>Intro</title>")
    ...     stub = '<meta http-equiv="Refresh" content="0; url=intro.html" />'
    ...     _ = (root / "index.html").write_text(stub)
    ...     html_pages(root)
    ['intro.html']
    """
    pages = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site)
        if relative.parts[0] in NON_PAGE_DIRS or redirect_target(path) is not None:
            continue
        pages.append(relative.as_posix())
    return sorted(pages)


def redirect_target(path: Path) -> str | None:
    """Return the URL a meta-refresh stub redirects to, or ``None`` for a real page.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     stub = Path(tmp) / "index.html"
    ...     _ = stub.write_text('<meta http-equiv="Refresh" content="0; url=intro.html" />')
    ...     redirect_target(stub)
    'intro.html'
    """
    head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    if "<body" in head.lower():
        return None
    match = re.search(r'http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', head, re.I)
    return match.group(1) if match else None


def page_source(book_root: Path, page: str) -> Path | None:
    """Return the ``.ipynb`` or ``.md`` source a page was built from, if it has one.

    >>> page_source(Path("."), "search.html") is None
    True
    """
    for suffix in (".ipynb", ".md"):
        candidate = book_root / Path(page).with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


_FENCED_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1\s*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_TEX_MATH = re.compile(r"\$[^$\n]+\$|\\begin\{|\{math\}")


def source_has_math(source: Path) -> bool:
    """Tell whether a Markdown or notebook source writes TeX math outside code.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = Path(tmp) / "a.md"
    ...     _ = page.write_text("Costs `$HOME`.\\n\\n```python\\nx = '$a$'\\n```\\n")
    ...     before = source_has_math(page)
    ...     _ = page.write_text("Let $x_i$ be given.")
    ...     before, source_has_math(page)
    (False, True)
    """
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
        )
    else:
        text = source.read_text(encoding="utf-8")
    prose = _INLINE_CODE.sub("", _FENCED_CODE.sub("", text))
    return bool(_TEX_MATH.search(prose))


@functools.cache
def read_html(path: Path) -> BeautifulSoup:
    """Parse one built HTML file (once: the result is cached, treat it as read-only).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = Path(tmp) / "a.html"
    ...     _ = page.write_text("<title>A</title>")
    ...     read_html(page).title.string
    'A'
    """
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A page closed while a file was still streaming breaks the pipe; that is the
        # browser leaving, not a fault of the site. Anything else is still reported.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; yield its base URL.

    >>> import tempfile, urllib.request
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.html").write_text("hello")
    ...     with serve_site(Path(tmp)) as base:
    ...         urllib.request.urlopen(base + "a.html").read()
    b'hello'
    """
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer((LOOPBACK_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK_HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def url_to_site_path(url: str, base: str) -> str | None:
    """Map a URL of the served site to a POSIX path relative to the site root.

    >>> url_to_site_path("http://127.0.0.1:9/_static/a%20b.css?v=1", "http://127.0.0.1:9/")
    '_static/a b.css'
    >>> url_to_site_path("https://cdn.example/x.js", "http://127.0.0.1:9/") is None
    True
    """
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path) :]
    return path + "index.html" if path.endswith("/") or not path else path


@functools.cache
def browse_site(site: Path, pages: tuple[str, ...] | None = None,
                read: bool = True) -> SiteVisit:
    """Visit ``pages`` of ``site`` (default: every page) in headless Chromium, one fresh
    browser context per page; with ``read``, also measure what a reader sees at 1280 px and
    390 px (:mod:`book_tools.reading`) during the same visit.

    Cached per site, so the test modules that need the visit share one browser session.
    """
    from playwright.sync_api import sync_playwright

    pages = list(pages) if pages is not None else html_pages(site)
    visits: dict[str, PageVisit] = {}
    with tempfile.TemporaryDirectory(prefix="site-netlog-") as tmp:
        netlog = Path(tmp) / "netlog.json"
        with serve_site(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=[*CHROMIUM_ARGS, f"--log-net-log={netlog}"],
            )
            try:
                for page in pages:
                    visits[page] = _visit(browser, base, page, read)
            finally:
                browser.close()
        leaks = network_leaks(netlog)
    return SiteVisit(site=site, pages=visits, network_leaks=leaks)


def _visit(browser, base: str, page: str, read: bool) -> PageVisit:
    started = time.perf_counter()
    visit = PageVisit(page=page)
    context = browser.new_context(viewport={"width": reading_measure.DESKTOP,
                                            "height": reading_measure.WINDOW_HEIGHT[
                                                reading_measure.DESKTOP]})
    console: list[tuple[str, str, str]] = []
    http_errors: list[str] = []
    pending: set = set()  # requests sent and not finished yet

    def route(route_request) -> None:
        url = route_request.request.url
        if url.startswith(base):
            route_request.continue_()
        else:
            visit.blocked_requests.append(url)
            route_request.abort("blockedbyclient")

    def on_response(response) -> None:
        path = url_to_site_path(response.url, base)
        if path is None:
            return
        if response.status >= 400:
            http_errors.append(path)
        else:
            visit.loaded_paths.add(path)

    def on_request_failed(request) -> None:
        pending.discard(request)
        if url_to_site_path(request.url, base) is not None:
            visit.failed_requests.append(f"{request.url} ({request.failure})")

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("request", lambda request: pending.add(request))
    tab.on("requestfinished", lambda request: pending.discard(request))
    tab.on("console", lambda msg: console.append((msg.type, msg.text, msg.location.get("url", ""))))
    tab.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    tab.on("response", on_response)
    tab.on("requestfailed", on_request_failed)
    try:
        tab.goto(base + page, wait_until="load")
        seen = tab.evaluate(_INSPECT_PAGE_JS, MATHJAX_TIMEOUT_MS)
        # Chromium asks for the icon (and MathJax for a late font) after the load event:
        # wait for those answers too, so that the page's weight includes them.
        for request in list(pending):
            request.response()
        if read:
            visit.reading = reading_measure.measure(tab)
    finally:
        context.close()

    visit.title = seen["title"]
    visit.broken_images = seen["brokenImages"]
    visit.math_elements = seen["mathElements"]
    visit.math_containers = seen["mathContainers"]
    visit.untypeset_math = seen["untypeset"]
    if seen["mathElements"] and not seen["mathjaxReady"]:
        visit.untypeset_math.insert(0, "MathJax never started")
    visit.math_errors = seen["mathErrors"]
    visit.raw_tex = seen["rawDelimiters"]
    visit.launch_buttons = seen["launchButtons"]
    # Every console error counts: a reader with the console open sees each one.
    visit.console_errors += [f"{text} [{source}]" for kind, text, source in console
                             if kind == "error"]
    visit.failed_requests += [f"HTTP error for {path}" for path in http_errors]
    if visit.reading is not None:
        visit.reading.page = page
        visit.reading.console_errors = list(visit.console_errors)
    visit.seconds = time.perf_counter() - started
    return visit


def network_leaks(netlog: Path) -> list[str]:
    """Sockets in a Chromium network log that sent anything to a non-loopback address.

    A TCP connection attempt sends a SYN, so any TCP socket to another address counts. A UDP
    socket counts only if it sent bytes: Chromium ``connect``s a UDP socket to a public address
    without sending anything to learn its default route, which puts nothing on the wire.

    >>> import tempfile
    >>> log = {"constants": {"logEventTypes": {"TCP_CONNECT_ATTEMPT": 1},
    ...                      "logSourceType": {"SOCKET": 7}},
    ...        "events": [{"type": 1, "source": {"id": 3, "type": 7},
    ...                    "params": {"address": "192.0.2.9:443"}}]}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "netlog.json"
    ...     _ = path.write_text(json.dumps(log))
    ...     network_leaks(path)
    ['SOCKET to 192.0.2.9:443 (TCP_CONNECT_ATTEMPT)']
    """
    text = netlog.read_text(encoding="utf-8")
    try:
        log = json.loads(text)
    except json.JSONDecodeError:
        # A log cut short at exit lacks its closing brackets; Chromium documents this form.
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    event_names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    source_names = {number: name for name, number in log["constants"]["logSourceType"].items()}
    sockets: dict[int, dict] = {}
    for event in log["events"]:
        source_type = source_names.get(event["source"]["type"], "")
        if source_type not in ("SOCKET", "UDP_SOCKET"):
            continue
        record = sockets.setdefault(
            event["source"]["id"], {"type": source_type, "peers": set(), "events": set()}
        )
        name = event_names.get(event["type"], "")
        record["events"].add(name)
        params = event.get("params") or {}
        if "LOCAL_ADDRESS" not in name:
            for key in ("address", "remote_address"):
                if key in params:
                    record["peers"].add(params[key])
    leaks = []
    for record in sockets.values():
        outside = sorted(peer for peer in record["peers"] if not _is_loopback_peer(peer))
        sent = record["type"] == "SOCKET" or "UDP_BYTES_SENT" in record["events"]
        if outside and sent:
            leaks.append(f"{record['type']} to {', '.join(outside)} "
                         f"({', '.join(sorted(record['events'] - {'SOCKET_ALIVE'}))})")
    return leaks


def _is_loopback_peer(peer: str) -> bool:
    host = peer.rsplit(":", 1)[0].strip("[]")
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


# Attributes through which a page points at other files of the site.
LINK_ATTRIBUTES = {
    "a": "href", "link": "href", "area": "href", "img": "src", "script": "src",
    "iframe": "src", "source": "src", "video": "poster", "audio": "src", "embed": "src",
    "object": "data", "track": "src",
}
# Of those, the ones a browser downloads to display the page (for its weight).
DISPLAY_SELECTORS = {
    "script[src]": "src", "img[src]": "src", "source[src]": "src", "video[src]": "src",
    "video[poster]": "poster", "audio[src]": "src", "iframe[src]": "src",
    "embed[src]": "src", "object[data]": "data", "link[rel~=stylesheet][href]": "href",
    "link[rel~=preload][href]": "href",
}
_SITE = "http://site/"


@dataclass(frozen=True)
class InternalLink:
    """A link from a page to a file of the site (``path``), maybe to an anchor in it."""

    raw: str
    path: str
    fragment: str


def _resolve(page: str, reference: str) -> InternalLink | None:
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith("//"):
        return None
    absolute = urljoin(_SITE + page, reference)
    path = url_to_site_path(absolute, _SITE)
    return InternalLink(reference, path, unquote(urlsplit(absolute).fragment))


def internal_links(site: Path, page: str) -> list[InternalLink]:
    """Every link of a page that stays inside the site (external URLs are left out).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     (root / "ch").mkdir()
    ...     html = '<a href="../b.html#x">b</a><a href="https://e.org/">e</a><img src="i.png">'
    ...     _ = (root / "ch" / "a.html").write_text(html)
    ...     [(link.path, link.fragment) for link in internal_links(root, "ch/a.html")]
    [('b.html', 'x'), ('ch/i.png', '')]
    """
    links = []
    for element in read_html(site / page).find_all(list(LINK_ATTRIBUTES)):
        reference = element.get(LINK_ATTRIBUTES[element.name])
        if reference is not None and (link := _resolve(page, reference.strip())) is not None:
            links.append(link)
    return links


def site_anchors(site: Path):
    """Return a function mapping a page of ``site`` to the set of its anchor names (ids and
    ``<a name>``), parsing each page once.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.html").write_text('<h1 id="top">A</h1><a name="old"></a>')
    ...     sorted(site_anchors(Path(tmp))("a.html"))
    ['old', 'top']
    """

    @functools.cache
    def anchors(page: str) -> frozenset[str]:
        soup = read_html(site / page)
        names = {element["id"] for element in soup.find_all(id=True)}
        names |= {element["name"] for element in soup.find_all("a", attrs={"name": True})}
        return frozenset(names)

    return anchors


def referenced_paths(site: Path, page: str) -> set[str]:
    """Site files a page's HTML references for display: scripts, styles, images, media.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     _ = (root / "a.html").write_text('<img src="x.png"><a href="b.html">b</a>')
    ...     _ = (root / "x.png").write_bytes(b"png")
    ...     sorted(referenced_paths(root, "a.html"))
    ['x.png']
    """
    soup = read_html(site / page)
    found = set()
    for selector, attribute in DISPLAY_SELECTORS.items():
        for element in soup.select(selector):
            link = _resolve(page, element[attribute].strip())
            if link is not None and (site / link.path).is_file():
                found.add(link.path)
    return found


# Static hosts (GitHub Pages among them) send text files gzip-compressed; images, fonts and
# other binary files go as they are.
COMPRESSED_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"})


@functools.cache
def transfer_size(path: Path) -> int:
    """Bytes a static host sends for a file: gzip size for text files, raw size otherwise.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = Path(tmp) / "a.html"
    ...     _ = page.write_text("x" * 10_000)
    ...     transfer_size(page) < 100 < 10_000 == page.stat().st_size
    True
    """
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        return len(gzip.compress(path.read_bytes(), compresslevel=6))
    return path.stat().st_size


@dataclass(frozen=True)
class PageWeight:
    """How heavy one page is, in bytes.

    ``transfer``: everything the first visit downloads, as a compressing static host sends it.
    ``raw``: the same files, uncompressed. ``content``: the page's own files, uncompressed,
    that is the HTML and what it shows (images, media, players), leaving out the theme's and
    MathJax's assets in ``_static/`` that every page shares.
    """

    transfer: int
    raw: int
    content: int


def page_weight(site: Path, visit: PageVisit) -> PageWeight:
    """Weigh one visited page: the files the browser fetched from the site, together with
    every display resource the HTML references (in case one was not fetched)."""
    paths = {
        path for path in visit.loaded_paths | referenced_paths(site, visit.page) | {visit.page}
        if (site / path).is_file()
    }
    own = {path for path in paths if Path(path).parts[0] != "_static"}
    return PageWeight(
        transfer=sum(transfer_size(site / path) for path in paths),
        raw=sum((site / path).stat().st_size for path in paths),
        content=sum((site / path).stat().st_size for path in own),
    )


def site_size(site: Path) -> int:
    """Total bytes of every file of the built site.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.html").write_text("12345")
    ...     site_size(Path(tmp))
    5
    """
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
