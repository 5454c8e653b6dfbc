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
      "Reconcile one date's network cost with the cloud bill: read the billing export, scale the",
      "flow-based allocation to the billed network lines, and replace the date's partitions of",
      "reconciliation_keys_daily and reconciliation_allocations_daily (chargeback_daily is not",
      "touched).",
      "Run the nightly job for the date first."
    })
final class ReconcileCommand implements Callable<Integer> {
  /** The billing options, shared with {@code nightly}. */
  static final class BillingOptions {
    @Option(
        names = "--billing-export",
        description =
            "Billing export location: a file, a directory or prefix (every file below it), or a glob;"
                + " local or s3a://, gs://, abfss://.")
    String export;

    @Option(
        names = "--billing-format",
        description =
            "Export format: cur (legacy CUR), cur2 (CUR 2.0), gcp, azure or focus (default: ${DEFAULT-VALUE}).",
        defaultValue = "cur")
    String format;

    boolean configured() {
      return export != null;
    }
  }

  @Option(
      names = "--date",
      required = true,
      converter = DateConverter.class,
      description = "The date to reconcile (UTC): YYYY-MM-DD, today or yesterday.")
  LocalDate date;

  @Option(
      names = "--store",
      description =
          "Store with the tables: a directory or URI (default: $NETCOST_STORE, else netcost-data).",
      defaultValue = "${env:NETCOST_STORE:-netcost-data}")
  String store;

  @Option(names = "--master", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(
      names = "--provider",
      description =
          "The cluster's cloud: lines of other providers are ignored (default: ${DEFAULT-VALUE}).",
      defaultValue = "aws")
  String provider;

  @Mixin BillingOptions billing;

  @Override
  public Integer call() {
    if (!billing.configured()) {
      throw new IllegalArgumentException("--billing-export is required");
    }
    Reconciliation.Config config = config(store, date, provider, billing);
    SparkSession spark = SparkSessions.create(master, "netcost reconcile " + date);
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
        format(billing.format),
        provider);
  }

  static BillingOptions options(String export, String format) {
    BillingOptions options = new BillingOptions();
    options.export = export;
    options.format = format;
    return options;
  }

  /** The command line's format names, and the billing module's wire names. */
  static BillingFormat format(String name) {
    return switch (name) {
      case "cur", "cur2", "aws-cur" -> BillingFormat.AWS_CUR;
      case "gcp", "gcp-billing-export" -> BillingFormat.GCP_BILLING_EXPORT;
      case "azure", "azure-cost-details" -> BillingFormat.AZURE_COST_DETAILS;
      case "focus" -> BillingFormat.FOCUS;
      default ->
          throw new IllegalArgumentException(
              "--billing-format: unknown format '"
                  + name
                  + "' (expected cur, cur2, gcp, azure or focus)");
    };
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
