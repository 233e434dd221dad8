"""The book's Sphinx extensions, listed in ``sphinx.extra_extensions`` of ``_config.yml``.

- :mod:`book_tools.sphinx_ext.book_site` -- every site URL from the one ``repository.url``,
  the theme's default colour mode, one title per page, no dead widget state;
- :mod:`book_tools.sphinx_ext.book_api` -- the API reference, one page per module;
- :mod:`book_tools.sphinx_ext.book_pdf` -- the PDF: parts, chapters and numbering as on the
  site, hidden inputs left out, a picture for every player, solutions gathered;
- :mod:`book_tools.sphinx_ext.book_scripts` -- each inline script of a page once.

They are imported by name from the installed ``book_tools`` package, so the book needs no
``sys.path`` entry for them.
"""
