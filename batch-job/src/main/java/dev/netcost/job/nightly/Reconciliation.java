package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.netcost.billing.BilledNetworkCost;
import dev.netcost.billing.BilledNetworkCosts;
import dev.netcost.billing.BillingExportReader;
import dev.netcost.billing.BillingFormat;
import dev.netcost.billing.BillingLine;
import dev.netcost.billing.BillingProvider;
import dev.netcost.billing.ChargebackOwner;
import dev.netcost.billing.CostBasis;
import dev.netcost.billing.DayReconciliation;
import dev.netcost.billing.PolicyShares;
import dev.netcost.billing.ReadResult;
import dev.netcost.billing.Reconciler;
import dev.netcost.billing.ReconciliationKey;
import dev.netcost.billing.ReconciliationRows;
import dev.netcost.billing.RejectedRow;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.Money;
import dev.netcost.contract.NetcostException;
import dev.netcost.contract.Sentinels;
import dev.netcost.contract.SnapshotFormat;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.spark.StoreFiles;
import dev.netcost.spark.TableWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reconciles one date's network cost with the cloud bill (docs/reconciliation.md): reads the
 * billing export files under a location (through Hadoop's FileSystem, so {@code s3a://}, {@code
 * gs://} and {@code abfss://} work as local paths do), sums the bill's network lines per key,
 * builds each key's allocation from the date's {@code network_flows} under the attribution policy
 * the nightly job priced them with (its {@code run_log}), scales it to the bill, and replaces the
 * date's partitions of {@code reconciliation_keys_daily} and {@code
 * reconciliation_allocations_daily}. It never writes {@code chargeback_daily}: re-running the
 * nightly job and the reconciliation for any dates, in any order, gives the same tables. Rejected
 * bill rows are listed under {@code quarantine/billing/date=D/}.
 *
 * <p>Everything is computed before anything is written: a currency mismatch or any other error
 * leaves the tables as they were.
 */
public final class Reconciliation {
  /** Team, namespace, workload kind and workload of the rows carrying unattributed cost. */
  public static final String UNATTRIBUTED = Sentinels.UNATTRIBUTED;

  private static final BigDecimal ZERO = Money.zero();

  /** What to reconcile. {@code provider} is the cluster's cloud (the price sheet's provider). */
  public record Config(
      String storeRoot,
      LocalDate date,
      String billingExport,
      BillingFormat format,
      String provider,
      CostBasis costBasis,
      BigDecimal gapTolerance) {
    public Config {
      requireNonNull(storeRoot, "storeRoot is null");
      requireNonNull(date, "date is null");
      requireNonNull(billingExport, "billingExport is null");
      requireNonNull(format, "format is null");
      requireNonNull(provider, "provider is null");
      requireNonNull(costBasis, "costBasis is null");
      requireNonNull(gapTolerance, "gapTolerance is null");
    }

    public static Config of(
        String storeRoot,
        LocalDate date,
        String billingExport,
        BillingFormat format,
        String provider) {
      return new Config(
          storeRoot, date, billingExport, format, provider, CostBasis.NET, new BigDecimal("0.2"));
    }
  }

  /**
   * What a run did.
   *
   * @param billFound whether the export has lines of the date for the provider; when not, nothing
   *     but the quarantine was written
   * @param billedCost the distributed amount of the billed keys; equals {@code attributedCost +
   *     unattributedCost} exactly
   * @param measuredGib the bytes the billed keys found in the flows, in GiB
   */
  public record Summary(
      LocalDate date,
      String billingExport,
      int filesRead,
      List<RejectedFile> rejectedFiles,
      List<String> fileSummaries,
      long rowsRead,
      long rowsRejected,
      Map<String, Long> rejectedByField,
      long linesOfDate,
      long linesOfOtherProviders,
      boolean billFound,
      int billedKeys,
      int unbilledKeys,
      String currency,
      BigDecimal billedCost,
      BigDecimal attributedCost,
      BigDecimal unattributedCost,
      BigDecimal estimatedCost,
      BigDecimal billedUsageGib,
      BigDecimal measuredGib) {

    /** Measured share of the billed GiB, empty when the bill has no usage. */
    public Optional<BigDecimal> coverage() {
      return billedUsageGib.signum() > 0
          ? Optional.of(measuredGib.divide(billedUsageGib, 4, RoundingMode.HALF_EVEN))
          : Optional.empty();
    }
  }

  private Reconciliation() {}

