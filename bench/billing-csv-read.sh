#!/usr/bin/env bash
# The billing CSV layer alone (CsvRows: records split into fields, no billing lines) over N
# synthetic rows, clean and with a stray quote opening every 1,000th row: time and rows kept.
# Usage: bench/billing-csv-read.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
# built from the reactor (nothing installed into ~/.m2)
mvn -B -q -pl billing -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java -Xmx2g -cp "billing/target/classes:billing/target/test-classes:$(cat billing/target/bench.classpath)" \
  dev.netcost.billing.CsvReadBench "${1:-1000000}"
