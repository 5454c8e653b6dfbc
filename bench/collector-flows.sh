#!/usr/bin/env bash
# Benchmark of the shipped flow collector (`./netcost collect flows`, the launcher's JVM flags)
# against `cat /proc/net/nf_conntrack`, on one table of ENTRIES entries loaded with `conntrack -R`
# inside a private network namespace (root only). Every source is run as its own process for
# SECONDS seconds with a 15 s poll; the script samples the process's CPU (user + system of the
# process and of the children it reaped, from /proc/PID/stat) and its resident memory (VmRSS every
# second, VmHWM at the end).
#
# CPU per poll = (CPU at 97.5 s - CPU at 37.5 s) / 4: the four steady-state polls at 45, 60, 75 and
# 90 s (the first two polls, at 0 and 15 s, meet every entry for the first time), minus the same
# window of the same source on an empty table (the JVM's own background cost). RSS steady = the
# median of the samples from 37 s on; peak = VmHWM.
#
# Usage: [WINDOW=PT1M] bench/collector-flows.sh [entries=262144] [seconds=100]
#        [sources="netlink conntrack proc"]
#        (root; the launcher builds the collectors first when they are stale; WINDOW, default PT1H,
#        PT1M seals a window every minute, so the steady state includes the snapshot writer's cost)
set -euo pipefail
ENTRIES=${1:-262144}
SECONDS_PER_RUN=${2:-100}
SOURCES=${3:-netlink conntrack proc}
WINDOW=${WINDOW:-PT1H}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=nc-bench-$$
EMPTY=nc-bench-empty-$$
WORK=$(mktemp -d)
cleanup() {
  ip netns del "$NS" 2>/dev/null || true
  ip netns del "$EMPTY" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, conntrack)"; exit 1; }
# builds the collectors when stale (before anything is timed) and prints the version
"$ROOT/netcost" collect -V
TICK=$(getconf CLK_TCK)

for ns in "$NS" "$EMPTY"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -q -w net.netfilter.nf_conntrack_acct=1
done
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB," \
  "kernel $(uname -r), $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM options (conf/jvm/collector.options, read by the launcher): $(grep -v '^#' "$ROOT/conf/jvm/collector.options" | tr -s " \n" " ")"
echo "window: $WINDOW (a sealed window's snapshot writer is measured only when it divides the run)"
echo "nf_conntrack_max=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_max)"

# ENTRIES distinct TCP entries: 10.98.x.y:port -> 10.97.a.b:443 (addresses exist nowhere)
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
echo "reference: cat /proc/net/nf_conntrack (CPU seconds, 5 runs, sorted)"
for i in 1 2 3 4 5; do cpu_of ip netns exec "$NS" cat /proc/net/nf_conntrack; done | sort -n | tee "$WORK/cat.txt" | tr '\n' ' '; echo
echo "conntrack -L -o extended,id alone (CPU seconds, 5 runs, sorted)"
for i in 1 2 3 4 5; do cpu_of ip netns exec "$NS" conntrack -L -o extended,id; done | sort -n | tr '\n' ' '; echo

# CPU ticks (utime + stime + cutime + cstime) of a process
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# run NS SOURCE LABEL: one collector process; prints "cpu_steady_seconds rss_median_kib hwm_kib"
run() {
  local ns=$1 source=$2 label=$3 dir="$WORK/$3"
  mkdir -p "$dir"
  ip netns exec "$ns" "$ROOT/netcost" collect flows --cluster bench --node bench-node \
    --node-ip 10.99.0.1 --pod-cidr 10.98.0.0/16 --store "$dir/store" --spool-dir "$dir/spool" \
    --poll-interval PT15S --window "$WINDOW" --metrics-address 127.0.0.1:0 --source "$source" \
    > "$dir/log" 2>&1 &
  local launcher=$! pid=""
  for _ in $(seq 1 300); do # ip netns exec execs the launcher, which execs java: same pid
    if [ -r "/proc/$launcher/exe" ] && readlink "/proc/$launcher/exe" | grep -q java; then pid=$launcher; break; fi
    sleep 0.1
  done
  [ -n "$pid" ] || { echo "collector did not start"; cat "$dir/log"; exit 1; }
  local t0 samples="" c1="" c2="" now
  t0=$(date +%s.%N)
  while :; do
    now=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { print a - b }')
    kill -0 "$pid" 2>/dev/null || { echo "collector exited"; cat "$dir/log"; exit 1; }
    if [ -z "$c1" ] && awk -v n="$now" 'BEGIN { exit !(n >= 37.5) }'; then c1=$(ticks "$pid"); fi
    if [ -z "$c2" ] && awk -v n="$now" 'BEGIN { exit !(n >= 97.5) }'; then c2=$(ticks "$pid"); fi
    if awk -v n="$now" 'BEGIN { exit !(n >= 37) }'; then samples="$samples $(rss_kib "$pid")"; fi
    awk -v n="$now" -v s="$SECONDS_PER_RUN" 'BEGIN { exit !(n >= s) }' && break
    sleep 1
  done
  local hwm
  hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep -m1 "Conntrack source\|Collecting flows" "$dir/log" >&2 || true
  local median
  median=$(echo "$samples" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  awk -v a="$c1" -v b="$c2" -v t="$TICK" -v m="$median" -v h="$hwm" \
    'BEGIN { printf "%.3f %d %d\n", (b - a) / t / 4, m, h }'
}

cat_median=$(sed -n 3p "$WORK/cat.txt" | cut -d'(' -f1)
printf '\n%-10s %-14s %-14s %-10s %-14s %-14s %-12s\n' source cpu/poll_s empty_cpu/poll net_cpu/poll vs_cat rss_steady_MiB rss_peak_MiB
for source in $SOURCES; do
  read -r full rss hwm < <(run "$NS" "$source" "$source-full")
  read -r idle _ _ < <(run "$EMPTY" "$source" "$source-empty")
  awk -v s="$source" -v f="$full" -v e="$idle" -v c="$cat_median" -v r="$rss" -v h="$hwm" 'BEGIN {
    n = f - e; printf "%-10s %-14.3f %-14.3f %-10.3f %-14s %-14.1f %-12.1f\n", s, f, e, n, sprintf("%.2fx", n / c), r / 1024, h / 1024 }'
done
echo "reference median (cat): $cat_median s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
