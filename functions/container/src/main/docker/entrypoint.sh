#!/bin/sh
# SageMaker starts an inference container as `docker run <image> serve`; ECS runs it without
# arguments. Either way: the api application on port 8080.
set -eu
if [ "${1:-serve}" != "serve" ]; then
  exec "$@"
fi
# vertx.disableURIValidation: the HTTP pipeline checks the request target itself and answers a bad
# escape with a JSON 400 (Quarkus's own check answers an empty one).
exec java ${JAVA_OPTS:-} -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dvertx.disableURIValidation=true \
  -jar /opt/modelfn/quarkus-run.jar
