#!/usr/bin/env bash
# Memory and CPU of the metadata snapshotter: 10,000 pods on 1,000 nodes, 5 % of the pods replaced
# in one hour, against fabric8's mock API server (CRUD mode) in the same JVM. Compared in the same
# run with bare informers on the same resources. Numbers go to docs/benchmarks-collector-metadata.md.
#
#   bench/collector-metadata.sh [nodes] [pods] [churn-fraction]     (defaults 1000 10000 0.05)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl collector/metadata -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
module=collector/metadata
exec java -Xmx2g -cp "$module/target/test-classes:$module/target/classes:$(cat $module/target/bench.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.netcost.collector.metadata.MetadataBenchmark "$@"
