#!/usr/bin/env bash
# The local rehearsal of a rollback after promotion, against a running local runner whose local CloudWatch
# is on and whose model cache holds little (so a version is read from the bucket again once evicted, as a
# new execution environment does on Lambda):
#
#   MODELFN_CACHE_MEMORY_BUDGET=64K samples/run-local.sh &
#   samples/post-promotion-rollback.sh [base-url]
#
# A new iris version is rolled out and promoted (the alias production moves to it); then it fails (its
# artifact disappears and it is evicted, so it answers 503), its alarm fires on the metric records the
# runner emits, and the rollout function restores the previous version's weights and moves the alias
# back. `modelfn aliases history iris production` shows both moves. The watch after promotion, its alarms
# and the alias history are the rollout's (issue 15, item 2); the alarm below is put only when the
# runner has created no alarm on the stable variant of iris.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export MODELFN_URL="${1:-${MODELFN_URL:-http://localhost:8080}}"
cloudwatch="${MODELFN_LOCAL_CLOUDWATCH:-http://127.0.0.1:4582}"
modelfn="$root/functions/cli/modelfn"
token="${MODELFN_ADMIN_TOKEN:-$(cat "${TMPDIR:-/tmp}/modelfn-local-admin-token")}"
bucket="${TMPDIR:-/tmp}/modelfn-local-bucket"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="1.$(date +%s).0"
body="$root/samples/requests/oip-infer-iris-1.1.0.json"
alarm="modelfn-iris-stable-error-rate"

# Sends 100 requests; prints "<served by the new version> <others> <errors>".
traffic() {
  local new=0 other=0 errors=0 i headers status served
  for i in $(seq 1 100); do
    headers="$(curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
      -H "X-ModelFn-Routing-Key: caller-$i" --data-binary @"$body" "$MODELFN_URL/v2/models/iris/infer" | tr -d '\r')"
    status="$(printf '%s\n' "$headers" | head -1 | cut -d' ' -f2)"
    served="$(printf '%s\n' "$headers" | sed -n 's/^[Xx]-[Mm]odel[Ff]n-[Vv]ersion: //p')"
    if [ "$status" != 200 ]; then errors=$((errors + 1));
    elif [ "$served" = "$version" ]; then new=$((new + 1));
    else other=$((other + 1)); fi
  done
  echo "$new $other $errors"
}

cloudwatch_call() {
  local action="$1"; shift
  local args=(--data-urlencode "Action=$action" --data-urlencode "Version=2010-08-01")
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  curl -sf -X POST "${args[@]}" "$cloudwatch/"
}

schedule() {
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary @"$root/samples/events/eventbridge-scheduled-rollout-step.json" "$MODELFN_URL/local/events" >/dev/null
}

echo "== the alias production of iris before"
"$modelfn" aliases history iris production

echo "== register iris $version and roll it out to 100 % (bake 5 s, 20 requests)"
cp "$root/models/iris/1.1.0/model.onnx" "$work/model.onnx"
sed "s/\"version\": \"1.1.0\"/\"version\": \"$version\"/" "$root/models/iris/1.1.0/model.json" > "$work/model.json"
"$modelfn" versions register iris "$version" --file "$work/model.onnx" --card "$work/model.json" >/dev/null
"$modelfn" rollouts start iris "$version" --steps 100 --bake 5s --min-requests 20 --alias production --reason "rehearsal"
deadline=$(( $(date +%s) + 90 ))
until "$modelfn" aliases history iris production | grep -q "$version"; do
  traffic >/dev/null
  sleep 5
  schedule
  if [ "$(date +%s)" -gt "$deadline" ]; then echo "iris $version was not promoted within 90 s"; exit 1; fi
done
echo "promoted: production -> $version"

echo "== the alarms on the stable variant of iris in the local CloudWatch"
if ! cloudwatch_call DescribeAlarms "AlarmNamePrefix=modelfn-iris-stable-" | grep -q '<AlarmName>'; then
  m=Metrics.member
  dims() { echo "$1.MetricStat.Metric.Dimensions.member.1.Name=Endpoint" "$1.MetricStat.Metric.Dimensions.member.1.Value=iris" \
    "$1.MetricStat.Metric.Dimensions.member.2.Name=Variant" "$1.MetricStat.Metric.Dimensions.member.2.Value=stable"; }
  # shellcheck disable=SC2046
  cloudwatch_call PutMetricAlarm "AlarmName=$alarm" "AlarmDescription=Server error rate of the stable variant of endpoint iris" \
    "$m.1.Id=rate" "$m.1.Expression=IF(requests > 0, errors / requests, 0)" "$m.1.ReturnData=true" \
    "$m.2.Id=errors" "$m.2.MetricStat.Metric.Namespace=ModelFn" "$m.2.MetricStat.Metric.MetricName=ServerErrors" \
    $(dims "$m.2") "$m.2.MetricStat.Period=60" "$m.2.MetricStat.Stat=Sum" "$m.2.ReturnData=false" \
    "$m.3.Id=requests" "$m.3.MetricStat.Metric.Namespace=ModelFn" "$m.3.MetricStat.Metric.MetricName=Requests" \
    $(dims "$m.3") "$m.3.MetricStat.Period=60" "$m.3.MetricStat.Stat=Sum" "$m.3.ReturnData=false" \
    "Threshold=0.05" "ComparisonOperator=GreaterThanThreshold" "EvaluationPeriods=2" "DatapointsToAlarm=2" \
    "TreatMissingData=notBreaching" "AlarmActions.member.1=arn:aws:lambda:local:000000000000:function:modelfn-rollout:live" >/dev/null
  echo "put $alarm (60 s periods, 2 of 2 above 0.05)"
fi

echo "== the promoted version fails: its artifact disappears and other models push it out of the cache"
rm -f "$bucket/iris/$version/model.onnx"
for model in digits wide-mlp diabetes; do
  for request in "$root"/samples/requests/oip-infer-"$model"-*.json; do
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$request" "$MODELFN_URL/v2/models/$model/infer" || true
  done
done
start=$(date +%s%N)
read -r new other errors <<<"$(traffic)"
echo "100 requests: $new by $version, $other by others, $errors errors"
[ "$errors" -gt 0 ]
until read -r new other errors <<<"$(traffic)" && [ "$new" -eq 0 ] && [ "$errors" -eq 0 ]; do
  echo "100 requests: $new by $version, $other by others, $errors errors"
  if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 120000 ]; then echo "iris $version still serves after 120 s"; exit 1; fi
done
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "100 requests: $new by $version, $other by others, $errors errors"
echo "traffic off $version ${elapsed} ms after the first failing request (alarm periods 60 s / 6 = 10 s, 2 of 2)"

echo "== the alias production of iris after, and the audit trail"
"$modelfn" aliases history iris production
"$modelfn" audit endpoint iris --limit 3
