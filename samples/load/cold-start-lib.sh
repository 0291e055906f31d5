# Shared by the cold-start measurements in samples/load/ (cold-start-*.sh): start the local runner
# as a fresh process, wait for an answer, time it. Every run gets a fresh java.io.tmpdir (so the model
# cache and ONNX Runtime's unpacked natives start empty, as in a new Lambda environment) and its own
# port; the runner is copied first, so a rebuild meanwhile cannot change it under a measurement.
# shellcheck shell=bash

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# cold_start_init <name>: sets root, JAVA_HOME, work (a private folder), runner (the copied jar), port.
cold_start_init() {
  root="$(repo_root)"
  cd "$root"
  JAVA_HOME="$(find_jdk)"
  export JAVA_HOME
  export OPT_OUT_TRACKING=true ORT_DISABLE_TELEMETRY=1 DDB_LOCAL_TELEMETRY=0
  [ -f functions/local/target/quarkus-app/quarkus-run.jar ] || {
    echo "build the local runner first: ./mvnw -pl functions/local,layers/onnxruntime,layers/models -am package -DskipTests" >&2
    exit 1
  }
  work="$(mktemp -d "${TMPDIR:-/tmp}/modelfn-$1-XXXXXX")"
  cp -r functions/local/target/quarkus-app "$work/quarkus-app"
  runner="$work/quarkus-app/quarkus-run.jar"
  port="${MODELFN_PORT:-18080}"
  # The local "bucket" stays between runs (filled once); the model cache does not.
  bucket="$work/bucket"
  runner_pid=""
  trap cold_start_cleanup EXIT
}

cold_start_cleanup() {
  if [ -n "${runner_pid:-}" ]; then
    kill "$runner_pid" 2>/dev/null || true
    wait "$runner_pid" 2>/dev/null || true
  fi
  [ -n "${work:-}" ] && rm -rf "$work"
}

now_ms() {
  echo $(( $(date +%s%N) / 1000000 ))
}

# start_runner <log> [java options...]: launches the runner in the background (extra environment
# comes from the caller's exports); sets runner_pid, started_ms and run_tmp (its java.io.tmpdir).
start_runner() {
  local log="$1"; shift
  run_tmp="$(mktemp -d "$work/run-XXXXXX")"
  started_ms=$(now_ms)
  "$JAVA_HOME/bin/java" -Djava.io.tmpdir="$run_tmp" -Dquarkus.http.port="$port" \
      -Dmodelfn.store.local-root="$bucket" "$@" -jar "$runner" >"$log" 2>&1 &
  runner_pid=$!
}

stop_runner() {
  kill "$runner_pid" 2>/dev/null || true
  wait "$runner_pid" 2>/dev/null || true
  runner_pid=""
}

# await_status <status> <curl arguments...>: polls every 5 ms until curl answers <status>; prints the ms
# since start_runner. Fails if the runner exits.
await_status() {
  local want="$1"; shift
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$@")" = "$want" ]; do
    if ! kill -0 "$runner_pid" 2>/dev/null; then echo "the runner exited; see its log" >&2; return 1; fi
    sleep 0.005
  done
  echo $(( $(now_ms) - started_ms ))
}

# infer_args <model> <version>: curl arguments of the sample OIP request of that version, pinned.
infer_args() {
  echo "-X POST -H Content-Type:application/json --data-binary @samples/requests/oip-infer-$1-$2.json" \
       "http://127.0.0.1:$port/v2/models/$1/versions/$2/infer"
}

# median <numbers...>
median() {
  local sorted
  sorted=($(printf '%s\n' "$@" | sort -n))
  echo "${sorted[$(( ${#sorted[@]} / 2 ))]}"
}
