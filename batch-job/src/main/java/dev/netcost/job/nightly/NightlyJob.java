package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.NetcostException;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.SnapshotFormat;
import dev.netcost.job.attribution.FlowAttributor;
import dev.netcost.job.attribution.Owner;
import dev.netcost.job.attribution.OwnershipIndex;
import dev.netcost.job.attribution.PeerClassifier;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.spark.ListedParquet;
import dev.netcost.spark.TableWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The nightly job for one date: read the day's flow and metadata snapshots, resolve every address
 * to its owner at that moment, classify and price each flow, attribute it to workload, namespace
 * and team, and replace the date's partitions of network_flows, chargeback_daily and run_log.
 * Rejected input is listed under {@code quarantine/date=D/} and counted; everything else is
 * processed.
 */
public final class NightlyJob {
  /** Rows per network_flows file at most: keeps files in the size range query engines like. */
  private static final long ROWS_PER_FILE = 4_000_000L;

  /**
   * Rows per network_flows file at least when the files are spread over the cores: one file is
   * written by one task, so a day of fewer than {@link #ROWS_PER_FILE} rows would be encoded on one
   * core.
   */
  private static final long MIN_ROWS_PER_FILE = 250_000L;

  /**
   * How many network_flows files a day of {@code rows} gets: at most {@link #ROWS_PER_FILE} rows
   * each, and one per core (up to {@code parallelism}) while each keeps {@link #MIN_ROWS_PER_FILE};
   * more files than cores are rounded up to a multiple of {@code parallelism}, as one task writes
   * each file: three equal files on two cores take two rounds with one core idle in the second,
   * four take two full rounds of smaller files.
   */
  public static int networkFlowsFiles(long rows, int parallelism) {
    long bySize = (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE;
    long byCores = Math.min(parallelism, rows / MIN_ROWS_PER_FILE);
    long files = Math.max(1, Math.max(bySize, byCores));
    if (files > parallelism) {
      files = (files + parallelism - 1) / parallelism * parallelism;
    }
    return (int) files;
  }

  /** What to run. */
  public record Config(
      String storeRoot,
      LocalDate date,
      String provider,
      List<IpPrefix> privateCidrs,
      RunPricing pricing,
      String currency,
      boolean allowEmpty,
      boolean allowPartial,
      double maxResolvedDrop,
      int maxBroadcastIntervals) {
    /** Default bound of {@code --max-resolved-drop}: half the previous dates' resolved bytes. */
    public static final double DEFAULT_MAX_RESOLVED_DROP = 0.5;

    /**
     * Driver heap budgeted per interval when the day's ownership intervals are collected and
     * broadcast. Measured (docs/nightly-job.md): about 1.2 KiB per collected row, 0.7 KiB per
     * interval for the owners and their index, 230 bytes for its serialized copy. The rest is
     * headroom for Spark's result buffers.
     */
    public static final long HEAP_BYTES_PER_BROADCAST_INTERVAL = 4096;

    public Config {
      requireNonNull(storeRoot, "storeRoot is null");
      requireNonNull(date, "date is null");
      requireNonNull(provider, "provider is null");
      privateCidrs = List.copyOf(requireNonNull(privateCidrs, "privateCidrs is null"));
      requireNonNull(pricing, "pricing is null");
      requireNonNull(currency, "currency is null");
      if (!(maxResolvedDrop > 0 && maxResolvedDrop <= 1)) {
        throw new IllegalArgumentException(
            "--max-resolved-drop must be a fraction in (0, 1]: " + maxResolvedDrop);
      }
      if (maxBroadcastIntervals < 0 || maxBroadcastIntervals == Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "--max-broadcast-intervals must be in [0, "
                + (Integer.MAX_VALUE - 1)
                + "]: "
                + maxBroadcastIntervals);
      }
    }

    /** With the default bound of {@code --max-broadcast-intervals}. */
    public Config(
        String storeRoot,
        LocalDate date,
        String provider,
        List<IpPrefix> privateCidrs,
        RunPricing pricing,
        String currency,
        boolean allowEmpty,
        boolean allowPartial,
        double maxResolvedDrop) {
      this(
          storeRoot,
          date,
          provider,
          privateCidrs,
          pricing,
          currency,
          allowEmpty,
          allowPartial,
          maxResolvedDrop,
          defaultMaxBroadcastIntervals());
    }

    /** Refusing suspicious days with the default bound. */
    public Config(
        String storeRoot,
        LocalDate date,
        String provider,
        List<IpPrefix> privateCidrs,
        RunPricing pricing,
        String currency,
        boolean allowEmpty) {
      this(
          storeRoot,
          date,
          provider,
          privateCidrs,
          pricing,
          currency,
          allowEmpty,
          false,
          DEFAULT_MAX_RESOLVED_DROP);
    }

    /** The same run with another {@code --max-broadcast-intervals}. */
    public Config withMaxBroadcastIntervals(int bound) {
      return new Config(
          storeRoot,
          date,
          provider,
          privateCidrs,
          pricing,
          currency,
          allowEmpty,
          allowPartial,
          maxResolvedDrop,
          bound);
    }

    /**
     * Default bound of {@code --max-broadcast-intervals}: one interval per {@link
     * #HEAP_BYTES_PER_BROADCAST_INTERVAL} bytes of this JVM's maximum heap ({@code -Xmx}),
     * 1,048,576 intervals with the launcher's 4 GiB.
     */
    public static int defaultMaxBroadcastIntervals() {
      return defaultMaxBroadcastIntervals(Runtime.getRuntime().maxMemory());
    }

    public static int defaultMaxBroadcastIntervals(long maxHeapBytes) {
      return (int)
          Math.min(Integer.MAX_VALUE - 1, maxHeapBytes / HEAP_BYTES_PER_BROADCAST_INTERVAL);
    }
  }

