package dev.netcost.job;

import dev.netcost.job.attribution.Cidr;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "Run the nightly job for one date: read the day's snapshots, attribute, classify and price every",
      "flow, and replace the date's partitions of network_flows, chargeback_daily and run_log."
    })
final class NightlyCommand implements Callable<Integer> {
  @Option(
      names = "--date",
      required = true,
      converter = DateConverter.class,
      description = "The date to process (UTC): YYYY-MM-DD, today or yesterday.")
  LocalDate date;

  @Option(
      names = "--store",
      description =
          "Store with snapshots and tables: a directory or URI (default: $NETCOST_STORE, else netcost-data).",
      defaultValue = "${env:NETCOST_STORE:-netcost-data}")
  String store;

  @Option(names = "--master", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(
      names = "--provider",
      description = "Cloud provider of the price sheet (default: ${DEFAULT-VALUE}).",
      defaultValue = "aws")
  String provider;

  @Option(
      names = "--private-cidr",
      description =
          "Private range reached over a peering or on-premises link (class private); repeatable.")
  List<String> privateCidrs = new ArrayList<>();

  @Option(
      names = "--allow-empty",
      description = "Write empty tables when the date has no flow snapshots.")
  boolean allowEmpty;

  @Option(
      names = "--signals-config",
      description = "Egress signals configuration (docs/signals.md); default: built-in defaults.")
  java.nio.file.Path signalsConfig;

  @Option(names = "--no-signals", description = "Skip the egress security signals.")
  boolean noSignals;

  @picocli.CommandLine.Mixin ReconcileCommand.BillingOptions billing;

  @Override
  public Integer call() {
    NightlyJob.Config config = config(store, date, provider, privateCidrs, allowEmpty);
    SparkSession spark = SparkSessions.create(master, "netcost nightly " + date);
    try {
      NightlyJob.Summary summary = NightlyJob.run(spark, config);
      Reports.printRun(System.out, summary);
      if (billing.configured()) {
        ReconcileCommand.print(
            System.out,
            dev.netcost.job.nightly.Reconciliation.run(
                spark, ReconcileCommand.config(store, date, provider, billing)));
      }
      if (!noSignals && summary.rowsWritten() > 0) {
        Signals.run(spark, config.storeRoot(), date, Signals.config(signalsConfig), System.out);
      }
    } finally {
      spark.stop();
    }
    return 0;
  }

  static NightlyJob.Config config(
      String store,
      LocalDate date,
      String provider,
      List<String> privateCidrs,
      boolean allowEmpty) {
    List<Cidr> cidrs = new ArrayList<>();
    for (String text : privateCidrs) {
      try {
        cidrs.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--private-cidr: " + e.getMessage(), e);
      }
    }
    return new NightlyJob.Config(
        Stores.sparkLocation(store), date, provider, cidrs, PriceBook.bundled(), "USD", allowEmpty);
  }
}
