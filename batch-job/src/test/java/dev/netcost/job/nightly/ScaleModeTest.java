package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.demo.GroundTruth;
import dev.netcost.job.SharedSpark;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's scale mode (more nodes, scale pods) through the nightly job. */
class ScaleModeTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");

  @TempDir Path store;

  @Test
  void aScaledClusterWritesOneSnapshotPerNodeAndHourAndTheJobMatchesItsGroundTruth()
      throws IOException {
    ClusterGenerator generator =
        new ClusterGenerator(
            new ClusterGenerator.Options("scale", DAY, 1, 5L, 2, 40, 2), PriceBook.bundled());
    ClusterGenerator.Result result = generator.generate(new LocalObjectStore(store));
    assertThat(result.flowSnapshots()).isEqualTo(40 * 24);
    assertThat(result.metadataSnapshots()).isEqualTo(24);
    // each of the 80 scale pods has 2 internet peers an hour of its own
    assertThat(result.flowRows()).isGreaterThan(80L * 2 * 24);

    SparkSession spark = SharedSpark.get();
    NightlyJob.Summary summary =
        NightlyJob.run(
            spark,
            new NightlyJob.Config(
                store.toUri().toString(),
                DAY,
                "aws",
                List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
                RunPricing.defaults(),
                "USD",
                false));
    assertThat(summary.flowFiles()).isEqualTo(40 * 24);
    assertThat(summary.flowRowsRead()).isEqualTo(result.flowRows());
    assertThat(summary.rowsQuarantined()).isZero();
    assertThat(summary.rowsLocalUnresolved()).isZero();

    GroundTruth truth = result.truth();
    Map<String, String> expected = new TreeMap<>();
    for (GroundTruth.Line line : truth.lines(DAY)) {
      expected.put(
          String.join(
              "|",
              line.team(),
              line.namespace(),
              line.workloadKind(),
              line.workload(),
              line.trafficClass().wireName()),
          line.egressBytes()
              + " "
              + line.ingressBytes()
              + " "
              + (line.cost() == null ? "null" : line.cost().toPlainString()));
    }
    Map<String, String> actual = new TreeMap<>();
    for (Row row :
        spark
            .read()
            .parquet(store.resolve("tables/chargeback_daily/date=" + DAY).toString())
            .collectAsList()) {
      BigDecimal cost = row.getAs("cost");
      actual.put(
          String.join(
              "|",
              row.<String>getAs("team"),
              row.getAs("namespace"),
              row.getAs("workload_kind"),
              row.getAs("workload"),
              row.getAs("traffic_class")),
          row.<Long>getAs("egress_bytes")
              + " "
              + row.<Long>getAs("ingress_bytes")
              + " "
              + (cost == null ? "null" : cost.toPlainString()));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.keySet()).anyMatch(k -> k.contains("|Deployment|app-39|internet"));
  }
}
