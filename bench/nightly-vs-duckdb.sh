#!/usr/bin/env bash
# Benchmark (not a test): the nightly job vs DuckDB doing the same work on the same Parquet files,
# each side in its own process with a stated memory limit, peak RSS from /usr/bin/time -v.
# Usage: bench/nightly-vs-duckdb.sh [NODES:PODS_PER_NODE:INTERNET_CLIENTS ...]
#   default: 24:0:20706 (24 nodes, 576 files, ~1M rows) and 1000:10:40 (24,000 files, ~10M rows)
#   Rows of a day: 24 nodes and 0 pods: ~6,100 + 48 x clients; N nodes and P pods per node:
#   ~N x 24 x P x (clients + 2) (see ./netcost generate --help).
# Environment: NETCOST_BENCH_DIR (data, default /tmp/netcost-bench), NETCOST_BENCH_THREADS (2),
#   NETCOST_BENCH_HEAP (job JVM heap, 4g), NETCOST_BENCH_DUCKDB_MEMORY (DuckDB memory_limit, 4GB),
#   NETCOST_BENCH_BUILT=1 (skip the build), NETCOST_BENCH_MAX_BROADCAST_INTERVALS (the job's
#   --max-broadcast-intervals; default: the job's own, one metadata row per 4 KiB of heap),
#   NETCOST_BENCH_RUNS (1: how many times the job runs the day in its one JVM; runs after the first
#   show the job in a warm JVM, the ratio is always the first, cold run's).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# shellcheck source=bench/nightly-common.sh
source "$here/bench/nightly-common.sh"
job_classpath "$here"
job_properties=()
if [ -n "${NETCOST_BENCH_MAX_BROADCAST_INTERVALS:-}" ]; then
  job_properties=("-Dnetcost.bench.maxBroadcastIntervals=$NETCOST_BENCH_MAX_BROADCAST_INTERVALS")
fi
job_properties+=("-Dnetcost.bench.runs=${NETCOST_BENCH_RUNS:-1}")
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(24:0:20706 1000:10:40)
machine_line


mkdir -p "$root"
for shape in "${shapes[@]}"; do
  IFS=: read -r nodes pods clients <<<"$shape"
  dir="$root/n$nodes-p$pods-c$clients"
  echo "== $nodes nodes, $pods pods per node, $clients internet clients per pod and hour ($dir)"
  generate_day "$dir" "$nodes" "$pods" "$clients"
  rm -rf "$dir/tables" "$dir/quarantine" "$dir/duckdb-out"
  echo "job (local[$threads], -Xmx$heap): load before $(load)"
  SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -v -o "$dir.job.time" java -Xmx"$heap" "$jvm_options" "${job_properties[@]}" \
    -Dlog4j2.configurationFile=netcost-log4j2.properties -cp "$cp" \
    dev.netcost.job.bench.NightlyBenchmark job "$dir" "$threads" >"$dir.job.out"
  grep -v '^team ' "$dir.job.out"
  echo "job: process wall $(wall "$dir.job.time"), peak RSS $(peak_rss_mib "$dir.job.time") MiB, load after $(load)"
  echo "duckdb (threads=$threads, memory_limit=$duck_memory, JVM -Xmx1g): load before $(load)"
  /usr/bin/time -v -o "$dir.duckdb.time" java -Xmx1g -cp "$cp" \
    dev.netcost.job.bench.NightlyBenchmark duckdb "$dir" "$threads" "$duck_memory" >"$dir.duckdb.out"
  grep -v '^team ' "$dir.duckdb.out"
  echo "duckdb: process wall $(wall "$dir.duckdb.time"), peak RSS $(peak_rss_mib "$dir.duckdb.time") MiB, load after $(load)"
  job_s="$(awk '/^job seconds:/{print $3}' "$dir.job.out")"
  duck_s="$(awk '/^duckdb seconds:/{print $3}' "$dir.duckdb.out")"
  echo "ratio job/duckdb (processing): $(awk -v a="$job_s" -v b="$duck_s" 'BEGIN{printf "%.2f", a/b}')"
  echo "cost per team (job | duckdb):"
  join <(grep '^team ' "$dir.job.out" | cut -d' ' -f2- | sort) \
    <(grep '^team ' "$dir.duckdb.out" | cut -d' ' -f2- | sort) -a1 -a2 | awk '{printf "  %-16s %14s | %14s\n", $1, $2, $3}'
done
