"""Load every inline script of a page once.

sphinx-thebe registers its configuration (``const THEBE_JS_URL = ...``) as an inline script
after the HTML builder has started. Sphinx 7.4 then lists that script twice, once from the
builder (file name ``None``) and once from the registry (file name ``""``), and the second
copy throws "Identifier 'THEBE_JS_URL' has already been declared" in the console of every
page. This extension drops such repeats from each page's script list.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def unique_scripts(scripts: list) -> list:
    """Return ``scripts`` without repeats, taking a missing and an empty file name as equal.

    >>> from sphinx.builders.html._assets import _JavaScript
    >>> body = "const A = 1"
    >>> twice = [_JavaScript(None, body=body), _JavaScript("", body=body), _JavaScript("a.js")]
    >>> [script.filename for script in unique_scripts(twice)]
    [None, 'a.js']
    """
    seen = set()
    unique = []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def _drop_repeated_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        context["script_files"] = unique_scripts(context["script_files"])


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _drop_repeated_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
