package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real legacy CUR sample (focus_converters, Nov 2023, 1,281 rows). */
class LegacyCurSampleTest {
  private static final String SAMPLE = "billing/aws-cur/legacy_cur_sample.csv";

  @Test
  void everyRowIsParsed() {
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, Samples.require(SAMPLE));
    assertThat(result.rejections()).isEmpty();
    assertThat(result.rowsRead()).isEqualTo(1281);
    assertThat(result.lines()).hasSize(1281);
    assertThat(result.summary()).endsWith(": 1281 rows, 1281 lines, 0 rejected");
  }

  @Test
  void readsTheFieldsOfAnInterRegionLine() {
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, Samples.require(SAMPLE));
    BillingLine line =
        result.lines().stream()
            .filter(candidate -> candidate.usageType().equals("USE1-EUC1-AWS-Out-Bytes"))
            .findFirst()
            .orElseThrow();
    assertThat(line.provider()).isEqualTo(BillingProvider.AWS);
    assertThat(line.billingAccount()).isEqualTo("123412340534");
    assertThat(line.region()).contains("us-east-1");
    assertThat(line.usageUnit()).isEqualTo("GB");
    assertThat(line.currency()).isEqualTo("USD");
    assertThat(line.description())
        .isEqualTo("$0.02 per GB - US East (Northern Virginia) data transfer to EU (Germany)");
    assertThat(NetworkClassifier.classify(line))
        .contains(
            new NetworkCharge(
                ChargeKind.TRANSFER,
                TrafficClass.CROSS_REGION,
                Optional.of(TransferDirection.EGRESS),
                Optional.of("us-east-1"),
                Optional.of("eu-central-1")));
  }

  @Test
  void classifiesExactlyTheRowsAwsMarksAsDataTransfer() throws Exception {
    Path file = Samples.require(SAMPLE);
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, file);
    long classified =
        result.lines().stream()
            .filter(line -> NetworkClassifier.classify(line).isPresent())
            .count();
    Map<String, IndependentSums.Totals> byTransferType =
        IndependentSums.query(
            "SELECT 'all' AS key, count(*) AS lines, 0 AS list_cost, 0 AS net_cost, 0 AS usage_gib"
                + " FROM read_csv('"
                + file
                + "', all_varchar = true, header = true) WHERE \"product/transferType\" <> ''");
    assertThat(classified).isEqualTo(byTransferType.get("all").lines());
    assertThat(classified).isEqualTo(446);
  }

  @Test
  void networkTotalsPerDayClassAndRegionMatchSql() throws Exception {
    Path file = Samples.require(SAMPLE);
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, file);
    // classification from AWS's own product/transferType, not from the usage type the code reads
    String sql =
        """
        SELECT day || '/aws/transfer/' || class || '/' || direction || '/' || region || '/-' AS key,
               count(*) AS lines,
               sum(CAST("pricing/publicOnDemandCost" AS DECIMAL(38, 18))) AS list_cost,
               sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 18))) AS net_cost,
               sum(CAST("lineItem/UsageAmount" AS DECIMAL(38, 18))) AS usage_gib
        FROM (
          SELECT *,
                 substr("lineItem/UsageStartDate", 1, 10) AS day,
                 CASE WHEN "product/transferType" LIKE 'IntraRegion%' THEN 'cross_zone'
                      WHEN "product/transferType" LIKE 'InterRegion%' THEN 'cross_region'
                      WHEN "product/transferType" LIKE 'AWS %' THEN 'internet' END AS class,
                 CASE WHEN "product/transferType" LIKE '%-In'
                        OR "product/transferType" LIKE '%Inbound' THEN 'ingress'
                      WHEN "product/transferType" LIKE '%-Out'
                        OR "product/transferType" LIKE '%Outbound' THEN 'egress'
                      ELSE 'both' END AS direction,
                 "product/region" AS region
          FROM read_csv('$FILE', all_varchar = true, header = true)
          WHERE "product/transferType" <> '')
        GROUP BY ALL
        """
            .replace("$FILE", file.toString());
    Map<String, IndependentSums.Totals> expected = IndependentSums.query(sql);
    assertThat(expected).isNotEmpty();
    IndependentSums.assertSameTotals(IndependentSums.fromJava(result.lines()), expected);
  }

  @Test
  void unprefixedUsageTypesAreUsEast1AndPrefixesMapToRegions() {
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, Samples.require(SAMPLE));
    for (BillingLine line : result.lines()) {
      Optional<NetworkCharge> charge = NetworkClassifier.classify(line);
      if (charge.isEmpty()) {
        continue;
      }
      // the product's region code must agree with what the usage type prefix says
      assertThat(charge.get().region()).as(line.location()).isEqualTo(line.region());
      if (charge.get().trafficClass() == TrafficClass.CROSS_REGION) {
        String toRegion = line.attribute(LineAttribute.TO_REGION).orElseThrow();
        if (charge.get().direction().orElseThrow() == TransferDirection.EGRESS) {
          assertThat(charge.get().peerRegion()).as(line.location()).contains(toRegion);
        }
      }
    }
    BillingLine unprefixed =
        result.lines().stream()
            .filter(line -> line.usageType().equals("DataTransfer-Out-Bytes"))
            .findFirst()
            .orElseThrow();
    assertThat(unprefixed.region()).contains("us-east-1");
    assertThat(unprefixed.usageDay())
        .isBetween(LocalDate.of(2023, 11, 1), LocalDate.of(2023, 11, 14));
    assertThat(unprefixed.usageGib()).contains(unprefixed.usageAmount());
    assertThat(unprefixed.listCost()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
  }
}
