#!/bin/sh
# Aggregator under a flood of distinct flows on an embedded broker. Usage (from the repository root):
#   benchmarks/aggregator-flood.sh [flows] [aggregator_key=value ...]
#   e.g. benchmarks/aggregator-flood.sh 10000000
# JVM options in JAVA_OPTS, e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/agg.jfr,settings=profile
set -e
cd "$(dirname "$0")/.."
mvn -o -B -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=runtime >/dev/null
exec java -Xmx2g $JAVA_OPTS -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" \
  io.flowlens.bench.AggregatorFlood "$@"
