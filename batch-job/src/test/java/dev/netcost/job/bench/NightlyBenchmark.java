package dev.netcost.job.bench;

import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PriceQuery;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import dev.netcost.spark.SparkSessions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly job against DuckDB on the same Parquet files (bench/nightly-vs-duckdb.sh). Not a
 * test: it prints times. The DuckDB side does the same work in SQL: latest copy of each ownership
 * interval, owner at the moment for both ends (with the hostNetwork rule), classification, pricing,
 * network_flows and chargeback_daily written as ZSTD Parquet. Both results' per-team costs are
 * printed so they can be compared. The data is generated beforehand ({@code ./netcost generate},
 * see bench/nightly-vs-duckdb.sh).
 */
public final class NightlyBenchmark {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");

  /**
   * {@code job STORE THREADS} runs the nightly job for the day (STORE: a directory or a store URI
   * such as {@code s3a://bucket/}); {@code duckdb DIRECTORY THREADS MEMORY_LIMIT} the same work in
   * DuckDB. Each side runs in its own process (bench scripts start one JVM per side under {@code
   * /usr/bin/time -v} for peak RSS) and prints its seconds and the cost per team.
   */
  public static void main(String[] args) throws Exception {
    String side = args[0];
    Path directory = args[1].contains("://") ? null : Path.of(args[1]).toAbsolutePath();
    int threads = Integer.parseInt(args[2]);
    Map<String, BigDecimal> teams;
    if (side.equals("job")) {
      long t1 = System.nanoTime();
      SparkSession spark = SparkSessions.create("local[" + threads + "]", "netcost-bench");
      spark.range(1).count();
      System.out.printf("spark session start: %.1f s (local[%d])%n", seconds(t1), threads);
      // a store URI (s3a://bucket/prefix, bench/nightly-s3a.sh) or a local directory
      String store = args[1].contains("://") ? args[1] : directory.toUri().toString();
      NightlyJob.Config config =
          new NightlyJob.Config(
              store,
              DAY,
              "aws",
              List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
              RunPricing.defaults(),
              "USD",
              false);
      // -Dnetcost.bench.maxBroadcastIntervals=N: the bound of --max-broadcast-intervals
      String bound = System.getProperty("netcost.bench.maxBroadcastIntervals");
      if (bound != null) {
        config = config.withMaxBroadcastIntervals(Integer.parseInt(bound));
      }
      long t2 = System.nanoTime();
      NightlyJob.Summary summary = NightlyJob.run(spark, config);
      System.out.printf("job seconds: %.1f%n", seconds(t2));
      // -Dnetcost.bench.runs=N: the same date again in this JVM (each run replaces the date's
      // tables, as a rerun does), to tell a cold JVM's costs (class loading, JIT compilation) from
      // the work; the first run's seconds are the ones compared with DuckDB
      int runs = Integer.getInteger("netcost.bench.runs", 1);
      for (int run = 2; run <= runs; run++) {
        long t = System.nanoTime();
        summary = NightlyJob.run(spark, config);
        System.out.printf("job seconds, run %d in the same JVM: %.1f%n", run, seconds(t));
      }
      System.out.printf(
          "rows: %,d flow rows in %,d files, %,d network_flows rows out%n",
          summary.flowRowsRead(), summary.flowFiles(), summary.rowsWritten());
      System.out.println(
          "ownership intervals: " + (summary.ownersJoined() ? "range join" : "broadcast"));
      teams = new TreeMap<>();
      for (Row row : summary.teams()) {
        if (!row.isNullAt(5)) {
          teams.merge(row.getString(0), row.getDecimal(5), BigDecimal::add);
        }
      }
      spark.stop();
    } else {
      String memoryLimit = args[3];
      Path duck = directory.resolve("duckdb-out");
      Files.createDirectories(duck);
      long t3 = System.nanoTime();
      teams = duckdb(directory, duck, threads, memoryLimit);
      System.out.printf(
          "duckdb seconds: %.1f (threads=%d, memory_limit=%s)%n",
          seconds(t3), threads, memoryLimit);
    }
    for (Map.Entry<String, BigDecimal> team : teams.entrySet()) {
      System.out.printf(
          "team %s %s%n", team.getKey(), team.getValue().setScale(2, RoundingMode.HALF_EVEN));
    }
  }

