package dev.netcost.job;

import dev.netcost.billing.BillingFormat;
import dev.netcost.demo.BillGenerator;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.job.nightly.Reconciliation;
import dev.netcost.pricing.PriceBook;
import dev.netcost.report.ReportOptions;
import dev.netcost.report.ReportResult;
import dev.netcost.signals.DemoGeoDatabases;
import dev.netcost.signals.EgressSignals;
import dev.netcost.signals.SignalsConfig;
import dev.netcost.signals.SignalsResult;
import dev.netcost.spark.SparkSessions;
import dev.netcost.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run netcost end to end on a week of a synthetic cluster.",
      "Generates the cluster's snapshots and bill, runs the nightly job, the reconciliation and the"
          + " egress signals for each day and the monthly report, and prints what each team's"
          + " network traffic cost, by traffic class."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Directory for snapshots and tables (default: ${DEFAULT-VALUE}).",
      defaultValue = "netcost-demo")
  Path store;

  /** The demo's directory option before it was named like every command's: still accepted. */
  @Option(names = "--out", paramLabel = "DIR", description = "Deprecated: the same as --store.")
  Path out;

  /** The directory: {@code --store}, or the deprecated {@code --out} when given. */
  Path directory() {
    return out != null ? out : store;
  }

  @Option(
      names = "--days",
      description = "Days to generate and process (default: ${DEFAULT-VALUE}).",
      defaultValue = "7")
  int days;

  @Option(
      names = "--start",
      description = "First day, UTC (default: ${DEFAULT-VALUE}).",
      defaultValue = "2026-11-01")
  LocalDate start;

  @Mixin CommonOptions.Master master;

  @Override
  public Integer call() throws Exception {
    DemoModule.require("demo");
    Instant began = Instant.now();
    if (out != null) {
      System.err.println("warning: --out is deprecated; use --store");
    }
    Path directory = directory().toAbsolutePath().normalize();
    System.out.printf(
        "netcost demo: %d days of a synthetic 24-node, 2-region cluster in %s%n%n",
        days, directory);
    ClusterGenerator generator =
        new ClusterGenerator(ClusterGenerator.Options.demo(start, days), PriceBook.bundled());
    ClusterGenerator.Result generated;
    try (LocalObjectStore store = new LocalObjectStore(directory)) {
      generated =
          generator.generate(
              store,
              d ->
                  System.out.printf(
                      "generating day %d of %d (%s)%n", d + 1, days, start.plusDays(d)));
      // reconciliation: a synthetic AWS bill (legacy CUR) of the same traffic
      BillGenerator.write(store, generator.billUsage(), BillGenerator.Options.demo());
    }
    System.out.printf(
        "wrote %,d flow rows in %,d flow snapshots, %,d metadata snapshots%n%n",
        generated.flowRows(), generated.flowSnapshots(), generated.metadataSnapshots());

    // the demo's geography: MaxMind-format databases for the demo's address ranges
    Path geo = directory.resolve("geoip");
    DemoGeoDatabases.write(geo);
    SignalsConfig signals =
        SignalsConfig.parse(
            "geoip.country_database = "
                + geo.resolve("demo-country.mmdb")
                + "\n"
                + "geoip.asn_database = "
                + geo.resolve("demo-asn.mmdb")
                + "\n",
            "demo signals config");
    List<String> alerts = new ArrayList<>();

    System.out.println("starting Spark (local mode)...");
    SparkSession spark = SparkSessions.create(master.master, "netcost demo");
    Map<String, Reports.TeamTotals> totals = new TreeMap<>();
    ReconciledTotals reconciled;
    List<ReportResult> reports = new ArrayList<>();
    try {
      for (int d = 0; d < days; d++) {
        LocalDate date = start.plusDays(d);
        System.out.printf("nightly job, day %d of %d: ", d + 1, days);
        NightlyJob.Config config =
            NightlyCommand.config(
                directory.toString(), date, "aws", List.of(ClusterGenerator.ON_PREM_CIDR), false);
        NightlyJob.Summary summary = NightlyJob.run(spark, config);
        Reports.printRun(System.out, summary);
        Reports.accumulate(totals, summary.teams());
        Reconciliation.Summary bill =
            Reconciliation.run(
                spark,
                ReconcileCommand.config(
                    directory.toString(),
                    date,
                    "aws",
                    ReconcileCommand.options(
                        directory.resolve(BillGenerator.PREFIX).toString(),
                        BillingFormat.AWS_CUR)));
        ReconcileCommand.print(System.out, bill);
        SignalsResult found = EgressSignals.run(spark, config.storeRoot(), date, signals);
        found.activeAlerts().forEach(alert -> alerts.add(alert.line()));
        System.out.printf("  egress signals: %d alerts%n", found.activeAlerts().size());
      }
      for (YearMonth month = YearMonth.from(start);
          !month.isAfter(YearMonth.from(start.plusDays(days - 1)));
          month = month.plusMonths(1)) {
        System.out.printf("monthly report %s...%n", month);
        reports.add(
            ReportCommand.report(
                spark,
                Stores.sparkLocation(directory.toString()),
                month,
                ReportOptions.Pdf.IF_AVAILABLE));
      }
      reconciled =
          ReconciledTotals.read(
              spark, Stores.sparkLocation(directory.toString()), start, start.plusDays(days - 1));
    } finally {
      spark.stop();
    }
    System.out.printf("%nNetwork cost by team, %s to %s:%n%n", start, start.plusDays(days - 1));
    Reports.printTeams(System.out, totals);
    reconciled.print(System.out);
    System.out.printf("%nEgress security signals (tables/egress_alerts):%n");
    if (alerts.isEmpty()) {
      System.out.println("  none");
    }
    alerts.forEach(line -> System.out.println("  " + line));
    System.out.printf("%nMonthly chargeback report:%n");
    reports.forEach(report -> ReportCommand.print(System.out, report));
    String tables = directory.resolve("tables").toString();
    System.out.printf(
        "%nTables (Parquet, Hive partitions by date): %s/{chargeback_daily,network_flows,run_log,reconciliation_keys_daily,reconciliation_allocations_daily,...}%n",
        tables);
    System.out.printf("Ground truth of the generator: %s/ground-truth/%n", directory);
    System.out.println("Try a query (DuckDB CLI or any engine that reads Parquet):");
    System.out.printf(
        "  SELECT team, traffic_class, round(sum(cost), 2) AS usd%n"
            + "  FROM read_parquet('%s/chargeback_daily/*/*.parquet', hive_partitioning = true)%n"
            + "  GROUP BY ALL ORDER BY usd DESC;%n",
        tables);
    System.out.printf("%nDone in %d s.%n", Duration.between(began, Instant.now()).toSeconds());
    return 0;
  }
}
