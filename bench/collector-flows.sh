#!/usr/bin/env bash
# Benchmark of the flow collector's poll against `cat /proc/net/nf_conntrack`, on one table of
# 262,144 entries loaded with `conntrack -R` inside a private network namespace (root only).
# Usage: bench/collector-flows.sh [entries] [polls]     (from the repository root, after
#        mvn -B -q -pl collector/flows -am install -DskipTests && mvn -q -pl collector/flows test-compile)
set -euo pipefail
ENTRIES=${1:-262144}
POLLS=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=nc-bench-$$
WORK=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, conntrack)"; exit 1; }
cd "$ROOT/collector/flows"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/classes:target/test-classes:../common/target/classes:../../contract/target/classes:../../store/target/classes:$(cat "$WORK/cp.txt")"

ip netns add "$NS"
ip -n "$NS" link set lo up
ip netns exec "$NS" sysctl -q -w net.netfilter.nf_conntrack_acct=1
echo "nf_conntrack_max=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_max)"

# 262,144 distinct TCP entries: 10.98.x.y:port -> 10.97.a.b:443 (addresses exist nowhere)
awk -v n="$ENTRIES" 'BEGIN { for (i = 0; i < n; i++) {
  printf "-I -p tcp -s 10.98.%d.%d -d 10.97.%d.%d --sport %d --dport 443 --state ESTABLISHED -u ASSURED -t 3600\n",
    int(i / 65536) % 256, int(i / 256) % 256, int(i / 4096) % 256, i % 256, 1024 + i % 60000 } }' > "$WORK/load.txt"
start=$(date +%s)
ip netns exec "$NS" conntrack -R "$WORK/load.txt" 2>&1 | tail -1 || true
echo "loaded $(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count) entries in $(( $(date +%s) - start ))s"

cpu_of() { # prints user+sys CPU seconds (and wall seconds) of a command (bash time, 1 ms resolution)
  local TIMEFORMAT='%3U %3S %3R'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f(wall %.3f)\n", $1 + $2, $3 }'
}
echo "reference: cat /proc/net/nf_conntrack (CPU seconds, 5 runs)"
for i in 1 2 3 4 5; do cpu_of ip netns exec "$NS" cat /proc/net/nf_conntrack; done | sort -n | tee "$WORK/cat.txt" | tr '\n' ' '; echo
echo "conntrack -L -o extended,id alone (CPU seconds, 5 runs)"
for i in 1 2 3 4 5; do cpu_of ip netns exec "$NS" conntrack -L -o extended,id; done | sort -n | tr '\n' ' '; echo
JVM="java -Xmx96m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=48m"
echo "collector poll cycles, --source conntrack (dump + parse + deltas + checkpoint); $JVM"
ip netns exec "$NS" $JVM -cp "$CP" \
  dev.netcost.collector.flows.FlowPollBenchmark "$POLLS" "$WORK/state" conntrack 2>&1 | grep -v SLF4J
rm -rf "$WORK/state"
echo "collector poll cycles, --source proc; same JVM flags"
ip netns exec "$NS" $JVM -cp "$CP" \
  dev.netcost.collector.flows.FlowPollBenchmark "$POLLS" "$WORK/state" proc 2>&1 | grep -v SLF4J
echo "reference median (cat): $(sed -n 3p "$WORK/cat.txt") s"
