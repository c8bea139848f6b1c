#!/usr/bin/env bash
# JupyterHub for this course on one machine (docs/deploy.md): sets up on first run, then starts.
#   sudo deploy/start-hub.sh                                     classroom mode (the default), as root
#   COURSEHUB_PASSWORD='...' deploy/start-hub.sh                 demo mode (hub.mode: demo)
# Reads deploy/hub.yml (copy deploy/hub.example.yml), or the file COURSEHUB_SETTINGS names.
set -euo pipefail
cd "$(dirname "$0")/.."

settings=${COURSEHUB_SETTINGS:-deploy/hub.yml}
if [ ! -f "$settings" ]; then
  echo "No hub settings at $settings: copy deploy/hub.example.yml there and list your courses and people." >&2
  exit 1
fi
case "$settings" in /*) ;; *) settings="$PWD/$settings" ;; esac
export COURSEHUB_SETTINGS="$settings"

if grep -qE '^[[:space:]]*mode:[[:space:]]*"?demo' "$settings"; then
  password=${COURSEHUB_PASSWORD:-}
  if [ ${#password} -lt 8 ]; then
    echo "Set COURSEHUB_PASSWORD to the sign-in password (8 characters or more) everyone on the demo hub uses." >&2
    exit 1
  fi
elif [ "$(id -u)" != 0 ]; then
  echo "The hub gives every person their own account on this machine, so start it as root (sudo)," \
       "or set hub.mode: demo in $settings for a trial without accounts or grades." >&2
  exit 1
fi

scripts/setup.sh hub >&2
env=$(deploy/install-env.sh)
# Accounts, folders and permissions (classroom mode), or the demo's folders and its warning.
"$env/bin/python" deploy/prepare.py
exec "$env/bin/jupyterhub" -f deploy/jupyterhub_config.py "$@"
