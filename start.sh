#!/usr/bin/env bash
# Set everything up (first run only) and open the course in JupyterLab, offline.
#   ./start.sh              as a learner: your own copy of every unit, in workspace/
#   ./start.sh instructor   the course root: content/, source/, release/, formgrader
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh

if [ "${1:-}" = "instructor" ]; then
  shift
  folder=.
else
  # A learner works on copies, so release/ stays clean; existing work is never overwritten.
  folder=${COURSE_WORKSPACE:-workspace}
  mkdir -p "$folder"
  for unit in release/*/; do
    name=$(basename "$unit")
    [ -e "$folder/$name" ] || cp -r "$unit" "$folder/$name"
  done
fi

export PATH="$PWD/.venv/bin:$PATH"
exec jupyter lab --config=scripts/jupyter_lab_config.py --notebook-dir="$folder" "$@"
