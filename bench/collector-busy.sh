#!/usr/bin/env bash
# Benchmark (not a test) of the shipped flow collector's resident memory on a busy table: STATIC
# entries loaded with `conntrack -R` (as bench/collector-flows.sh does) plus real TCP traffic in the
# same network namespace — PEERS connections every 30 s from 10.98.0.1 to PEERS distinct
# 10.97.x.y addresses (1,000 bytes out, 3,000 back, each one lingering in TIME_WAIT for 120 s) —
# so every window sealed holds PEERS rows and PEERS × 2 connections a minute come and go.
# The collector runs `./netcost collect flows --window $WINDOW --poll-interval PT15S` for SECONDS;
# VmRSS is sampled every second, VmHWM read at the end. Root only.
#
# Usage: [WINDOW=PT1M] bench/collector-busy.sh [static=236000] [peers=6000] [seconds=200]
set -euo pipefail
STATIC=${1:-236000}
PEERS=${2:-6000}
SECONDS_PER_RUN=${3:-200}
WINDOW=${WINDOW:-PT1M}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=nc-busy-$$
WORK=$(mktemp -d)
cleanup() {
  [ -n "${TRAFFIC:-}" ] && kill "$TRAFFIC" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, conntrack, nftables)"; exit 1; }
"$ROOT/netcost" collect -V

ip netns add "$NS"
ip -n "$NS" link set lo up
ip netns exec "$NS" sysctl -q -w net.netfilter.nf_conntrack_acct=1
ip -n "$NS" addr add 10.98.0.1/16 dev lo
ip -n "$NS" route add local 10.97.0.0/16 dev lo
# conntrack tracks a namespace's packets only once a rule there needs it
ip netns exec "$NS" nft add table inet bench
ip netns exec "$NS" nft add chain inet bench out '{ type filter hook output priority 0; }'
ip netns exec "$NS" nft add rule inet bench out ct state new counter
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); $(nproc) cores; $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$STATIC" 'BEGIN { for (i = 0; i < n; i++) {
  printf "-I -p tcp -s 10.98.%d.%d -d 10.97.%d.%d --sport %d --dport 443 --state ESTABLISHED -u ASSURED -t 36000\n",
    int(i / 65536) % 256, int(i / 256) % 256, int(i / 4096) % 256, i % 256, 1024 + i % 60000 } }' > "$WORK/load.txt"
ip netns exec "$NS" conntrack -R "$WORK/load.txt" 2>&1 | tail -1 || true

cat > "$WORK/traffic.py" <<'EOF'
import socket, sys, threading, time
def serve():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", 8443))
    server.listen(1024)
    while True:
        conn, _ = server.accept()
        try:
            conn.recv(4096)
            conn.sendall(b"y" * 3000)
        finally:
            conn.close()
threading.Thread(target=serve, daemon=True).start()
time.sleep(0.5)
peers = int(sys.argv[1])
while True:
    start = time.time()
    for i in range(peers):
        client = socket.socket()
        client.bind(("10.98.0.1", 0))
        client.connect(("10.97.%d.%d" % (200 + i // 250, i % 250 + 1), 8443))
        client.sendall(b"x" * 1000)
        client.recv(4096)
        client.close()
    time.sleep(max(0, 30 - (time.time() - start)))
EOF
ip netns exec "$NS" python3 "$WORK/traffic.py" "$PEERS" &
TRAFFIC=$!
# TIME_WAIT entries (120 s each) build up to their steady count before the collector starts, which
# sizes its connection table for the count it finds (a count that rises by more than the table's
# headroom later grows the table by half: measured separately, not here)
sleep 150
echo "entries with traffic running: $(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count)"

ip netns exec "$NS" "$ROOT/netcost" collect flows --cluster bench --node bench-node \
  --node-ip 10.99.0.1 --pod-cidr 10.98.0.0/16 --store "$WORK/store" --spool-dir "$WORK/spool" \
  --poll-interval PT15S --window "$WINDOW" --metrics-address 127.0.0.1:0 --source netlink \
  > "$WORK/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  readlink "/proc/$pid/exe" 2>/dev/null | grep -q java && break
  sleep 0.1
done
start=$(date +%s)
samples=""
while [ $(( $(date +%s) - start )) -lt "$SECONDS_PER_RUN" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "collector exited"; cat "$WORK/log"; exit 1; }
  if [ $(( $(date +%s) - start )) -ge 37 ]; then
    samples="$samples $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")"
  fi
  sleep 1
done
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
kill "$pid"
wait "$pid" 2>/dev/null || true
grep -h "Snapshot flows" "$WORK/log" | sed 's/.*node=bench-node.//'
echo "$samples" | tr ' ' '\n' | grep . | sort -n | awk -v h="$hwm" '{ a[NR] = $1 } END {
  printf "resident from 37 s on: min %.1f, median %.1f, max %.1f MiB; peak (VmHWM) %.1f MiB\n",
    a[1] / 1024, a[int((NR + 1) / 2)] / 1024, a[NR] / 1024, h / 1024 }'
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
