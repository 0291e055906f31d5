#!/usr/bin/env bash
# A cold start's AWS calls (three DynamoDB queries, one S3 GetObject, one Secrets Manager read) from a fresh JVM on
# one core with Lambda's JVM options and the function's merged jar, against moto_server: through the SDK's clients
# (SdkCost) and through the lean clients' own calls, as the function makes them at init (LeanCost). Exploratory: the
# figures that count are the harness's (benchmarks/run.sh harness-ab); see docs/PERFORMANCE.md. Needs moto_server,
# boto3 and functions/api-lambda/target/function.zip.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:?}"
work=benchmarks/target/aws-calls; rm -rf "$work"; mkdir -p "$work/fz" "$work/classes"
unzip -q functions/api-lambda/target/function.zip -d "$work/fz"
jar="$work/fz/lib/function-libraries.jar"
"$JAVA_HOME/bin/javac" -cp "$jar" -d "$work/classes" benchmarks/aws-calls/SdkCost.java benchmarks/aws-calls/LeanCost.java \
    benchmarks/aws-calls/LoadList.java
export PORT="${PORT:-5123}"
moto_server -p "$PORT" >"$work/moto.log" 2>&1 & moto=$!; trap 'kill $moto' EXIT
sleep 3; python3 benchmarks/aws-calls/seed_moto.py
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret AWS_REGION=us-east-1
for i in 1 2 3; do
  for program in SdkCost LeanCost; do
    printf '%s: ' "$program"
    taskset -c 1 "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xshare:auto -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \
        -cp "$work/classes:$jar" "$program" 2>/dev/null
  done
done
