#!/usr/bin/env bash
# Run the whole test suite (installs the course and its test tools on first run).
# Extra arguments go to pytest, e.g. ./test.sh -k store
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh test
export PATH="$PWD/.venv/bin:$PATH"
exec python -m pytest "$@"
