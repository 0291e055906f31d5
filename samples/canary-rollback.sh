#!/usr/bin/env bash
# The local rehearsal of an automatic rollback, against a running local runner (samples/run-local.sh, whose
# local CloudWatch is on): create an endpoint through the CLI (as an operator would: no stack made its
# alarms), release a new iris version on it as a 20 % canary, break it (its artifact disappears, so it
# answers 503), keep sending traffic, and watch the canary's error-rate alarm, made by the rollout function
# when the release was armed, fire on the metric records the runner emits and its event roll the canary
# back. Nothing posts an alarm event by hand. REHEARSAL_ENDPOINT=iris rehearses on the seeded endpoint.
# Prints how long it took from the first failing request to the last request served by the canary.
#
#   samples/run-local.sh &
#   samples/canary-rollback.sh [base-url]
#
# The alarm is the canary's error rate (ServerErrors / Requests of [Endpoint=<endpoint>, Variant=canary], Sum,
# 60 s periods, 2 of 2 datapoints above 0.05, missing data not breaching). The rollout function puts it
# through the local CloudWatch's API (awsQuery, as in AWS) when the schedule arms the rollout; where
# the runner's rollout makes no alarms, the script puts the same one. The runner divides every period
# by 6: 10 s here. The schedule event posted below is the EventBridge timer, not an alarm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export MODELFN_URL="${1:-${MODELFN_URL:-http://localhost:8080}}"
cloudwatch="${MODELFN_LOCAL_CLOUDWATCH:-http://127.0.0.1:4582}"
modelfn="$root/functions/cli/modelfn"
bucket="${TMPDIR:-/tmp}/modelfn-local-bucket"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="1.$(date +%s).0"
body="$root/samples/requests/oip-infer-iris-1.1.0.json"
endpoint="${REHEARSAL_ENDPOINT:-rehearsal-$(date +%s)}"
alarm="modelfn-$endpoint-canary-error-rate"

# Sends 100 requests with distinct routing keys; prints "<stable> <canary> <errors>".
traffic() {
  local stable=0 canary=0 errors=0 i headers status variant
  for i in $(seq 1 100); do
    headers="$(curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
      -H "X-ModelFn-Routing-Key: caller-$i" --data-binary @"$body" "$MODELFN_URL/v2/models/$endpoint/infer" | tr -d '\r')"
    status="$(printf '%s\n' "$headers" | head -1 | cut -d' ' -f2)"
    variant="$(printf '%s\n' "$headers" | sed -n 's/^[Xx]-[Mm]odel[Ff]n-[Vv]ariant: //p')"
    if [ "$status" != 200 ]; then errors=$((errors + 1));
    elif [ "$variant" = canary ]; then canary=$((canary + 1));
    else stable=$((stable + 1)); fi
  done
  echo "$stable $canary $errors"
}

# One CloudWatch API call in the awsQuery protocol: cloudwatch_call Action [name=value ...]
cloudwatch_call() {
  local action="$1"; shift
  local args=(--data-urlencode "Action=$action" --data-urlencode "Version=2010-08-01")
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  curl -sf -X POST "${args[@]}" "$cloudwatch/"
}

alarm_state() {
  cloudwatch_call DescribeAlarms "AlarmNames.member.1=$alarm" | sed -n 's:.*<StateValue>\([A-Z_]*\)</StateValue>.*:\1:p'
}

if [ "$endpoint" != iris ]; then
  echo "== create endpoint $endpoint through the CLI: iris 1.1.0 at 100 %"
  "$modelfn" endpoints put "$endpoint" --variant stable=iris/1.1.0:10000 >/dev/null
  sleep 2
fi
echo "== register iris $version and start a rollout on $endpoint with the canary at 20 %"
cp "$root/models/iris/1.1.0/model.onnx" "$work/model.onnx"
sed "s/\"version\": \"1.1.0\"/\"version\": \"$version\"/" "$root/models/iris/1.1.0/model.json" > "$work/model.json"
"$modelfn" versions register iris "$version" --file "$work/model.onnx" --card "$work/model.json" >/dev/null
"$modelfn" rollouts start "$endpoint" "$version" --steps 20,100 --bake 1h --min-requests 50 --reason "rehearsal"
echo "== break the canary: its artifact disappears from the model folder before anything loads it (a routed"
echo "   version is loaded as soon as it takes traffic)"
rm -f "$bucket/iris/$version/model.onnx"
sleep 2

