package dev.netcost.contract;

import static dev.netcost.contract.Checks.checkArgument;
import static dev.netcost.contract.Checks.checkName;
import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key layout: Hive-style {@code date=YYYY-MM-DD/hour=HH} partitions (UTC) and object
 * names derived only from what the object holds, so a retried upload targets the same key and can
 * never create a second copy.
 *
 * <pre>
 * flows/cluster=C/date=D/hour=HH/node=N/YYYYMMDDTHHMMSSZ-SSSS.parquet   one node, one window
 * metadata/cluster=C/date=D/hour=HH/YYYYMMDDTHHMMSSZ-SSSS.parquet       one cluster, one hour
 * tables/TABLE/date=D/part-NNNNN.parquet                                 nightly output
 * quarantine/date=D/...                                                  rejected input, with reasons
 * reports/YYYY-MM/...                                                    monthly reports
 * </pre>
 *
 * The timestamp in a snapshot's name is its window start; the four-digit sequence distinguishes
 * snapshots of the same window written by different runs of a writer (a collector restarted within
 * a window writes its remainder as sequence 1, and so on).
 */
public final class ObjectKeys {
  public static final String FLOWS = "flows";
  public static final String METADATA = "metadata";
  public static final String TABLES = "tables";
  public static final String QUARANTINE = "quarantine";
  public static final String REPORTS = "reports";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern FLOW_KEY =
      Pattern.compile(
          "(?:.*/)?flows/cluster=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/node=([^/]+)/(\\d{8}T\\d{6}Z)-(\\d{4})\\.parquet");
  private static final Pattern METADATA_KEY =
      Pattern.compile(
          "(?:.*/)?metadata/cluster=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/(\\d{8}T\\d{6}Z)-(\\d{4})\\.parquet");

  private ObjectKeys() {}

  /** Key of one node's flow snapshot for the window starting at {@code windowStart}. */
  public static String flowSnapshot(
      String cluster, String node, Instant windowStart, int sequence) {
    checkName(cluster, "cluster");
    checkName(node, "node");
    return FLOWS
        + "/"
        + partition(cluster, windowStart)
        + "/node="
        + node
        + "/"
        + name(windowStart, sequence);
  }

  /** Key of the cluster's metadata snapshot for the hour starting at {@code hourStart}. */
  public static String metadataSnapshot(String cluster, Instant hourStart, int sequence) {
    checkName(cluster, "cluster");
    checkArgument(
        hourStart.truncatedTo(ChronoUnit.HOURS).equals(hourStart),
        "metadata snapshot must start on the hour: %s",
        hourStart);
    return METADATA + "/" + partition(cluster, hourStart) + "/" + name(hourStart, sequence);
  }

  /** Prefix under which all flow snapshots of {@code date} lie, for every cluster. */
  public static String flowsRoot() {
    return FLOWS;
  }

  /** Directory of one table's partition for {@code date}. */
  public static String tablePartition(String table, LocalDate date) {
    requireNonNull(table, "table is null");
    return TABLES + "/" + table + "/date=" + date;
  }

  public static String datePartition(LocalDate date) {
    return "date=" + requireNonNull(date, "date is null");
  }

  /**
   * Parses a flow snapshot key (or a URI ending in one); empty unless it follows the layout: the
   * pattern above, a real date, an hour 00-23, and a name whose window start lies in that date and
   * hour.
   */
  public static Optional<SnapshotKey> parseFlowKey(String key) {
    Matcher m = FLOW_KEY.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    return snapshotKey(
        SnapshotFormat.FLOWS,
        m.group(1),
        m.group(2),
        m.group(3),
        Optional.of(m.group(4)),
        m.group(5),
        m.group(6));
  }

  /** Parses a metadata snapshot key (or a URI ending in one); empty as {@link #parseFlowKey}. */
  public static Optional<SnapshotKey> parseMetadataKey(String key) {
    Matcher m = METADATA_KEY.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    return snapshotKey(
        SnapshotFormat.METADATA,
        m.group(1),
        m.group(2),
        m.group(3),
        Optional.empty(),
        m.group(4),
        m.group(5));
  }

  private static Optional<SnapshotKey> snapshotKey(
      SnapshotFormat format,
      String cluster,
      String date,
      String hour,
      Optional<String> node,
      String stamp,
      String sequence) {
    LocalDate day;
    Instant start;
    try {
      day = LocalDate.parse(date);
      start = Instant.from(STAMP.parse(stamp));
    } catch (DateTimeException e) { // 2026-13-01, 20261101T250000Z
      return Optional.empty();
    }
    int hourOfDay = Integer.parseInt(hour);
    var utc = start.atOffset(ZoneOffset.UTC);
    if (!utc.toLocalDate().equals(day) || utc.getHour() != hourOfDay) {
      return Optional.empty(); // hour=24, or a name whose window is in another partition
    }
    return Optional.of(
        new SnapshotKey(format, cluster, day, hourOfDay, node, start, Integer.parseInt(sequence)));
  }

  private static String partition(String cluster, Instant start) {
    requireNonNull(start, "start is null");
    var utc = start.atOffset(ZoneOffset.UTC);
    return String.format("cluster=%s/date=%s/hour=%02d", cluster, utc.toLocalDate(), utc.getHour());
  }

  private static String name(Instant start, int sequence) {
    checkArgument(sequence >= 0 && sequence <= 9999, "sequence is out of range: %s", sequence);
    checkArgument(
        start.truncatedTo(ChronoUnit.SECONDS).equals(start),
        "snapshot start must be a whole second: %s",
        start);
    return STAMP.format(start) + String.format("-%04d.parquet", sequence);
  }

  /** What a snapshot key says about its object. */
  public record SnapshotKey(
      SnapshotFormat format,
      String cluster,
      LocalDate date,
      int hour,
      Optional<String> node,
      Instant start,
      int sequence) {
    public SnapshotKey {
      requireNonNull(format, "format is null");
      requireNonNull(cluster, "cluster is null");
      requireNonNull(date, "date is null");
      requireNonNull(node, "node is null");
      requireNonNull(start, "start is null");
    }
  }
}
