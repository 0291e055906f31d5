#!/usr/bin/env bash
# Rebuilds every sample model, card and reference vector file in models/ (or, with --check,
# rebuilds into a temporary folder and compares the metrics with the committed cards).
# Creates models/.venv on first use. Python is needed only here, never by the Java build or tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  # Our build machines have a local wheel mirror that pip's configuration names as an extra index;
  # asking it first avoids slow retries against an unreachable default index.
  index_args=()
  for mirror in /opt/pypi/simple /opt/pypi-more/simple; do
    if [ -d "$mirror" ]; then
      if [ ${#index_args[@]} -eq 0 ]; then index_args+=(--index-url "file://$mirror"); else index_args+=(--extra-index-url "file://$mirror"); fi
    fi
  done
  "$venv/bin/pip" install --quiet "${index_args[@]}" -r "$here/requirements.txt"
fi
exec "$venv/bin/python" "$here/scripts/build_models.py" "$@"
