#!/usr/bin/env bash
# Build the PDF of the whole book: _build/latex/book.pdf (Jupyter Book's LaTeX builder, xelatex).
#
#   bash scripts/build-pdf.sh
#
# Needs TeX Live from Debian; run as root, the script installs what is missing:
#   apt-get install texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
#     texlive-xetex latexmk fonts-freefont-otf
# Sets up .venv/ like build-book.sh, unless BOOK_PYTHON_READY=1 says the current PATH already
# has the book's Python environment (the test suite does this). Executed notebooks are taken
# from the cache of an earlier build of the site when there is one. Extra arguments go to
# `jupyter-book build`.
set -euo pipefail
cd "$(dirname "$0")/.."

TEX_PACKAGES=(
  texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex
  latexmk fonts-freefont-otf
)

# Install the Debian TeX packages that are missing (as root); otherwise only say which.
install_tex() {
  local missing=() package
  for package in "${TEX_PACKAGES[@]}"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" != "0" ] || ! command -v apt-get > /dev/null 2>&1; then
    echo "warning: Debian packages missing (install them as root): ${missing[*]}" >&2
    return 0
  fi
  echo "Installing TeX: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
}

if command -v dpkg > /dev/null 2>&1; then
  install_tex
fi
for tool in xelatex latexmk; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "error: $tool not found; the PDF needs TeX Live with XeTeX (see the top of $0)" >&2
    exit 1
  fi
done

if [ "${BOOK_PYTHON_READY:-0}" != "1" ]; then
  source scripts/setup-env.sh requirements.txt
fi

PDF=_build/latex/book.pdf  # named by latex.latex_documents.targetname in _config.yml
rm -f "$PDF"
jupyter-book build . --builder pdflatex "$@"
test -s "$PDF"
echo "Built: $(pwd)/$PDF"
