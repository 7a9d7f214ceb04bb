#!/usr/bin/env bash
# Set up and run the whole test suite: lint, unit tests, real training on tiny models, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "note: /usr/bin/chromium is missing and this is not root: the browser tests will be skipped" >&2
  fi
fi
# fonts-nanum: the /ko screenshots show Hangul, not empty boxes. Optional: no test needs it, so a failed install
# (no package mirror) only says so.
if [ "$(id -u)" = 0 ] && [ ! -d /usr/share/fonts/truetype/nanum ]; then
  apt-get install -y -qq fonts-nanum >/dev/null 2>&1 || echo "note: fonts-nanum not installed: Korean screenshots show boxes" >&2
fi
.venv/bin/ruff check .
export HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=PASSIVE
exec .venv/bin/python -m pytest "$@"
