#!/usr/bin/env bash
# Billing export reading throughput: netcost-billing (read + classify + aggregate a legacy CUR CSV
# made of the real sample's rows) against DuckDB's CSV reader summing the same rows, same JVM.
# Usage: bench/billing-read.sh [rows]   (needs shared/samples, or NETCOST_SAMPLES)
set -euo pipefail
cd "$(dirname "$0")/.."
# built from the reactor (nothing installed into ~/.m2)
mvn -B -q -pl billing -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java -Xmx2g -cp "billing/target/classes:billing/target/test-classes:$(cat billing/target/bench.classpath)" \
  dev.netcost.billing.BillingReadBench "${1:-200000}"
