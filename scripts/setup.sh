#!/usr/bin/env bash
# Create .venv (once) and install the course into it; re-installs only when pyproject.toml changes.
#   scripts/setup.sh          the course (what start.sh needs)
#   scripts/setup.sh test     the course and its test tools (the hub's too: tests/test_hub.py)
#   scripts/setup.sh hub      JupyterHub's proxy and the hub's own environment (deploy/, docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")/.."

extras=${1:-}
python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then
  echo "Python 3.11 or newer is needed: install it, then run this again." >&2
  exit 1
fi
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed; $("$python" --version) was found. Set PYTHON=/path/to/python3.11 and retry." >&2
  exit 1
}

install_proxy() {  # JupyterHub's proxy, configurable-http-proxy, comes from the npm registry (deploy/package.json).
  local wanted
  wanted="$(sha256sum deploy/package-lock.json | cut -d' ' -f1)"
  if [ "$(cat deploy/node_modules/.installed 2>/dev/null)" != "$wanted" ]; then
    if command -v npm >/dev/null; then
      echo "Installing JupyterHub's proxy (configurable-http-proxy, from npm) into deploy/node_modules ..."
      npm ci --prefix deploy --no-audit --no-fund --loglevel=error >/dev/null
      echo "$wanted" > deploy/node_modules/.installed
    elif [ "$extras" = hub ]; then
      echo "JupyterHub needs Node.js and npm for its proxy: install them (apt-get install npm), then run this again." >&2
      exit 1
    else
      echo "npm not found: the JupyterHub tests will be skipped (apt-get install npm to run them)." >&2
    fi
  fi
}

# The hub runs its own environment, outside this checkout (deploy/install-env.sh), not .venv.
if [ "$extras" = hub ]; then
  install_proxy
  deploy/install-env.sh >/dev/null
  exit 0
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv (first run only) ..."
  "$python" -m venv .venv
fi

target=".${extras:+[$extras]}"
stamp=".venv/.installed${extras:+-$extras}"
wanted="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing the course${extras:+ and its $extras tools} into .venv (a few minutes the first time) ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
  echo "$wanted" > "$stamp"
fi

# Offline by default: JupyterLab neither asks to fetch news nor checks for updates.
mkdir -p .venv/share/jupyter/lab/settings
cp scripts/overrides.json .venv/share/jupyter/lab/settings/overrides.json

# The hub's tests run as root (each learner gets an OS account): the proxy and the hub's environment.
if [ "$extras" = test ]; then
  install_proxy
  if [ "$(id -u)" = 0 ]; then
    deploy/install-env.sh >/dev/null
  fi
fi
