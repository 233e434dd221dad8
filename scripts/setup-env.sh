# Shared by the README's two commands (build-book.sh, test.sh); meant to be sourced:
#   source scripts/setup-env.sh requirements.txt [more requirement files...]
# Creates .venv/ in the repository with Python 3.11 if it is missing, then installs the
# pinned requirements (requirements.txt ends with `-e .`, which installs tconv_lib).
# The install is skipped when the requirement files have not changed since the last one.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"

is_root() { [ "$(id -u)" = "0" ]; }

find_python311() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" > /dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "error: Python 3.11 is required (python3.11, or python3 being 3.11)" >&2
  return 1
}

# Install the Debian packages given as arguments that are not installed yet (root only).
ensure_debian_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! is_root || ! command -v apt-get > /dev/null 2>&1; then
    echo "warning: missing system packages (install them as root): ${missing[*]}" >&2
    return 0
  fi
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
}

create_venv() {
  local python
  python="$(find_python311)" || return 1
  if ! "$python" -m venv "$VENV" 2> /dev/null; then
    # Debian ships the venv module separately.
    rm -rf "$VENV"
    ensure_debian_packages python3-venv
    "$python" -m venv "$VENV"
  fi
}

install_requirements() {
  local stamp="$VENV/.requirements-stamp" wanted
  wanted="$(cd "$REPO_ROOT" && cat "$@" pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  local args=() file
  for file in "$@"; do args+=(-r "$REPO_ROOT/$file"); done
  echo "Installing pinned requirements into .venv/ ($*)"
  (cd "$REPO_ROOT" && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}")
  echo "$wanted" > "$stamp"
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating .venv/ with Python 3.11"
  create_venv
fi
install_requirements "$@"
export PATH="$VENV/bin:$PATH"
