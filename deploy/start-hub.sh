#!/usr/bin/env bash
# JupyterHub for this course on one machine (docs/deploy.md): sets up on first run, then starts.
#   COURSEHUB_PASSWORD='...' deploy/start-hub.sh
# Reads deploy/hub.yml (copy deploy/hub.example.yml), or the file COURSEHUB_SETTINGS names.
set -euo pipefail
cd "$(dirname "$0")/.."

settings=${COURSEHUB_SETTINGS:-deploy/hub.yml}
if [ ! -f "$settings" ]; then
  echo "No hub settings at $settings: copy deploy/hub.example.yml there and list your courses and people." >&2
  exit 1
fi
password=${COURSEHUB_PASSWORD:-}
if [ ${#password} -lt 8 ]; then
  echo "Set COURSEHUB_PASSWORD to the sign-in password (8 characters or more) everyone on the hub uses." >&2
  exit 1
fi

scripts/setup.sh hub
case "$settings" in /*) ;; *) settings="$PWD/$settings" ;; esac
export COURSEHUB_SETTINGS="$settings"
exec .venv/bin/jupyterhub -f deploy/jupyterhub_config.py "$@"
