#!/usr/bin/env bash
# Runs the whole system on http://localhost:8080 from a fresh clone: builds the local runner (first
# time, or with --build), then starts it. Every model in models/ is registered in an embedded
# DynamoDB Local at start-up; artifacts are read from models/. No AWS account, no Docker.
#
#   samples/run-local.sh            # build if needed, run
#   samples/run-local.sh --build    # always rebuild first
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root="$(repo_root)"
cd "$root"
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
runner="functions/local/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$runner" ] || [ "${1:-}" = "--build" ]; then
  echo "building the local runner (first run downloads dependencies)..."
  ./mvnw -B -q -ntp -pl functions/local -am package -DskipTests
fi
# The admin API's bearer token: yours, or a fresh one, saved where the CLI finds it.
if [ -z "${MODELFN_ADMIN_TOKEN:-}" ]; then
  MODELFN_ADMIN_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
fi
export MODELFN_ADMIN_TOKEN
token_file="${TMPDIR:-/tmp}/modelfn-local-admin-token"
(umask 077; printf '%s\n' "$MODELFN_ADMIN_TOKEN" > "$token_file")
echo "admin token in $token_file (the modelfn CLI reads it for localhost)"
# The local CloudWatch: alarms evaluated on this runner's own metric records, their events sent to the
# rollout handler (periods divided by 6; see functions/local's application.properties). Off with
# LOCAL_RUNNER_CLOUDWATCH_ENABLED=false.
export LOCAL_RUNNER_CLOUDWATCH_ENABLED="${LOCAL_RUNNER_CLOUDWATCH_ENABLED:-true}"
# Telemetry of third-party libraries stays off in every runtime we ship.
export OPT_OUT_TRACKING=true ORT_DISABLE_TELEMETRY=1 DDB_LOCAL_TELEMETRY=0
exec "$JAVA_HOME/bin/java" ${MODELFN_JAVA_OPTS:-} -jar "$runner"
