#!/usr/bin/env bash
# Build the book into _build/html, strictly: any warning, broken reference or failing
# notebook cell fails the build. Sets up .venv/ on first use. Extra arguments go to
# `jupyter-book build` (e.g. --all to rewrite every page).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh requirements.txt
# Execute the notebooks on all cores into the build's execution cache; the build then
# only reads the results (a notebook that fails is executed again by the build, which
# reports the error).
python -m book_tools.build .
jupyter-book build . -W -n --keep-going "$@"
echo "Built: $(pwd)/_build/html/index.html"
