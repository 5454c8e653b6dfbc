package dev.netcost.signals;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.netcost.contract.Direction;
import dev.netcost.contract.Sentinels;
import dev.netcost.spark.StoreFiles;
import dev.netcost.spark.TablePaths;
import dev.netcost.spark.TableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The nightly entry point: reads network_flows for the date and its trailing baseline window,
 * evaluates the signals ({@link SignalEngine}), writes {@code tables/egress_alerts/date=D/} and the
 * first-seen state snapshot {@code tables/egress_destinations_seen/date=D/}, optionally POSTs the
 * webhook, and returns the alerts with summary lines for the run's output.
 *
 * <p>Idempotent: the state used for date D is the latest snapshot before D plus a replay of the
 * network_flows days after it, never the snapshot of D itself, and both outputs of D are
 * overwritten; re-running D gives the same rows. Re-running an earlier day does not rewrite the
 * snapshots of later days: re-run the later days too (the nightly backfill does, in date order).
 */
public final class EgressSignals {
  static final String FLOWS_TABLE = "network_flows";
  static final String ALERTS_TABLE = "egress_alerts";
  static final String STATE_TABLE = "egress_destinations_seen";
  private static final int SUMMARY_MAX_ALERT_LINES = 20;

  static final StructType ALERTS_SCHEMA =
      new StructType()
          .add("alert_id", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("cluster", DataTypes.StringType, false)
          .add("namespace", DataTypes.StringType, false)
          .add("workload_kind", DataTypes.StringType, false)
          .add("workload", DataTypes.StringType, false)
          .add("team", DataTypes.StringType, false)
          .add("subject", DataTypes.StringType, false)
          .add("destination_ip", DataTypes.StringType, true)
          .add("destination_prefix", DataTypes.StringType, true)
          .add("protocol", DataTypes.StringType, true)
          .add("destination_port", DataTypes.IntegerType, true)
          .add("country_code", DataTypes.StringType, true)
          .add("asn", DataTypes.LongType, true)
          .add("asn_organization", DataTypes.StringType, true)
          .add("egress_bytes", DataTypes.LongType, false)
          .add("ingress_bytes", DataTypes.LongType, false)
          .add("connections", DataTypes.LongType, false)
          .add("baseline_median_bytes", DataTypes.LongType, true)
          .add("threshold_bytes", DataTypes.LongType, true)
          .add("first_seen", DataTypes.TimestampType, false)
          .add("message", DataTypes.StringType, false)
          .add("suppressed", DataTypes.BooleanType, false)
          .add("suppression_reason", DataTypes.StringType, true);

  static final StructType STATE_SCHEMA =
      new StructType()
          .add("cluster", DataTypes.StringType, false)
          .add("namespace", DataTypes.StringType, false)
          .add("workload_kind", DataTypes.StringType, false)
          .add("workload", DataTypes.StringType, false)
          .add("key_kind", DataTypes.StringType, false)
          .add("key", DataTypes.StringType, false)
          .add("first_seen", DataTypes.TimestampType, false)
          .add("last_seen_date", DataTypes.DateType, false)
          .add("days_seen", DataTypes.IntegerType, false);

  private EgressSignals() {}

  /**
   * Runs the signals for {@code date}. The network_flows partition of {@code date} must exist;
   * missing baseline days are allowed and named in the summary.
   *
   * @param storeRoot the store's root URI or path (tables live under {@code <storeRoot>/tables/})
   */
  public static SignalsResult run(
      SparkSession spark, String storeRoot, LocalDate date, SignalsConfig config) {
    requireNonNull(spark, "spark is null");
    requireNonNull(storeRoot, "storeRoot is null");
    requireNonNull(date, "date is null");
    requireNonNull(config, "config is null");
    if (config.countryDatabase().isEmpty() && config.asnDatabase().isEmpty()) {
      return run(spark, storeRoot, date, config, GeoLookup.NONE);
    }
    try (MaxMindGeoLookup geo =
        MaxMindGeoLookup.open(config.countryDatabase(), config.asnDatabase())) {
      return run(spark, storeRoot, date, config, geo);
    }
  }

  static SignalsResult run(
      SparkSession spark, String storeRoot, LocalDate date, SignalsConfig config, GeoLookup geo) {
    StoreFiles store = StoreFiles.open(spark, storeRoot);
    if (store.committedFiles(FLOWS_TABLE, date).isEmpty()) {
      throw new IllegalStateException(
          "network_flows has no partition for "
              + date
              + ": "
              + store.uri(TablePaths.partition(FLOWS_TABLE, date)));
    }
    List<String> summary = new ArrayList<>();
    LocalDate windowStart = date.minusDays(config.baselineDays());
    TreeSet<LocalDate> daysWithData = new TreeSet<>();
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate day = windowStart; day.isBefore(date); day = day.plusDays(1)) {
      if (!store.committedFiles(FLOWS_TABLE, day).isEmpty()) {
        daysWithData.add(day);
      } else {
        missing.add(day);
      }
    }

    Optional<LocalDate> snapshot = latestSnapshotBefore(store, date);
    SeenState state;
    List<LocalDate> replayDays = new ArrayList<>();
    if (snapshot.isPresent()) {
      state = readState(spark, store.committedFiles(STATE_TABLE, snapshot.get()));
      // every network_flows day after the snapshot, also those before the baseline window (an
      // older snapshot: days the nightly job ran without signals, or signals that failed)
      for (LocalDate day = snapshot.get().plusDays(1); day.isBefore(date); day = day.plusDays(1)) {
        if (daysWithData.contains(day)
            || (day.isBefore(windowStart) && !store.committedFiles(FLOWS_TABLE, day).isEmpty())) {
          replayDays.add(day);
        }
      }
    } else {
      state = SeenState.empty();
      replayDays.addAll(daysWithData);
    }

    TreeSet<LocalDate> read = new TreeSet<>(daysWithData);
    read.addAll(replayDays);
    List<LocalDate> readDays = new ArrayList<>(read);
    readDays.add(date);
    FlowDays flows = readFlows(spark, store, readDays);

    SignalEngine engine = new SignalEngine(config, geo);
    for (LocalDate day : replayDays) {
      engine.replay(
          state,
          day,
          flows.workloads.getOrDefault(day, Map.of()),
          flows.internet.getOrDefault(day, List.of()));
    }
    List<DailyFlow> history = new ArrayList<>();
    for (LocalDate day : daysWithData) {
      history.addAll(flows.internet.getOrDefault(day, List.of()));
    }
    SignalEngine.DayResult result =
        engine.evaluate(
            date,
            flows.workloads.getOrDefault(date, Map.of()),
            flows.internet.getOrDefault(date, List.of()),
            state,
            SignalEngine.VolumeHistory.of(history, daysWithData));

    String previousTimestampType =
        spark.conf().get("spark.sql.parquet.outputTimestampType", "INT96");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    try {
      write(spark, storeRoot, date, result);
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", previousTimestampType);
    }

    summarize(
        summary, date, config, geo, result, daysWithData, missing, snapshot, replayDays, flows);
    List<Alert> notify =
        result.alerts().stream()
            .filter(alert -> !alert.suppressed())
            .filter(alert -> alert.severity().atLeast(config.webhookMinSeverity()))
            .toList();
    if (config.webhookUrl().isPresent()) {
      if (notify.isEmpty()) {
        summary.add(
            "webhook: nothing at or above "
                + config.webhookMinSeverity().wireName()
                + ", not sent");
      } else {
        summary.add(
            new WebhookNotifier()
                .send(
                    config.webhookUrl().get(),
                    config.webhookFormat(),
                    date,
                    notify,
                    List.copyOf(summary)));
      }
    }
    return new SignalsResult(date, result.alerts(), summary);
  }

