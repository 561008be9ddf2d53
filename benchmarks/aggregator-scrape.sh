#!/bin/sh
# The flow metrics scrape over a series store at the caps (no Kafka): in process and as whole HTTP GET /metrics
# responses from the real server. Usage (from the repository root):
#   benchmarks/aggregator-scrape.sh [talkers [percent of series with every rolling window full, default 100]]
#   e.g. benchmarks/aggregator-scrape.sh 10000
# JVM options in JAVA_OPTS, e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/agg.jfr,settings=profile
set -e
cd "$(dirname "$0")/.."
mvn -o -B -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=runtime >/dev/null
exec java -Xmx2g $JAVA_OPTS -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" \
  io.flowlens.bench.AggregatorScrape "$@"
