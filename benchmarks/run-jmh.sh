#!/bin/sh
# Builds the benchmarks module (and what it depends on) and runs JMH with the given arguments, e.g.
#   benchmarks/run-jmh.sh -f 1 -wi 3 -i 5 NetflowDecoderBenchmark
# The real captures are read from $FLOWLENS_TESTDATA (default: ../shared/testdata beside the checkout).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTDATA=${FLOWLENS_TESTDATA:-$ROOT/../shared/testdata}
cd "$ROOT"
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
# One reactor build, so the classpath names this checkout's freshly packaged modules, never copies
# of them in ~/.m2. Each module writes the file in turn; benchmarks, built last, writes it last.
mvn -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
CP="$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")"
exec java -Dflowlens.testdata="$TESTDATA" -cp "$CP" org.openjdk.jmh.Main "$@"
