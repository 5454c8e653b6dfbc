# Sourced by bench/nightly-vs-duckdb.sh, bench/spark-floor.sh and bench/nightly-s3a.sh (not run on
# its own): the machine line, readers of /usr/bin/time -v reports, the job module's build and class
# path, and the generation of one benchmark day.
# generate_day needs $cp (class path) and $jvm_options (the java argument file) set.

# job_classpath HERE: builds batch-job and its test classes in one reactor build (so the class path
# names this checkout's modules, not whatever is installed; NETCOST_BENCH_BUILT=1 skips it when this
# checkout was just built so), then sets cp, jvm_options (the job's JVM options, as ./netcost passes
# them) and the settings both sides share: root, threads, heap, duck_memory
job_classpath() {
  local here="$1"
  if [ "${NETCOST_BENCH_BUILT:-0}" != 1 ]; then
    mvn -q -B -o -DskipTests -pl batch-job -am test-compile package dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  fi
  cp="batch-job/target/test-classes:batch-job/target/classes:$(cat batch-job/target/bench-classpath.txt)"
  jvm_options="@$here/conf/jvm/job.options"
  root="${NETCOST_BENCH_DIR:-/tmp/netcost-bench}"
  threads="${NETCOST_BENCH_THREADS:-2}"
  heap="${NETCOST_BENCH_HEAP:-4g}"
  duck_memory="${NETCOST_BENCH_DUCKDB_MEMORY:-4GB}"
}

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
