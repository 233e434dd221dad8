#!/usr/bin/env bash
# Run the whole test suite: lint, then pytest (library, notebooks in fresh kernels, the
# strict book build, the built site in headless Chromium, the PDF). Sets up .venv/ and,
# when run as root, the Debian packages the suite needs. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests; TeX for the PDF.
SYSTEM_PACKAGES=(
  chromium
  texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex
  latexmk fonts-freefont-otf
)

source scripts/setup-env.sh requirements.txt requirements-dev.txt
ensure_debian_packages "${SYSTEM_PACKAGES[@]}"

# JavaScript test tools (axe-core for the accessibility checks), pinned in
# tests/js/package-lock.json; installed again only when the lock file changed.
install_js_tools() {
  local stamp=tests/js/node_modules/.lock-stamp wanted
  wanted="$(sha256sum tests/js/package-lock.json | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && return 0
  if ! command -v npm > /dev/null 2>&1; then
    ensure_debian_packages npm
  fi
  if command -v npm > /dev/null 2>&1; then
    npm ci --prefix tests/js --no-audit --no-fund --ignore-scripts --loglevel=error
    echo "$wanted" > "$stamp"
  else
    echo "warning: npm is missing: the accessibility checks need axe-core (apt-get install npm)" >&2
  fi
}
install_js_tools

# Lint, then test even if lint failed, so that one run reports every problem.
lint_status=0
ruff check . || lint_status=$?

test_status=0
python -m pytest "$@" || test_status=$?
if [ "$test_status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  test_status=1
fi
if [ "$lint_status" -ne 0 ]; then
  echo "error: ruff check failed" >&2
fi
[ "$lint_status" -eq 0 ] && [ "$test_status" -eq 0 ]
