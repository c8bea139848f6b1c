#!/usr/bin/env bash
# Set everything up (first run only) and open the course, offline, with no account.
#   ./start.sh              as a learner: the course home, each unit a page (your own copies, in workspace/)
#   ./start.sh lab          as a learner, in JupyterLab on the same workspace/
#   ./start.sh instructor   the course root in JupyterLab: content/, source/, release/, formgrader
# Extra arguments go to Jupyter, e.g. ./start.sh --no-browser --port 8890
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"

mode=learner
case "${1:-}" in
  instructor) mode=instructor; shift ;;
  lab) mode=lab; shift ;;
esac

if [ "$mode" = instructor ]; then
  folder=.
  opens=/lab
else
  # A learner works on copies, so release/ stays clean; existing work is never overwritten.
  folder=${COURSE_WORKSPACE:-workspace}
  mkdir -p "$folder"
  for unit in release/*/; do
    name=$(basename "$unit")
    [ -e "$folder/$name" ] || cp -r "$unit" "$folder/$name"
  done
  # The course home lists the units in content/course.yml's order (it holds no work: always rewritten).
  python -m course.answer.home "$folder" --course content/course.yml >/dev/null
  # nbgrader (the submit button, the Assignments tab) reads this course's nbgrader_config.py.
  export JUPYTER_CONFIG_PATH="$PWD${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
  opens=$([ "$mode" = lab ] && echo /lab || echo /voila/render/home.ipynb)
fi

# Jupyter refuses to run as root unless told; in a container that is often the case.
as_root=()
[ "$(id -u)" = 0 ] && as_root=(--allow-root)

exec jupyter lab --config=scripts/jupyter_lab_config.py --notebook-dir="$folder" \
  --LabApp.default_url="$opens" "${as_root[@]}" "$@"
