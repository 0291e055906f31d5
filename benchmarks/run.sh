#!/usr/bin/env bash
# Every measurement of docs/PERFORMANCE.md, from a clean clone, in one command:
#
#   benchmarks/run.sh [stage...]        stages: build jmh ab http fixes load cold harness report (default: all, in that order);
#                                       jmh-overhead, jmh-tracing, jmh-throughput, jmh-resultcache, jmh-batching run one JMH benchmark;
#                                       overhead-ab compares the in-process overhead with an earlier commit;
#                                       harness-tracing measures cold starts with tracing on and off
#
# Results land in benchmarks/target/results/ (JMH JSON, CSV, the cold-start scripts' output); the
# report stage prints the Markdown tables (benchmarks/target/results/report.md) and draws the charts
# into docs/img/. About 75 minutes on a 2-core machine. Nothing else should run meanwhile: client and
# server share the cores, and the figures are medians of several runs for that reason.
#
#   BENCH_RUNS=3            runs (JMH forks, HTTP repetitions) per figure
#   BENCH_HARNESS_RUNS=5    cold starts per configuration in the harness stage
#   BENCH_FIXES_BEFORE=...  the commit before the hot-path fixes, for the fixes stage
#   BENCH_OVERHEAD_BEFORE=  the commit to compare the in-process overhead with (overhead-ab)
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

start_runner() { # start_runner <quarkus-app folder> <port> <log>: waits until /v2/health/ready answers 200
  local app="$1" port="$2" log="$3" tmp
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/modelfn-bench-XXXXXX")"
  # -Xmx as the Lambda function would have at 2 GB; EMF stays off (local runner default).
  "$java" -Xmx1536m -Djava.io.tmpdir="$tmp" -Dquarkus.http.port="$port" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
  runner_pid="$runner_pid $!"
  last_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready")" = 200 ]; do
    kill -0 "$last_pid" 2>/dev/null || { echo "runner on $port exited; see $log" >&2; exit 1; }
    sleep 0.1
  done
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
    report)
      mkdir -p docs/img
      "$java" -cp benchmarks/target/benchmarks.jar io.modelfn.bench.report.Report "$results" docs/img \
          | tee "$results/report.md"
      ;;
    *)
      echo "unknown stage $stage (build jmh jmh-overhead jmh-tracing overhead-ab jmh-throughput jmh-resultcache jmh-batching ab http fixes load cold harness harness-tracing report)" >&2
      exit 2
      ;;
  esac
done
