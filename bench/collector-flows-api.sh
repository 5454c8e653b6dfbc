#!/usr/bin/env bash
# Resident memory of the shipped flow collector (`./netcost collect flows`, the launcher's JVM flags
# and class path) with the DaemonSet's Kubernetes API options (k8s/base/flow-collector.yaml:
# --pod-cidr-from-api --local-pods-from-api, which read the Node once and run a pod informer with
# field selector spec.nodeName) against the same collector without them, in one run, on one table of
# ENTRIES conntrack entries loaded with `conntrack -R` inside a private network namespace (root).
#
# The API is fabric8's CRUD mock server (bench/CollectorApiMock.java, with collector/metadata's
# spec.nodeName selector) in its own JVM on 127.0.0.1 in that namespace: a Node without pod CIDRs
# (Amazon VPC CNI: the pod watch gives the local endpoints), PODS running pods on it at 10.98.0.1,
# 10.98.0.2, ..., 200 pods on other nodes, and one local pod's annotation changed every 2 s (watch
# events throughout). Loopback is not tracked in the namespace (nft notrack), so the API's
# connections neither take a slot of the full table nor are refused by it.
#
# The table: ENTRIES TCP entries from the PODS pod addresses to 10.97.x.y:443-446, so both runs
# classify the same entries as local: without the API by --pod-cidr 10.98.0.0/16, with it by the
# pod watch. Each run: SECONDS seconds, 15 s poll, hourly window; VmRSS every second from 37 s on
# (steady = median), peak = VmHWM; CPU per poll = (CPU at 97.5 s - CPU at 37.5 s) / 4 (not net of
# the JVM's idle cost, unlike bench/collector-flows.sh).
#
# Usage: bench/collector-flows-api.sh [entries=262144] [seconds=100] [rounds=1] [pods=110]
#        (root; needs collector/metadata's test classes and its test class path, which the build
#        and `mvn -o dependency:build-classpath` give; EXTRA="--pods-from-api" adds a variant with
#        that option as well)
set -euo pipefail
ENTRIES=${1:-262144}
SECONDS_PER_RUN=${2:-100}
ROUNDS=${3:-1}
PODS=${4:-110}
EXTRA=${EXTRA:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=nc-api-bench-$$
PORT=18443
WORK=$(mktemp -d)
mock=""
cleanup() {
  if [ -n "$mock" ]; then kill "$mock" 2>/dev/null || true; wait "$mock" 2>/dev/null || true; fi
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, conntrack)"; exit 1; }
"$ROOT/netcost" collect -V # builds the collectors when stale, before anything is timed
(cd "$ROOT/collector/metadata" && mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/test-classpath.txt") >&2
MOCK_CP="$ROOT/collector/metadata/target/test-classes:$ROOT/collector/metadata/target/classes:$(cat "$WORK/test-classpath.txt")"
TICK=$(getconf CLK_TCK)

ip netns add "$NS"
ip -n "$NS" link set lo up
ip netns exec "$NS" sysctl -q -w net.netfilter.nf_conntrack_acct=1
ip netns exec "$NS" nft -f - <<'EOF'
table inet bench {
  chain prerouting { type filter hook prerouting priority raw; iifname "lo" notrack; }
  chain output { type filter hook output priority raw; oifname "lo" notrack; }
}
EOF
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB," \
  "kernel $(uname -r), $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM options (conf/jvm/collector.options): $(grep -v '^#' "$ROOT/conf/jvm/collector.options" | tr -s " \n" " ")"

awk -v n="$ENTRIES" -v p="$PODS" 'BEGIN { for (i = 0; i < n; i++) { k = 1 + i % p
  printf "-I -p tcp -s 10.98.%d.%d -d 10.97.%d.%d --sport %d --dport %d --state ESTABLISHED -u ASSURED -t 3600\n",
    int(k / 256), k % 256, int(i / 256) % 256, i % 256, 1024 + int(i / p) % 60000, 443 + int(i / 65536) } }' > "$WORK/load.txt"
start=$(date +%s)
ip netns exec "$NS" conntrack -R "$WORK/load.txt" 2>&1 | tail -1 || true
echo "nf_conntrack_max=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_max);" \
  "loaded $(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count) entries in $(( $(date +%s) - start ))s"

