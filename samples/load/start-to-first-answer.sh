#!/usr/bin/env bash
# Time from launching the local runner's JVM to the first 200 answer of an inference on iris,
# over several runs; prints each run and the median in milliseconds. The runner must be built
# (samples/run-local.sh builds it). Port 8080 must be free.
#
#   samples/load/start-to-first-answer.sh [runs=5]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
root="$(repo_root)"
cd "$root"
JAVA_HOME="$(find_jdk)"
runs="${1:-5}"
body="samples/requests/oip-infer-iris-1.1.0.json"
export OPT_OUT_TRACKING=true ORT_DISABLE_TELEMETRY=1 DDB_LOCAL_TELEMETRY=0
results=()
for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$JAVA_HOME/bin/java" ${MODELFN_JAVA_OPTS:-} -jar functions/local/target/quarkus-app/quarkus-run.jar >/tmp/modelfn-start.log 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      --data-binary "@$body" http://127.0.0.1:8080/v2/models/iris/infer)" = "200" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "runner exited; see /tmp/modelfn-start.log" >&2; exit 1; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  results+=("$ms")
  echo "run $run: ${ms} ms"
done
sorted=($(printf '%s\n' "${results[@]}" | sort -n))
echo "median: ${sorted[$(( ${#sorted[@]} / 2 ))]} ms over ${#sorted[@]} runs"
