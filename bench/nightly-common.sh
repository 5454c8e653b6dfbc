# Sourced by bench/nightly-vs-duckdb.sh and bench/nightly-s3a.sh (not run on its own): the machine
# line, readers of /usr/bin/time -v reports, and the generation of one benchmark day.
# generate_day needs $cp (class path) and $jvm_options (the java argument file) set.

machine_line() {
  local version
  version="$(java -version 2>&1)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, ${version%%$'\n'*}; $(date -u +%FT%TZ)"
}
peak_rss_mib() { awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# generate_day DIR NODES PODS CLIENTS: one day (2026-11-01, cluster bench, seed 42) unless DIR has one
generate_day() {
  local dir="$1" nodes="$2" pods="$3" clients="$4"
  [ ! -d "$dir/flows" ] || return 0
  echo "generate: load $(load)"
  /usr/bin/time -v -o "$dir.generate.time" java -Xmx4g "$jvm_options" -cp "$cp" dev.netcost.job.Main \
    generate --store "$dir" --days 1 --start 2026-11-01 --cluster bench --seed 42 \
    --nodes "$nodes" --pods-per-node "$pods" --internet-clients "$clients" | grep '^wrote .*flow rows'
  echo "generate: wall $(wall "$dir.generate.time"), peak RSS $(peak_rss_mib "$dir.generate.time") MiB, load $(load)"
}
