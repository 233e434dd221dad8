"""The book's own tools: one package for everything that builds, walks or inspects the book.

Used by ``tests/``, ``scripts/``, ``benchmarks/`` and the book's Sphinx configuration through
normal imports (the package is installed in editable mode from ``requirements.txt``:
``-e ./tools``).

Modules, one idea each:

- :mod:`book_tools.paths` -- where the repository is;
- :mod:`book_tools.toc` -- the one walker of ``_toc.yml`` (files, notebooks, parts);
- :mod:`book_tools.build` -- copying the repository and the strict build (notebooks executed
  in parallel into the build's execution cache first);
- :mod:`book_tools.site` -- the built site: pages, links, weights, and a visit of every page
  in Debian's headless Chromium from a loopback server;
- :mod:`book_tools.reading` -- what a reader sees on a page at 1280 px and 390 px (visible code
  lines, equations that do not fit, small figure text, axe-core findings) and the goals;
- :mod:`book_tools.reading_report` -- ``python -m book_tools.reading_report HTML [PAGE ...]``;
- :mod:`book_tools.results` -- the one writer of a section of ``benchmarks/RESULTS.md``.
"""
