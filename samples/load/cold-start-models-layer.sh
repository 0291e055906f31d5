#!/usr/bin/env bash
# Process start to first answer of the local runner for a model that is not pinned, so it loads on
# that first request. Three ways to get its artifact, alternating run by run:
#   s3      the S3 model store, on an S3 emulator on loopback (moto_server): the artifact is downloaded
#           into the model cache while its sha256 is checked (what a function without the layer does)
#   folder  the local folder store: the same, copied from a folder instead of downloaded
#   layer   the s3 setup plus the models layer folder (MODELFN_STORE_BUNDLED_DIR, what /opt/models is on
#           Lambda): the file is loaded in place after its sha256 check; nothing is downloaded or copied
# Builds the layer with that model first (layers/models); needs the local runner built, moto_server
# and the AWS CLI. Prints each run and the medians in milliseconds.
#
#   samples/load/cold-start-models-layer.sh [runs=7] [model/version=wide-mlp/1.0.0]
set -euo pipefail
source "$(dirname "$0")/cold-start-lib.sh"
cold_start_init models-layer
runs="${1:-7}"
key="${2:-wide-mlp/1.0.0}"
model="${key%/*}"; version="${key#*/}"
./mvnw -B -q -ntp -pl layers/models -am package -DskipTests -Dmodels.layer.versions="$key" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
cp -r layers/models/target/layer/models "$work/layer"

# The S3 emulator, with every model of models/ in the bucket as the admin API would have put them.
s3_port=$(( port + 1 ))
moto_server -H 127.0.0.1 -p "$s3_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; cold_start_cleanup' EXIT
export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
s3="aws --endpoint-url http://127.0.0.1:$s3_port s3"
until $s3 ls >/dev/null 2>&1; do sleep 0.2; done
$s3 mb s3://modelfn-models >/dev/null
for file in models/*/*/model.onnx; do
  $s3 cp --quiet "$file" "s3://modelfn-models/$file"
done

s3_store() {
  export MODELFN_STORE_TYPE=s3 MODELFN_STORE_BUCKET=modelfn-models MODELFN_STORE_PREFIX=models/ \
         MODELFN_AWS_S3_ENDPOINT="http://127.0.0.1:$s3_port" MODELFN_AWS_REGION=us-east-1
}
declare -A results
for run in $(seq 1 "$runs"); do
  order=(s3 folder layer)
  case $(( run % 3 )) in 1) order=(folder layer s3);; 2) order=(layer s3 folder);; esac
  for variant in "${order[@]}"; do
    unset MODELFN_STORE_TYPE MODELFN_STORE_BUCKET MODELFN_STORE_PREFIX MODELFN_AWS_S3_ENDPOINT MODELFN_AWS_REGION
    export MODELFN_STORE_BUNDLED_DIR="$work/no-layer"
    case "$variant" in
      s3) s3_store ;;
      layer) s3_store; export MODELFN_STORE_BUNDLED_DIR="$work/layer" ;;
    esac
    start_runner "$work/$variant.log"
    ms=$(await_status 200 $(infer_args "$model" "$version"))
    copied=$(find "$run_tmp" -path "*/$model/$version/model.onnx" | wc -l)
    stop_runner
    results[$variant]+="$ms "
    echo "run $run $variant: ${ms} ms (copies of $key in the model cache: $copied)"
  done
done
echo "median first answer of $key over $runs runs: s3 $(median ${results[s3]}) ms;" \
     "folder $(median ${results[folder]}) ms; layer $(median ${results[layer]}) ms"
