#!/usr/bin/env bash
# Benchmark (not a test): the nightly job on one generated day read from the local directory and then
# from S3Proxy through Spark's s3a connector (hadoop-aws), each in its own process, peak RSS from
# /usr/bin/time -v. S3Proxy (filesystem backend, in its own JVM, 127.0.0.1) serves the day's
# directory as a bucket: the same files, so both runs read the same bytes; the s3a run writes its
# tables to the bucket (that is, back into the directory).
# Usage: bench/nightly-s3a.sh [NODES:PODS_PER_NODE:INTERNET_CLIENTS]   (default 1000:10:40: 24,000
#   files, ~10M rows; the data is generated as bench/nightly-vs-duckdb.sh does, in the same place)
# Environment: NETCOST_BENCH_DIR (data, default /tmp/netcost-bench), NETCOST_BENCH_THREADS (2),
#   NETCOST_BENCH_HEAP (job JVM heap, 4g), NETCOST_BENCH_BUILT=1 (skip the build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ "${NETCOST_BENCH_BUILT:-0}" != 1 ]; then
  # batch-job-cloud brings hadoop-aws and its AWS SDK (the job's class path) and S3Proxy (with the
  # Servlet 6 jars of target/s3proxy-lib, for S3Proxy's own JVM)
  mvn -q -B -o -DskipTests -pl batch-job-cloud -am test-compile package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
cloud_cp="$(cat batch-job-cloud/target/bench-classpath.txt)"
cp="batch-job/target/test-classes:batch-job/target/classes:$cloud_cp"
# S3Proxy's JVM: its Servlet 6 and AWS SDK in place of Spark's Servlet 5 and s3a's SDK (as
# S3ProxyProcess does in the tests)
proxy_cp="$(ls batch-job-cloud/target/s3proxy-lib/*.jar | tr '\n' ':')batch-job-cloud/target/test-classes"
proxy_cp="$proxy_cp:$(tr ':' '\n' <<<"$cloud_cp" | grep -v -e '/jakarta.servlet-api-' -e '/software/amazon/awssdk/' | paste -sd:)"
jvm_options="@$here/conf/jvm/job.options"
root="${NETCOST_BENCH_DIR:-/tmp/netcost-bench}"
threads="${NETCOST_BENCH_THREADS:-2}"
heap="${NETCOST_BENCH_HEAP:-4g}"
shape="${1:-1000:10:40}"
IFS=: read -r nodes pods clients <<<"$shape"
bucket="n$nodes-p$pods-c$clients"
dir="$root/$bucket"
# shellcheck source=bench/nightly-common.sh
source "$here/bench/nightly-common.sh"
machine_line

mkdir -p "$root"
echo "== $nodes nodes, $pods pods per node, $clients internet clients per pod and hour ($dir)"
generate_day "$dir" "$nodes" "$pods" "$clients"
echo "files: $(find "$dir/flows" -name '*.parquet' | wc -l) flow snapshots, $(du -sm "$dir/flows" | cut -f1) MiB"

run_job() { # run_job NAME STORE [JAVA OPTION ...]
  local name="$1" store="$2"
  shift 2
  rm -rf "$dir/tables" "$dir/quarantine"
  echo "job $name (local[$threads], -Xmx$heap, store $store): load before $(load)"
  SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -v -o "$dir.$name.time" java -Xmx"$heap" "$jvm_options" "$@" \
    -Dlog4j2.configurationFile=netcost-log4j2.properties -cp "$cp" \
    dev.netcost.job.bench.NightlyBenchmark job "$store" "$threads" >"$dir.$name.out"
  grep -v '^team ' "$dir.$name.out"
  echo "job $name: process wall $(wall "$dir.$name.time"), peak RSS $(peak_rss_mib "$dir.$name.time") MiB, load after $(load)"
}

run_job local "$dir"

# S3Proxy until its standard input closes
fifo="$(mktemp -u)"
mkfifo "$fifo"
java -Xmx1g -cp "$proxy_cp" dev.netcost.job.cloud.S3ProxyServer "$root" "$bucket" netcost-access netcost-secret \
  <"$fifo" >"$dir.s3proxy.log" 2>&1 &
proxy_pid=$!
exec 3>"$fifo"
trap 'exec 3>&-; wait "$proxy_pid" 2>/dev/null || true; rm -f "$fifo"' EXIT
for _ in $(seq 600); do
  grep -q '^S3PROXY PORT' "$dir.s3proxy.log" && break
  kill -0 "$proxy_pid" 2>/dev/null || { cat "$dir.s3proxy.log"; exit 1; }
  sleep 0.1
done
port="$(awk '/^S3PROXY PORT/{print $3}' "$dir.s3proxy.log")"
echo "S3Proxy on 127.0.0.1:$port (filesystem backend, base $root, bucket $bucket)"
# change detection off: S3Proxy's filesystem backend has no ETag for files it did not write itself
# (s3a then refuses to read them: "Change detection policy requires ETag"); S3 itself always has one
s3a=()
for setting in "endpoint=http://127.0.0.1:$port" endpoint.region=us-east-1 path.style.access=true \
  connection.ssl.enabled=false \
  aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider \
  access.key=netcost-access secret.key=netcost-secret \
  change.detection.mode=none change.detection.version.required=false; do
  s3a+=("-Dspark.hadoop.fs.s3a.bucket.$bucket.$setting")
done
run_job s3a "s3a://$bucket" "${s3a[@]}"

echo "cost per team (local | s3a):"
join <(grep '^team ' "$dir.local.out" | cut -d' ' -f2- | sort) \
  <(grep '^team ' "$dir.s3a.out" | cut -d' ' -f2- | sort) -a1 -a2 | awk '{printf "  %-16s %14s | %14s\n", $1, $2, $3}'
local_s="$(awk '/^job seconds:/{print $3}' "$dir.local.out")"
s3a_s="$(awk '/^job seconds:/{print $3}' "$dir.s3a.out")"
echo "ratio s3a/local (processing): $(awk -v a="$s3a_s" -v b="$local_s" 'BEGIN{printf "%.2f", a/b}')"
