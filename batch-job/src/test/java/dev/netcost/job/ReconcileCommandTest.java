package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.billing.BillingFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

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
    CommonOptions.BillingFormatConverter names = new CommonOptions.BillingFormatConverter();
    assertThat(names.convert("cur")).isEqualTo(BillingFormat.AWS_CUR);
    assertThat(names.convert("cur2")).isEqualTo(BillingFormat.AWS_CUR);
    assertThat(names.convert("aws-cur")).isEqualTo(BillingFormat.AWS_CUR);
    assertThat(names.convert("gcp")).isEqualTo(BillingFormat.GCP_BILLING_EXPORT);
    assertThat(names.convert("gcp-billing-export")).isEqualTo(BillingFormat.GCP_BILLING_EXPORT);
    assertThat(names.convert("azure")).isEqualTo(BillingFormat.AZURE_COST_DETAILS);
    assertThat(names.convert("azure-cost-details")).isEqualTo(BillingFormat.AZURE_COST_DETAILS);
    assertThat(names.convert("focus")).isEqualTo(BillingFormat.FOCUS);
    assertThatThrownBy(() -> names.convert("xls"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'xls' is not a billing format (expected cur, cur2, gcp, azure or focus)");
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
        .isEqualTo(
            "error: Invalid value for option '--billing-format': 'xls' is not a billing format"
                + " (expected cur, cur2, gcp, azure or focus); see 'netcost reconcile --help'"
                + System.lineSeparator());
  }
}
