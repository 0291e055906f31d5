#!/usr/bin/env bash
# The FastAPI baseline two ways, side by side in one run: uvicorn's bare install (asyncio's loop, h11) against
# uvicorn[standard] (uvloop, httptools), the same app and workers as the floor stage; 3 runs in alternating order,
# iris and digits at concurrency 1, 16 and 64, BENCH_FLOOR_DURATION (6) s per step after 2 s of warm-up.
# Prints the medians and their ratio. Usage: BENCH_PYTHON=<FastAPI venv's python> benchmarks/fastapi/server-ab.sh
set -euo pipefail
source "$(dirname "$0")/../../samples/lib.sh"
cd "$(repo_root)"
java="$(find_jdk)/bin/java"
py="${BENCH_PYTHON:-benchmarks/target/fastapi-venv/bin/python}"
results=benchmarks/target/results; mkdir -p "$results"
csv="$results/fastapi-server-ab.csv"; rm -f "$csv"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
start() { # start <port> <uvicorn options...>
  local port="$1"; shift
  # shellcheck disable=SC2068 # uvicorn options, one per word
  env FLOOR_MODELS=iris/1.1.0,digits/1.0.0 "$py" -m uvicorn --app-dir benchmarks/fastapi floor_app:app --workers 2 $@ \
      --host 127.0.0.1 --port "$port" --no-access-log --log-level warning >"$results/fastapi-$port.log" 2>&1 &
  pids+=("$!")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready")" = 200 ]; do sleep 0.2; done
}
load() { # load <port> <label> <model> <version> <concurrency>
  "$java" samples/load/HttpLoad.java --url "http://127.0.0.1:$1/v2/models/$3/versions/$4/infer" \
      --body "samples/requests/oip-infer-$3-$4.json" --concurrency "$5" --warmup 2 --duration "${BENCH_FLOOR_DURATION:-6}" \
      --label "$2" --csv "$csv" >/dev/null
}
start 18301 --loop asyncio --http floor_app:NoDelayH11Protocol
start 18302 --loop uvloop --http floor_app:NoDelayHttpToolsProtocol
for key in iris/1.1.0 digits/1.0.0; do for port in 18301 18302; do load "$port" prewarm "${key%/*}" "${key#*/}" 16; done; done
for run in 1 2 3; do
  for key in iris/1.1.0 digits/1.0.0; do
    for c in 1 16 64; do
      order=(18301 18302); [ $((run % 2)) = 0 ] && order=(18302 18301)
      for port in "${order[@]}"; do
        kind=bare; [ "$port" = 18302 ] && kind=standard
        load "$port" "$kind-${key%/*}-c$c-r$run" "${key%/*}" "${key#*/}" "$c"
      done
    done
  done
done
python3 - "$csv" <<'PY'
import csv, collections, statistics, sys
steps = collections.defaultdict(list)
for r in csv.DictReader(open(sys.argv[1])):
    if r["mode"] == "closed" and not r["label"].startswith("prewarm"):
        kind, model, c, _ = r["label"].split("-")
        steps[(model, c, kind)].append((float(r["rps"]), float(r["p99_ms"])))
print("| model | concurrency | bare rps | uvicorn[standard] rps | ratio of medians | p99 ms, bare / standard |")
print("| --- | ---: | --- | --- | ---: | ---: |")
for model in ("iris", "digits"):
    for c in ("c1", "c16", "c64"):
        b, s = steps[(model, c, "bare")], steps[(model, c, "standard")]
        mb, ms = statistics.median(x[0] for x in b), statistics.median(x[0] for x in s)
        print(f"| {model} | {c[1:]} | {', '.join(f'{x[0]:,.0f}' for x in b)} | {', '.join(f'{x[0]:,.0f}' for x in s)} | "
              f"{ms / mb:.2f} | {statistics.median(x[1] for x in b):.2f} / {statistics.median(x[1] for x in s):.2f} |")
PY