  /**
   * The egress_alerts rows of the dates {@code from} to {@code to} (inclusive) that have a
   * partition, in date order; for the monthly report ({@link MonthlyAlertsSection}).
   */
  public static List<Alert> readAlerts(
      SparkSession spark, String storeRoot, LocalDate from, LocalDate to) {
    requireNonNull(spark, "spark is null");
    requireNonNull(storeRoot, "storeRoot is null");
    StoreFiles store = StoreFiles.open(spark, storeRoot);
    List<Alert> alerts = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      List<String> files = store.committedFiles(ALERTS_TABLE, day);
      if (files.isEmpty()) {
        continue;
      }
      List<Alert> ofDay = new ArrayList<>();
      for (Row row :
          spark
              .read()
              .schema(ALERTS_SCHEMA)
              .parquet(files.toArray(String[]::new))
              .collectAsList()) {
        ofDay.add(alert(day, row));
      }
      ofDay.sort(
          java.util.Comparator.comparing(Alert::severity)
              .reversed()
              .thenComparing(Alert::workload)
              .thenComparing(Alert::kind)
              .thenComparing(Alert::subject));
      alerts.addAll(ofDay);
    }
    return alerts;
  }

  private static Alert alert(LocalDate date, Row row) {
    return new Alert(
        date,
        Severity.fromWireName(row.getAs("severity")),
        AlertKind.fromWireName(row.getAs("kind")),
        new WorkloadId(
            row.getAs("cluster"),
            row.getAs("namespace"),
            row.getAs("workload_kind"),
            row.getAs("workload")),
        row.getAs("team"),
        row.getAs("subject"),
        row.getAs("destination_ip"),
        row.getAs("destination_prefix"),
        row.getAs("protocol"),
        row.getAs("destination_port"),
        row.getAs("country_code"),
        row.getAs("asn"),
        row.getAs("asn_organization"),
        row.<Long>getAs("egress_bytes"),
        row.<Long>getAs("ingress_bytes"),
        row.<Long>getAs("connections"),
        row.getAs("baseline_median_bytes"),
        row.getAs("threshold_bytes"),
        instant(row.getAs("first_seen")),
        row.getAs("message"),
        row.<Boolean>getAs("suppressed"),
        row.getAs("suppression_reason"));
  }

  private static void summarize(
      List<String> summary,
      LocalDate date,
      SignalsConfig config,
      GeoLookup geo,
      SignalEngine.DayResult result,
      TreeSet<LocalDate> daysWithData,
      List<LocalDate> missing,
      Optional<LocalDate> snapshot,
      List<LocalDate> replayDays,
      FlowDays flows) {
    List<Alert> active = result.alerts().stream().filter(alert -> !alert.suppressed()).toList();
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Alert alert : active) {
      counts.merge(alert.severity(), 1, Integer::sum);
    }
    StringBuilder bySeverity = new StringBuilder();
    for (Severity severity :
        List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
      if (counts.containsKey(severity)) {
        bySeverity.append(bySeverity.length() == 0 ? " (" : ", ");
        bySeverity.append(counts.get(severity)).append(' ').append(severity.wireName());
      }
    }
    if (bySeverity.length() > 0) {
      bySeverity.append(')');
    }
    long internetWorkloads =
        flows.internet.getOrDefault(date, List.of()).stream()
            .map(DailyFlow::workload)
            .distinct()
            .count();
    summary.add(
        String.format(
            Locale.ROOT,
            "egress signals %s: %d alert(s)%s, %d suppressed; %d workload(s) with internet traffic, %d in warm-up (< %d days)",
            date,
            active.size(),
            bySeverity,
            result.alerts().size() - active.size(),
            internetWorkloads,
            result.workloadsInWarmup(),
            config.warmupDays()));
    String window = date.minusDays(config.baselineDays()) + ".." + date.minusDays(1);
    if (missing.isEmpty()) {
      summary.add("baseline " + window + ": all " + config.baselineDays() + " days present");
    } else {
      summary.add(
          "baseline "
              + window
              + ": "
              + daysWithData.size()
              + " of "
              + config.baselineDays()
              + " days present; missing network_flows for "
              + ranges(missing));
    }
    if (snapshot.isPresent()) {
      summary.add(
          "first-seen state: snapshot of "
              + snapshot.get()
              + (replayDays.isEmpty() ? "" : " plus " + replayDays.size() + " replayed day(s)"));
    } else {
      summary.add(
          "first-seen state: no earlier snapshot, rebuilt from "
              + replayDays.size()
              + " day(s) of network_flows");
    }
    if (!geo.hasCountries() && !geo.hasAsns()) {
      summary.add("geo: no MaxMind databases configured; country and ASN signals are off");
    } else if (result.unknownCountryBytes() > 0) {
      summary.add(
          "geo: "
              + Bytes.human(result.unknownCountryBytes())
              + " ("
              + result.unknownCountryBytes()
              + " bytes) sent to addresses with no country in the database");
    }
    flows.problems.forEach(summary::add);
    for (int i = 0; i < active.size() && i < SUMMARY_MAX_ALERT_LINES; i++) {
      summary.add("  " + active.get(i).line());
    }
    if (active.size() > SUMMARY_MAX_ALERT_LINES) {
      summary.add(
          "  … and " + (active.size() - SUMMARY_MAX_ALERT_LINES) + " more in egress_alerts");
    }
  }

  static String ranges(List<LocalDate> days) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < days.size()) {
      int j = i;
      while (j + 1 < days.size() && days.get(j + 1).equals(days.get(j).plusDays(1))) {
        j++;
      }
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(days.get(i));
      if (j > i) {
        out.append("..").append(days.get(j));
      }
      i = j + 1;
    }
    return out.toString();
  }

  /** The collected daily aggregates of network_flows. */
  private static final class FlowDays {
    final Map<LocalDate, List<DailyFlow>> internet = new TreeMap<>();
    final Map<LocalDate, Map<WorkloadId, SignalEngine.WorkloadDay>> workloads = new TreeMap<>();
    final List<String> problems = new ArrayList<>();
  }

  private static FlowDays readFlows(SparkSession spark, StoreFiles store, List<LocalDate> days) {
    // the days' files as their commits list them; the date column comes from their directories
    String[] paths =
        days.stream()
            .flatMap(day -> store.committedFiles(FLOWS_TABLE, day).stream())
            .toArray(String[]::new);
    Dataset<Row> all =
        spark.read().option("basePath", store.uri(TablePaths.table(FLOWS_TABLE))).parquet(paths);
    Column identityKnown =
        col("cluster")
            .isNotNull()
            .and(col("namespace").isNotNull())
            .and(col("workload_kind").isNotNull())
            .and(col("workload").isNotNull())
            .and(col("window_start").isNotNull());
    Column internet = coalesce(col("traffic_class").cast("string").equalTo("internet"), lit(false));
    // one pass, one shuffle: internet rows per destination, all other rows collapse per workload
    List<Row> rows =
        all.select(
                col("date").cast("string").as("date"),
                identityKnown.as("known"),
                internet.as("internet"),
                col("cluster").cast("string").as("cluster"),
                col("namespace").cast("string").as("namespace"),
                col("workload_kind").cast("string").as("workload_kind"),
                col("workload").cast("string").as("workload"),
                when(internet, col("peer_ip").cast("string")).as("peer_ip"),
                when(internet, col("protocol").cast("string")).as("protocol"),
                when(internet, col("server_port").cast("int")).as("server_port"),
                when(internet, col("direction").cast("string")).as("direction"),
                col("team").cast("string").as("team"),
                col("sent_bytes").cast("long").as("sent_bytes"),
                col("received_bytes").cast("long").as("received_bytes"),
                col("connections").cast("long").as("connections"),
                col("window_start").cast("timestamp").as("window_start"),
                input_file_name().as("file"))
            .groupBy(
                col("date"),
                col("known"),
                col("internet"),
                col("cluster"),
                col("namespace"),
                col("workload_kind"),
                col("workload"),
                col("peer_ip"),
                col("protocol"),
                col("server_port"),
                col("direction"))
            .agg(
                max(col("team")).as("team"),
                sum(col("sent_bytes")).as("sent_bytes"),
                sum(col("received_bytes")).as("received_bytes"),
                sum(col("connections")).as("connections"),
                min(col("window_start")).as("first_window_start"),
                count(lit(1)).as("rows"),
                min(col("file")).as("file"))
            .collectAsList();

    FlowDays out = new FlowDays();
    Map<String, Long> unknownIdentity = new TreeMap<>();
    Map<String, String> unknownIdentityFiles = new TreeMap<>();
    Map<String, Integer> badRows = new TreeMap<>();
    Map<String, String> badExamples = new HashMap<>();
    for (Row row : rows) {
      String date = row.getString(0);
      if (!row.getBoolean(1)) {
        unknownIdentity.merge(date, row.getLong(16), Long::sum);
        unknownIdentityFiles.merge(date, row.getString(17), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        continue;
      }
      LocalDate day = LocalDate.parse(date);
      WorkloadId workload =
          new WorkloadId(row.getString(3), row.getString(4), row.getString(5), row.getString(6));
      String team = team(row.getString(11));
      Instant first = instant(row.get(15));
      out.workloads
          .computeIfAbsent(day, ignored -> new TreeMap<>())
          .merge(
              workload,
              new SignalEngine.WorkloadDay(team, first),
              (a, b) ->
                  new SignalEngine.WorkloadDay(
                      a.team().compareTo(b.team()) >= 0 ? a.team() : b.team(),
                      a.firstWindowStart().isBefore(b.firstWindowStart())
                          ? a.firstWindowStart()
                          : b.firstWindowStart()));
      if (!row.getBoolean(2)) {
        continue;
      }
      try {
        DailyFlow flow =
            new DailyFlow(
                day,
                workload,
                team,
                requireField(row, 7, "peer_ip"),
                requireField(row, 8, "protocol"),
                row.isNullAt(9) ? 0 : row.getInt(9),
                Direction.fromWireName(requireField(row, 10, "direction")),
                requireLong(row, 12, "sent_bytes"),
                requireLong(row, 13, "received_bytes"),
                row.isNullAt(14) ? 0 : row.getLong(14),
                first);
        out.internet.computeIfAbsent(day, ignored -> new ArrayList<>()).add(flow);
      } catch (IllegalArgumentException e) {
        String where = "network_flows date=" + day;
        badRows.merge(where, 1, Integer::sum);
        String example =
            row.getString(17) + ": " + workload + " peer_ip " + row.get(7) + ": " + e.getMessage();
        badExamples.merge(where, example, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    unknownIdentity.forEach(
        (date, count) ->
            out.problems.add(
                "skipped "
                    + count
                    + " network_flows row(s) of "
                    + date
                    + " with null cluster, namespace, workload_kind, workload or window_start,"
                    + " e.g. in "
                    + unknownIdentityFiles.get(date)));
    badRows.forEach(
        (where, count) ->
            out.problems.add(
                "skipped "
                    + count
                    + " internet flow group(s) in "
                    + where
                    + ", e.g. in "
                    + badExamples.get(where)));
    return out;
  }

  private static String team(String team) {
    return team == null ? Sentinels.UNASSIGNED_TEAM : team;
  }

  private static String requireField(Row row, int index, String name) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException(name + " is null");
    }
    return row.getString(index);
  }

  private static long requireLong(Row row, int index, String name) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException(name + " is null");
    }
    return row.getLong(index);
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    throw new IllegalArgumentException("Not a timestamp: " + value);
  }

  private static SeenState readState(SparkSession spark, List<String> files) {
    Map<SeenState.Key, SeenState.Entry> entries = new TreeMap<>();
    if (files.isEmpty()) {
      return SeenState.of(entries); // committed with no entries: nothing seen yet
    }
    for (Row row :
        spark.read().schema(STATE_SCHEMA).parquet(files.toArray(String[]::new)).collectAsList()) {
      WorkloadId workload =
          new WorkloadId(row.getString(0), row.getString(1), row.getString(2), row.getString(3));
      Object lastSeen = row.get(7);
      LocalDate lastSeenDate =
          lastSeen instanceof java.sql.Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) lastSeen;
      entries.put(
          new SeenState.Key(
              workload, SeenState.KeyKind.fromWireName(row.getString(4)), row.getString(5)),
          new SeenState.Entry(instant(row.get(6)), lastSeenDate, row.getInt(8)));
    }
    return SeenState.of(entries);
  }

  private static List<Row> stateRows(SeenState state) {
    List<Row> rows = new ArrayList<>();
    state
        .entries()
        .forEach(
            (key, entry) ->
                rows.add(
                    RowFactory.create(
                        key.workload().cluster(),
                        key.workload().namespace(),
                        key.workload().workloadKind(),
                        key.workload().workload(),
                        key.kind().wireName(),
                        key.value(),
                        Timestamp.from(entry.firstSeen()),
                        java.sql.Date.valueOf(entry.lastSeenDate()),
                        entry.daysSeen())));
    return rows;
  }

  private static List<Row> alertRows(List<Alert> alerts) {
    List<Row> rows = new ArrayList<>();
    for (Alert alert : alerts) {
      rows.add(
          RowFactory.create(
              alert.alertId(),
              alert.severity().wireName(),
              alert.kind().wireName(),
              alert.workload().cluster(),
              alert.workload().namespace(),
              alert.workload().workloadKind(),
              alert.workload().workload(),
              alert.team(),
              alert.subject(),
              alert.destinationIp(),
              alert.destinationPrefix(),
              alert.protocol(),
              alert.destinationPort(),
              alert.countryCode(),
              alert.asn(),
              alert.asnOrganization(),
              alert.egressBytes(),
              alert.ingressBytes(),
              alert.connections(),
              alert.baselineMedianBytes(),
              alert.thresholdBytes(),
              Timestamp.from(alert.firstSeen()),
              alert.message(),
              alert.suppressed(),
              alert.suppressionReason()));
    }
    return rows;
  }

  /**
   * Publishes the date's egress_alerts and first-seen state as one commit of the date, the way the
   * nightly tables are (docs/data-contract.md §6): staged, one content-named file each, then the
   * commit point. A reader sees the previous alerts and state of the date or the new ones, never
   * one without the other, and a re-run replaces both.
   */
  private static void write(
      SparkSession spark, String storeRoot, LocalDate date, SignalEngine.DayResult result) {
    String runId = "signals-" + date + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (TableWriter writer = TableWriter.open(spark, storeRoot, date, runId, "signals")) {
      // rows in the engine's order (deterministic): one file per table
      writer.replaceParquet(
          ALERTS_TABLE,
          date,
          spark.createDataFrame(alertRows(result.alerts()), ALERTS_SCHEMA),
          1,
          lit(0));
      writer.replaceParquet(
          STATE_TABLE,
          date,
          spark.createDataFrame(stateRows(result.stateAfter()), STATE_SCHEMA),
          1,
          lit(0));
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the egress signals of " + date + " to " + storeRoot, e);
    }
  }

  /**
   * The latest date before {@code date} with a complete first-seen snapshot: one whose commit lists
   * the state table, or (written before signals were committed) whose partition has Spark's {@code
   * _SUCCESS} marker.
   */
  private static Optional<LocalDate> latestSnapshotBefore(StoreFiles store, LocalDate date) {
    TreeSet<LocalDate> complete = new TreeSet<>(store.committedDates(STATE_TABLE));
    List<StoreFiles.Entry> children;
    try {
      children = store.list(TablePaths.table(STATE_TABLE));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + store.uri(TablePaths.table(STATE_TABLE)), e);
    }
    for (StoreFiles.Entry child : children) {
      String name = child.name();
      if (!child.directory() || !name.startsWith("date=")) {
        continue;
      }
      LocalDate day;
      try {
        day = LocalDate.parse(name.substring("date=".length()));
      } catch (java.time.format.DateTimeParseException e) {
        continue; // not a partition of ours
      }
      if (store.exists(TablePaths.partition(STATE_TABLE, day) + "/_SUCCESS")) {
        complete.add(day);
      }
    }
    return Optional.ofNullable(complete.lower(date));
  }
}
