#!/usr/bin/env bash
# Every measurement of docs/PERFORMANCE.md, from a clean clone, in one command:
#
#   benchmarks/run.sh [stage...]        stages: build jmh ab http fixes load cold harness report (default: all, in that order);
#                                       jmh-overhead, jmh-tracing, jmh-throughput, jmh-resultcache, jmh-batching, jmh-metrics run one JMH benchmark;
#                                       overhead-ab compares the in-process overhead with an earlier commit;
#                                       floor loads the local runner beside the floor server (and FastAPI), floor-ab adds
#                                       an earlier commit's runner; flame draws the runner's flame graph (docs/img/);
#                                       binary compares Triton's binary tensor data with JSON; harness-tracing measures
#                                       cold starts with tracing on and off; harness-ab the cold starts of an earlier
#                                       commit's function.zip and this one's, in turns; harness-image the container
#                                       image's start with and without its AOT cache against function.zip
#                                       (these not in the default run)
#
# Results land in benchmarks/target/results/ (JMH JSON, CSV, the cold-start scripts' output); the
# report stage prints the Markdown tables (benchmarks/target/results/report.md) and draws the charts
# into docs/img/. About 75 minutes on a 2-core machine. Nothing else should run meanwhile: client and
# server share the cores, and the figures are medians of several runs for that reason.
#
#   BENCH_RUNS=3            runs (JMH forks, HTTP repetitions) per figure
#   BENCH_HARNESS_RUNS=5    cold starts per configuration in the harness stages
#   BENCH_HARNESS_BEFORE=   the commit whose function.zip harness-ab compares (or BENCH_HARNESS_BEFORE_ZIP=<function.zip>)
#   BENCH_HARNESS_BEFORE_ENV= that commit's environment where its template differed from this one's: NAME=VALUE,...
#                           (a bare NAME removes it), e.g. 'JAVA_TOOL_OPTIONS' for a commit whose template set none
#   BENCH_HARNESS_PROFILE=  a folder: harness-ab records each cold start to its first answer with JFR there and adds
#                           where each build's first answer spent its CPU, by phase (profiled starts: not for the ratios)
#   BENCH_FIXES_BEFORE=...  the commit before the hot-path fixes, for the fixes stage
#   BENCH_OVERHEAD_BEFORE=  the commit to compare the in-process overhead with (overhead-ab)
#   BENCH_FLOOR_BEFORE=     the commit whose runner floor-ab adds (or BENCH_FLOOR_BEFORE_APP=<its quarkus-app folder>)
#   BENCH_FLOOR_PORT=18180  first of the four ports of the floor and flame stages
#   BENCH_FLOOR_DURATION=8  measured seconds per step of the floor stages (after BENCH_FLOOR_WARMUP=2; before run 1,
#                           BENCH_FLOOR_PREWARM=10 seconds of load per server and model, not recorded)
#   BENCH_PYTHON=python3    the Python whose fastapi, uvicorn, uvloop, httptools, onnxruntime and numpy run the FastAPI
#                           baseline; without them, a venv in benchmarks/target/fastapi-venv is made (or completed) from
#                           pip's configured index, or the baseline is left out
#   BENCH_FASTAPI_SERVER=   uvicorn's loop and protocol for the baseline (default: uvicorn[standard]'s, "--loop uvloop
#                           --http floor_app:NoDelayHttpToolsProtocol"; the bare install's: "--loop asyncio --http
#                           floor_app:NoDelayH11Protocol")
set -euo pipefail
source "$(dirname "$0")/../samples/lib.sh"
root="$(repo_root)"
cd "$root"
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
export OPT_OUT_TRACKING=true ORT_DISABLE_TELEMETRY=1 DDB_LOCAL_TELEMETRY=0
java="$JAVA_HOME/bin/java"
runs="${BENCH_RUNS:-3}"
results="benchmarks/target/results"
before_ref="${BENCH_FIXES_BEFORE:-7e3234b}"
mkdir -p "$results"
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(build jmh ab http fixes load cold harness report)

