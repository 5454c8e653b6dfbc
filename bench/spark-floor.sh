#!/usr/bin/env bash
# Benchmark (not a test): the least a Spark job writing network_flows does, against DuckDB doing
# the same on the same files, each side in its own process (WriteFloorBenchmark): the day's flow
# snapshots scanned and summed per node, and the nightly job's network_flows files written again
# as the job lays them out. No owners, prices or checks: a floor under the nightly job's time.
# Usage: bench/spark-floor.sh [NODES:PODS_PER_NODE:INTERNET_CLIENTS] (default 24:0:20706, the
#   1M-row day of bench/nightly-vs-duckdb.sh; that script is run first when the day has no
#   network_flows yet).
# Environment: as bench/nightly-vs-duckdb.sh (NETCOST_BENCH_DIR, NETCOST_BENCH_THREADS,
#   NETCOST_BENCH_HEAP, NETCOST_BENCH_DUCKDB_MEMORY, NETCOST_BENCH_BUILT), and NETCOST_BENCH_RUNS
#   (3: the Spark side's runs in its one JVM; the first is the cold one).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
shape="${1:-24:0:20706}"
IFS=: read -r nodes pods clients <<<"$shape"
root="${NETCOST_BENCH_DIR:-/tmp/netcost-bench}"
dir="$root/n$nodes-p$pods-c$clients"
if [ ! -d "$dir/tables/network_flows" ]; then
  NETCOST_BENCH_RUNS=1 bench/nightly-vs-duckdb.sh "$shape"
  export NETCOST_BENCH_BUILT=1
fi
# shellcheck source=bench/nightly-common.sh
source "$here/bench/nightly-common.sh"
job_classpath "$here"
machine_line
rm -rf "$dir/floor-out"
echo "== floor on $dir: spark (local[$threads], -Xmx$heap), load before $(load)"
SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -v -o "$dir.floor-spark.time" java -Xmx"$heap" "$jvm_options" \
  -Dlog4j2.configurationFile=netcost-log4j2.properties -cp "$cp" \
  dev.netcost.job.bench.WriteFloorBenchmark spark "$dir" "$threads" "${NETCOST_BENCH_RUNS:-3}"
echo "spark: process wall $(wall "$dir.floor-spark.time"), peak RSS $(peak_rss_mib "$dir.floor-spark.time") MiB, load after $(load)"
echo "== duckdb (threads=$threads, memory_limit=$duck_memory, JVM -Xmx1g), load before $(load)"
SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -v -o "$dir.floor-duckdb.time" java -Xmx1g \
  -Dlog4j2.configurationFile=netcost-log4j2.properties -cp "$cp" \
  dev.netcost.job.bench.WriteFloorBenchmark duckdb "$dir" "$threads" "$duck_memory"
echo "duckdb: process wall $(wall "$dir.floor-duckdb.time"), peak RSS $(peak_rss_mib "$dir.floor-duckdb.time") MiB, load after $(load)"
