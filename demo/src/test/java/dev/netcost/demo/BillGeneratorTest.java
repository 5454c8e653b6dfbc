package dev.netcost.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.billing.BillingExportReader;
import dev.netcost.billing.BillingFormat;
import dev.netcost.billing.BillingLine;
import dev.netcost.billing.ReadResult;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo bill's CSV: its exact bytes, and values with commas, quotes and line breaks. */
class BillGeneratorTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

  private static BillUsage oneGibToTheInternet(String instanceId) {
    BillUsage usage = new BillUsage();
    usage.add(
        new BillUsage.Meter(
            DAY,
            "us-east-1",
            "us-east-1a",
            instanceId,
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            Optional.empty()),
        1L << 30);
    return usage;
  }

  @Test
  void writesTheLegacyCurByteForByte() {
    String common =
        "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z,123456789012,2026-11-01T00:00:00Z,"
            + "2026-12-01T00:00:00Z,123456789012,";
    String day = "2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,AmazonEC2,";
    String internet =
        "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier";
    String regional =
        "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB";
    String expected =
        "identity/LineItemId,identity/TimeInterval,bill/PayerAccountId,bill/BillingPeriodStartDate,"
            + "bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,"
            + "lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,"
            + "lineItem/Operation,lineItem/AvailabilityZone,lineItem/ResourceId,lineItem/UsageAmount,"
            + "lineItem/CurrencyCode,lineItem/UnblendedRate,lineItem/UnblendedCost,"
            + "lineItem/LineItemDescription,pricing/publicOnDemandCost,pricing/publicOnDemandRate,"
            + "pricing/unit,product/productFamily,product/region,product/transferType,"
            + "product/fromRegionCode,product/toRegionCode\r\n"
            // our node: 1 GiB to the internet at $0.09, and its 3 % EDP discount
            + "nc000000000000001,"
            + common
            + "Usage,"
            + day
            + "DataTransfer-Out-Bytes,RunInstances,us-east-1a,i-0aaa,1,USD,0.09,0.090000000,"
            + internet
            + ",0.090000000,0.09,GB,Data Transfer,us-east-1,AWS Outbound,us-east-1,External\r\n"
            + "nc000000000000002,"
            + common
            + "EdpDiscount,"
            + day
            + "DataTransfer-Out-Bytes,RunInstances,us-east-1a,i-0aaa,1,USD,0.09,-0.002700000,"
            + "Enterprise Program Discount on DataTransfer-Out-Bytes,0.000000000,0.09,GB,"
            + "Data Transfer,us-east-1,AWS Outbound,us-east-1,External\r\n"
            // the bastion outside the cluster, day 0: 0.5 GiB cross-zone, 3 GiB to the internet
            + "nc000000000000003,"
            + common
            + "Usage,"
            + day
            + "DataTransfer-Regional-Bytes,InterZone-Out,us-east-1a,i-0ba5710000000b001,0.5,USD,"
            + "0.01,0.005000000,"
            + regional
            + ",0.005000000,0.01,GB,Data Transfer,us-east-1,IntraRegion,us-east-1,us-east-1\r\n"
            + "nc000000000000004,"
            + common
            + "EdpDiscount,"
            + day
            + "DataTransfer-Regional-Bytes,InterZone-Out,us-east-1a,i-0ba5710000000b001,0.5,USD,"
            + "0.01,-0.000150000,Enterprise Program Discount on DataTransfer-Regional-Bytes,"
            + "0.000000000,0.01,GB,Data Transfer,us-east-1,IntraRegion,us-east-1,us-east-1\r\n"
            + "nc000000000000005,"
            + common
            + "Usage,"
            + day
            + "DataTransfer-Out-Bytes,RunInstances,us-east-1a,i-0ba5710000000b001,3,USD,0.09,"
            + "0.270000000,"
            + internet
            + ",0.270000000,0.09,GB,Data Transfer,us-east-1,AWS Outbound,us-east-1,External\r\n"
            + "nc000000000000006,"
            + common
            + "EdpDiscount,"
            + day
            + "DataTransfer-Out-Bytes,RunInstances,us-east-1a,i-0ba5710000000b001,3,USD,0.09,"
            + "-0.008100000,Enterprise Program Discount on DataTransfer-Out-Bytes,0.000000000,0.09,"
            + "GB,Data Transfer,us-east-1,AWS Outbound,us-east-1,External\r\n";
    byte[] csv =
        BillGenerator.legacyCurCsv(oneGibToTheInternet("i-0aaa"), BillGenerator.Options.demo());
    assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void quotesFieldsWithCommasQuotesAndLineBreaksSoTheBillingReaderReadsThemWhole() {
    String instance = "i-0\"odd\", one\nsecond line";
    String payer = "1234,5678";
    BillGenerator.Options options =
        new BillGenerator.Options(
            payer, "USD", new BigDecimal("0.03"), "i-0ba5710000000b001", "us-east-1", "us-east-1a");
    byte[] csv = BillGenerator.legacyCurCsv(oneGibToTheInternet(instance), options);
    String text = new String(csv, StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("identity/LineItemId,")
        .contains(
            "\r\nnc000000000000001,2026-11-01T00:00:00Z/2026-11-02T00:00:00Z,\"1234,5678\","
                + "2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,\"1234,5678\",Usage,")
        .contains(",us-east-1a,\"i-0\"\"odd\"\", one\nsecond line\",1,USD,0.09,0.090000000,");

    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, "demo-cur.csv", csv);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.rowsRead()).isEqualTo(6);
    BillingLine ours = result.lines().get(0);
    assertThat(ours.billingAccount()).isEqualTo("1234,5678");
    assertThat(ours.subAccount()).contains("1234,5678");
    assertThat(ours.resourceId()).contains("i-0\"odd\", one\nsecond line");
    assertThat(ours.netCost()).isEqualByComparingTo("0.09");
    assertThat(ours.description())
        .isEqualTo(
            "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier");
    BillingLine discount = result.lines().get(1);
    assertThat(discount.resourceId()).contains("i-0\"odd\", one\nsecond line");
    assertThat(discount.netCost()).isEqualByComparingTo("-0.0027");
    assertThat(discount.sourceRow()).isEqualTo(2);
    assertThat(result.lines().get(2).resourceId()).contains("i-0ba5710000000b001");
  }
}