ip netns exec "$NS" java -Xmx256m -cp "$MOCK_CP" "$ROOT/bench/CollectorApiMock.java" \
  "$PORT" bench-node "$PODS" 200 2000 > "$WORK/mock.log" 2>&1 &
mock=$!
for _ in $(seq 1 120); do grep -q '^ready' "$WORK/mock.log" && break; sleep 1; done
grep '^ready' "$WORK/mock.log" || { echo "the mock API did not start"; tail -20 "$WORK/mock.log"; exit 1; }

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# run LABEL COLLECTOR-OPTIONS...: prints "cpu_per_poll rss_median_kib hwm_kib tracked_connections"
run() {
  local label=$1 dir="$WORK/$1-$round"
  shift
  mkdir -p "$dir"
  ip netns exec "$NS" env KUBERNETES_MASTER="http://127.0.0.1:$PORT" KUBERNETES_AUTH_TRYKUBECONFIG=false \
    KUBERNETES_AUTH_TRYSERVICEACCOUNT=false \
    "$ROOT/netcost" collect flows --cluster bench --node bench-node --node-ip 10.99.0.1 "$@" \
    --store "$dir/store" --spool-dir "$dir/spool" --poll-interval PT15S --window PT1H \
    --metrics-address 127.0.0.1:9464 > "$dir/log" 2>&1 &
  local launcher=$! pid=""
  for _ in $(seq 1 300); do # ip netns exec, env and the launcher exec: java has the same pid
    if [ -r "/proc/$launcher/exe" ] && readlink "/proc/$launcher/exe" | grep -q java; then pid=$launcher; break; fi
    sleep 0.1
  done
  [ -n "$pid" ] || { echo "collector did not start" >&2; cat "$dir/log" >&2; exit 1; }
  local t0 samples="" c1="" c2="" now
  t0=$(date +%s.%N)
  while :; do
    now=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { print a - b }')
    kill -0 "$pid" 2>/dev/null || { echo "collector exited" >&2; cat "$dir/log" >&2; exit 1; }
    if [ -z "$c1" ] && awk -v n="$now" 'BEGIN { exit !(n >= 37.5) }'; then c1=$(ticks "$pid"); fi
    if [ -z "$c2" ] && awk -v n="$now" 'BEGIN { exit !(n >= 97.5) }'; then c2=$(ticks "$pid"); fi
    if awk -v n="$now" 'BEGIN { exit !(n >= 37) }'; then samples="$samples $(rss_kib "$pid")"; fi
    awk -v n="$now" -v s="$SECONDS_PER_RUN" 'BEGIN { exit !(n >= s) }' && break
    sleep 1
  done
  local hwm tracked median
  hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
  tracked=$(ip netns exec "$NS" curl -s http://127.0.0.1:9464/metrics \
    | awk '/^netcost_conntrack_tracked_connections/ { printf "%d", $2 }')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep -h -m2 "pod CIDRs\|Pod CIDRs" "$dir/log" >&2 || true
  median=$(echo "$samples" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  awk -v a="$c1" -v b="$c2" -v t="$TICK" -v m="$median" -v h="$hwm" -v c="${tracked:-?}" \
    'BEGIN { printf "%.3f %d %d %s\n", (b - a) / t / 4, m, h, c }'
}

printf '\n%-6s %-44s %-12s %-15s %-13s %-8s\n' round options cpu/poll_s rss_steady_MiB rss_peak_MiB tracked
for round in $(seq 1 "$ROUNDS"); do
  variants=("--pod-cidr 10.98.0.0/16" "--pod-cidr-from-api --local-pods-from-api")
  [ -z "$EXTRA" ] || variants+=("--pod-cidr-from-api --local-pods-from-api $EXTRA")
  for options in "${variants[@]}"; do
    # shellcheck disable=SC2086 # the options are words
    read -r cpu rss hwm tracked < <(run "$(echo "$options" | tr -dc 'a-z')" $options)
    awk -v r="$round" -v o="$options" -v c="$cpu" -v m="$rss" -v h="$hwm" -v t="$tracked" \
      'BEGIN { printf "%-6s %-44s %-12.3f %-15.1f %-13.1f %-8s\n", r, o, c, m / 1024, h / 1024, t }'
  done
done
echo "mock API requests: $(grep -c 'received request' "$WORK/mock.log");" \
  "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
