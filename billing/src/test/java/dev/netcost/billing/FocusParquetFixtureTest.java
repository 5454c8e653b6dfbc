package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * FOCUS 1.2 "with AWS columns" as AWS Data Exports writes it in Parquet: timestamps in
 * milliseconds, costs as doubles, {@code x_UsageType} and {@code x_Operation}; ZSTD pages.
 */
class FocusParquetFixtureTest {
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message focus {
            optional double BilledCost;
            optional binary BillingAccountId (STRING);
            optional binary BillingAccountType (STRING);
            optional binary BillingCurrency (STRING);
            optional binary ChargeCategory (STRING);
            optional binary ChargeDescription (STRING);
            optional int64 ChargePeriodStart (TIMESTAMP(MILLIS,true));
            optional int64 ChargePeriodEnd (TIMESTAMP(MILLIS,true));
            optional double ConsumedQuantity;
            optional binary ConsumedUnit (STRING);
            optional double ListCost;
            optional binary ProviderName (STRING);
            optional binary RegionId (STRING);
            optional binary ResourceId (STRING);
            optional binary SkuId (STRING);
            optional binary x_UsageType (STRING);
            optional binary x_Operation (STRING);
          }
          """);

  private static Group row(
      SimpleGroupFactory groups,
      double billed,
      String category,
      String start,
      Double quantity,
      double list,
      String usageType,
      String operation) {
    Group row = groups.newGroup();
    row.append("BilledCost", billed);
    row.append("BillingAccountId", "111122223333");
    row.append("BillingAccountType", "Billing Account");
    row.append("BillingCurrency", "USD");
    row.append("ChargeCategory", category);
    row.append("ChargeDescription", "fixture");
    row.append("ChargePeriodStart", Instant.parse(start).toEpochMilli());
    row.append("ChargePeriodEnd", Instant.parse(start).plusSeconds(3600).toEpochMilli());
    if (quantity != null) {
      row.append("ConsumedQuantity", quantity);
      row.append("ConsumedUnit", "GB");
    }
    row.append("ListCost", list);
    row.append("ProviderName", "AWS");
    row.append("RegionId", "ap-south-1");
    row.append("ResourceId", "i-0ddd");
    row.append("SkuId", "ABCDEFGHIJKLMNOP");
    row.append("x_UsageType", usageType);
    row.append("x_Operation", operation);
    return row;
  }

  @Test
  void readsFocusParquetWithAwsColumns() {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    byte[] file =
        ParquetFixtures.write(
            SCHEMA,
            List.of(
                row(
                    groups,
                    0.1093,
                    "Usage",
                    "2026-11-20T23:00:00Z",
                    1.0,
                    0.1093,
                    "APS3-DataTransfer-Out-Bytes",
                    "RunInstances"),
                row(
                    groups,
                    0.09,
                    "Usage",
                    "2026-11-21T00:00:00Z",
                    9.0,
                    0.09,
                    "APS3-DataTransfer-Regional-Bytes",
                    "InterZone-Out"),
                row(
                    groups,
                    -0.01,
                    "Credit",
                    "2026-11-21T00:00:00Z",
                    null,
                    0.0,
                    "APS3-DataTransfer-Regional-Bytes",
                    "InterZone-Out")),
            CompressionCodecName.ZSTD);
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, "focus.parquet", file);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.lines())
        .extracting(BillingLine::usageDay)
        .containsExactly(
            LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21), LocalDate.of(2026, 11, 21));
    assertThat(result.lines().get(0).netCost()).isEqualTo(new BigDecimal("0.1093"));
    assertThat(result.lines().stream().map(NetworkClassifier::classify).toList())
        .containsExactly(
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.INTERNET,
                    Optional.of(TransferDirection.EGRESS),
                    Optional.of("ap-south-1"),
                    Optional.empty())),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.CROSS_ZONE,
                    Optional.of(TransferDirection.EGRESS),
                    Optional.of("ap-south-1"),
                    Optional.empty())),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.CROSS_ZONE,
                    Optional.of(TransferDirection.EGRESS),
                    Optional.of("ap-south-1"),
                    Optional.empty())));
    BilledNetworkCost crossZone =
        BilledNetworkCosts.aggregate(result.lines(), true).values().stream()
            .filter(billed -> billed.key().trafficClass() == TrafficClass.CROSS_ZONE)
            .findFirst()
            .orElseThrow();
    assertThat(crossZone.netCost()).isEqualByComparingTo("0.08");
    assertThat(crossZone.listCost()).isEqualByComparingTo("0.09");
    assertThat(crossZone.usageGib()).isEqualByComparingTo("9");
    assertThat(crossZone.key().resourceId()).contains("i-0ddd");
  }

  @Test
  void regionPrefixesWhenTheLineHasNoRegion() {
    // APS1 is Singapore, APS3 Mumbai, EU Ireland, no prefix us-east-1
    for (String[] pair :
        new String[][] {
          {"APS1-DataTransfer-Out-Bytes", "ap-southeast-1"},
          {"APS3-DataTransfer-Out-Bytes", "ap-south-1"},
          {"EU-DataTransfer-Out-Bytes", "eu-west-1"},
          {"DataTransfer-Out-Bytes", "us-east-1"},
          {"USE1-DataTransfer-Out-Bytes", "us-east-1"}
        }) {
      BillingLine line =
          new BillingLine(
              BillingProvider.AWS,
              BillingFormat.AWS_CUR,
              "1",
              Optional.empty(),
              LocalDate.of(2026, 11, 20),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              pair[0],
              "",
              ChargeCategory.USAGE,
              BigDecimal.ONE,
              "GB",
              Optional.of(BigDecimal.ONE),
              BigDecimal.ONE,
              BigDecimal.ONE,
              "USD",
              java.util.Map.of(),
              "x",
              1);
      assertThat(NetworkClassifier.classify(line).orElseThrow().region())
          .as(pair[0])
          .contains(pair[1]);
    }
  }
}
