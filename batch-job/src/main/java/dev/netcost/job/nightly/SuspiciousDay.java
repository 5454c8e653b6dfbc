package dev.netcost.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.Sentinels;
import dev.netcost.spark.StoreFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * A day that looks worse than it should is refused rather than published over good tables
 * (docs/data-contract.md §4.8): flow snapshots of which none could be read, a cluster with flow
 * snapshots but no readable metadata snapshot, or resolved traffic (bytes whose local address has
 * an owner) that fell by more than the configured bound against the average of the previous {@value
 * #BASELINE_DAYS} dates that have tables. {@code --allow-partial} publishes anyway, recorded in
 * run_log.
 */
final class SuspiciousDay {
  static final int BASELINE_DAYS = 7;

  private SuspiciousDay() {}

  /**
   * A date whose flow snapshots were all set aside (none accepted, at least one rejected): a store
   * the job cannot read (credentials, a connector setting) or a collector writing what no reader
   * accepts looks like this, and publishing it would replace the date's tables with empty ones.
   */
  static Optional<String> noUsableFlows(
      LocalDate date, String storeRoot, SnapshotCatalog.Listing flows) {
    if (!flows.accepted().isEmpty() || flows.rejected().isEmpty()) {
      return Optional.empty();
    }
    RejectedFile first = flows.rejected().get(0);
    int count = flows.rejected().size();
    return Optional.of(
        "Every flow snapshot for "
            + date
            + " was set aside ("
            + count
            + (count == 1 ? " file" : " files")
            + " under "
            + storeRoot.replaceAll("/+$", "")
            + "/flows/cluster=*/date="
            + date
            + "/; the first, "
            + first.path()
            + ": "
            + first.reason()
            + ").");
  }

  /** Clusters that have flow snapshots for the date but no accepted metadata snapshot. */
  static Optional<String> missingMetadata(
      LocalDate date,
      String storeRoot,
      SnapshotCatalog.Listing flows,
      SnapshotCatalog.Listing metadata) {
    TreeSet<String> flowClusters = new TreeSet<>();
    for (SnapshotCatalog.Snapshot snapshot : flows.accepted()) {
      ObjectKeys.parseFlowKey(snapshot.path()).ifPresent(key -> flowClusters.add(key.cluster()));
    }
    TreeSet<String> metadataClusters = new TreeSet<>();
    for (SnapshotCatalog.Snapshot snapshot : metadata.accepted()) {
      ObjectKeys.parseMetadataKey(snapshot.path())
          .ifPresent(key -> metadataClusters.add(key.cluster()));
    }
    flowClusters.removeAll(metadataClusters);
    if (flowClusters.isEmpty()) {
      return Optional.empty();
    }
    List<String> where = new ArrayList<>();
    String root = storeRoot.replaceAll("/+$", "");
    for (String cluster : flowClusters) {
      where.add(root + "/metadata/cluster=" + cluster + "/date=" + date + "/");
    }
    return Optional.of(
        "No usable metadata snapshots for "
            + date
            + " of cluster"
            + (flowClusters.size() > 1 ? "s " : " ")
            + String.join(", ", flowClusters)
            + " although it has flow snapshots (looked in "
            + String.join(", ", where)
            + "): every address would be unassigned.");
  }

  /**
   * The drop of resolved bytes against the previous dates' average, when it exceeds {@code maxDrop}
   * (a fraction: 0.5 = half).
   */
  static Optional<String> resolvedDrop(
      SparkSession spark, String storeRoot, LocalDate date, BigDecimal today, double maxDrop)
      throws IOException {
    StoreFiles store = StoreFiles.open(spark, storeRoot);
    List<String> files = new ArrayList<>();
    int days = 0;
    for (int i = 1; i <= BASELINE_DAYS; i++) {
      List<String> day = store.committedFiles(Tables.CHARGEBACK_DAILY, date.minusDays(i));
      if (!day.isEmpty()) {
        days++;
        files.addAll(day);
      }
    }
    if (days == 0) {
      return Optional.empty();
    }
    var wide = DataTypes.createDecimalType(38, 0);
    Row total =
        spark
            .read()
            .schema(Tables.CHARGEBACK_DAILY_SCHEMA)
            .parquet(files.toArray(String[]::new))
            .filter(col("namespace").notEqual(lit(Sentinels.UNKNOWN)))
            .agg(sum(col("egress_bytes").cast(wide).plus(col("ingress_bytes").cast(wide))))
            .first();
    if (total.isNullAt(0)) {
      return Optional.empty();
    }
    BigDecimal baseline =
        total.getDecimal(0).divide(BigDecimal.valueOf(days), 0, RoundingMode.HALF_EVEN);
    if (baseline.signum() == 0) {
      return Optional.empty();
    }
    BigDecimal floor =
        baseline.multiply(BigDecimal.valueOf(1 - maxDrop)).setScale(0, RoundingMode.HALF_EVEN);
    if (today.compareTo(floor) >= 0) {
      return Optional.empty();
    }
    BigDecimal dropPercent =
        BigDecimal.ONE
            .subtract(today.divide(baseline, 6, RoundingMode.HALF_EVEN))
            .movePointRight(2)
            .setScale(1, RoundingMode.HALF_EVEN);
    return Optional.of(
        "Resolved traffic on "
            + date
            + " is "
            + today.toPlainString()
            + " bytes, "
            + dropPercent.toPlainString()
            + "% below the average of the previous "
            + days
            + " date"
            + (days > 1 ? "s" : "")
            + " with tables ("
            + baseline.toPlainString()
            + " bytes; the bound, --max-resolved-drop, is "
            + BigDecimal.valueOf(maxDrop).movePointRight(2).stripTrailingZeros().toPlainString()
            + "%): snapshots or metadata missing?");
  }
}
