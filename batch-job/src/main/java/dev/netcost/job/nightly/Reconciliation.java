package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import dev.netcost.billing.Allocation;
import dev.netcost.billing.BilledNetworkCost;
import dev.netcost.billing.BilledNetworkCosts;
import dev.netcost.billing.BillingExportReader;
import dev.netcost.billing.BillingFormat;
import dev.netcost.billing.BillingLine;
import dev.netcost.billing.BillingProvider;
import dev.netcost.billing.ChargeKind;
import dev.netcost.billing.ChargebackOwner;
import dev.netcost.billing.CostBasis;
import dev.netcost.billing.ReadResult;
import dev.netcost.billing.ReconciledAllocation;
import dev.netcost.billing.Reconciler;
import dev.netcost.billing.ReconciliationDailyRow;
import dev.netcost.billing.ReconciliationKey;
import dev.netcost.billing.ReconciliationResult;
import dev.netcost.billing.RejectedRow;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import dev.netcost.contract.SnapshotFormat;
import dev.netcost.contract.TableCommits;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
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
 * builds each key's allocation from the date's {@code network_flows}, scales it to the bill, and
 * replaces the date's {@code reconciliation_daily} partition and its {@code chargeback_daily}
 * partition with {@code reconciled_cost} filled in plus one {@code __unattributed__} row per
 * cluster and class. Rejected bill rows are listed under {@code quarantine/billing/date=D/}.
 *
 * <p>Everything is computed before anything is written: a currency mismatch or any other error
 * leaves the tables as they were.
 */
public final class Reconciliation {
  public static final String RECONCILIATION_DAILY = "reconciliation_daily";

  /** Team, namespace, workload kind and workload of the rows carrying unattributed cost. */
  public static final String UNATTRIBUTED = ChargebackOwner.UNATTRIBUTED;

  /** reconciliation_daily (docs/reconciliation.md §6), without the partition column. */
  public static final StructType RECONCILIATION_DAILY_SCHEMA =
      new StructType()
          .add("cluster", DataTypes.StringType, true)
          .add("provider", DataTypes.StringType, false)
          .add("charge_kind", DataTypes.StringType, false)
          .add("traffic_class", DataTypes.StringType, false)
          .add("direction", DataTypes.StringType, false)
          .add("region", DataTypes.StringType, true)
          .add("resource_id", DataTypes.StringType, true)
          .add("team", DataTypes.StringType, false)
          .add("namespace", DataTypes.StringType, false)
          .add("workload_kind", DataTypes.StringType, false)
          .add("workload", DataTypes.StringType, false)
          .add("billed_cost", Tables.MONEY, false)
          .add("billed_list_cost", Tables.MONEY, false)
          .add("billed_net_cost", Tables.MONEY, false)
          .add("billed_usage_gib", Tables.MONEY, false)
          .add("estimated_cost", Tables.MONEY, true)
          .add("measured_bytes", DataTypes.LongType, false)
          .add("allocated_cost", Tables.MONEY, false)
          .add("unattributed_cost", Tables.MONEY, false)
          .add("coverage_ratio", Tables.MONEY, true)
          .add("estimate_to_bill_ratio", Tables.MONEY, true)
          .add("bill_to_estimate_ratio", Tables.MONEY, true)
          .add("cost_basis", DataTypes.StringType, false)
          .add("currency", DataTypes.StringType, false)
          .add("flags", DataTypes.StringType, false);

