"""Derive every site-level URL from the one ``repository.url`` of ``_config.yml``.

Jupyter Book passes ``repository.url`` to the theme as ``repository_url``. From it
this extension derives the published site URL (GitHub Pages: ``https://OWNER.github.io/REPO/``)
for the sitemap and the Open Graph tags, unless ``html_baseurl`` is set explicitly, and
replaces the placeholders ``{{ repository_url }}``, ``{{ repository_branch }}`` and
``{{ site_url }}`` in Markdown pages (code blocks included), so no page repeats the URL.
It also names the Sphinx ``project`` after the book's title, for the Open Graph site name,
and drops the embedded state of ipywidgets when no widget manager is configured
(``nb_ipywidgets_js: {}``): a static page has no kernel, so its widgets could only ever be
dead controls, and their state would be dead weight. Two accessibility fixes: bibliography
entries get the list-item role their list needs, and toggles (hidden cells, the sidebar) are
named by what a reader sees.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

_GITHUB_PATH = re.compile(r"^/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


def pages_url(repository_url: str) -> str:
    """Return the GitHub Pages URL of a ``https://github.com/OWNER/REPO`` repository.

    >>> pages_url("https://github.com/Octo-Org/some-book")
    'https://octo-org.github.io/some-book/'
    """
    parsed = urlparse(repository_url)
    match = _GITHUB_PATH.match(parsed.path)
    if parsed.netloc != "github.com" or match is None:
        raise ConfigError(
            f"repository.url must look like https://github.com/OWNER/REPO to derive the site "
            f"URL, got {repository_url!r}; set html.baseurl in _config.yml for other hosts"
        )
    return f"https://{match['owner'].lower()}.github.io/{match['repo']}/"


def _site_urls(config: Config) -> dict[str, str]:
    theme_options = config.html_theme_options or {}
    repository_url = theme_options.get("repository_url", "").rstrip("/")
    if not repository_url:
        raise ConfigError("repository.url is missing from _config.yml")
    site_url = config.html_baseurl or pages_url(repository_url)
    if not site_url.endswith("/"):
        site_url += "/"
    return {
        "repository_url": repository_url,
        "repository_branch": theme_options.get("repository_branch", "main"),
        "site_url": site_url,
    }


def _configure(app: Sphinx, config: Config) -> None:
    urls = _site_urls(config)
    # Jupyter Book sets only html_title; Open Graph's site name reads ``project``.
    config.project = config.html_title
    config.html_baseurl = urls["site_url"]
    config.ogp_site_url = urls["site_url"]
    config.html_context = {**(config.html_context or {}), **urls}
    app.book_site_urls = urls


def _fill_placeholders(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    text = source[0]
    for key, value in app.book_site_urls.items():
        text = re.sub(r"\{\{\s*" + key + r"\s*\}\}", value, text)
    source[0] = text


WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"


def _drop_widget_state(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree: object) -> None:
    """Without a widget manager (``nb_ipywidgets_js: {}``), no script reads widget state."""
    if app.config.nb_ipywidgets_js:
        return
    context["script_files"][:] = [
        script for script in context.get("script_files", [])
        if script.attributes.get("type") != WIDGET_STATE_MIMETYPE
    ]


def list_item_roles(body: str) -> str:
    """Give the entries of a bibliography the role its list needs (``listitem``).

    docutils marks a citation list ``role="list"`` and each entry ``role="doc-biblioentry"``,
    a role DPUB-ARIA 1.1 deprecated and that a list may not contain, so assistive technology
    sees an empty, broken list.

    >>> list_item_roles('<div role="list"><div class="citation" role="doc-biblioentry">')
    '<div role="list"><div class="citation" role="listitem">'
    """
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


#: myst-nb names the toggle of a hidden cell "Toggle hidden content" (aria-label), which
#: hides its visible label ("Checked: ..."), the name a reader sees and speaks.
_HIDDEN_CELL_SUMMARY = '<summary aria-label="Toggle hidden content">'
#: pydata-sphinx-theme's sidebar toggles hold only an icon: a summary with no name at all.
_NAMELESS_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
_NAMED_TOGGLE = ('<summary aria-label="Pages of this section">'
                 '<span class="toctree-toggle" role="presentation">')


def named_toggles(html: str) -> str:
    """Give every ``<summary>`` toggle the accessible name a reader can see (or, for an
    icon-only toggle, a name at all).

    >>> named_toggles('<summary aria-label="Toggle hidden content"><span>Checked: x</span>')
    '<summary><span>Checked: x</span>'
    >>> named_toggles(_NAMELESS_TOGGLE) == _NAMED_TOGGLE
    True
    """
    return html.replace(_HIDDEN_CELL_SUMMARY, "<summary>").replace(_NAMELESS_TOGGLE,
                                                                    _NAMED_TOGGLE)


def focusable_code_blocks(body: str) -> str:
    """Let the keyboard reach every code block, which scrolls sideways when a line is wider
    than the column (axe-core's scrollable-region-focusable).

    >>> focusable_code_blocks('<div class="highlight"><pre><span>x</span></pre></div>')
    '<div class="highlight"><pre tabindex="0"><span>x</span></pre></div>'
    """
    return body.replace('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">')


def _fix_bibliography_roles(app: Sphinx, pagename: str, templatename: str, context: dict,
                            doctree: object) -> None:
    if "body" in context:
        context["body"] = focusable_code_blocks(named_toggles(list_item_roles(context["body"])))


def _name_sidebar_toggles(app: Sphinx, pagename: str, templatename: str, context: dict,
                          doctree: object) -> None:
    """Wrap the theme's sidebar generator so that its toggles carry a name."""
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "book_named_toggles", False):
        return

    def generate_named(*args, **kwargs) -> str:
        return named_toggles(str(generate(*args, **kwargs)))

    generate_named.book_named_toggles = True
    context["generate_toctree_html"] = generate_named


def setup(app: Sphinx) -> dict:
    # Run after Jupyter Book and the theme have filled html_theme_options.
    app.connect("config-inited", _configure, priority=900)
    app.connect("source-read", _fill_placeholders)
    app.connect("html-page-context", _drop_widget_state)
    app.connect("html-page-context", _fix_bibliography_roles)
    # after the theme has put its sidebar generator into the context
    app.connect("html-page-context", _name_sidebar_toggles, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
