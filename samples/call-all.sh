#!/usr/bin/env bash
# Calls every endpoint of a running modelfn (default http://localhost:8080) with the sample
# requests in samples/requests/ and checks each status code. Exit status 0 when all match.
#
#   samples/call-all.sh [base-url]
set -uo pipefail
base="${1:-http://localhost:8080}"
here="$(cd "$(dirname "$0")" && pwd)"
requests="$here/requests"
failures=0
total=0

check() { # expected-status description curl-args...
  local expected="$1" what="$2"; shift 2
  local status
  status=$(curl -s -o /tmp/modelfn-call-all.out -w '%{http_code}' "$@")
  total=$((total + 1))
  if [ "$status" = "$expected" ]; then
    printf 'ok   %s %s\n' "$status" "$what"
  else
    failures=$((failures + 1))
    printf 'FAIL %s (expected %s) %s: %s\n' "$status" "$expected" "$what" "$(head -c 300 /tmp/modelfn-call-all.out)"
  fi
}

check 200 "GET /v2" "$base/v2"
check 200 "GET /v2/health/live" "$base/v2/health/live"
check 200 "GET /v2/health/ready" "$base/v2/health/ready"
check 200 "GET /ping" "$base/ping"
check 200 "GET /q/openapi" "$base/q/openapi"

for body in "$requests"/oip-infer-*.json; do
  tag="${body##*/oip-infer-}"; tag="${tag%.json}"     # e.g. iris-1.1.0
  model="${tag%-*}"; version="${tag##*-}"
  check 200 "GET /v2/models/$model" "$base/v2/models/$model"
  check 200 "GET /v2/models/$model/versions/$version" "$base/v2/models/$model/versions/$version"
  check 200 "POST /v2/models/$model/versions/$version/infer" -X POST -H 'Content-Type: application/json' \
    --data-binary "@$body" "$base/v2/models/$model/versions/$version/infer"
  check 200 "GET /v2/models/$model/versions/$version/ready" "$base/v2/models/$model/versions/$version/ready"
  check 200 "POST /predict ($tag)" -X POST -H 'Content-Type: application/json' \
    --data-binary "@$requests/predict-$tag.json" "$base/predict"
  check 200 "POST /invocations JSON ($tag)" -X POST -H 'Content-Type: application/json' \
    -H "X-ModelFn-Endpoint: $model" -H "X-ModelFn-Version: $version" \
    --data-binary "@$requests/sagemaker-$tag.json" "$base/invocations"
  check 200 "POST /invocations CSV ($tag)" -X POST -H 'Content-Type: text/csv' -H 'Accept: text/csv' \
    -H "X-ModelFn-Endpoint: $model" -H "X-ModelFn-Version: $version" \
    --data-binary "@$requests/sagemaker-$tag.csv" "$base/invocations"
done
check 200 "POST /v2/models/iris/infer (routed)" -X POST -H 'Content-Type: application/json' \
  --data-binary "@$requests/oip-infer-iris-1.1.0.json" "$base/v2/models/iris/infer"

# Client mistakes: each a 4xx with a JSON error.
check 400 "invalid JSON" -X POST -H 'Content-Type: application/json' -d '{"inputs": [' "$base/v2/models/iris/infer"
check 400 "wrong shape" -X POST -H 'Content-Type: application/json' \
  -d '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}' "$base/v2/models/iris/infer"
check 400 "wrong datatype" -X POST -H 'Content-Type: application/json' \
  -d '{"inputs":[{"name":"input","datatype":"INT64","shape":[1,4],"data":[1,2,3,4]}]}' "$base/v2/models/iris/infer"
check 400 "unknown input" -X POST -H 'Content-Type: application/json' \
  -d '{"inputs":[{"name":"pixels","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}' "$base/v2/models/iris/infer"
check 404 "unknown model" -X POST -H 'Content-Type: application/json' \
  --data-binary "@$requests/oip-infer-iris-1.1.0.json" "$base/v2/models/no-such-model/infer"
check 404 "unknown version" -X POST -H 'Content-Type: application/json' \
  --data-binary "@$requests/oip-infer-iris-1.1.0.json" "$base/v2/models/iris/versions/9.9.9/infer"
check 415 "unsupported content type" -X POST -H 'Content-Type: text/plain' -d 'hello' "$base/v2/models/iris/infer"
head -c 6000000 /dev/zero | tr '\0' ' ' > /tmp/modelfn-call-all.big
check 413 "body over the limit" -X POST -H 'Content-Type: application/json' \
  --data-binary @/tmp/modelfn-call-all.big "$base/v2/models/iris/infer"
rm -f /tmp/modelfn-call-all.big /tmp/modelfn-call-all.out

echo "$((total - failures))/$total as expected"
[ "$failures" -eq 0 ]