  public static Summary run(SparkSession spark, Config config) {
    String runId =
        "reconcile-" + config.date() + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (TableWriter writer =
        TableWriter.open(spark, config.storeRoot(), config.date(), runId, "reconcile")) {
      Summary summary = execute(spark, config, writer);
      writer.commit();
      return summary;
    } catch (IOException e) {
      throw NetcostException.external(
          "Cannot read or write the store " + config.storeRoot() + ": " + e.getMessage(), e);
    }
  }

  private static Summary execute(SparkSession spark, Config config, TableWriter writer)
      throws IOException {
    LocalDate date = config.date();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    BillingProvider provider = provider(config.provider());

    // 1. the bill
    List<RejectedFile> rejectedFiles = new ArrayList<>();
    List<RejectedRow> rejectedRows = new ArrayList<>();
    List<String> fileSummaries = new ArrayList<>();
    List<BillingLine> dayLines = new ArrayList<>();
    long rowsRead = 0;
    long otherProviders = 0;
    List<String> files = billingFiles(hadoop, config.billingExport());
    for (String file : files) {
      ReadResult read;
      try {
        read = read(hadoop, config.format(), file);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        rejectedFiles.add(new RejectedFile(file, e.getMessage()));
        fileSummaries.add(file + ": unreadable, set aside: " + e.getMessage());
        continue;
      }
      fileSummaries.add(read.summary());
      rowsRead += read.rowsRead();
      rejectedRows.addAll(read.rejections());
      for (BillingLine line : read.lines()) {
        if (!line.usageDay().equals(date)) {
          continue;
        }
        if (line.provider() == provider) {
          dayLines.add(line);
        } else {
          otherProviders++;
        }
      }
    }
    Map<String, Long> rejectedByField = new TreeMap<>();
    rejectedRows.forEach(r -> rejectedByField.merge(r.field(), 1L, Long::sum));

    if (dayLines.isEmpty()) {
      writeQuarantine(spark, writer, config, rejectedFiles, rejectedRows);
      return new Summary(
          date,
          config.billingExport(),
          files.size() - rejectedFiles.size(),
          List.copyOf(rejectedFiles),
          List.copyOf(fileSummaries),
          rowsRead,
          rejectedRows.size(),
          rejectedByField,
          0,
          otherProviders,
          false,
          0,
          0,
          "",
          ZERO,
          ZERO,
          ZERO,
          ZERO,
          ZERO,
          ZERO);
    }
    Map<ReconciliationKey, BilledNetworkCost> billed;
    try {
      billed = BilledNetworkCosts.aggregate(dayLines, true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot reconcile " + date + " with " + config.billingExport() + ": " + e.getMessage(),
          e);
    }

    // 2. the date's flows and the attribution policy they were priced under (nightly job),
    // through the date's commit: the files of one complete nightly run
    StoreFiles store = StoreFiles.open(spark, config.storeRoot());
    String[] flowFiles = store.committedFiles(Tables.NETWORK_FLOWS, date).toArray(String[]::new);
    String[] runLogFiles = store.committedFiles(Tables.RUN_LOG, date).toArray(String[]::new);
    if (flowFiles.length == 0 || runLogFiles.length == 0) {
      throw new NetcostException(
          ErrorKind.USER,
          "No network_flows or run_log partition for "
              + date
              + " under "
              + config.storeRoot()
              + "/tables/ (run the nightly job for the date first)");
    }
    AttributionPolicy policy = policy(spark, runLogFiles);
    Map<DayReconciliation.Node, String> instances = new HashMap<>();
    Set<String> nodeAddresses = new HashSet<>();
    loadNodes(spark, hadoop, config, instances, nodeAddresses);
    List<DayReconciliation.FlowGroup> flows = loadFlows(spark, flowFiles, nodeAddresses);
    // a day whose lines are all non-network (no billed key) still has a currency: its first line's
    String billCurrency =
        billed.isEmpty()
            ? dayLines.get(0).currency()
            : billed.values().iterator().next().currency();
    String estimateCurrency = estimateCurrency(spark, flowFiles, billCurrency);

    // 3. the rules (billing): every billed key, then the flows no billed key took, and the identity
    DayReconciliation.Outcome outcome =
        DayReconciliation.reconcile(
            date,
            provider,
            billed,
            flows,
            instances,
            policy,
            new Reconciler(config.costBasis(), config.gapTolerance()),
            estimateCurrency,
            config.billingExport());

    // 4. write: nothing above wrote anything
    writeTables(spark, writer, date, outcome.keyRows(), outcome.allocationRows());
    writeQuarantine(spark, writer, config, rejectedFiles, rejectedRows);

    return new Summary(
        date,
        config.billingExport(),
        files.size() - rejectedFiles.size(),
        List.copyOf(rejectedFiles),
        List.copyOf(fileSummaries),
        rowsRead,
        rejectedRows.size(),
        rejectedByField,
        dayLines.size(),
        otherProviders,
        true,
        outcome.billedKeys(),
        outcome.unbilledKeys(),
        billCurrency,
        outcome.billedCost(),
        outcome.attributedCost(),
        outcome.unattributedCost(),
        outcome.estimatedCost(),
        outcome.billedUsageGib(),
        Money.gib(outcome.measuredBytes()));
  }

