package dev.netcost.job;

import dev.netcost.contract.IpPrefix;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "Attribute, classify and price one date's traffic.",
      "Reads the day's flow and metadata snapshots and replaces the date's partitions of"
          + " network_flows, chargeback_daily and run_log; with --billing-export, reconciles the"
          + " date too. With --to, each date of a range in turn (a backfill)."
    })
final class NightlyCommand implements Callable<Integer> {
  @Mixin CommonOptions.Date date;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      converter = DateConverter.class,
      description = {
        "A backfill: every date from --date through this one (inclusive, UTC), in date order, in",
        "one JVM and Spark session (docs/nightly-job.md). Each date is committed on its own, as by",
        "its own run; the run stops at the first date that fails, and the dates before it stay",
        "committed."
      })
  LocalDate to;

  @Mixin CommonOptions.Store store;

  @Mixin CommonOptions.Master master;

  @Mixin CommonOptions.Provider provider;

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
      paramLabel = "POLICY",
      converter = CommonOptions.PolicyConverter.class,
      completionCandidates = CommonOptions.PolicyNames.class,
      description =
          "Who bears in-cluster transfer charges: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "sender_pays")
  AttributionPolicy attributionPolicy;

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
      names = "--max-broadcast-intervals",
      paramLabel = "N",
      description = {
        "Broadcast the day's ownership intervals to every task while they are at most N (hourly",
        "copies counted once); beyond that, join them to the flow rows in Spark (docs/nightly-job.md)",
        "(default: one interval per 4 KiB of the maximum heap: ${DEFAULT-VALUE} here)."
      })
  int maxBroadcastIntervals = NightlyJob.Config.defaultMaxBroadcastIntervals();

  @Option(
      names = "--signals-config",
      description = "Egress signals configuration (docs/signals.md); default: built-in defaults.")
  java.nio.file.Path signalsConfig;

  @Option(names = "--no-signals", description = "Skip the egress security signals.")
  boolean noSignals;

  @Mixin ReconcileCommand.BillingOptions billing;

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
                attributionPolicy));
    List<LocalDate> dates = dates(date.date, to);
    pricing.setup().warnings().forEach(w -> System.err.println("warning: " + w));
    SparkSession spark =
        SparkSessions.create(
            master.master, "netcost nightly " + date.date + (dates.size() > 1 ? " to " + to : ""));
    try {
      for (LocalDate day : dates) {
        try {
          runDate(spark, day, pricing);
        } catch (RuntimeException e) {
          if (!day.equals(date.date)) {
            LocalDate last = day.minusDays(1);
            System.err.printf(
                "netcost: the backfill stopped at %s; %s committed (resume with --date %s --to"
                    + " %s)%n",
                day,
                last.equals(date.date)
                    ? date.date + " is"
                    : date.date + " through " + last + " are",
                day,
                to);
          }
          throw e;
        }
      }
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** The dates of a run: {@code from} alone, or {@code from} through {@code to} in order. */
  static List<LocalDate> dates(LocalDate from, LocalDate to) {
    if (to == null) {
      return List.of(from);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --date " + from);
    }
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** One date: the job, then reconciliation and the egress signals when asked for. */
  private void runDate(SparkSession spark, LocalDate day, RunPricing pricing) {
    NightlyJob.Config base =
        config(store.store, day, provider.name(), privateCidrs, pricing, allowEmpty);
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
            maxResolvedDrop,
            maxBroadcastIntervals);
    NightlyJob.Summary summary = NightlyJob.run(spark, config);
    Reports.printRun(System.out, summary);
    if (billing.configured()) {
      ReconcileCommand.print(
          System.out,
          dev.netcost.job.nightly.Reconciliation.run(
              spark, ReconcileCommand.config(store.store, day, provider.name(), billing)));
    }
    if (!noSignals && summary.rowsWritten() > 0) {
      Signals.run(spark, config.storeRoot(), day, Signals.config(signalsConfig), System.out);
    }
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
    List<IpPrefix> cidrs = new ArrayList<>();
    for (String text : privateCidrs) {
      try {
        cidrs.add(IpPrefix.parse(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--private-cidr: " + e.getMessage(), e);
      }
    }
    return new NightlyJob.Config(
        Stores.sparkLocation(store), date, provider, cidrs, pricing, "USD", allowEmpty);
  }
}
