#!/usr/bin/env bash
# Benchmark (not a test): the nightly job vs DuckDB doing the same work on the same Parquet files.
# Usage: bench/nightly-vs-duckdb.sh [rows ...]   (default: 1000000 10000000)
# Data is generated once per size under ${NETCOST_BENCH_DIR:-/tmp/netcost-bench}/rows-N.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# one reactor build, so the class path names this checkout's modules, not whatever is installed
mvn -q -B -DskipTests -pl batch-job -am test-compile package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="batch-job/target/test-classes:batch-job/target/classes:$(cat batch-job/target/bench-classpath.txt)"
root="${NETCOST_BENCH_DIR:-/tmp/netcost-bench}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
java_version="$(java -version 2>&1)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, ${java_version%%$'\n'*}"
for rows in "${sizes[@]}"; do
  echo "== $rows rows"
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx12g $(grep -o '<spark.jvm.options>[^<]*' pom.xml | sed 's/<spark.jvm.options>//') \
    -Dlog4j2.configurationFile=netcost-log4j2.properties -cp "$cp" dev.netcost.job.bench.NightlyBenchmark "$rows" "$root/rows-$rows"
done