  /**
   * What a run did, for the command line and the tests. {@code ownersJoined}: the day's ownership
   * intervals were more than {@code --max-broadcast-intervals}, so the intervals were joined to the
   * flow rows in Spark instead of broadcast.
   */
  public record Summary(
      String runId,
      LocalDate date,
      int flowFiles,
      int metadataFiles,
      List<RejectedFile> rejectedFiles,
      long flowRowsRead,
      long rowsQuarantined,
      long rowsWritten,
      long rowsUnpriced,
      long bytesUnpriced,
      long rowsLocalUnresolved,
      long ownershipIntervals,
      long metadataRowsRejected,
      List<Row> teams,
      boolean ownersJoined) {}

  private NightlyJob() {}

  public static Summary run(SparkSession spark, Config config) {
    // snapshots are many small files of very different sizes (a busy node's hour can hold a
    // hundred times another's rows): opening one counts as 16 KiB instead of the default 4 MB
    // (HDFS's), so read tasks are packed by bytes, i.e. rows, and take thousands of small files
    // instead of ~32; at least 4 tasks per core. (At 512 KiB, the 24 busy files of the 1M-row
    // benchmark day all landed in one task of 8, which then did nearly all the work on one core.)
    Map<String, String> scanSettings =
        Map.of(
            "spark.sql.files.openCostInBytes",
            Long.toString(OPEN_COST_BYTES),
            "spark.sql.files.minPartitionNum",
            Integer.toString(4 * spark.sparkContext().defaultParallelism()));
    return withSettings(spark, scanSettings, () -> attempt(spark, config));
  }

