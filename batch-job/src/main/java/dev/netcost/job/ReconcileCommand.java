package dev.netcost.job;

import dev.netcost.billing.BillingFormat;
import dev.netcost.contract.Money;
import dev.netcost.job.nightly.Reconciliation;
import dev.netcost.spark.SparkSessions;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile one date's network cost with the cloud bill.",
      "Reads the billing export, scales the flow-based allocation to the billed network lines,"
          + " and replaces the date's partitions of reconciliation_keys_daily and"
          + " reconciliation_allocations_daily (chargeback_daily is not touched). Run the nightly"
          + " job for the date first."
    })
final class ReconcileCommand implements Callable<Integer> {
  /** The billing options, shared with {@code nightly}. */
  static final class BillingOptions {
    @Option(
        names = "--billing-export",
        paramLabel = "LOCATION",
        description =
            "Billing export location: a file, a directory or prefix (every file below it), or a glob;"
                + " local or s3a://, gs://, abfss://.")
    String export;

    @Option(
        names = "--billing-format",
        paramLabel = "FORMAT",
        converter = CommonOptions.BillingFormatConverter.class,
        completionCandidates = CommonOptions.BillingFormatNames.class,
        description =
            "Export format: ${COMPLETION-CANDIDATES} (legacy CUR, CUR 2.0, GCP billing export, Azure cost details, FOCUS; default: ${DEFAULT-VALUE}).",
        defaultValue = "cur")
    BillingFormat format;

    boolean configured() {
      return export != null;
    }
  }

  @Mixin CommonOptions.Date date;

  @Mixin CommonOptions.Store store;

  @Mixin CommonOptions.Master master;

  @Mixin CommonOptions.Provider provider;

  @Mixin BillingOptions billing;

  @Override
  public Integer call() {
    if (!billing.configured()) {
      throw new IllegalArgumentException("--billing-export is required");
    }
    Reconciliation.Config config = config(store.store, date.date, provider.name(), billing);
    SparkSession spark = SparkSessions.create(master.master, "netcost reconcile " + date.date);
    try {
      print(System.out, Reconciliation.run(spark, config));
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** The reconciliation of a date, as {@code nightly} and {@code demo} run it. */
  static Reconciliation.Config config(
      String store, LocalDate date, String provider, BillingOptions billing) {
    return Reconciliation.Config.of(
        Stores.sparkLocation(store),
        date,
        Stores.sparkLocation(billing.export),
        billing.format,
        provider);
  }

  static BillingOptions options(String export, BillingFormat format) {
    BillingOptions options = new BillingOptions();
    options.export = export;
    options.format = format;
    return options;
  }

  static void print(PrintStream out, Reconciliation.Summary summary) {
    out.printf(
        "%s: billing export %s: %d files, %,d rows, %,d rejected%n",
        summary.date(),
        summary.billingExport(),
        summary.filesRead(),
        summary.rowsRead(),
        summary.rowsRejected());
    summary.fileSummaries().forEach(line -> out.printf("  %s%n", line));
    if (summary.rowsRejected() > 0 || !summary.rejectedFiles().isEmpty()) {
      out.printf(
          "  quarantined: %d files, %,d rows %s (see quarantine/billing/date=%s/)%n",
          summary.rejectedFiles().size(),
          summary.rowsRejected(),
          summary.rejectedByField(),
          summary.date());
    }
    if (!summary.billFound()) {
      out.printf(
          "  the export has no line for %s: nothing reconciled (the reconciliation tables stay as they were)%n",
          summary.date());
      return;
    }
    out.printf(
        "  %,d bill lines of the date, %d billed network keys (+%d estimated, not billed);"
            + " billed %s %s = attributed %s + unattributed %s; estimated %s%n",
        summary.linesOfDate(),
        summary.billedKeys(),
        summary.unbilledKeys(),
        cents(summary.billedCost()),
        summary.currency(),
        cents(summary.attributedCost()),
        cents(summary.unattributedCost()),
        cents(summary.estimatedCost()));
    out.printf(
        "  coverage: %s of %s billed GiB measured%s%n",
        summary.measuredGib().setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
        summary.billedUsageGib().setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
        summary
            .coverage()
            .map(c -> " (" + c.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN) + " %)")
            .orElse(""));
  }

  static String cents(BigDecimal value) {
    return Money.cents(value).toPlainString();
  }
}
