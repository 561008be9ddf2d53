#!/bin/sh
# Ingest agent throughput: embedded Kafka + IngestAgent in one JVM, UdpReplay (softflowd's real
# NetFlow v9 datagrams, paced) in a second JVM. Prints sent/parsed/in-Kafka/drops per rate and the
# highest lossless rate.
#
# Usage: benchmarks/agent-throughput.sh [SECONDS] [RATES] [AGENT_YAML]
#   e.g. benchmarks/agent-throughput.sh 10 250000,500000,1000000 "{workers: 2}"
# Needs ../shared/testdata beside the checkout (or FLOWLENS_TESTDATA).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
rates=${2:-250000,500000,750000,1000000}
agent_yaml=${3:-"{}"}
testdata=${FLOWLENS_TESTDATA:-$root/../shared/testdata}
pcap=$testdata/captures/exporters/export_netflow9.pcap
[ -f "$pcap" ] || { echo "missing $pcap (set FLOWLENS_TESTDATA)" >&2; exit 2; }

cd "$root"
mvn -B -q -pl benchmarks -am package -DskipTests -Dmaven.test.skip.exec=true \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")"
exec java -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$cp" io.flowlens.bench.AgentThroughput "$pcap" "$seconds" "$rates" "$agent_yaml"