  /** {@code body} run with the session settings {@code settings}, restored afterwards. */
  private static <T> T withSettings(
      SparkSession spark, Map<String, String> settings, Supplier<T> body) {
    Map<String, Optional<String>> previous = new HashMap<>();
    settings.forEach(
        (key, value) -> {
          previous.put(key, optional(spark.conf().getOption(key)));
          spark.conf().set(key, value);
        });
    try {
      return body.get();
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value.isPresent()) {
              spark.conf().set(key, value.get());
            } else {
              spark.conf().unset(key);
            }
          });
    }
  }

  /** What Spark counts opening a snapshot file as, in bytes, when it packs files into tasks. */
  private static final long OPEN_COST_BYTES = 16 * 1024;

  private static Optional<String> optional(scala.Option<String> value) {
    return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
  }

  private static Summary attempt(SparkSession spark, Config config) {
    Instant startedAt = Instant.now();
    String runId = config.date() + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (TableWriter writer =
        TableWriter.open(spark, config.storeRoot(), config.date(), runId, "nightly")) {
      try {
        return execute(spark, config, writer, startedAt);
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        recordFailure(spark, config, writer, startedAt, e);
        throw e;
      }
    } catch (IOException e) {
      throw NetcostException.external(
          "Cannot read or write the store " + config.storeRoot() + ": " + e.getMessage(), e);
    } catch (NetcostException e) {
      throw e;
    } catch (Exception e) {
      // Spark wraps a failed write (disk full, read-only store) in its own exceptions: name the
      // store and the innermost I/O cause in one line
      IOException cause = null;
      for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
        if (t instanceof IOException io) {
          cause = io;
        }
      }
      if (cause == null) {
        throw e;
      }
      throw NetcostException.external(
          "Cannot read or write the store "
              + config.storeRoot()
              + ": "
              + cause.getClass().getSimpleName()
              + ": "
              + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""),
          e);
    }
  }

  /**
   * Adds the failed attempt to run_log (a commit that changes nothing else), after the abandoned
   * run it took the date over from, if any; a store that cannot take even that keeps the original
   * error.
   */
  private static void recordFailure(
      SparkSession spark, Config config, TableWriter writer, Instant startedAt, Exception error) {
    if (writer.isCommitted()) {
      return;
    }
    try {
      writer.discardStaged();
      String message = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
      List<Row> runLog = new ArrayList<>();
      abandonedRunLogRow(writer, config, startedAt).ifPresent(runLog::add);
      runLog.add(
          runLogRow(
              writer.runId(),
              startedAt,
              Instant.now(),
              config,
              "failed",
              spark.sparkContext().master(),
              message));
      writer.appendRunLog(
          spark
              .createDataFrame(runLog, Tables.RUN_LOG_SCHEMA.asNullable())
              .orderBy(col("started_at"), col("run_id")));
      writer.commit();
    } catch (IOException | RuntimeException suppressed) {
      error.addSuppressed(suppressed);
    }
  }

  /**
   * The run_log row of the run that held the date before this one and died without committing, if
   * any: recorded by the attempt that took the date over, whether that attempt succeeds or fails.
   */
  private static Optional<Row> abandonedRunLogRow(
      TableWriter writer, Config config, Instant startedAt) throws IOException {
    return writer
        .abandonedRun()
        .map(
            dead ->
                runLogRow(
                    dead.get("run_id"),
                    Instant.parse(dead.get("acquired_at")),
                    startedAt,
                    config,
                    "abandoned",
                    "unknown",
                    "the run stopped before committing (killed, or its host failed); run "
                        + writer.runId()
                        + " took over the date"));
  }

  /** A run_log row of an attempt that wrote nothing. */
  static Row runLogRow(
      String runId,
      Instant startedAt,
      Instant finishedAt,
      Config config,
      String status,
      String master,
      String message) {
    return RowFactory.create(
        runId,
        startedAt,
        finishedAt,
        config.storeRoot(),
        status,
        0,
        0,
        0,
        0L,
        0L,
        0L,
        0L,
        0L,
        0L,
        0L,
        config.pricing().book().version(),
        config.pricing().policy().wireName(),
        master,
        0L,
        message);
  }

  private static Summary execute(
      SparkSession spark, Config config, TableWriter writer, Instant startedAt) throws IOException {
    String runId = writer.runId();
    spark.sparkContext().setJobGroup(runId, "netcost nightly " + config.date(), false);
    var hadoop = spark.sparkContext().hadoopConfiguration();

    // snapshot source: one listing per cluster and format, footers checked in one Spark job
    SnapshotCatalog catalog = new SnapshotCatalog(hadoop, config.storeRoot());
    List<SnapshotCatalog.Found> found =
        new ArrayList<>(catalog.find(SnapshotFormat.FLOWS, config.date()));
    found.addAll(catalog.find(SnapshotFormat.METADATA, config.date()));
    // every file read whole before any row is used: name, footer, schema, page CRCs, digest
    Map<SnapshotFormat, SnapshotCatalog.Listing> checked =
        SnapshotCatalog.check(spark, found, config.date()); // action 1
    SnapshotCatalog.Listing flowFiles = checked.get(SnapshotFormat.FLOWS);
    SnapshotCatalog.Listing metadataFiles = checked.get(SnapshotFormat.METADATA);
    if (flowFiles.accepted().isEmpty() && flowFiles.rejected().isEmpty() && !config.allowEmpty()) {
      throw new NetcostException(
          ErrorKind.USER,
          "No flow snapshots for "
              + config.date()
              + " under "
              + config.storeRoot()
              + "/flows/cluster=*/date="
              + config.date()
              + "/ (pass --allow-empty to write empty tables for the date)");
    }

    Optional<String> suspicious =
        SuspiciousDay.noUsableFlows(config.date(), config.storeRoot(), flowFiles)
            .or(
                () ->
                    SuspiciousDay.missingMetadata(
                        config.date(), config.storeRoot(), flowFiles, metadataFiles));
    refuseUnlessPartial(config, suspicious);

    // ownership intervals: deduplicated in Spark (each hourly snapshot repeats the intervals of
    // its hour), then collected and broadcast to every task while they are at most
    // --max-broadcast-intervals; beyond that, joined to the flow rows in Spark
    Dataset<Row> parsed =
        OwnershipJoin.parse(readSnapshots(spark, metadataFiles, Tables.METADATA_SNAPSHOT));
    OwnershipJoin.Collected collected =
        OwnershipJoin.collect(parsed, config.maxBroadcastIntervals()); // action 2
    List<Row> rejectedMetadataRows = new ArrayList<>(collected.rejected());
    boolean joined = collected.owners().isEmpty();
    long intervalCount;
    List<String> conflicts;
    OwnershipIndex index;
    Dataset<Row> flows = readSnapshots(spark, flowFiles, Tables.FLOW_SNAPSHOT);
    if (joined) {
      OwnershipJoin.Report report = OwnershipJoin.report(parsed); // action 3 of the join mode
      intervalCount = report.intervals();
      conflicts = report.conflicts();
      index = OwnershipIndex.of(Map.of());
      flows = OwnershipJoin.withOwners(flows, OwnershipJoin.latest(parsed));
    } else {
      Map<String, List<Owner>> owners = collected.owners().orElseThrow();
      intervalCount = collected.intervals();
      conflicts = OwnershipConflicts.find(owners);
      index = OwnershipIndex.of(owners);
    }
    // the classifier, price book and network paths travel inside the attributor (RunPricing ships
    // the validated files' bytes and rebuilds them once per JVM); in the join mode its index is
    // empty and each row brings its owners
    FlowAttributor attributor =
        new FlowAttributor(
            index, new PeerClassifier(config.privateCidrs(), config.provider(), config.pricing()));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var attributorBroadcast = context.broadcast(attributor);

    // attribute once: the attributed rows are shuffled into their network_flows files (by the
    // hash of their source) as the totals pass runs, and the write and the quarantine read the
    // same shuffle files again instead of reading and attributing the snapshots a second time
    AttributeFlows step =
        joined
            ? AttributeFlows.joined(
                attributorBroadcast, flows.schema(), config.date(), config.currency())
            : new AttributeFlows(attributorBroadcast, config.date(), config.currency());
    int files = networkFlowsFiles(flowFiles.rows(), spark.sparkContext().defaultParallelism());
    Dataset<Row> attributed = place(attribute(flows, step), files);
    Dataset<Row> good = good(attributed);
    Dataset<Row> bad = quarantined(attributed);

    // one pass for every count of the run, the tier volumes and chargeback_daily
    RunTotals totals =
        RunTotals.of(
            groupTotals(attributed).collectAsList(), config.currency()); // action 3 (4 if joined)
    if (suspicious.isEmpty()) {
      suspicious =
          SuspiciousDay.resolvedDrop(
              spark,
              config.storeRoot(),
              config.date(),
              totals.resolvedBytes(),
              config.maxResolvedDrop());
      refuseUnlessPartial(config, suspicious);
    }

    // internet egress: month-exact tiers per billing scope and day
    InternetTiers.Allocation tiers =
        InternetTiers.allocate(
            spark,
            config.storeRoot(),
            config.provider(),
            config.date(),
            config.pricing().book(),
            totals.internetGroups());

    long rowsWritten = totals.rowsWritten();
    writer.replaceParquetFiles(
        Tables.NETWORK_FLOWS,
        config.date(),
        InternetTiers.applyToRows(good, tiers),
        NETWORK_FLOWS_PARQUET,
        networkFlowsOrder());

    List<Row> chargebackRows = totals.chargeback(tiers.groupCosts());
    Dataset<Row> chargeback = spark.createDataFrame(chargebackRows, RunTotals.CHARGEBACK_SCHEMA);
    Column[] chargebackKey = {
      col("cluster"),
      col("team"),
      col("namespace"),
      col("workload_kind"),
      col("workload"),
      col("traffic_class")
    };
    writer.replaceParquet(
        Tables.CHARGEBACK_DAILY, config.date(), chargeback, 1, col("team"), chargebackKey);
    List<Row> teams = RunTotals.teamSummary(chargebackRows);
    writer.replaceParquet(
        InternetTiers.TABLE,
        config.date(),
        spark.createDataFrame(tiers.volumes(), InternetTiers.SCHEMA),
        1,
        col("region"),
        col("provider"),
        col("region"),
        col("cluster"),
        col("team"));

    List<Row> flagged = new ArrayList<>(rejectedMetadataRows);
    conflicts.forEach(line -> flagged.add(RowFactory.create("conflict", null, null, "ip", line)));
    long rowsQuarantined = totals.rowsQuarantined();
    long quarantined = flowFiles.rejected().size() + metadataFiles.rejected().size();
    if (quarantined > 0 || rowsQuarantined > 0 || !flagged.isEmpty()) {
      Dataset<Row> quarantine = quarantineRows(spark, flowFiles, metadataFiles, flagged);
      if (rowsQuarantined > 0) {
        quarantine = quarantine.unionByName(bad);
      }
      // file and row, then kind, field and reason: the conflict lines (no file, no row) in one
      // order
      writer.replaceCsv(
          "quarantine/date=" + config.date(),
          quarantine,
          col("file"),
          col("row"),
          col("kind"),
          col("field"),
          col("reason"));
    } else {
      writer.removeCsv("quarantine/date=" + config.date());
    }
    attributorBroadcast.destroy();

    List<RejectedFile> rejected = new ArrayList<>(flowFiles.rejected());
    rejected.addAll(metadataFiles.rejected());
    Summary summary =
        new Summary(
            runId,
            config.date(),
            flowFiles.accepted().size(),
            metadataFiles.accepted().size(),
            List.copyOf(rejected),
            flowFiles.rows(),
            rowsQuarantined,
            rowsWritten,
            totals.rowsUnpriced(),
            totals.bytesUnpriced(),
            totals.rowsUnresolved(),
            intervalCount,
            rejectedMetadataRows.size(),
            teams,
            joined);
    List<Row> runLog = new ArrayList<>();
    abandonedRunLogRow(writer, config, startedAt).ifPresent(runLog::add);
    runLog.add(
        RowFactory.create(
            runId,
            startedAt,
            Instant.now(),
            config.storeRoot(),
            suspicious.isPresent() ? "partial" : "succeeded",
            summary.flowFiles(),
            summary.metadataFiles(),
            (int) quarantined,
            summary.flowRowsRead(),
            rowsQuarantined + rejectedMetadataRows.size(),
            rowsWritten,
            summary.rowsUnpriced(),
            summary.bytesUnpriced(),
            summary.rowsLocalUnresolved(),
            intervalCount,
            config.pricing().book().version(),
            config.pricing().policy().wireName(),
            spark.sparkContext().master(),
            (long) conflicts.size(),
            suspicious.map(reason -> "published with --allow-partial: " + reason).orElse(null)));
    writer.appendRunLog(
        spark
            .createDataFrame(runLog, Tables.RUN_LOG_SCHEMA.asNullable())
            .orderBy(col("started_at"), col("run_id")));
    writer.commit();
    return summary;
  }

  private static void refuseUnlessPartial(Config config, Optional<String> suspicious) {
    if (suspicious.isPresent() && !config.allowPartial()) {
      throw new NetcostException(
          ErrorKind.USER,
          suspicious.get()
              + " Nothing was published; pass --allow-partial to publish the date anyway.");
    }
  }

  /**
   * network_flows' Parquet settings: no dictionary for the columns whose values are nearly all
   * distinct (the writer would build a dictionary and then fall back to plain encoding).
   */
  public static final Map<String, String> NETWORK_FLOWS_PARQUET =
      Map.of(
          "parquet.enable.dictionary#peer_ip", "false",
          "parquet.enable.dictionary#sent_bytes", "false",
          "parquet.enable.dictionary#received_bytes", "false");

  /** The order of the rows in each network_flows file (docs/nightly-job.md, step 9). */
  public static Column[] networkFlowsOrder() {
    return new Column[] {
      col("window_start"),
      col("cluster"),
      col("node"),
      col("local_ip"),
      col("peer_ip"),
      col("protocol"),
      col("server_port"),
      col("direction"),
      col("source_file"),
      col("source_row"),
      col("namespace"),
      col("pod"),
      col("workload"),
      col("peer_namespace"),
      col("peer_pod"),
      col("peer_workload")
    };
  }

  /** Attribute: each flow snapshot row to a row of {@link Tables#ATTRIBUTED_SCHEMA}. */
  static Dataset<Row> attribute(Dataset<Row> flows, AttributeFlows step) {
    // over Spark's internal rows: no conversion of every column to and from Java objects
    RDD<InternalRow> attributed =
        ((org.apache.spark.sql.classic.Dataset<Row>) flows)
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(step)
            .rdd();
    return ((org.apache.spark.sql.classic.SparkSession) flows.sparkSession())
        .internalCreateDataFrame(attributed, step.schema().asNullable(), false);
  }

  /**
   * The attributed rows laid out as network_flows files: {@code files} partitions by {@code
   * xxhash64(source_file, source_row)} (equal shares of rows whatever the skew between nodes). The
   * shuffle's map side runs in the first action over the result; every later action reads its files
   * instead of attributing again. (Planned without adaptive execution, which would run the map side
   * here, as a job of its own.)
   */
  static Dataset<Row> place(Dataset<Row> attributed, int files) {
    Dataset<Row> spread =
        attributed.repartition(files, xxhash64(col("source_file"), col("source_row")));
    SparkSession spark = attributed.sparkSession();
    RDD<InternalRow> rows =
        withSettings(
            spark,
            Map.of("spark.sql.adaptive.enabled", "false"),
            () -> ((org.apache.spark.sql.classic.Dataset<Row>) spread).queryExecution().toRdd());
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows, attributed.schema(), false);
  }

  /** The attributed rows that passed every check, as network_flows rows (before the tiers). */
  static Dataset<Row> good(Dataset<Row> attributed) {
    return attributed.filter(col("problem").isNull()).drop("problem_field", "problem");
  }

  /** The rejected rows, as quarantine rows (kind, file, row, field, reason). */
  static Dataset<Row> quarantined(Dataset<Row> attributed) {
    return attributed
        .filter(col("problem").isNotNull())
        .select(
            lit("row").as("kind"),
            col("source_file").as("file"),
            col("source_row").as("row"),
            col("problem_field").as("field"),
            col("problem").as("reason"));
  }

  /**
   * The run's totals in one aggregate: one row per rejected flag, chargeback group, region,
   * unresolved flag, priced flag and currency (see {@link RunTotals}).
   */
  static Dataset<Row> groupTotals(Dataset<Row> attributed) {
    return attributed
        .groupBy(
            col("problem").isNotNull().as("rejected"),
            col("cluster"),
            col("team"),
            col("namespace"),
            col("workload_kind"),
            col("workload"),
            col("traffic_class"),
            col("region"),
            coalesce(col("local_kind").equalTo("unresolved"), lit(false)).as("unresolved"),
            col("cost").isNotNull().as("priced"),
            col("currency"))
        .agg(
            count(lit(1)).as("rows"),
            sum("sent_bytes").as("sent_bytes"),
            sum("received_bytes").as("received_bytes"),
            sum("egress_cost").as("egress_cost"),
            sum("ingress_cost").as("ingress_cost"),
            sum("cost").as("cost"));
  }

  /**
   * The accepted snapshots' rows ({@code snapshot}: the contract's columns of their format), then
   * source_file and source_row. Spark is given the catalog's listing, so it does not list the files
   * again.
   */
  private static Dataset<Row> readSnapshots(
      SparkSession spark, SnapshotCatalog.Listing files, StructType snapshot) {
    if (files.accepted().isEmpty()) {
      StructType schema =
          snapshot.add("source_file", DataTypes.StringType).add("source_row", DataTypes.LongType);
      return spark.createDataFrame(List.of(), schema);
    }
    List<Column> columns = new ArrayList<>();
    for (String name : snapshot.fieldNames()) {
      columns.add(col(name));
    }
    columns.add(col("_metadata.file_path").as("source_file"));
    columns.add(col("_metadata.row_index").as("source_row"));
    List<ListedParquet.ListedFile> listed =
        files.accepted().stream()
            .map(f -> new ListedParquet.ListedFile(f.path(), f.length(), f.modificationTime()))
            .toList();
    return ListedParquet.read(spark, listed, snapshot).select(columns.toArray(Column[]::new));
  }

  /** A metadata snapshot row as an interval; throws when the row breaks the contract. */
  static OwnershipInterval interval(Row row) {
    return new OwnershipInterval(
        row.getString(0),
        row.getString(1),
        OwnerKind.fromWireName(row.getString(2)),
        row.getString(3),
        optional(row, 4),
        optional(row, 5),
        row.getString(6),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        optional(row, 10),
        optional(row, 11),
        optional(row, 12),
        optional(row, 13),
        optional(row, 14),
        row.<Instant>getAs(15),
        row.isNullAt(16) ? Optional.empty() : Optional.of(row.<Instant>getAs(16)));
  }

  private static Optional<String> optional(Row row, int index) {
    return row.isNullAt(index) ? Optional.empty() : Optional.of(row.getString(index));
  }

  private static Dataset<Row> quarantineRows(
      SparkSession spark,
      SnapshotCatalog.Listing flows,
      SnapshotCatalog.Listing metadata,
      List<Row> rejectedMetadataRows) {
    List<Row> rows = new ArrayList<>();
    for (RejectedFile rejected : flows.rejected()) {
      rows.add(RowFactory.create("file", rejected.path(), null, null, rejected.reason()));
    }
    for (RejectedFile rejected : metadata.rejected()) {
      rows.add(RowFactory.create("file", rejected.path(), null, null, rejected.reason()));
    }
    rows.addAll(rejectedMetadataRows);
    StructType schema =
        new StructType()
            .add("kind", DataTypes.StringType)
            .add("file", DataTypes.StringType)
            .add("row", DataTypes.LongType)
            .add("field", DataTypes.StringType)
            .add("reason", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }
}
