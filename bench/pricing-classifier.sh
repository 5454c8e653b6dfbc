#!/usr/bin/env bash
# Classifier throughput on the real provider range files, against a linear-scan reference in the
# same run. Usage: bench/pricing-classifier.sh [ip-ranges dir] [lookups]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/samples/ip-ranges}"
lookups="${2:-2000000}"
mvn -B -q -pl pricing-data -am install -DskipTests
mvn -B -q -pl pricing-data dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx1g -cp "pricing-data/target/classes:pricing-data/target/test-classes:$(cat pricing-data/target/bench.classpath)" \
  dev.netcost.pricing.ClassifierBenchmark "$dir" "$lookups"