  /** The attribution policy of the date's nightly run (its run_log row). */
  private static AttributionPolicy policy(SparkSession spark, String[] runLogFiles) {
    // run_log keeps every attempt: the policy is that of the latest run that published the date
    List<Row> rows =
        spark
            .read()
            .parquet(runLogFiles)
            .filter(col("status").isin("succeeded", "partial"))
            .orderBy(col("finished_at").desc(), col("run_id").desc())
            .select(col("attribution_policy"))
            .limit(1)
            .collectAsList();
    if (rows.size() != 1 || rows.get(0).isNullAt(0)) {
      throw new NetcostException(
          ErrorKind.USER,
          String.join(",", runLogFiles)
              + ": no published nightly run with an attribution_policy, found "
              + rows
              + " (run the nightly job for the date again)");
    }
    return AttributionPolicy.fromWireName(rows.get(0).getString(0));
  }

  /** Writes the two tables of the date, each sorted by its grain. */
  static void writeTables(
      SparkSession spark,
      TableWriter writer,
      LocalDate date,
      List<ReconciliationRows.KeyRow> keyRows,
      List<ReconciliationRows.AllocationRow> allocationRows)
      throws IOException {
    List<Row> keys = new ArrayList<>(keyRows.size());
    for (ReconciliationRows.KeyRow row : keyRows) {
      keys.add(sparkRow(row));
    }
    List<Row> allocations = new ArrayList<>(allocationRows.size());
    for (ReconciliationRows.AllocationRow row : allocationRows) {
      allocations.add(sparkRow(row));
    }
    Column[] keyOrder = {
      col("provider"),
      col("charge_kind"),
      col("traffic_class"),
      col("direction"),
      col("region"),
      col("resource_id")
    };
    writer.replaceParquet(
        Tables.RECONCILIATION_KEYS_DAILY,
        date,
        spark.createDataFrame(keys, Tables.RECONCILIATION_KEYS_DAILY_SCHEMA.asNullable()),
        1,
        col("provider"),
        keyOrder);
    Column[] allocationOrder = {
      col("provider"),
      col("charge_kind"),
      col("traffic_class"),
      col("direction"),
      col("region"),
      col("resource_id"),
      col("cluster"),
      col("team"),
      col("namespace"),
      col("workload_kind"),
      col("workload")
    };
    writer.replaceParquet(
        Tables.RECONCILIATION_ALLOCATIONS_DAILY,
        date,
        spark.createDataFrame(
            allocations, Tables.RECONCILIATION_ALLOCATIONS_DAILY_SCHEMA.asNullable()),
        1,
        col("provider"),
        allocationOrder);
  }

  /** The currency of the date's priced flow rows ({@code billCurrency} when no row is priced). */
  private static String estimateCurrency(
      SparkSession spark, String[] flowFiles, String billCurrency) {
    List<Row> rows =
        spark
            .read()
            .schema(Tables.NETWORK_FLOWS_SCHEMA)
            .parquet(flowFiles)
            .filter(col("cost").isNotNull())
            .select(col("currency"))
            .distinct()
            .orderBy(col("currency"))
            .collectAsList();
    if (rows.size() > 1) {
      throw new IllegalArgumentException(
          "network_flows has estimates in several currencies: "
              + rows.stream().map(row -> row.getString(0)).toList());
    }
    return rows.isEmpty() ? billCurrency : rows.get(0).getString(0);
  }