  private static final int SCALE = Reconciler.SCALE;
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);
  private static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);

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

  /** One team's totals of the date: the price-sheet estimate and its share of the bill. */
  public record TeamCost(String team, BigDecimal estimatedCost, BigDecimal reconciledCost) {}

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
      BigDecimal measuredGib,
      List<TeamCost> teams) {

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

  // ---------------------------------------------------------------- the flows' side

  /** Flows of one node, class, NAT path and owner, summed over the date. */
  private record FlowGroup(
      String cluster,
      String node,
      String region,
      TrafficClass trafficClass,
      boolean viaNat,
      ChargebackOwner owner,
      long sentBytes,
      long receivedBytes,
      BigDecimal egressCost,
      BigDecimal ingressCost) {
    long bytes(Optional<TransferDirection> direction) {
      return direction
          .map(d -> d == TransferDirection.EGRESS ? sentBytes : receivedBytes)
          .orElse(sentBytes + receivedBytes);
    }

    Optional<BigDecimal> estimate(Optional<TransferDirection> direction) {
      if (direction.isPresent()) {
        return Optional.ofNullable(
            direction.get() == TransferDirection.EGRESS ? egressCost : ingressCost);
      }
      if (egressCost == null && ingressCost == null) {
        return Optional.empty();
      }
      return Optional.of(
          (egressCost == null ? ZERO : egressCost).add(ingressCost == null ? ZERO : ingressCost));
    }
  }

  private record NodeId(String cluster, String node) {}

  private static final Comparator<ChargebackOwner> OWNER_ORDER =
      Comparator.comparing(ChargebackOwner::cluster)
          .thenComparing(ChargebackOwner::team)
          .thenComparing(ChargebackOwner::namespace)
          .thenComparing(ChargebackOwner::workloadKind)
          .thenComparing(ChargebackOwner::workload);

  private record OwnerClass(ChargebackOwner owner, String trafficClass) {}

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
    List<Path> files = billingFiles(hadoop, config.billingExport());
    for (Path file : files) {
      ReadResult read;
      try {
        read = read(hadoop, config.format(), file);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        rejectedFiles.add(new RejectedFile(file.toString(), e.getMessage()));
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
          ZERO,
          List.of());
    }
    Map<ReconciliationKey, BilledNetworkCost> billed;
    try {
      billed = BilledNetworkCosts.aggregate(dayLines, true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot reconcile " + date + " with " + config.billingExport() + ": " + e.getMessage(),
          e);
    }

    // 2. the date's chargeback rows and flows, written by the nightly job
    // through the date's commit: the files of one complete nightly run
    Path storeRoot = new Path(config.storeRoot());
    FileSystem storeFs = storeRoot.getFileSystem(hadoop);
    String[] chargebackFiles =
        TableCommits.files(storeFs, storeRoot, Tables.CHARGEBACK_DAILY, date).stream()
            .map(Path::toString)
            .toArray(String[]::new);
    String[] flowFiles =
        TableCommits.files(storeFs, storeRoot, Tables.NETWORK_FLOWS, date).stream()
            .map(Path::toString)
            .toArray(String[]::new);
    if (chargebackFiles.length == 0 || flowFiles.length == 0) {
      throw new NetcostException(
          ErrorKind.USER,
          "No chargeback_daily or network_flows partition for "
              + date
              + " under "
              + config.storeRoot()
              + "/tables/ (run the nightly job for the date first)");
    }
    List<Row> chargeback =
        spark
            .read()
            .schema(Tables.CHARGEBACK_DAILY_SCHEMA)
            .parquet(chargebackFiles)
            .filter(col("team").notEqual(lit(UNATTRIBUTED)))
            .collectAsList();
    Map<NodeId, String> instances = new HashMap<>();
    Set<String> nodeAddresses = new HashSet<>();
    loadNodes(spark, hadoop, config, instances, nodeAddresses);
    List<FlowGroup> flows = loadFlows(spark, flowFiles, nodeAddresses);
    String estimateCurrency = estimateCurrency(chargeback, billed);

    // 3. reconcile every billed key, then the flows no billed key took, against nothing
    Reconciler reconciler = new Reconciler(config.costBasis(), config.gapTolerance());
    List<ReconciliationDailyRow> tableRows = new ArrayList<>();
    Map<OwnerClass, BigDecimal> reconciled = new HashMap<>();
    Map<List<String>, BigDecimal> unattributed = new TreeMap<>(Reconciliation::compareLists);
    boolean[] takenEgress = new boolean[flows.size()];
    boolean[] takenIngress = new boolean[flows.size()];
    BigDecimal billedTotal = ZERO;
    BigDecimal attributedTotal = ZERO;
    BigDecimal unattributedTotal = ZERO;
    BigDecimal estimatedTotal = ZERO;
    BigDecimal usageTotal = BigDecimal.ZERO;
    BigDecimal measuredBytes = BigDecimal.ZERO;
    for (BilledNetworkCost bill : billed.values()) {
      ReconciliationKey key = bill.key();
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < flows.size(); i++) {
        if (matches(key, flows.get(i), billed.keySet(), instances)) {
          members.add(i);
          if (key.kind() == ChargeKind.TRANSFER) {
            if (key.direction().map(d -> d == TransferDirection.EGRESS).orElse(true)) {
              takenEgress[i] = true;
            }
            if (key.direction().map(d -> d == TransferDirection.INGRESS).orElse(true)) {
              takenIngress[i] = true;
            }
          }
        }
      }
      ReconciliationResult<ChargebackOwner> result =
          reconcile(
              reconciler,
              bill,
              allocations(flows, members, key.direction()),
              estimateCurrency,
              config);
      Optional<String> resourceCluster = resourceCluster(key, instances);
      tableRows.addAll(ReconciliationDailyRow.of(result, resourceCluster));
      collect(result, reconciled);
      unattributed.merge(
          List.of(resourceCluster.orElse(UNATTRIBUTED), key.trafficClass().wireName()),
          result.unattributedCost(),
          BigDecimal::add);
      billedTotal = billedTotal.add(result.billedCost());
      attributedTotal = attributedTotal.add(result.allocatedCost());
      unattributedTotal = unattributedTotal.add(result.unattributedCost());
      estimatedTotal = estimatedTotal.add(result.estimatedCost());
      usageTotal = usageTotal.add(result.billedUsageGib());
      measuredBytes = measuredBytes.add(new BigDecimal(result.measuredBytes()));
    }
    Map<ReconciliationKey, List<Integer>> unbilled = new TreeMap<>();
    for (int i = 0; i < flows.size(); i++) {
      FlowGroup flow = flows.get(i);
      for (TransferDirection direction : TransferDirection.values()) {
        boolean taken = direction == TransferDirection.EGRESS ? takenEgress[i] : takenIngress[i];
        Optional<TransferDirection> which = Optional.of(direction);
        if (taken || !hasTraffic(flow, which)) {
          continue;
        }
        ReconciliationKey key =
            new ReconciliationKey(
                date,
                provider,
                ChargeKind.TRANSFER,
                flow.trafficClass(),
                which,
                Optional.ofNullable(flow.region()),
                Optional.empty());
        if (billed.containsKey(key)) {
          throw new IllegalStateException("Flows of billed key " + key + " were not taken");
        }
        unbilled.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<ReconciliationKey, List<Integer>> entry : unbilled.entrySet()) {
      ReconciliationKey key = entry.getKey();
      ReconciliationResult<ChargebackOwner> result =
          reconcile(
              reconciler,
              BilledNetworkCost.nothing(key, estimateCurrency),
              allocations(flows, entry.getValue(), key.direction()),
              estimateCurrency,
              config);
      tableRows.addAll(ReconciliationDailyRow.of(result, Optional.empty()));
      collect(result, reconciled);
      estimatedTotal = estimatedTotal.add(result.estimatedCost());
    }

    // 4. chargeback_daily with reconciled_cost, plus the unattributed rows
    String billCurrency = billed.values().iterator().next().currency();
    List<Row> newChargeback = new ArrayList<>();
    Set<OwnerClass> seen = new HashSet<>();
    BigDecimal chargebackTotal = ZERO;
    Map<String, BigDecimal[]> teams = new TreeMap<>();
    for (Row row : chargeback) {
      ChargebackOwner owner =
          new ChargebackOwner(
              row.getString(0),
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getString(4));
      OwnerClass ownerClass = new OwnerClass(owner, row.getString(5));
      seen.add(ownerClass);
      BigDecimal share = reconciled.getOrDefault(ownerClass, ZERO);
      chargebackTotal = chargebackTotal.add(share);
      Object[] values = new Object[row.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(i);
      }
      values[13] = share;
      newChargeback.add(RowFactory.create(values));
      BigDecimal[] team = teams.computeIfAbsent(owner.team(), t -> new BigDecimal[] {ZERO, ZERO});
      if (!row.isNullAt(11)) {
        team[0] = team[0].add(row.getDecimal(11));
      }
      team[1] = team[1].add(share);
    }
    for (OwnerClass ownerClass : reconciled.keySet()) {
      if (!seen.contains(ownerClass)) {
        throw new IllegalStateException(
            "network_flows and chargeback_daily of "
                + date
                + " disagree: no chargeback row for "
                + ownerClass
                + " (run the nightly job for the date again)");
      }
    }
    for (Map.Entry<List<String>, BigDecimal> entry : unattributed.entrySet()) {
      newChargeback.add(
          RowFactory.create(
              entry.getKey().get(0),
              UNATTRIBUTED,
              UNATTRIBUTED,
              UNATTRIBUTED,
              UNATTRIBUTED,
              entry.getKey().get(1),
              0L,
              0L,
              0L,
              null,
              null,
              null,
              billCurrency,
              entry.getValue()));
      chargebackTotal = chargebackTotal.add(entry.getValue());
      BigDecimal[] team = teams.computeIfAbsent(UNATTRIBUTED, t -> new BigDecimal[] {ZERO, ZERO});
      team[1] = team[1].add(entry.getValue());
    }
    if (chargebackTotal.compareTo(billedTotal) != 0
        || attributedTotal.add(unattributedTotal).compareTo(billedTotal) != 0) {
      throw new IllegalStateException(
          "Reconciliation of "
              + date
              + " does not add up: chargeback "
              + chargebackTotal
              + ", attributed "
              + attributedTotal
              + " + unattributed "
              + unattributedTotal
              + ", billed "
              + billedTotal);
    }

    // 5. write: nothing above wrote anything
    List<Row> sparkRows = new ArrayList<>(tableRows.size());
    for (ReconciliationDailyRow row : tableRows) {
      sparkRows.add(sparkRow(row));
    }
    writer.replaceParquet(
        RECONCILIATION_DAILY,
        date,
        spark.createDataFrame(sparkRows, RECONCILIATION_DAILY_SCHEMA),
        1,
        col("provider"),
        col("provider"),
        col("charge_kind"),
        col("traffic_class"),
        col("direction"),
        col("region"),
        col("resource_id"),
        col("team"),
        col("namespace"),
        col("workload_kind"),
        col("workload"),
        col("cluster"));
    writer.replaceParquet(
        Tables.CHARGEBACK_DAILY,
        date,
        spark.createDataFrame(newChargeback, Tables.CHARGEBACK_DAILY_SCHEMA.asNullable()),
        1,
        col("team"),
        col("cluster"),
        col("team"),
        col("namespace"),
        col("workload_kind"),
        col("workload"),
        col("traffic_class"));
    writeQuarantine(spark, writer, config, rejectedFiles, rejectedRows);

    List<TeamCost> teamCosts = new ArrayList<>();
    teams.forEach((team, totals) -> teamCosts.add(new TeamCost(team, totals[0], totals[1])));
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
        billed.size(),
        unbilled.size(),
        billCurrency,
        billedTotal,
        attributedTotal,
        unattributedTotal,
        estimatedTotal,
        usageTotal,
        measuredBytes.divide(BYTES_PER_GIB),
        List.copyOf(teamCosts));
  }

  private static ReconciliationResult<ChargebackOwner> reconcile(
      Reconciler reconciler,
      BilledNetworkCost bill,
      List<Allocation<ChargebackOwner>> allocations,
      String estimateCurrency,
      Config config) {
    try {
      return reconciler.reconcile(bill, allocations, estimateCurrency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot reconcile "
              + config.date()
              + " with "
              + config.billingExport()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void collect(
      ReconciliationResult<ChargebackOwner> result, Map<OwnerClass, BigDecimal> reconciled) {
    String trafficClass = result.key().trafficClass().wireName();
    for (ReconciledAllocation<ChargebackOwner> allocation : result.allocations()) {
      reconciled.merge(
          new OwnerClass(allocation.owner(), trafficClass),
          allocation.allocatedCost(),
          BigDecimal::add);
    }
  }

  private static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static boolean hasTraffic(FlowGroup flow, Optional<TransferDirection> direction) {
    return flow.bytes(direction) > 0
        || flow.estimate(direction).map(cost -> cost.signum() > 0).orElse(false);
  }

  /** The allocation rows of a key: its member flows merged per owner, in owner order. */
  private static List<Allocation<ChargebackOwner>> allocations(
      List<FlowGroup> flows, List<Integer> members, Optional<TransferDirection> direction) {
    Map<ChargebackOwner, long[]> bytes = new TreeMap<>(OWNER_ORDER);
    Map<ChargebackOwner, BigDecimal> estimates = new HashMap<>();
    for (int index : members) {
      FlowGroup flow = flows.get(index);
      if (!hasTraffic(flow, direction)) {
        continue;
      }
      bytes.computeIfAbsent(flow.owner(), o -> new long[1])[0] += flow.bytes(direction);
      flow.estimate(direction)
          .ifPresent(cost -> estimates.merge(flow.owner(), cost, BigDecimal::add));
    }
    List<Allocation<ChargebackOwner>> allocations = new ArrayList<>();
    bytes.forEach(
        (owner, total) ->
            allocations.add(
                new Allocation<>(owner, Optional.ofNullable(estimates.get(owner)), total[0])));
    return allocations;
  }

  /**
   * Whether a flow group belongs to a billed key (docs/reconciliation.md §5): same class (NAT keys:
   * internet flows through a NAT gateway); a resource key takes the flows of the node that is the
   * resource; a region key the flows of the region's nodes that no resource key of the same charge
   * names; a key without region the flows no more specific key of the same charge takes.
   */
  private static boolean matches(
      ReconciliationKey key,
      FlowGroup flow,
      Set<ReconciliationKey> billedKeys,
      Map<NodeId, String> instances) {
    boolean classMatches =
        switch (key.kind()) {
          case TRANSFER -> flow.trafficClass() == key.trafficClass();
          case NAT_GATEWAY -> flow.trafficClass() == TrafficClass.INTERNET && flow.viaNat();
        };
    if (!classMatches) {
      return false;
    }
    String instance = instances.get(new NodeId(flow.cluster(), flow.node()));
    if (key.resourceId().isPresent()) {
      return instance != null && sameResource(key.resourceId().get(), instance);
    }
    for (ReconciliationKey other : billedKeys) {
      if (other.resourceId().isEmpty()
          || !sameCharge(key, other)
          || (key.region().isPresent() && !key.region().equals(other.region()))) {
        continue;
      }
      if (instance != null && sameResource(other.resourceId().get(), instance)) {
        return false;
      }
    }
    if (key.region().isPresent()) {
      return key.region().get().equalsIgnoreCase(String.valueOf(flow.region()));
    }
    for (ReconciliationKey other : billedKeys) {
      if (other.resourceId().isEmpty()
          && other.region().isPresent()
          && sameCharge(key, other)
          && other.region().get().equalsIgnoreCase(String.valueOf(flow.region()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameCharge(ReconciliationKey a, ReconciliationKey b) {
    return a.day().equals(b.day())
        && a.provider() == b.provider()
        && a.kind() == b.kind()
        && a.trafficClass() == b.trafficClass()
        && a.direction().equals(b.direction());
  }

  /**
   * Whether a billed resource id is the node with {@code instance} (the metadata's {@code
   * cloud_instance_id}): the same id (case-insensitively: Azure ids vary in case), an Azure VMSS
   * whose instance the node is, or a GCP global name ending in {@code /instances/NAME}.
   */
  static boolean sameResource(String resourceId, String instance) {
    String resource = resourceId.toLowerCase(Locale.ROOT);
    String node = instance.toLowerCase(Locale.ROOT);
    if (resource.equals(node)) {
      return true;
    }
    int vmss = node.indexOf("/virtualmachines/");
    if (vmss > 0 && node.substring(0, vmss).endsWith(resource)) {
      return true;
    }
    return resource.endsWith("/instances/" + node) || node.endsWith("/instances/" + resource);
  }

  private static Optional<String> resourceCluster(
      ReconciliationKey key, Map<NodeId, String> instances) {
    if (key.resourceId().isEmpty()) {
      return Optional.empty();
    }
    return instances.entrySet().stream()
        .filter(entry -> sameResource(key.resourceId().get(), entry.getValue()))
        .map(entry -> entry.getKey().cluster())
        .sorted()
        .findFirst();
  }

  private static String estimateCurrency(
      List<Row> chargeback, Map<ReconciliationKey, BilledNetworkCost> billed) {
    Set<String> currencies = new java.util.TreeSet<>();
    for (Row row : chargeback) {
      if (!row.isNullAt(11)) {
        currencies.add(row.getString(12));
      }
    }
    if (currencies.size() > 1) {
      throw new IllegalArgumentException(
          "chargeback_daily has estimates in several currencies: " + currencies);
    }
    return currencies.isEmpty()
        ? billed.values().iterator().next().currency()
        : currencies.iterator().next();
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
  static List<Path> billingFiles(Configuration hadoop, String location) throws IOException {
    Path root = new Path(location);
    FileSystem fs = root.getFileSystem(hadoop);
    FileStatus[] matched = fs.globStatus(root);
    if (matched == null || matched.length == 0) {
      throw new NetcostException(ErrorKind.USER, "Billing export not found: " + location);
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus status : matched) {
      if (status.isFile()) {
        files.add(status.getPath());
        continue;
      }
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(status.getPath(), true);
      while (listing.hasNext()) {
        Path path = listing.next().getPath();
        String name = path.getName();
        if (!name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".crc")) {
          files.add(path);
        }
      }
    }
    files.sort(Comparator.comparing(Path::toString));
    if (files.isEmpty()) {
      throw new NetcostException(ErrorKind.USER, "No billing export files under " + location);
    }
    return files;
  }

  private static ReadResult read(Configuration hadoop, BillingFormat format, Path file)
      throws IOException {
    if ("file".equals(file.toUri().getScheme())) {
      // local files: Parquet read in place, text streamed
      return BillingExportReader.read(format, java.nio.file.Path.of(file.toUri()));
    }
    FileSystem fs = file.getFileSystem(hadoop);
    byte[] content;
    try (FSDataInputStream in = fs.open(file)) {
      content = in.readAllBytes();
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("Billing export vanished while reading: " + file, e);
    }
    return BillingExportReader.read(format, file.toString(), content);
  }

  /** Node → cloud instance id and the nodes' own addresses, from the date's metadata snapshots. */
  private static void loadNodes(
      SparkSession spark,
      Configuration hadoop,
      Config config,
      Map<NodeId, String> instances,
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
        instances.put(new NodeId(node.getString(0), node.getString(1)), node.getString(3));
      }
    }
  }

  private static List<FlowGroup> loadFlows(
      SparkSession spark, String[] files, Set<String> nodeAddresses) {
    Column viaNat =
        col("snat_ip")
            .isNotNull()
            .and(not(col("snat_ip").isin(nodeAddresses.stream().sorted().toArray())));
    List<Row> rows =
        spark
            .read()
            .schema(Tables.NETWORK_FLOWS_SCHEMA)
            .parquet(files)
            .withColumn("via_nat", viaNat)
            .groupBy(
                col("cluster"),
                col("node"),
                col("region"),
                col("traffic_class"),
                col("via_nat"),
                col("team"),
                col("namespace"),
                col("workload_kind"),
                col("workload"))
            .agg(
                sum("sent_bytes").as("sent_bytes"),
                sum("received_bytes").as("received_bytes"),
                sum("egress_cost").cast(Tables.MONEY).as("egress_cost"),
                sum("ingress_cost").cast(Tables.MONEY).as("ingress_cost"))
            .orderBy(
                col("cluster"),
                col("node"),
                col("region"),
                col("traffic_class"),
                col("via_nat"),
                col("team"),
                col("namespace"),
                col("workload_kind"),
                col("workload"))
            .collectAsList();
    List<FlowGroup> groups = new ArrayList<>(rows.size());
    for (Row row : rows) {
      groups.add(
          new FlowGroup(
              row.getString(0),
              row.getString(1),
              row.isNullAt(2) ? null : row.getString(2),
              TrafficClass.fromWireName(row.getString(3)),
              !row.isNullAt(4) && row.getBoolean(4),
              new ChargebackOwner(
                  row.getString(0),
                  row.getString(5),
                  row.getString(6),
                  row.getString(7),
                  row.getString(8)),
              row.getLong(9),
              row.getLong(10),
              row.isNullAt(11) ? null : row.getDecimal(11).setScale(SCALE),
              row.isNullAt(12) ? null : row.getDecimal(12).setScale(SCALE)));
    }
    return groups;
  }

  // ---------------------------------------------------------------- writing

  private static Row sparkRow(ReconciliationDailyRow row) {
    return RowFactory.create(
        row.cluster().orElse(null),
        row.provider(),
        row.chargeKind(),
        row.trafficClass(),
        row.direction(),
        row.region().orElse(null),
        row.resourceId().orElse(null),
        row.team(),
        row.namespace(),
        row.workloadKind(),
        row.workload(),
        money(row.billedCost()),
        money(row.billedListCost()),
        money(row.billedNetCost()),
        row.billedUsageGib().setScale(SCALE, RoundingMode.HALF_EVEN),
        row.estimatedCost().map(Reconciliation::money).orElse(null),
        row.measuredBytes(),
        money(row.allocatedCost()),
        money(row.unattributedCost()),
        row.coverageRatio().orElse(null),
        row.estimateToBillRatio().orElse(null),
        row.billToEstimateRatio().orElse(null),
        row.costBasis(),
        row.currency(),
        row.flags());
  }

  /**
   * Money at the table's scale. The distributed amounts are at scale 9 by construction; list and
   * net sums of the bill may carry more digits (then {@code billed_rounded} flags the key).
   */
  private static BigDecimal money(BigDecimal value) {
    return value.setScale(SCALE, RoundingMode.HALF_EVEN);
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
