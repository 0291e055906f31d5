#!/usr/bin/env bash
# Load with changes against the local runner: 100,000 inference requests at concurrency 32 while the
# weights of an endpoint change every second through the admin API and, halfway, the canary is rolled
# back by the CloudWatch alarm event (POST /local/events). Fails unless no request got a 5xx (or any
# error) and no request was served by a variant whose weight had been 0 for longer than the refresh
# interval (1 s in the local runner) plus a grace of one registry read. See docs/RELIABILITY.md.
#
#   samples/load/load-with-changes.sh                       # starts the local runner if none answers
#   samples/load/load-with-changes.sh --requests 20000      # any option of LoadWithChanges.java
#   MODELFN_URL=http://127.0.0.1:8080 samples/load/load-with-changes.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
root="$(repo_root)"
cd "$root"
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
url="${MODELFN_URL:-http://127.0.0.1:8080}"
started=""
cleanup() {
  if [ -n "$started" ]; then
    kill "$started" 2>/dev/null || true
    wait "$started" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if ! curl -sf "$url/v2/health/ready" >/dev/null 2>&1; then
  echo "no modelfn at $url: starting the local runner (log in ${TMPDIR:-/tmp}/modelfn-load-runner.log)"
  export MODELFN_ADMIN_TOKEN="${MODELFN_ADMIN_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}"
  samples/run-local.sh > "${TMPDIR:-/tmp}/modelfn-load-runner.log" 2>&1 &
  started=$!
  for _ in $(seq 1 600); do
    curl -sf "$url/v2/health/ready" >/dev/null 2>&1 && break
    kill -0 "$started" 2>/dev/null || { echo "the local runner stopped; see its log"; exit 1; }
    sleep 1
  done
fi

"$JAVA_HOME/bin/java" samples/load/LoadWithChanges.java --url "$url" --requests 100000 --concurrency 32 \
  --change-every-ms 1000 --refresh-ms 1000 "$@"
