#!/usr/bin/env bash
# What priming buys the first request: the local runner started (fresh process) three ways, then,
# once /v2/health/ready answers 200, one iris inference timed by curl, then a second one:
#   none     nothing pinned: the first request loads the model
#   pinned   MODELFN_CACHE_PRELOAD=iris/1.1.0: loaded before readiness, never run
#   primed   pinned + MODELFN_PRIMING_AT_START=true: loaded and run once through the prediction path
#            before readiness (what SnapStart's beforeCheckpoint does before the snapshot)
# The three alternate; prints each run and the medians in milliseconds. This approximates SnapStart
# on a JVM without CRaC: no snapshot is taken and no restore is measured.
#
#   samples/load/cold-start-priming.sh [runs=7]
set -euo pipefail
source "$(dirname "$0")/cold-start-lib.sh"
cold_start_init priming
runs="${1:-7}"
declare -A ready first second
for run in $(seq 1 "$runs"); do
  order=(none pinned primed)
  case $(( run % 3 )) in 1) order=(pinned primed none);; 2) order=(primed none pinned);; esac
  for variant in "${order[@]}"; do
    unset MODELFN_CACHE_PRELOAD MODELFN_PRIMING_AT_START
    [ "$variant" != none ] && export MODELFN_CACHE_PRELOAD=iris/1.1.0
    [ "$variant" = primed ] && export MODELFN_PRIMING_AT_START=true
    start_runner "$work/$variant.log"
    r=$(await_status 200 "http://127.0.0.1:$port/v2/health/ready")
    f=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' $(infer_args iris 1.1.0))
    s=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' $(infer_args iris 1.1.0))
    stop_runner
    [ "${f%% *}" = 200 ] && [ "${s%% *}" = 200 ] || { echo "run $run $variant: not 200 ($f / $s)" >&2; exit 1; }
    f_ms=$(awk -v t="${f#* }" 'BEGIN { printf "%.1f", t * 1000 }')
    s_ms=$(awk -v t="${s#* }" 'BEGIN { printf "%.1f", t * 1000 }')
    ready[$variant]+="$r "; first[$variant]+="$f_ms "; second[$variant]+="$s_ms "
    echo "run $run $variant: ready after ${r} ms; first request ${f_ms} ms; second ${s_ms} ms"
  done
done
for variant in none pinned primed; do
  echo "median $variant: ready after $(median ${ready[$variant]}) ms; first request $(median ${first[$variant]}) ms;" \
       "second $(median ${second[$variant]}) ms; over $runs runs"
done
