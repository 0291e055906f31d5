#!/usr/bin/env bash
# The local rehearsal of an automatic rollback, against a running local runner (samples/run-local.sh):
# release a new iris version as a 20 % canary, break it (its artifact disappears, so it answers 503),
# fire the canary's CloudWatch alarm event at the local rehearsal path, and watch traffic return
# to the stable version; prints how long the running server took to stop serving the canary.
#
#   samples/run-local.sh &
#   samples/canary-rollback.sh [base-url]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export MODELFN_URL="${1:-${MODELFN_URL:-http://localhost:8080}}"
modelfn="$root/functions/cli/modelfn"
token="${MODELFN_ADMIN_TOKEN:-$(cat "${TMPDIR:-/tmp}/modelfn-local-admin-token")}"
bucket="${TMPDIR:-/tmp}/modelfn-local-bucket"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="1.$(date +%s).0"
body="$root/samples/requests/oip-infer-iris-1.1.0.json"

# Sends 100 requests with distinct routing keys; prints "<stable> <canary> <errors>".
traffic() {
  local stable=0 canary=0 errors=0 i headers status variant
  for i in $(seq 1 100); do
    headers="$(curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
      -H "X-ModelFn-Routing-Key: caller-$i" --data-binary @"$body" "$MODELFN_URL/v2/models/iris/infer" | tr -d '\r')"
    status="$(printf '%s\n' "$headers" | head -1 | cut -d' ' -f2)"
    variant="$(printf '%s\n' "$headers" | sed -n 's/^[Xx]-[Mm]odel[Ff]n-[Vv]ariant: //p')"
    if [ "$status" != 200 ]; then errors=$((errors + 1));
    elif [ "$variant" = canary ]; then canary=$((canary + 1));
    else stable=$((stable + 1)); fi
  done
  echo "$stable $canary $errors"
}

echo "== register iris $version and start a rollout with the canary at 20 %"
cp "$root/models/iris/1.1.0/model.onnx" "$work/model.onnx"
sed "s/\"version\": \"1.1.0\"/\"version\": \"$version\"/" "$root/models/iris/1.1.0/model.json" > "$work/model.json"
"$modelfn" versions register iris "$version" --file "$work/model.onnx" --card "$work/model.json" >/dev/null
"$modelfn" rollouts start iris "$version" --steps 20,100 --bake 1h --min-requests 50 --reason "rehearsal"
sleep 2

echo "== break the canary: its artifact disappears from the model folder before it is loaded"
rm -f "$bucket/iris/$version/model.onnx"
read -r stable canary errors <<<"$(traffic)"
echo "100 requests: $stable stable, $canary canary, $errors errors (the canary's share fails)"
[ "$errors" -gt 0 ]

echo "== the canary's error-rate alarm fires: the same event CloudWatch sends the rollout function"
start=$(date +%s%N)
curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @"$root/samples/events/cloudwatch-alarm-action-canary-errors.json" "$MODELFN_URL/local/events"
echo
until read -r stable canary errors <<<"$(traffic)" && [ "$canary" -eq 0 ] && [ "$errors" -eq 0 ]; do
  if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 15000 ]; then echo "the canary still serves after 15 s"; exit 1; fi
done
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "100 requests: $stable stable, $canary canary, $errors errors"
echo "traffic back on stable ${elapsed} ms after the alarm event (includes the 100 checking requests; refresh interval 1 s)"

echo "== the endpoint and its audit trail"
"$modelfn" rollouts show iris
"$modelfn" audit endpoint iris --limit 2