  private static BillingProvider provider(String provider) {
    for (BillingProvider value : BillingProvider.values()) {
      if (value.wireName().equals(provider)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "Invalid provider: " + provider + " (expected aws, gcp, azure or oci)");
  }

  // ---------------------------------------------------------------- reading

  /** The export files: a file, a directory (all files below it) or a glob, in path order. */
  static List<String> billingFiles(Configuration hadoop, String location) throws IOException {
    List<String> files = StoreFiles.filesBelow(hadoop, location);
    if (files == null) {
      throw new NetcostException(ErrorKind.USER, "Billing export not found: " + location);
    }
    if (files.isEmpty()) {
      throw new NetcostException(ErrorKind.USER, "No billing export files under " + location);
    }
    return files;
  }

  private static ReadResult read(Configuration hadoop, BillingFormat format, String file)
      throws IOException {
    java.util.Optional<java.nio.file.Path> local = StoreFiles.localPath(file);
    if (local.isPresent()) {
      // local files: Parquet read in place, text streamed
      return BillingExportReader.read(format, local.get());
    }
    byte[] content;
    try {
      content = StoreFiles.readAll(hadoop, file);
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("Billing export vanished while reading: " + file, e);
    }
    return BillingExportReader.read(format, file, content);
  }

  /** Node → cloud instance id and the nodes' own addresses, from the date's metadata snapshots. */
  private static void loadNodes(
      SparkSession spark,
      Configuration hadoop,
      Config config,
      Map<DayReconciliation.Node, String> instances,
      Set<String> addresses)
      throws IOException {
    SnapshotCatalog.Listing listing =
        new SnapshotCatalog(hadoop, config.storeRoot())
            .list(SnapshotFormat.METADATA, config.date());
    if (listing.accepted().isEmpty()) {
      return;
    }
    String[] paths =
        listing.accepted().stream().map(SnapshotCatalog.Snapshot::path).toArray(String[]::new);
    List<Row> nodes =
        spark
            .read()
            .schema(Tables.METADATA_SNAPSHOT)
            .parquet(paths)
            .filter(col("kind").equalTo(lit("node")))
            .select(
                col("cluster"),
                coalesce(col("node"), col("workload")).as("node"),
                col("ip"),
                col("cloud_instance_id"))
            .distinct()
            .orderBy(col("cluster"), col("node"), col("ip"), col("cloud_instance_id"))
            .collectAsList();
    for (Row node : nodes) {
      if (node.isNullAt(0) || node.isNullAt(1)) {
        continue;
      }
      if (!node.isNullAt(2)) {
        addresses.add(node.getString(2));
      }
      if (!node.isNullAt(3)) {
        instances.put(
            new DayReconciliation.Node(node.getString(0), node.getString(1)), node.getString(3));
      }
    }
  }

  private static List<DayReconciliation.FlowGroup> loadFlows(
      SparkSession spark, String[] files, Set<String> nodeAddresses) {
    Column viaNat =
        col("snat_ip")
            .isNotNull()
            .and(not(col("snat_ip").isin(nodeAddresses.stream().sorted().toArray())));
    Column inCluster = col("peer_kind").notEqual(lit("external"));
    // the peer's owner, spelled as the local owner columns spell it (AttributeFlows)
    Column peerNamespace = coalesce(col("peer_namespace"), lit(Sentinels.UNKNOWN));
    Column[] group = {
      col("cluster"),
      col("node"),
      col("region"),
      col("traffic_class"),
      col("via_nat"),
      col("team"),
      col("namespace"),
      col("workload_kind"),
      col("workload"),
      col("in_cluster"),
      col("peer_team_"),
      col("peer_namespace_"),
      col("peer_workload_kind_"),
      col("peer_workload_"),
      col("egress_rate"),
      col("ingress_rate")
    };
    List<Row> rows =
        spark
            .read()
            .schema(Tables.NETWORK_FLOWS_SCHEMA)
            .parquet(files)
            .withColumn("via_nat", viaNat)
            .withColumn("in_cluster", inCluster)
            .withColumn("peer_team_", when(inCluster, col("peer_team")))
            .withColumn("peer_namespace_", when(inCluster, peerNamespace))
            .withColumn("peer_workload_kind_", when(inCluster, col("peer_workload_kind")))
            .withColumn("peer_workload_", when(inCluster, col("peer_workload")))
            // rates matter for in-cluster peers only (their sides are priced per key)
            .withColumn(
                "egress_rate",
                when(inCluster.and(col("cost").isNotNull()), col("egress_usd_per_gib")))
            .withColumn(
                "ingress_rate",
                when(inCluster.and(col("cost").isNotNull()), col("ingress_usd_per_gib")))
            .groupBy(group)
            .agg(
                sum("sent_bytes").as("sent_bytes"),
                sum("received_bytes").as("received_bytes"),
                sum("egress_cost").cast(Tables.MONEY).as("egress_cost"),
                sum("ingress_cost").cast(Tables.MONEY).as("ingress_cost"))
            .orderBy(group)
            .collectAsList();
    List<DayReconciliation.FlowGroup> groups = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ChargebackOwner local =
          new ChargebackOwner(
              row.getString(0),
              row.getString(5),
              row.getString(6),
              row.getString(7),
              row.getString(8));
      boolean peerInCluster = row.getBoolean(9);
      Optional<ChargebackOwner> peer = Optional.empty();
      if (peerInCluster) {
        for (int i = 10; i <= 13; i++) {
          if (row.isNullAt(i)) {
            throw new IllegalStateException(
                String.join(",", files)
                    + ": an in-cluster peer without "
                    + new String[] {
                          "peer_team", "peer_namespace", "peer_workload_kind", "peer_workload"
                        }
                        [i - 10]
                    + " (run the nightly job for the date again)");
          }
        }
        peer =
            Optional.of(
                new ChargebackOwner(
                    row.getString(0),
                    row.getString(10),
                    row.getString(11),
                    row.getString(12),
                    row.getString(13)));
      }
      groups.add(
          new DayReconciliation.FlowGroup(
              row.getString(0),
              row.getString(1),
              row.isNullAt(2) ? Optional.<String>empty() : Optional.of(row.getString(2)),
              TrafficClass.fromWireName(row.getString(3)),
              !row.isNullAt(4) && row.getBoolean(4),
              new PolicyShares.Traffic<>(
                  local,
                  peer,
                  row.getLong(16),
                  row.getLong(17),
                  decimal(row, 18),
                  decimal(row, 19),
                  decimal(row, 14),
                  decimal(row, 15))));
    }
    return groups;
  }

