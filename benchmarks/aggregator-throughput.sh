#!/bin/sh
# Aggregator throughput on an embedded broker. Usage (from the repository root):
#   benchmarks/aggregator-throughput.sh [records] [aggregator_key=value ...]
#   e.g. benchmarks/aggregator-throughput.sh 2000000 combiner=false
# JVM options in JAVA_OPTS, e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/agg.jfr,settings=profile
set -e
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=runtime >/dev/null
exec java -Xmx2g $JAVA_OPTS -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" \
  io.flowlens.bench.AggregatorThroughput "$@"
