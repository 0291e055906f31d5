#!/usr/bin/env bash
# The local rehearsal of a rollback after promotion, against a running local runner (samples/run-local.sh,
# whose local CloudWatch is on): release a new iris version with short steps and a watch, send traffic
# until it is promoted (the production alias moves to it), then break it (its artifact disappears, so a
# process that loads it again answers 503, as a fresh Lambda instance would after promotion), keep
# sending traffic, and watch the stable variant's error-rate alarm fire on the metric records the runner
# emits and the rollout's scheduled step roll the promotion back: the previous version serves again and
# the alias returns to it. Nothing posts an alarm event by hand.
# Prints how long it took from the first failing request to the rollback's commit (traffic off the bad version).
#
#   MODELFN_CACHE_MEMORY_BUDGET=1 samples/run-local.sh &
#   samples/post-promotion-rollback.sh [base-url]
#
# MODELFN_CACHE_MEMORY_BUDGET=1 (bytes) keeps one model in memory at a time: the runner unloads the
# promoted version once another one is used, so its next request loads it again, from the (broken) store.
#
# The alarm is the stable variant's error rate (ServerErrors / Requests of [Endpoint=iris, Variant=stable],
# Sum, 60 s periods, 2 of 2 datapoints above 0.05, missing data not breaching). The rollout function
# puts it with the release's other alarms when the schedule arms the rollout. The runner divides every
# alarm period by 6 (10 s here); the schedule events posted below are the EventBridge timer (one a
# minute in AWS), posted every 10 s for the same scale. None of them is an alarm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export MODELFN_URL="${1:-${MODELFN_URL:-http://localhost:8080}}"
cloudwatch="${MODELFN_LOCAL_CLOUDWATCH:-http://127.0.0.1:4582}"
modelfn="$root/functions/cli/modelfn"
tmp="${TMPDIR:-/tmp}"
bucket="$tmp/modelfn-local-bucket"
model_cache="${MODELFN_LOCAL_MODEL_CACHE:-$tmp/modelfn-local-models}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="1.$(date +%s).0"
body="$root/samples/requests/oip-infer-iris-1.1.0.json"
alarm="modelfn-iris-stable-error-rate"
schedule_every_ms=10000
token="${MODELFN_ADMIN_TOKEN:-$(cat "$tmp/modelfn-local-admin-token")}"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Sends 50 requests with distinct routing keys; prints "<ok> <errors>".
traffic() {
  local ok=0 errors=0 i status
  for i in $(seq 1 50); do
    status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      -H "X-ModelFn-Routing-Key: caller-$i" --data-binary @"$body" "$MODELFN_URL/v2/models/iris/infer")"
    if [ "$status" = 200 ]; then ok=$((ok + 1)); else errors=$((errors + 1)); fi
  done
  echo "$ok $errors"
}

# The EventBridge timer of the rollout function.
schedule() {
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary @"$root/samples/events/eventbridge-scheduled-rollout-step.json" "$MODELFN_URL/local/events" >/dev/null
}

rollout_state() {
  "$modelfn" rollouts show iris --json | jq -r '.rollout.state // "none"'
}

alias_version() {
  "$modelfn" models describe iris --json | jq -r '.aliases[] | select(.alias == "production") | .version'
}

alarm_state() {
  curl -sf -X POST --data-urlencode "Action=DescribeAlarms" --data-urlencode "Version=2010-08-01" \
    --data-urlencode "AlarmNames.member.1=$alarm" "$cloudwatch/" | sed -n 's:.*<StateValue>\([A-Z_]*\)</StateValue>.*:\1:p'
}

before="$(alias_version)"
echo "== production points at iris $before; register iris $version and roll it out (20 %, then 100 %, 10 s bake, watch 5 min)"
cp "$root/models/iris/1.1.0/model.onnx" "$work/model.onnx"
sed "s/\"version\": \"1.1.0\"/\"version\": \"$version\"/" "$root/models/iris/1.1.0/model.json" > "$work/model.json"
"$modelfn" versions register iris "$version" --file "$work/model.onnx" --card "$work/model.json" >/dev/null
"$modelfn" rollouts start iris "$version" --steps 20,100 --bake 10s --min-requests 10 --watch 5m --reason "rehearsal"

echo "== traffic and the schedule until the version is promoted and watched"
deadline=$(( $(now_ms) + 180000 ))
state=ARMING
until [ "$state" = WATCHING ]; do
  schedule
  read -r ok errors <<<"$(traffic)"
  state="$(rollout_state)"
  echo "50 requests: $ok ok, $errors errors; rollout $state"
  [ "$(now_ms)" -lt "$deadline" ] || { echo "not promoted after 180 s"; exit 1; }
done
"$modelfn" rollouts show iris | sed -n 's/^rollout: *//p'
echo "production now points at iris $(alias_version)"
read -r ok errors <<<"$(traffic)"
echo "50 requests to the promoted version: $ok ok, $errors errors; alarm $(alarm_state)"

echo "== break the promoted version: another version is used (the runner unloads $version), then its artifact disappears"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$body" \
  "$MODELFN_URL/v2/models/iris/versions/$before/infer"
rm -f "$bucket/iris/$version/model.onnx" "$model_cache/iris/$version/model.onnx"
start=$(now_ms)
read -r ok errors <<<"$(traffic)"
echo "50 requests: $ok ok, $errors errors (the promoted version fails); alarm $(alarm_state)"
[ "$errors" -gt 0 ]

echo "== traffic goes on; the schedule runs every 10 s (1 min / 6) until the watch rolls the promotion back"
last_schedule=0
state=WATCHING
while [ "$state" != ROLLED_BACK ]; do
  if [ $(( $(now_ms) - last_schedule )) -ge "$schedule_every_ms" ]; then schedule; last_schedule=$(now_ms); fi
  read -r ok errors <<<"$(traffic)"
  state="$(rollout_state)"
  echo "50 requests: $ok ok, $errors errors; alarm $(alarm_state); rollout $state"
  if [ $(( $(now_ms) - start )) -gt 180000 ]; then echo "not rolled back after 180 s"; exit 1; fi
done
read -r ok errors <<<"$(traffic)"
echo "50 requests after the rollback: $ok ok, $errors errors"
[ "$errors" -eq 0 ]
# The rollback is the endpoint's last change: its time, less the first failing request's, is the reaction.
rolled_back="$("$modelfn" rollouts show iris --json | jq -r '.updatedAt')"
reaction=$(( $(date -d "$rolled_back" +%s%N) / 1000000 - start ))
echo "promotion rolled back ${reaction} ms after the first failing request (alarm periods 60 s / 6 = 10 s," \
  "2 of 2 datapoints, evaluated every 1 s; the scheduled step every 10 s)"

echo "== the alias is back on iris $before"
after="$(alias_version)"
echo "production points at iris $after"
[ "$after" = "$before" ]
"$modelfn" aliases history iris production --limit 3
"$modelfn" rollouts show iris
"$modelfn" audit endpoint iris --limit 1
