#!/usr/bin/env bash
# Build the book into _build/html, strictly: any warning, broken reference or failing
# notebook cell fails the build. Sets up .venv/ on first use. Extra arguments go to
# `jupyter-book build` (e.g. --all to ignore the execution cache).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh requirements.txt
jupyter-book build . -W -n --keep-going "$@"
echo "Built: $(pwd)/_build/html/index.html"