echo "== the schedule arms the rollout: the rollout function puts the release's alarms, then the canary takes traffic"
token="${MODELFN_ADMIN_TOKEN:-$(cat "${TMPDIR:-/tmp}/modelfn-local-admin-token")}"
for _ in 1 2 3; do
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary @"$root/samples/events/eventbridge-scheduled-rollout-step.json" "$MODELFN_URL/local/events" >/dev/null
  "$modelfn" rollouts show "$endpoint" | grep -q "RUNNING" && break
  sleep 1
done
"$modelfn" rollouts show "$endpoint" | sed -n 's/^rollout: *//p'

echo "== the canary alarms of $endpoint in the local CloudWatch ($cloudwatch)"
if ! cloudwatch_call DescribeAlarms "AlarmNamePrefix=modelfn-$endpoint-canary-" >"$work/alarms.xml"; then
  echo "no local CloudWatch at $cloudwatch: start the runner with samples/run-local.sh"; exit 1
fi
if ! grep -q '<AlarmName>' "$work/alarms.xml"; then
  m=Metrics.member
  dims() { echo "$1.MetricStat.Metric.Dimensions.member.1.Name=Endpoint" "$1.MetricStat.Metric.Dimensions.member.1.Value=$endpoint" \
    "$1.MetricStat.Metric.Dimensions.member.2.Name=Variant" "$1.MetricStat.Metric.Dimensions.member.2.Value=canary"; }
  # shellcheck disable=SC2046
  cloudwatch_call PutMetricAlarm "AlarmName=$alarm" "AlarmDescription=Server error rate of the canary of endpoint $endpoint" \
    "$m.1.Id=rate" "$m.1.Expression=IF(requests > 0, errors / requests, 0)" "$m.1.ReturnData=true" \
    "$m.2.Id=errors" "$m.2.MetricStat.Metric.Namespace=ModelFn" "$m.2.MetricStat.Metric.MetricName=ServerErrors" \
    $(dims "$m.2") "$m.2.MetricStat.Period=60" "$m.2.MetricStat.Stat=Sum" "$m.2.ReturnData=false" \
    "$m.3.Id=requests" "$m.3.MetricStat.Metric.Namespace=ModelFn" "$m.3.MetricStat.Metric.MetricName=Requests" \
    $(dims "$m.3") "$m.3.MetricStat.Period=60" "$m.3.MetricStat.Stat=Sum" "$m.3.ReturnData=false" \
    "Threshold=0.05" "ComparisonOperator=GreaterThanThreshold" "EvaluationPeriods=2" "DatapointsToAlarm=2" \
    "TreatMissingData=notBreaching" "AlarmActions.member.1=arn:aws:lambda:local:000000000000:function:modelfn-rollout:live" >/dev/null
  echo "put $alarm (60 s periods, 2 of 2 above 0.05)"
else
  grep -o '<AlarmName>[^<]*</AlarmName>' "$work/alarms.xml" | sed 's:<AlarmName>\(.*\)</AlarmName>:found \1:'
fi


start=$(date +%s%N)
read -r stable canary errors <<<"$(traffic)"
echo "100 requests: $stable stable, $canary canary, $errors errors (the canary's share fails); alarm $(alarm_state)"
[ "$errors" -gt 0 ]

echo "== traffic goes on until the canary's alarm fires and the rollout function takes the canary out"
until read -r stable canary errors <<<"$(traffic)" && [ "$canary" -eq 0 ] && [ "$errors" -eq 0 ]; do
  echo "100 requests: $stable stable, $canary canary, $errors errors; alarm $(alarm_state)"
  if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 120000 ]; then echo "the canary still serves after 120 s"; exit 1; fi
done
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "100 requests: $stable stable, $canary canary, $errors errors; alarm $(alarm_state)"
# The rollback is the endpoint's last change: its time, less the first failing request's, is the reaction.
rolled_back="$("$modelfn" rollouts show "$endpoint" | sed -n 's/^updated: *//p')"
reaction=$(( ($(date -d "$rolled_back" +%s%N) - start) / 1000000 ))
echo "canary weight set to 0 ${reaction} ms after the first failing request (alarm periods 60 s / 6 = 10 s," \
  "2 of 2 datapoints, evaluated every 1 s); served by stable only, as seen by the checking requests," \
  "${elapsed} ms after it (registry refresh 1 s; each round of 100 requests takes its time)"

echo "== the endpoint and its audit trail"
"$modelfn" rollouts show "$endpoint"
"$modelfn" audit endpoint "$endpoint" --limit 2
