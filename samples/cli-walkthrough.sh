#!/usr/bin/env bash
# A scripted walk through the operator CLI against a running local runner (samples/run-local.sh):
# register a new iris version through the validation gate, compare it with the one in production,
# send it 10 % of the traffic as a canary, check who answers, promote it, read the audit trail, and
# finally see a tampered artifact refused. Exits non-zero at the first unexpected result.
#
#   samples/run-local.sh &   # in another terminal, or in the background
#   samples/cli-walkthrough.sh [base-url]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export MODELFN_URL="${1:-${MODELFN_URL:-http://localhost:8080}}"
modelfn="$root/functions/cli/modelfn"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="1.$(date +%s)"          # a fresh version each run: iris/1.<timestamp>.0
version="${version}.0"

step() { printf '\n== %s\n' "$*"; }

step "a new iris version: the 1.1.0 network with its card renamed to $version"
cp "$root/models/iris/1.1.0/model.onnx" "$work/model.onnx"
sed "s/\"version\": \"1.1.0\"/\"version\": \"$version\"/" "$root/models/iris/1.1.0/model.json" > "$work/model.json"
sed "s/\"version\":\"1.1.0\"/\"version\":\"$version\"/" "$root/models/iris/1.1.0/reference.json" > "$work/reference.json"

step "register: upload, then the validation gate (sha256, ONNX, signature, session, reference, latency)"
"$modelfn" versions register iris "$version" --file "$work/model.onnx" --latency-budget-ms 50

step "compare with the weak baseline 1.0.0"
"$modelfn" versions compare iris 1.0.0 "$version"

step "canary: 10 % of iris traffic to $version"
stable="$("$modelfn" --json endpoints describe iris | sed -n 's/.*"version" *: *"\([^"]*\)".*/\1/p' | head -1)"
"$modelfn" endpoints put iris --variant "stable=iris/$stable:9000" --variant "canary=iris/$version:1000" \
  --reason "canary of $version"
sleep 2   # the serving snapshot refreshes every second locally

step "who answers: 200 calls with different routing keys"
canary=0
for i in $(seq 1 200); do
  variant="$(curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' -H "X-ModelFn-Routing-Key: user-$i" \
    --data-binary @"$root/samples/requests/oip-infer-iris-1.1.0.json" "$MODELFN_URL/v2/models/iris/infer" \
    | tr -d '\r' | sed -n 's/^[Xx]-[Mm]odel[Ff]n-[Vv]ariant: //p')"
  [ "$variant" = canary ] && canary=$((canary + 1))
done
echo "canary answered $canary of 200 (about 20 expected)"
[ "$canary" -gt 0 ] && [ "$canary" -lt 60 ]

step "promote $version: production alias, one production version per model"
"$modelfn" versions promote iris "$version" --reason "canary healthy"
"$modelfn" endpoints put iris --variant "stable=iris/$version:10000" --reason "promoted $version"

step "the audit trail of the endpoint"
"$modelfn" audit endpoint iris --limit 5

step "a tampered artifact is refused and recorded as FAILED (exit code 5 expected)"
tampered="0.$(date +%s).1"     # a version of its own (each part must fit 31 bits)
sed "s/\"version\": \"1.1.0\"/\"version\": \"$tampered\"/" "$root/models/iris/1.1.0/model.json" > "$work/tampered.json"
printf 'x' >> "$work/model.onnx"
set +e
"$modelfn" versions register iris "$tampered" --file "$work/model.onnx" --card "$work/tampered.json"
status=$?
set -e
[ "$status" -eq 5 ] || { echo "expected exit 5, got $status"; exit 1; }
"$modelfn" versions describe iris "$tampered" | head -3

echo
echo "walkthrough complete"