  private static Optional<BigDecimal> decimal(Row row, int index) {
    return row.isNullAt(index)
        ? Optional.empty()
        : Optional.of(row.getDecimal(index).setScale(Money.SCALE));
  }

  // ---------------------------------------------------------------- writing

  private static Row sparkRow(ReconciliationRows.KeyRow row) {
    ReconciliationRows.Key key = row.key();
    return RowFactory.create(
        key.provider(),
        key.chargeKind(),
        key.trafficClass(),
        key.direction(),
        key.region().orElse(null),
        key.resourceId().orElse(null),
        row.resourceCluster().orElse(null),
        row.billedCost(),
        row.billedListCost(),
        row.billedNetCost(),
        row.billedUsageGib(),
        row.billLines(),
        row.estimatedCost().orElse(null),
        row.measuredBytes(),
        row.unpricedBytes(),
        row.reconciledCost(),
        row.unattributedCost(),
        row.coverageRatio().orElse(null),
        row.estimateToBillRatio().orElse(null),
        row.billToEstimateRatio().orElse(null),
        row.costBasis(),
        row.currency(),
        row.flags());
  }

  private static Row sparkRow(ReconciliationRows.AllocationRow row) {
    ReconciliationRows.Key key = row.key();
    ChargebackOwner owner = row.owner();
    return RowFactory.create(
        key.provider(),
        key.chargeKind(),
        key.trafficClass(),
        key.direction(),
        key.region().orElse(null),
        key.resourceId().orElse(null),
        owner.cluster(),
        owner.team(),
        owner.namespace(),
        owner.workloadKind(),
        owner.workload(),
        row.estimatedCost().orElse(null),
        row.measuredBytes(),
        row.reconciledCost(),
        row.currency());
  }

  private static void writeQuarantine(
      SparkSession spark,
      TableWriter writer,
      Config config,
      List<RejectedFile> rejectedFiles,
      List<RejectedRow> rejectedRows)
      throws IOException {
    String directory = "quarantine/billing/date=" + config.date();
    if (rejectedFiles.isEmpty() && rejectedRows.isEmpty()) {
      writer.removeCsv(directory);
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (RejectedFile file : rejectedFiles) {
      rows.add(RowFactory.create("file", file.path(), null, null, null, file.reason()));
    }
    for (RejectedRow row : rejectedRows) {
      rows.add(
          RowFactory.create(
              "row", row.sourceFile(), row.row(), row.line(), row.field(), row.reason()));
    }
    StructType schema =
        new StructType()
            .add("kind", DataTypes.StringType)
            .add("file", DataTypes.StringType)
            .add("row", DataTypes.LongType)
            .add("line", DataTypes.LongType)
            .add("field", DataTypes.StringType)
            .add("reason", DataTypes.StringType);
    Dataset<Row> frame = spark.createDataFrame(rows, schema);
    writer.replaceCsv(directory, frame, col("file"), col("row"), col("kind"));
  }
}
