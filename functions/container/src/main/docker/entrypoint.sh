#!/bin/sh
# SageMaker starts an inference container as `docker run <image> serve`; ECS runs it without
# arguments. Either way: the api application on port 8080.
set -eu
if [ "${1:-serve}" != "serve" ]; then
  exec "$@"
fi
exec java ${JAVA_OPTS:-} -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar /opt/modelfn/quarkus-run.jar