jmh() { # jmh <result name> <benchmark regex> [JMH options...]
  local name="$1" pattern="$2"; shift 2
  echo "== JMH $pattern -> $results/$name.json"
  "$java" -jar benchmarks/target/benchmarks.jar "$pattern" -f "$runs" -rf json -rff "$results/$name.json" "$@" \
      | tee "$results/$name.log" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.|# Run complete)|requests per call' || true
}

runner_pid=""
stop_runners() {
  for pid in $runner_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  runner_pid=""
}
trap stop_runners EXIT

port_free() { # port_free <port>: fails when something already answers there (it would be measured instead)
  if curl -s -o /dev/null "http://127.0.0.1:$1/"; then
    echo "port $1 is already in use; stop what listens there (or set BENCH_FLOOR_PORT for the floor and flame stages)" >&2
    exit 1
  fi
}

start_runner() { # start_runner <quarkus-app folder> <port> <log>: waits until /v2/health/ready answers 200
  local app="$1" port="$2" log="$3" tmp
  port_free "$port"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/modelfn-bench-XXXXXX")"
  # -Xmx as the Lambda function would have at 2 GB; EMF stays off (local runner default).
  # shellcheck disable=SC2086 # runner_opts: extra JVM options, word-split on purpose (the flame stage's)
  "$java" -Xmx1536m ${runner_opts:-} -Djava.io.tmpdir="$tmp" -Dquarkus.http.port="$port" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
  runner_pid="$runner_pid $!"
  last_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready")" = 200 ]; do
    kill -0 "$last_pid" 2>/dev/null || { echo "runner on $port exited; see $log" >&2; exit 1; }
    sleep 0.1
  done
}

start_server() { # start_server <port> <log> <command...>: like start_runner, for any server with /v2/health/ready
  local port="$1" log="$2"; shift 2
  port_free "$port"
  "$@" >"$log" 2>&1 &
  runner_pid="$runner_pid $!"
  last_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready")" = 200 ]; do
    kill -0 "$last_pid" 2>/dev/null || { echo "server on $port exited; see $log" >&2; exit 1; }
    sleep 0.2
  done
}

fastapi_python() { # prints a Python that has the FastAPI baseline's packages, or nothing
  local py="${BENCH_PYTHON:-python3}" venv="benchmarks/target/fastapi-venv"
  # uvicorn as its documentation advises for production (uvicorn[standard]: uvloop and httptools), not the bare install
  local check='import fastapi, uvicorn, uvloop, httptools, onnxruntime, numpy'
  if command -v "$py" >/dev/null 2>&1 && "$py" -c "$check" 2>/dev/null; then echo "$py"; return; fi
  if [ ! -x "$venv/bin/python" ] && command -v python3 >/dev/null 2>&1; then python3 -m venv "$venv" >/dev/null 2>&1 || true; fi
  if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c "$check" 2>/dev/null; then
    "$venv/bin/pip" install -q fastapi uvicorn uvloop httptools onnxruntime numpy >/dev/null 2>&1 || true
  fi
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then echo "$venv/bin/python"; fi
}

warm() { # warm <port> <model> <version>: one answer, so the model is loaded before measuring
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
      --data-binary "@samples/requests/oip-infer-$2-$3.json" "http://127.0.0.1:$1/v2/models/$2/versions/$3/infer"
}

