package dev.netcost.job;

import dev.netcost.job.attribution.Cidr;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.PricingSetup;
import dev.netcost.spark.SparkSessions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      description = {
        "Private range reached over a peering or on-premises link (class private); repeatable.",
        "Checked before every other classification rule (Kubecost rules, provider ranges)."
      })
  List<String> privateCidrs = new ArrayList<>();

  // ---- pricing (docs/pricing.md): every file is validated before any data is read

  @Option(
      names = "--price-sheet",
      description =
          "A price sheet CSV of your own (private pricing); its rows replace the bundled rows of the same key; repeatable.")
  List<Path> priceSheets = new ArrayList<>();

  @Option(
      names = "--price-adjustments",
      description = "Per-rate adjustments CSV (discounts, private rates).")
  Path priceAdjustments;

  @Option(
      names = "--kubecost-config",
      description =
          "Destination rules: Kubecost's network-costs-config (config.yaml or Helm values.yaml), as is.")
  Path kubecostConfig;

  @Option(
      names = "--ip-ranges",
      description =
          "Provider range file (AWS ip-ranges.json, GCP cloud.json, Azure ServiceTags_*.json); repeatable.")
  List<Path> ipRanges = new ArrayList<>();

  @Option(
      names = "--network-paths",
      description = "network-paths.yaml: NAT gateways, VPC peerings, per-GiB load balancers.")
  Path networkPaths;

  @Option(
      names = "--attribution-policy",
      description =
          "Who bears in-cluster transfer charges: sender_pays, receiver_pays or split (default: ${DEFAULT-VALUE}).",
      defaultValue = "sender_pays")
  String attributionPolicy;

  @Option(
      names = "--allow-empty",
      description = "Write empty tables when the date has no flow snapshots.")
  boolean allowEmpty;

  @Option(
      names = "--allow-partial",
      description = {
        "Publish a suspicious day anyway (a cluster without metadata snapshots, or resolved traffic",
        "below --max-resolved-drop); run_log records the run as partial."
      })
  boolean allowPartial;

  @Option(
      names = "--max-resolved-drop",
      description =
          "Refuse the date when its resolved bytes fall by more than this fraction of the previous 7 dates' average (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.5")
  double maxResolvedDrop;

  @Option(
      names = "--signals-config",
      description = "Egress signals configuration (docs/signals.md); default: built-in defaults.")
  java.nio.file.Path signalsConfig;

  @Option(names = "--no-signals", description = "Skip the egress security signals.")
  boolean noSignals;

  @picocli.CommandLine.Mixin ReconcileCommand.BillingOptions billing;

  @Override
  public Integer call() {
    RunPricing pricing =
        RunPricing.load(
            new PricingSetup.Files(
                priceSheets,
                Optional.ofNullable(priceAdjustments),
                Optional.ofNullable(kubecostConfig),
                ipRanges,
                Optional.ofNullable(networkPaths),
                AttributionPolicy.fromWireName(attributionPolicy)));
    pricing.setup().warnings().forEach(w -> System.err.println("warning: " + w));
    NightlyJob.Config base = config(store, date, provider, privateCidrs, pricing, allowEmpty);
    NightlyJob.Config config =
        new NightlyJob.Config(
            base.storeRoot(),
            base.date(),
            base.provider(),
            base.privateCidrs(),
            base.pricing(),
            base.currency(),
            base.allowEmpty(),
            allowPartial,
            maxResolvedDrop);
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

  /** A run with the bundled prices and default classification (sender pays). */
  static NightlyJob.Config config(
      String store,
      LocalDate date,
      String provider,
      List<String> privateCidrs,
      boolean allowEmpty) {
    return config(store, date, provider, privateCidrs, RunPricing.defaults(), allowEmpty);
  }

  static NightlyJob.Config config(
      String store,
      LocalDate date,
      String provider,
      List<String> privateCidrs,
      RunPricing pricing,
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
        Stores.sparkLocation(store), date, provider, cidrs, pricing, "USD", allowEmpty);
  }
}
