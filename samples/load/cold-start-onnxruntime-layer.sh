#!/usr/bin/env bash
# Process start to first answer (an iris inference) of the local runner, with ONNX Runtime's natives
# unpacked from its jar at start (what a function without the layers/onnxruntime layer does) and with
# them pre-extracted and pointed to (MODELFN_ONNXRUNTIME_NATIVE_PATH, what the layer gives a function
# at /opt/onnxruntime/lib). The two alternate; prints each run and the medians in milliseconds.
# Needs the runner and the layer built:
#   ./mvnw -pl functions/local,layers/onnxruntime -am package -DskipTests
#
#   samples/load/cold-start-onnxruntime-layer.sh [runs=7]
set -euo pipefail
source "$(dirname "$0")/cold-start-lib.sh"
cold_start_init ort-layer
runs="${1:-7}"
natives="$root/layers/onnxruntime/target/layer/onnxruntime/lib"
[ -f "$natives/libonnxruntime.so" ] || { echo "build layers/onnxruntime first (see the header)" >&2; exit 1; }
jar=(); layer=()
for run in $(seq 1 "$runs"); do
  order=(jar layer); [ $(( run % 2 )) -eq 0 ] && order=(layer jar)
  for variant in "${order[@]}"; do
    if [ "$variant" = layer ]; then export MODELFN_ONNXRUNTIME_NATIVE_PATH="$natives"; else unset MODELFN_ONNXRUNTIME_NATIVE_PATH; fi
    start_runner "$work/$variant.log"
    ms=$(await_status 200 $(infer_args iris 1.1.0))
    unpacked=$(find "$run_tmp" -name 'libonnxruntime*.so' | wc -l)
    stop_runner
    if [ "$variant" = layer ]; then layer+=("$ms"); else jar+=("$ms"); fi
    echo "run $run $variant: ${ms} ms (ONNX Runtime libraries unpacked into the temp folder: $unpacked)"
  done
done
echo "median, natives unpacked from the jar: $(median "${jar[@]}") ms; pre-extracted (layer): $(median "${layer[@]}") ms; over $runs runs each"