for stage in "${stages[@]}"; do
  case "$stage" in
    build)
      ./mvnw -B -q -ntp -pl benchmarks,functions/local,layers/models -am package -DskipTests
      ;;
    jmh)
      for name in overhead throughput resultcache batching; do
        rm -f "$results/$name.json"
      done
      jmh overhead PredictionOverheadBenchmark
      jmh throughput HeavyModelThroughputBenchmark
      jmh resultcache ResultCacheBenchmark
      jmh batching MicroBatchingBenchmark
      ;;
    ab)
      # The heavy model's throughput target, as an A/B test in one JVM (see ThroughputAb).
      rm -f "$results/throughput-ab.csv"
      for intra in 0 1; do
        "$java" -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.modelfn.bench.overhead.ThroughputAb \
            --model wide-mlp/1.0.0 --threads 2 --intra-op "$intra" --rounds 10 --window 3 \
            --csv "$results/throughput-ab.csv" | grep -v "^round" | tee -a "$results/throughput-ab.txt"
      done
      ;;
    jmh-overhead) jmh overhead PredictionOverheadBenchmark ;;
    jmh-tracing) jmh tracing TracingOverheadBenchmark -prof gc ;;
    overhead-ab)
      # The in-process overhead (PredictionOverheadBenchmark: engine and the whole service path) of
      # BENCH_OVERHEAD_BEFORE (a commit) and of this tree, one fork each in turn, BENCH_RUNS rounds:
      # both see the same machine load. Results: ab-overhead-{before,after}-<round>.json (not overhead*.json, which the report reads).
      ab_ref="${BENCH_OVERHEAD_BEFORE:-dc64e44}"
      ab_before="benchmarks/target/overhead-before"
      if [ ! -f "$ab_before/benchmarks/target/benchmarks.jar" ]; then
        rm -rf "$ab_before"; git worktree prune
        git worktree add --detach "$ab_before" "$ab_ref" >/dev/null
        (cd "$ab_before" && ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests)
      fi
      for run in $(seq 1 "$runs"); do
        for side in before after; do
          jar=benchmarks/target/benchmarks.jar
          [ "$side" = before ] && jar="$ab_before/benchmarks/target/benchmarks.jar"
          echo "== overhead $side round $run"
          "$java" -jar "$jar" 'PredictionOverheadBenchmark\.(engine|service)$' -p model=iris/1.1.0,digits/1.0.0 \
              -f 1 -rf json -rff "$results/ab-overhead-$side-$run.json" | grep -E '^PredictionOverheadBenchmark\.[a-z]+ ' || true
        done
      done
      ;;
    jmh-throughput) jmh throughput HeavyModelThroughputBenchmark ;;
    jmh-resultcache) jmh resultcache ResultCacheBenchmark ;;
    jmh-batching) jmh batching MicroBatchingBenchmark ;;
    jmh-metrics)
      # One request's EMF record: modelfn's EmfMetrics against Powertools' metrics module, same forks'
      # machine, with the bytes each allocates per record (-prof gc: gc.alloc.rate.norm).
      jmh metrics MetricsRecordBenchmark -prof gc
      ;;
    http)
      rm -f "$results/http.csv"
      start_runner functions/local/target/quarkus-app 18080 "$results/http-runner.log"
      for key in iris/1.1.0 digits/1.0.0 wide-mlp/1.0.0; do warm 18080 "${key%/*}" "${key#*/}"; done
      for run in $(seq 1 "$runs"); do
        for key in iris/1.1.0 digits/1.0.0 wide-mlp/1.0.0; do
          model="${key%/*}"; version="${key#*/}"
          echo "== HTTP $key run $run"
          "$java" samples/load/HttpLoad.java --url "http://127.0.0.1:18080/v2/models/$model/versions/$version/infer" \
              --body "samples/requests/oip-infer-$model-$version.json" --concurrency 1,4,16,64 \
              --duration 8 --warmup 2 --open 0.7 --label "$model-r$run" --csv "$results/http.csv" --pid "$last_pid"
        done
      done
      stop_runners
      ;;
    fixes)
      # The same load against the runner before the hot-path fixes and the current one, both up at
      # once, each connection alternating between them: one run sees both under the same machine load.
      before="benchmarks/target/before"
      if [ ! -f "$before/functions/local/target/quarkus-app/quarkus-run.jar" ]; then
        rm -rf "$before"; git worktree prune
        git worktree add --detach "$before" "$before_ref" >/dev/null
        (cd "$before" && ./mvnw -B -q -ntp -pl functions/local -am package -DskipTests)
      fi
      rm -f "$results/fixes.csv"
      start_runner "$before/functions/local/target/quarkus-app" 18081 "$results/fixes-before.log"
      start_runner functions/local/target/quarkus-app 18080 "$results/fixes-after.log"
      for key in iris/1.1.0 digits/1.0.0; do
        warm 18081 "${key%/*}" "${key#*/}"; warm 18080 "${key%/*}" "${key#*/}"
      done
      for run in $(seq 1 "$runs"); do
        for key in iris/1.1.0 digits/1.0.0; do
          model="${key%/*}"; version="${key#*/}"; path="v2/models/$model/versions/$version/infer"
          echo "== fixes $key run $run"
          "$java" samples/load/HttpLoad.java --url "http://127.0.0.1:18081/$path,http://127.0.0.1:18080/$path" \
              --label "before-$model-r$run,after-$model-r$run" --body "samples/requests/oip-infer-$model-$version.json" \
              --concurrency 1,16 --duration 8 --warmup 2 --csv "$results/fixes.csv"
        done
      done
      stop_runners
      ;;
    floor|floor-ab)
      # Throughput against the floor (docs/PERFORMANCE.md): the local runner, the floor server
      # (io.modelfn.bench.floor.FloorServer: decode, ONNX Runtime on the event loop, encode, nothing else)
      # and FastAPI + ONNX Runtime (2 workers, TCP_NODELAY; when Python has its packages) all up at once,
      # loaded in turn: each step (model, concurrency) runs against one server after the other, in an
      # order that rotates with the run, so all see the same machine. (HttpLoad's --url a,b form is not
      # used here: each connection there alternates between the servers, so both get the same count of
      # requests and only latencies can differ.) floor-ab adds an earlier commit's runner ("before").
      floor_keys=(iris/1.1.0 digits/1.0.0)
      base="${BENCH_FLOOR_PORT:-18180}"   # modelfn, before, floor, FastAPI on base .. base+3 (apart from the http stages' ports)
      p_modelfn=$base p_before=$((base + 1)) p_floor=$((base + 2)) p_fastapi=$((base + 3))
      rm -f "$results/floor.csv"
      servers=("floor $p_floor" "modelfn $p_modelfn")
      start_server "$p_floor" "$results/floor-floor.log" "$java" -Xmx512m -cp benchmarks/target/benchmarks.jar \
          io.modelfn.bench.floor.FloorServer --port "$p_floor" --models "$(IFS=,; echo "${floor_keys[*]}")"
      start_runner "${BENCH_FLOOR_RUNNER:-functions/local/target/quarkus-app}" "$p_modelfn" "$results/floor-modelfn.log"
      if [ "$stage" = floor-ab ]; then
        before_app="${BENCH_FLOOR_BEFORE_APP:-}"
        if [ -z "$before_app" ]; then
          floor_before="benchmarks/target/floor-before"
          if [ ! -f "$floor_before/functions/local/target/quarkus-app/quarkus-run.jar" ]; then
            rm -rf "$floor_before"; git worktree prune
            git worktree add --detach "$floor_before" "${BENCH_FLOOR_BEFORE:?set BENCH_FLOOR_BEFORE (a commit) or BENCH_FLOOR_BEFORE_APP}" >/dev/null
            (cd "$floor_before" && ./mvnw -B -q -ntp -pl functions/local -am package -DskipTests)
          fi
          before_app="$floor_before/functions/local/target/quarkus-app"
        fi
        start_runner "$before_app" "$p_before" "$results/floor-before.log"
        servers+=("before $p_before")
      fi
      py="$(fastapi_python)"
      if [ -n "$py" ]; then
        # shellcheck disable=SC2086 # BENCH_FASTAPI_SERVER: uvicorn options, word-split on purpose
        start_server "$p_fastapi" "$results/floor-fastapi.log" env FLOOR_MODELS="$(IFS=,; echo "${floor_keys[*]}")" \
            "$py" -m uvicorn --app-dir benchmarks/fastapi floor_app:app --workers 2 ${BENCH_FASTAPI_SERVER:---loop uvloop --http floor_app:NoDelayHttpToolsProtocol} \
            --host 127.0.0.1 --port "$p_fastapi" --no-access-log --log-level warning
        servers+=("fastapi $p_fastapi")
      else
        echo "== no Python with fastapi, uvicorn, uvloop, httptools, onnxruntime and numpy: the FastAPI baseline is left out"
      fi
      for key in "${floor_keys[@]}"; do
        model="${key%/*}"; version="${key#*/}"; path="v2/models/$model/versions/$version/infer"
        for entry in "${servers[@]}"; do warm "${entry#* }" "$model" "$version"; done
        # The floor must do the same work: its answer is the runner's, byte for byte.
        for port in "$p_modelfn" "$p_floor"; do
          curl -sf -o "$results/floor-answer-$model-$port.json" -X POST -H 'Content-Type: application/json' \
              --data-binary "@samples/requests/oip-infer-$model-$version.json" "http://127.0.0.1:$port/$path"
        done
        cmp -s "$results/floor-answer-$model-$p_modelfn.json" "$results/floor-answer-$model-$p_floor.json" \
            || { echo "the floor's answer for $key differs from the runner's" >&2; exit 1; }
        echo "== $key: the floor's answer is byte-identical to the runner's"
      done
      # Every server's JIT warmed alike before the first measured step (a single answer leaves the server measured
      # first in run 1 compiling through its c=1 step): BENCH_FLOOR_PREWARM seconds at concurrency 16 per server
      # and model, not recorded.
      for key in "${floor_keys[@]}"; do
        model="${key%/*}"; version="${key#*/}"; path="v2/models/$model/versions/$version/infer"
        for entry in "${servers[@]}"; do
          "$java" samples/load/HttpLoad.java --url "http://127.0.0.1:${entry#* }/$path" \
              --body "samples/requests/oip-infer-$model-$version.json" --concurrency 16 \
              --duration "${BENCH_FLOOR_PREWARM:-10}" --warmup 0 --label "prewarm-${entry% *}-$model" >/dev/null
        done
      done
      for run in $(seq 1 "$runs"); do
        for key in "${floor_keys[@]}"; do
          model="${key%/*}"; version="${key#*/}"; path="v2/models/$model/versions/$version/infer"
          n=${#servers[@]}
          for i in $(seq 0 $((n - 1))); do
            entry="${servers[$(((i + run) % n))]}"; name="${entry% *}"; port="${entry#* }"
            echo "== floor $name $key run $run ($(uptime | sed 's/.*load average/load average/'))"
            "$java" samples/load/HttpLoad.java --url "http://127.0.0.1:$port/$path" \
                --body "samples/requests/oip-infer-$model-$version.json" --concurrency 1,16,64 \
                --duration "${BENCH_FLOOR_DURATION:-8}" --warmup "${BENCH_FLOOR_WARMUP:-2}" \
                --label "$name-$model-r$run" --csv "$results/floor.csv"
          done
        done
      done
      stop_runners
      "$java" -cp benchmarks/target/benchmarks.jar io.modelfn.bench.report.FloorTable "$results/floor.csv" "$results/floor.md"
      ;;
    flame)
      # Where the CPU of a warm request goes: the local runner (and the floor, for comparison) under
      # closed-loop load (iris, concurrency 16), profiled by JFR's CPU-time sampler (JDK 25,
      # jdk.CPUTimeSample: also inside native calls such as ONNX Runtime's; benchmarks/flame/cpu.jfc records
      # stack samples only) with DebugNonSafepoints for exact frames, recorded only after a warm-up
      # (BENCH_FLAME_SECONDS=20 of load over BENCH_FLAME_CONCURRENCY=16 connections, a sample per BENCH_FLAME_INTERVAL=5ms
      # of a thread's CPU); drawn by io.modelfn.bench.flame.FlameGraph into
      # docs/img/flame-<server>-iris.svg, with the top costs in benchmarks/target/results/flame-<server>.md.
      mkdir -p docs/img
      # stackdepth: the runner's stacks run deeper than JFR's default 64 frames, which would cut their outer frames off.
      runner_opts="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:FlightRecorderOptions:stackdepth=256"
      path="v2/models/iris/versions/1.1.0/infer"
      base="${BENCH_FLOOR_PORT:-18180}"
      # BENCH_FLOOR_RUNNER=<quarkus-app> BENCH_FLAME_LABEL=runner-before draws another build's runner beside this one.
      for server in "${BENCH_FLAME_LABEL:-runner}" floor; do
        if [ "$server" != floor ]; then
          port=$base
          start_runner "${BENCH_FLOOR_RUNNER:-functions/local/target/quarkus-app}" "$port" "$results/flame-$server.log"
        else
          port=$((base + 2))
          start_server "$port" "$results/flame-floor.log" "$java" -Xmx512m $runner_opts -cp benchmarks/target/benchmarks.jar \
              io.modelfn.bench.floor.FloorServer --port "$port" --models iris/1.1.0
        fi
        warm "$port" iris 1.1.0
        flame_load() { "$java" samples/load/HttpLoad.java --url "http://127.0.0.1:$port/$path" --body samples/requests/oip-infer-iris-1.1.0.json \
            --concurrency "${BENCH_FLAME_CONCURRENCY:-16}" --warmup 1 --duration "$1" --label "flame-$server" --csv "$results/flame-load.csv"; }
        flame_load 5
        rm -f "$results/flame-$server.jfr"
        "$JAVA_HOME/bin/jcmd" "$last_pid" JFR.start name=flame settings="$root/benchmarks/flame/cpu.jfc" \
            "jdk.CPUTimeSample#throttle=${BENCH_FLAME_INTERVAL:-5ms}" "jdk.ExecutionSample#period=${BENCH_FLAME_INTERVAL:-5ms}" >/dev/null
        echo "== flame $server: $(uptime | sed 's/.*load average/load average/')"
        flame_load "${BENCH_FLAME_SECONDS:-20}"
        "$JAVA_HOME/bin/jcmd" "$last_pid" JFR.stop name=flame filename="$root/$results/flame-$server.jfr" >/dev/null
        stop_runners
        "$java" -cp benchmarks/target/benchmarks.jar io.modelfn.bench.flame.FlameGraph --jfr "$results/flame-$server.jfr" \
            --svg "docs/img/flame-$server-iris.svg" --collapsed "$results/flame-$server.collapsed" \
            --title "$server, iris, ${BENCH_FLAME_CONCURRENCY:-16} connections" | tee "$results/flame-$server.md"
      done
      runner_opts=""
      ;;
    binary)
      # Triton's binary tensor data against JSON, digits and wide-mlp, batches of 1, 8 and 64, in one run
      # against the local runner: the Python client (samples/binary, numpy) writes the bodies and checks
      # that both encodings answer the same bits; HttpLoad sends JSON and binary in turn on each connection
      # (one at a time: latency, not throughput) and counts the bytes of each request and answer.
      rm -f "$results/binary.csv" "$results/binary.txt" "$results/binary-codec.json"
      # The codec alone, in this JVM (decode the request, encode the answer), JSON against binary.
      jmh binary-codec BinaryTensorCodecBenchmark
      bodies="benchmarks/target/binary-bodies"
      start_runner functions/local/target/quarkus-app 18080 "$results/binary-runner.log"
      for key in digits/1.0.0 wide-mlp/1.0.0; do warm 18080 "${key%/*}" "${key#*/}"; done
      python3 samples/binary/triton_binary_client.py check --url http://127.0.0.1:18080 | tee -a "$results/binary.txt"
      python3 samples/binary/triton_binary_client.py bodies --url http://127.0.0.1:18080 --out "$bodies" \
          | tee -a "$results/binary.txt"
      echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/binary.txt"
      for run in $(seq 1 "$runs"); do
        for key in digits/1.0.0 wide-mlp/1.0.0; do
          for batch in 1 8 64; do
            model="${key%/*}"; version="${key#*/}"; tag="$model-$version-b$batch"
            url="http://127.0.0.1:18080/v2/models/$model/versions/$version/infer"
            "$java" samples/load/HttpLoad.java --url "$url,$url" --label "json-$tag-r$run,binary-$tag-r$run" \
                --body "$bodies/$tag.json,$bodies/$tag.bin" --content-type "application/json,application/octet-stream" \
                --header ",Inference-Header-Content-Length: $(cat "$bodies/$tag.bin.header")" --bytes "$([ "$run" = 1 ] && echo true || echo false)" \
                --concurrency 1 --duration "${BENCH_BINARY_SECONDS:-8}" --warmup 2 --csv "$results/binary.csv" \
                | tee -a "$results/binary.txt"
          done
        done
      done
      echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/binary.txt"
      stop_runners
      ;;
    load)
      rm -f "$results/load-times.csv"
      "$java" -Xmx3g -cp benchmarks/target/benchmarks.jar io.modelfn.bench.loadtime.ModelLoadTimes \
          --sizes-mb 1,25,100,500 --runs "$runs" --work benchmarks/target/load-time --csv "$results/load-times.csv"
      ;;
    cold)
      samples/load/start-to-first-answer.sh 7 | tee "$results/cold-start-to-first-answer.txt"
      samples/load/cold-start-priming.sh 7 | tee "$results/cold-priming.txt"
      samples/load/cold-start-onnxruntime-layer.sh 7 | tee "$results/cold-onnxruntime-layer.txt"
      samples/load/cold-start-models-layer.sh 7 | tee "$results/cold-models-layer.txt"
      ;;
    harness)
      # function.zip on Lambda's terms: fresh JVMs under the runtime interface client, one core each,
      # loading the routed versions at init (the template's setting) and loading nothing (lambda-harness ColdStartFiguresIT; BENCH_HARNESS_RUNS cold starts each).
      ./mvnw -o -B -ntp -pl lambda-harness -am verify -Dharness.figures=true \
          -Dharness.figures.runs="${BENCH_HARNESS_RUNS:-5}" -Dit.test=ColdStartFiguresIT -Dtest=none \
          -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >"$results/harness.log" 2>&1 \
          || { tail -50 "$results/harness.log" >&2; exit 1; }
      cp lambda-harness/target/harness-figures.md "$results/harness-figures.md"
      cat "$results/harness-figures.md"
      ;;
    harness-ab)
      # Cold starts of an earlier commit's function.zip and of this tree's, alternating on one core in one run
      # (lambda-harness ColdStartAbFiguresIT; BENCH_HARNESS_RUNS each): BENCH_HARNESS_BEFORE=<commit> is built
      # in a git worktree under benchmarks/target/harness-before, or BENCH_HARNESS_BEFORE_ZIP=<function.zip> is taken as is.
      before_zip="${BENCH_HARNESS_BEFORE_ZIP:-}"
      if [ -z "$before_zip" ]; then
        harness_before="benchmarks/target/harness-before"
        harness_ref="${BENCH_HARNESS_BEFORE:?set BENCH_HARNESS_BEFORE (a commit) or BENCH_HARNESS_BEFORE_ZIP}"
        if [ "$(git -C "$harness_before" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$harness_ref^{commit}")" ] \
            || [ ! -f "$harness_before/functions/api-lambda/target/function.zip" ]; then
          rm -rf "$harness_before"; git worktree prune
          git worktree add --detach "$harness_before" "$harness_ref" >/dev/null
          (cd "$harness_before" && ./mvnw -o -B -q -ntp -pl functions/api-lambda -am package -DskipTests)
        fi
        before_zip="$root/$harness_before/functions/api-lambda/target/function.zip"
      fi
      ./mvnw -o -B -ntp -pl lambda-harness -am verify -Dharness.figures=true -Dharness.before.zip="$before_zip" \
          -Dharness.before.environment="${BENCH_HARNESS_BEFORE_ENV:-}" -Dharness.figures.jfr="${BENCH_HARNESS_PROFILE:-}" \
          -Dharness.figures.runs="${BENCH_HARNESS_RUNS:-5}" -Dit.test=ColdStartAbFiguresIT -Dtest=none \
          -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >"$results/harness-ab.log" 2>&1 \
          || { tail -50 "$results/harness-ab.log" >&2; exit 1; }
      cp lambda-harness/target/harness-ab-figures.md "$results/harness-ab-figures.md"
      cat "$results/harness-ab-figures.md"
      ;;
    harness-tracing)
      # Cold starts of function.zip with tracing on (X-Ray segments to a UDP stand-in of the daemon, sampled
      # invocations) and off, in turns (lambda-harness TracingColdStartFiguresIT; BENCH_HARNESS_RUNS each).
      ./mvnw -o -B -ntp -pl lambda-harness -am verify -Dharness.figures=true \
          -Dharness.figures.runs="${BENCH_HARNESS_RUNS:-5}" -Dit.test=TracingColdStartFiguresIT -Dtest=none \
          -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >"$results/harness-tracing.log" 2>&1 \
          || { tail -50 "$results/harness-tracing.log" >&2; exit 1; }
      cp lambda-harness/target/harness-tracing-figures.md "$results/harness-tracing-figures.md"
      cat "$results/harness-tracing-figures.md"
      ;;
    harness-image)
      # The container image's start against function.zip, in one run on one core (lambda-harness
      # ImageColdStartFiguresIT; BENCH_HARNESS_RUNS cold starts each, in turns): the zip on the managed runtime's
      # launch line, the image's entry point in its own root file system (images/lambda-image/stage-root.sh) with
      # its AOT cache (trained first by a training run of that entry point and a priming request), and without it.
      ./mvnw -o -B -ntp -pl lambda-harness -am package -DskipTests >"$results/harness-image.log" 2>&1 \
          || { tail -50 "$results/harness-image.log" >&2; exit 1; }
      images/lambda-image/stage-root.sh "$root/lambda-harness/target/image-root" functions/api-lambda/target/function.zip \
          layers/onnxruntime/target/onnxruntime-layer.zip lambda-harness/target/lambda-runtime >>"$results/harness-image.log" 2>&1 \
          || { tail -50 "$results/harness-image.log" >&2; exit 1; }
      # BENCH_HARNESS_BEFORE_ZIP=<an earlier build's function.zip> adds that zip to the turns, first, and the ratios are to it.
      ./mvnw -o -B -ntp -pl lambda-harness -am verify -Dharness.figures=true -Dimage.root="$root/lambda-harness/target/image-root" \
          -Dharness.before.zip="${BENCH_HARNESS_BEFORE_ZIP:-}" \
          -Dharness.figures.runs="${BENCH_HARNESS_RUNS:-5}" -Dit.test=ImageColdStartFiguresIT -Dtest=none \
          -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >>"$results/harness-image.log" 2>&1 \
          || { tail -50 "$results/harness-image.log" >&2; exit 1; }
      cp lambda-harness/target/harness-image-figures.md "$results/harness-image-figures.md"
      cat "$results/harness-image-figures.md"
      ;;
    report)
      mkdir -p docs/img
      "$java" -cp benchmarks/target/benchmarks.jar io.modelfn.bench.report.Report "$results" docs/img \
          | tee "$results/report.md"
      ;;
    *)
      echo "unknown stage $stage (build jmh jmh-overhead jmh-tracing overhead-ab jmh-throughput jmh-resultcache jmh-batching jmh-metrics ab http fixes floor floor-ab flame binary load cold harness harness-ab harness-tracing harness-image report)" >&2
      exit 2
      ;;
  esac
done