  private static Map<String, BigDecimal> duckdb(
      Path store, Path out, int threads, String memoryLimit) throws Exception {
    String flows = store + "/flows/cluster=*/date=" + DAY + "/hour=*/node=*/*.parquet";
    String metadata = store + "/metadata/cluster=*/date=" + DAY + "/hour=*/*.parquet";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = connection.createStatement()) {
      sql.execute("SET threads = " + threads);
      sql.execute("SET memory_limit = '" + memoryLimit + "'");
      sql.execute("SET temp_directory = '" + out + "/duckdb-spill'");
      sql.execute(
          "CREATE TEMP TABLE rates AS SELECT * FROM (VALUES "
              + rates()
              + ") t(region, traffic_class, direction, nano_per_gib)");
      sql.execute(
          "CREATE TEMP TABLE owners AS SELECT * EXCLUDE (rn) FROM ("
              + " SELECT *, row_number() OVER (PARTITION BY cluster, ip, kind, owner_uid, valid_from ORDER BY filename DESC) rn"
              + " FROM read_parquet('"
              + metadata
              + "', filename = true)) WHERE rn = 1");
      String resolve =
          """
          SELECT f.id, o.kind, o.namespace, o.pod, o.workload_kind, o.workload, o.team, o.zone, o.region
          FROM f JOIN owners o ON o.cluster = f.cluster AND o.ip = f.%1$s
            AND o.valid_from < f.window_end AND coalesce(o.valid_to, TIMESTAMPTZ '9999-12-31') > f.window_start
            AND o.kind IN ('pod', 'node', 'host_pod')
          WHERE o.kind <> 'host_pod'
             OR (f.direction = '%2$s' AND list_contains(string_split(o.listen_ports, ','), f.protocol || '/' || f.server_port))
          QUALIFY row_number() OVER (PARTITION BY f.id ORDER BY CASE o.kind WHEN 'host_pod' THEN 0 ELSE 1 END) = 1
          """;
      sql.execute(
          "CREATE TEMP TABLE f AS SELECT row_number() OVER () AS id, *, filename AS source_file FROM read_parquet('"
              + flows
              + "', filename = true)");
      sql.execute("CREATE TEMP TABLE l AS " + String.format(resolve, "local_ip", "inbound"));
      sql.execute("CREATE TEMP TABLE p AS " + String.format(resolve, "peer_ip", "outbound"));
      String classified =
          """
          SELECT f.*, coalesce(l.kind, 'unresolved') AS local_kind, coalesce(l.namespace, '__unknown__') AS namespace,
                 l.pod, coalesce(l.workload_kind, '__unknown__') AS workload_kind, coalesce(l.workload, '__unknown__') AS workload,
                 coalesce(l.team, '__unassigned__') AS team, l.zone, l.region,
                 coalesce(p.kind, 'external') AS peer_kind, p.namespace AS peer_namespace, p.workload AS peer_workload,
                 p.zone AS peer_zone, p.region AS peer_region,
                 CASE
                   WHEN p.id IS NULL THEN CASE
                     WHEN f.peer_ip IN (SELECT ip FROM owners WHERE kind IN ('service', 'load_balancer')) THEN 'unknown'
                     WHEN f.peer_ip LIKE '192.168.%' OR f.peer_ip LIKE '10.%' OR f.peer_ip LIKE '172.20.%'
                       OR f.peer_ip LIKE 'fd%' OR f.peer_ip LIKE 'fe80:%' THEN 'private'
                     ELSE 'internet' END
                   WHEN l.zone IS NULL OR p.zone IS NULL THEN 'unknown'
                   WHEN l.region <> p.region THEN 'cross_region'
                   WHEN l.zone = p.zone THEN 'same_zone'
                   ELSE 'cross_zone' END AS traffic_class
          FROM f LEFT JOIN l ON l.id = f.id LEFT JOIN p ON p.id = f.id
          """;
      String priced =
          """
          SELECT c.*, e.nano_per_gib AS egress_nano, i.nano_per_gib AS ingress_nano,
                 CASE WHEN e.nano_per_gib IS NULL OR i.nano_per_gib IS NULL THEN NULL
                   -- internet egress: tiered per region below; the row pays its ingress
                   WHEN c.traffic_class = 'internet' THEN
                     round_even(c.received_bytes::HUGEINT * i.nano_per_gib / 1073741824.0, 0)::HUGEINT
                   WHEN c.peer_kind = 'external' THEN
                     (round_even(c.sent_bytes::HUGEINT * e.nano_per_gib / 1073741824.0, 0)
                      + round_even(c.received_bytes::HUGEINT * i.nano_per_gib / 1073741824.0, 0))::HUGEINT
                   -- in the cluster, sender pays: its egress and the receiver's ingress
                   WHEN pi.nano_per_gib IS NULL THEN NULL
                   ELSE round_even(c.sent_bytes::HUGEINT * (e.nano_per_gib + pi.nano_per_gib) / 1073741824.0, 0)::HUGEINT
                 END AS cost_nano
          FROM (%s) c
          LEFT JOIN rates e ON e.region = c.region AND e.traffic_class = c.traffic_class AND e.direction = 'egress'
          LEFT JOIN rates i ON i.region = c.region AND i.traffic_class = c.traffic_class AND i.direction = 'ingress'
          LEFT JOIN rates pi ON pi.region = c.peer_region AND pi.traffic_class = c.traffic_class AND pi.direction = 'ingress'
          """
              .formatted(classified);
      sql.execute("CREATE TEMP TABLE nf AS " + priced);
      sql.execute(
          "COPY (SELECT * EXCLUDE (id) FROM nf ORDER BY window_start, node, local_ip, peer_ip) TO '"
              + out
              + "/network_flows.parquet' (FORMAT parquet, COMPRESSION zstd)");
      // internet egress tiers (AWS us-east-1 / us-west-2, first day of the month): 100 GiB free,
      // then $0.09 (volumes here stay below 10 TiB), split over the groups by bytes
      sql.execute(
          "CREATE TEMP TABLE tier AS SELECT region, sum(sent_bytes)::HUGEINT AS b,"
              + " round_even(greatest(0, sum(sent_bytes)::HUGEINT - 107374182400) * 90000000 / 1073741824.0, 0) AS day_nano"
              + " FROM nf WHERE traffic_class = 'internet' AND cost_nano IS NOT NULL GROUP BY region");
      sql.execute(
          "UPDATE nf SET cost_nano = cost_nano + (SELECT CASE WHEN t.b = 0 THEN 0 ELSE round_even(t.day_nano * nf.sent_bytes / t.b, 0) END"
              + " FROM tier t WHERE t.region = nf.region)::HUGEINT"
              + " WHERE traffic_class = 'internet' AND cost_nano IS NOT NULL");
      sql.execute(
          "COPY (SELECT cluster, team, namespace, workload_kind, workload, traffic_class, sum(sent_bytes) AS egress_bytes,"
              + " sum(received_bytes) AS ingress_bytes, (sum(cost_nano)::DECIMAL(38,0) / 1000000000)::DECIMAL(38,9) AS cost"
              + " FROM nf GROUP BY ALL ORDER BY ALL) TO '"
              + out
              + "/chargeback_daily.parquet' (FORMAT parquet, COMPRESSION zstd)");
      Map<String, BigDecimal> teams = new TreeMap<>();
      try (ResultSet rs =
          sql.executeQuery(
              "SELECT team, sum(cost) FROM read_parquet('"
                  + out
                  + "/chargeback_daily.parquet') GROUP BY team")) {
        while (rs.next()) {
          if (rs.getBigDecimal(2) != null) {
            teams.put(rs.getString(1), rs.getBigDecimal(2));
          }
        }
      }
      return teams;
    }
  }

  /** The bundled sheet's first-tier rates for the bench cluster's regions, as SQL VALUES. */
  private static String rates() {
    StringJoiner values = new StringJoiner(", ");
    PriceBook book = PriceBook.bundled();
    for (String region : List.of("us-east-1", "us-west-2")) {
      for (TrafficClass trafficClass : TrafficClass.values()) {
        for (TransferDirection direction : TransferDirection.values()) {
          Optional<BigDecimal> rate =
              book.quote(
                      new PriceQuery("aws", region, trafficClass, direction, Optional.empty(), DAY))
                  .map(q -> q.ratePerGib());
          rate.ifPresent(
              r ->
                  values.add(
                      String.format(
                          "('%s', '%s', '%s', %d)",
                          region,
                          trafficClass.wireName(),
                          direction.wireName(),
                          r.movePointRight(9).longValueExact())));
        }
      }
    }
    return values.toString();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
