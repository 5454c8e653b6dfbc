package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.billing.BillingFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReconcileCommandTest {
  private static String err(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute(args)).isEqualTo(1);
      return err.toString(StandardCharsets.UTF_8);
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void formatNamesMapToTheBillingModulesFormats() {
    assertThat(ReconcileCommand.format("cur")).isEqualTo(BillingFormat.AWS_CUR);
    assertThat(ReconcileCommand.format("cur2")).isEqualTo(BillingFormat.AWS_CUR);
    assertThat(ReconcileCommand.format("gcp")).isEqualTo(BillingFormat.GCP_BILLING_EXPORT);
    assertThat(ReconcileCommand.format("azure")).isEqualTo(BillingFormat.AZURE_COST_DETAILS);
    assertThat(ReconcileCommand.format("focus")).isEqualTo(BillingFormat.FOCUS);
    assertThatThrownBy(() -> ReconcileCommand.format("xls"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--billing-format: unknown format 'xls' (expected cur, cur2, gcp, azure or focus)");
  }

  @Test
  void missingExportOrUnknownFormatIsBadInputBeforeSparkStarts() {
    assertThat(err("reconcile", "--date", "2026-11-01"))
        .contains("error: --billing-export is required");
    assertThat(
            err(
                "reconcile",
                "--date",
                "2026-11-01",
                "--billing-export",
                "/nonexistent/bill.csv",
                "--billing-format",
                "xls"))
        .contains(
            "error: --billing-format: unknown format 'xls' (expected cur, cur2, gcp, azure or focus)");
  }
}
