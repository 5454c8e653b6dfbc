package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad or absent input gives an error naming the table, the place and the problem. */
final class TestReportErrors {
  static final YearMonth MONTH = YearMonth.of(2026, 8);
  static final ReportOptions OPTIONS =
      new ReportOptions(
          Clock.fixed(Instant.parse("2026-09-10T00:00:00Z"), ZoneOffset.UTC),
          Optional.empty(),
          ReportOptions.Pdf.SKIP);

  @Test
  void aMonthWithoutDataIsAnError(@TempDir Path store) {
    assertThatThrownBy(
            () -> MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "No chargeback_daily partitions for 2026-08 under file:"
                + store
                + "/tables/chargeback_daily (expected date=YYYY-MM-DD directories)");
  }

  @Test
  void mixedCurrenciesAreRejected(@TempDir Path store) {
    SparkSession spark = TestingSpark.session();
    spark
        .createDataFrame(
            List.of(row("2026-08-01", "USD"), row("2026-08-02", "EUR")),
            ReportFixture.CHARGEBACK_DAILY)
        .write()
        .partitionBy("date")
        .mode(SaveMode.Append)
        .parquet(store + "/tables/chargeback_daily");
    assertThatThrownBy(() -> MonthlyReport.run(spark, store.toString(), MONTH, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chargeback_daily for 2026-08 mixes currencies [EUR, USD]; a report needs one currency");
  }

  @Test
  void aMissingColumnIsNamed(@TempDir Path store) {
    SparkSession spark = TestingSpark.session();
    StructType schema =
        new StructType()
            .add("cluster", DataTypes.StringType)
            .add("team", DataTypes.StringType)
            .add("date", DataTypes.StringType);
    spark
        .createDataFrame(List.of(RowFactory.create("c", "t", "2026-08-03")), schema)
        .write()
        .partitionBy("date")
        .mode(SaveMode.Append)
        .parquet(store + "/tables/chargeback_daily");
    assertThatThrownBy(() -> MonthlyReport.run(spark, store.toString(), MONTH, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Table chargeback_daily at file:"
                + store
                + "/tables/chargeback_daily lacks columns"
                + " [namespace, workload_kind, workload, traffic_class, egress_bytes, ingress_bytes,"
                + " egress_cost, ingress_cost, cost, currency]; found [cluster, team, date]");
  }

  @Test
  void aConfiguredChromiumThatIsMissingFailsBeforeAnyWork(@TempDir Path store) {
    SparkSession spark = TestingSpark.session();
    spark
        .createDataFrame(List.of(row("2026-08-01", "USD")), ReportFixture.CHARGEBACK_DAILY)
        .write()
        .partitionBy("date")
        .mode(SaveMode.Append)
        .parquet(store + "/tables/chargeback_daily");
    ReportOptions options =
        new ReportOptions(
            OPTIONS.clock(),
            Optional.of(Path.of("/nonexistent/chromium")),
            ReportOptions.Pdf.REQUIRED);
    assertThatThrownBy(() -> MonthlyReport.run(spark, store.toString(), MONTH, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Configured Chromium is not an executable file: /nonexistent/chromium");
  }

  private static org.apache.spark.sql.Row row(String date, String currency) {
    BigDecimal cost = new BigDecimal("1.000000000");
    return RowFactory.create(
        "c",
        "t",
        "n",
        "Deployment",
        "w",
        "internet",
        10L,
        0L,
        cost,
        BigDecimal.ZERO.setScale(9),
        cost,
        currency,
        date);
  }
}
