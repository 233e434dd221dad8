"""Each chapter's reference list, written so that JupyterLab shows no error box.

A chapter ends with a "References" section listing the works it cites
(sphinxcontrib-bibtex's ``footbibliography`` directive). JupyterLab's MyST renderer does not
know that directive and draws a red "Unknown Directive" box in its place. The notebooks
therefore hold an HTML comment instead, ``<!-- footbibliography -->``, which every Markdown
renderer hides, and this extension turns the comment into the directive when Sphinx reads the
page (Sphinx's ``source-read`` event, before myst-nb parses the notebook).
"""

from __future__ import annotations

import json
import re

MARKER = "<!-- footbibliography -->"
DIRECTIVE = "```{footbibliography}\n```"

# In a notebook's JSON the marker sits inside a string: replace it by the JSON-escaped
# directive so the file stays valid JSON.
_JSON_DIRECTIVE = json.dumps(DIRECTIVE)[1:-1]


def expand_reference_markers(source: str, *, notebook: bool) -> str:
    """Replace every reference-list marker in ``source`` by the directive.

    Examples
    --------
    >>> expand_reference_markers("## References\\n\\n<!-- footbibliography -->", notebook=False)
    '## References\\n\\n```{footbibliography}\\n```'
    >>> text = json.dumps({"source": ["## References\\n", "<!-- footbibliography -->"]})
    >>> json.loads(expand_reference_markers(text, notebook=True))["source"][1]
    '```{footbibliography}\\n```'
    """
    replacement = _JSON_DIRECTIVE if notebook else DIRECTIVE
    return re.sub(re.escape(MARKER), lambda _: replacement, source)


def _on_source_read(app, docname: str, source: list[str]) -> None:
    notebook = str(app.env.doc2path(docname)).endswith(".ipynb")
    source[0] = expand_reference_markers(source[0], notebook=notebook)


def setup(app):
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
