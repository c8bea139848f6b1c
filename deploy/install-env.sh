#!/usr/bin/env bash
# The hub's own software environment (docs/deploy.md): JupyterHub, JupyterLab, nbgrader and the
# course package, with deploy/student and deploy/grader beside them. Every learner's server and every
# formgrader runs it under its own account, so it is
#   - installed (not linked to this checkout, which holds the answer keys and should stay private),
#   - outside this checkout, in a folder every account can read (COURSEHUB_ENV), and
#   - built from a Python every account can run (HUB_PYTHON; /root's own Pythons are not).
# Prints the environment's folder on stdout; everything else goes to stderr. Reinstalls only when
# pyproject.toml, course/ or deploy/{student,grader}/ change.
#   env=$(deploy/install-env.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

# One environment per checkout by default, so two checkouts on one machine never share one.
env=${COURSEHUB_ENV:-/opt/coursehub/env-$(printf '%s' "$PWD" | sha256sum | cut -c1-10)}

runs_for_everyone() {  # can an ordinary account (nobody) start this Python with venv?
  "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || return 1
  [ "$(id -u)" != 0 ] && return 0  # only root can check for others; others run what they can run
  setpriv --reuid=65534 --regid=65534 --clear-groups -- "$1" -c 'import venv' 2>/dev/null
}
python=""
for candidate in ${HUB_PYTHON:-} /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null && runs_for_everyone "$(command -v "$candidate")"; then
    python=$(command -v "$candidate"); break
  fi
done
if [ -z "$python" ]; then
  echo "The hub needs Python 3.11+ with venv that every account can run (Debian: apt-get install python3-venv)," \
       "or set HUB_PYTHON to one." >&2
  exit 1
fi

wanted=$( { sha256sum pyproject.toml scripts/overrides.json;
            find course deploy/student deploy/grader -type f -not -path '*/__pycache__/*' -print0 | sort -z |
              xargs -0 sha256sum; echo "$python"; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$env/.installed" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing the hub's environment into $env (from $python; a few minutes the first time) ..." >&2
  mkdir -p "$env"
  [ -x "$env/bin/python" ] || "$python" -m venv "$env"
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps . >&2
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check ".[hub]" >&2
  rm -rf "$env/etc/coursehub" && mkdir -p "$env/etc/coursehub" "$env/share/jupyter/lab/settings"
  cp -r deploy/student deploy/grader "$env/etc/coursehub/"
  cp scripts/overrides.json "$env/share/jupyter/lab/settings/overrides.json"
  find "$env/etc/coursehub" -name __pycache__ -prune -exec rm -rf {} +
  chmod -R a+rX "$env" "$(dirname "$env")"
  echo "$wanted" > "$env/.installed"
fi
echo "$env"
