package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * CUR 2.0 (Data Exports, COST_AND_USAGE_REPORT) built from the documented schema: snake_case
 * columns, timestamps, double costs, the {@code product} map. Written as SNAPPY Parquet (as AWS
 * writes it) and as gzip CSV (map columns as JSON text); both must read the same.
 */
class Cur2FixtureTest {
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message cur2 {
            optional binary identity_line_item_id (STRING);
            optional binary bill_payer_account_id (STRING);
            optional binary line_item_usage_account_id (STRING);
            optional binary line_item_line_item_type (STRING);
            optional int64 line_item_usage_start_date (TIMESTAMP(MILLIS,true));
            optional binary line_item_product_code (STRING);
            optional binary line_item_usage_type (STRING);
            optional binary line_item_operation (STRING);
            optional binary line_item_availability_zone (STRING);
            optional binary line_item_resource_id (STRING);
            optional double line_item_usage_amount;
            optional binary line_item_currency_code (STRING);
            optional double line_item_unblended_cost;
            optional double line_item_net_unblended_cost;
            optional binary line_item_line_item_description (STRING);
            optional binary pricing_unit (STRING);
            optional double pricing_public_on_demand_cost;
            optional binary product_region_code (STRING);
            optional binary product_from_region_code (STRING);
            optional binary product_to_region_code (STRING);
            optional group product (MAP) {
              repeated group key_value {
                required binary key (STRING);
                optional binary value (STRING);
              }
            }
          }
          """);

  private static final String[] COLUMNS = {
    "identity_line_item_id",
    "bill_payer_account_id",
    "line_item_usage_account_id",
    "line_item_line_item_type",
    "line_item_usage_start_date",
    "line_item_product_code",
    "line_item_usage_type",
    "line_item_operation",
    "line_item_availability_zone",
    "line_item_resource_id",
    "line_item_usage_amount",
    "line_item_currency_code",
    "line_item_unblended_cost",
    "line_item_net_unblended_cost",
    "line_item_line_item_description",
    "pricing_unit",
    "pricing_public_on_demand_cost",
    "product_region_code",
    "product_from_region_code",
    "product_to_region_code",
    "product"
  };

  /** Rows as column → value; the product map as a map; null is absent. */
  private static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(
        row(
            "l1",
            "Usage",
            "2026-11-20T03:00:00Z",
            "AmazonEC2",
            "USE2-DataTransfer-Regional-Bytes",
            "InterZone-Out",
            "us-east-2a",
            "i-0aaa",
            12.5,
            0.125,
            0.1125,
            "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB",
            "GB",
            0.125,
            Map.of("transfer_type", "IntraRegion", "product_family", "Data Transfer")));
    rows.add(
        row(
            "l2",
            "Usage",
            "2026-11-20T04:00:00Z",
            "AmazonEC2",
            "USE2-DataTransfer-Regional-Bytes",
            "InterZone-In",
            "us-east-2a",
            "i-0aaa",
            10.0,
            0.1,
            0.09,
            "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB",
            "GB",
            0.1,
            Map.of("transfer_type", "IntraRegion")));
    rows.add(
        row(
            "l3",
            "Usage",
            "2026-11-20T04:00:00Z",
            "AmazonEC2",
            "USE2-DataTransfer-Regional-Bytes",
            "InterZone-Out",
            "us-east-2b",
            "i-0bbb",
            2.0,
            0.02,
            0.018,
            "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB",
            "GB",
            0.02,
            Map.of("transfer_type", "IntraRegion")));
    rows.add(
        row(
            "l4",
            "Usage",
            "2026-11-20T05:00:00Z",
            "AmazonEC2",
            "USE2-USE1-AWS-Out-Bytes",
            "InterRegion-Out",
            null,
            "i-0aaa",
            3.0,
            0.03,
            0.03,
            "$0.01 per GB - US East (Ohio) data transfer to US East (Northern Virginia)",
            "GB",
            0.03,
            Map.of(
                "transfer_type", "InterRegion Outbound", "to_location", "US East (N. Virginia)")));
    rows.add(
        row(
            "l5",
            "Usage",
            "2026-11-20T06:00:00Z",
            "AmazonEC2",
            "USE2-DataTransfer-Out-Bytes",
            "PublicIP-Out",
            null,
            "i-0bbb",
            100.0,
            9.0,
            9.0,
            "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier",
            "GB",
            9.0,
            Map.of("transfer_type", "AWS Outbound")));
    rows.add(
        row(
            "l6",
            "Usage",
            "2026-11-20T06:00:00Z",
            "AmazonEC2",
            "USE2-NatGateway-Bytes",
            "NatGateway",
            null,
            "arn:aws:ec2:us-east-2:111122223333:natgateway/nat-0ccc",
            50.0,
            2.25,
            2.25,
            "$0.045 per GB Data Processed by NAT Gateways",
            "GB",
            2.25,
            Map.of()));
    rows.add(
        row(
            "l7",
            "Usage",
            "2026-11-20T06:00:00Z",
            "AmazonEC2",
            "USE2-NatGateway-Hours",
            "NatGateway",
            null,
            "arn:aws:ec2:us-east-2:111122223333:natgateway/nat-0ccc",
            1.0,
            0.045,
            0.045,
            "$0.045 per NAT Gateway Hour",
            "Hrs",
            0.045,
            Map.of()));
    rows.add(
        row(
            "l8",
            "EdpDiscount",
            "2026-11-20T06:00:00Z",
            "AmazonEC2",
            "USE2-DataTransfer-Out-Bytes",
            "PublicIP-Out",
            null,
            "i-0bbb",
            0.0,
            -0.9,
            -0.9,
            "Enterprise Program Discount",
            "GB",
            null,
            Map.of("transfer_type", "AWS Outbound")));
    rows.add(
        row(
            "l9",
            "Usage",
            "2026-11-20T00:00:00Z",
            "AmazonEC2",
            "USE2-BoxUsage:m5.large",
            "RunInstances",
            "us-east-2a",
            "i-0aaa",
            24.0,
            2.304,
            2.304,
            "$0.096 per On Demand Linux m5.large Instance Hour",
            "Hrs",
            2.304,
            Map.of()));
    // a row without its unblended cost: rejected, the others kept
    rows.add(
        row(
            "l10",
            "Usage",
            "2026-11-20T07:00:00Z",
            "AmazonEC2",
            "USE2-DataTransfer-Out-Bytes",
            "PublicIP-Out",
            null,
            "i-0bbb",
            1.0,
            null,
            null,
            "broken",
            "GB",
            0.09,
            Map.of("transfer_type", "AWS Outbound")));
    return rows;
  }

  private static Map<String, Object> row(
      String id,
      String type,
      String start,
      String productCode,
      String usageType,
      String operation,
      String zone,
      String resource,
      Double usage,
      Double unblended,
      Double net,
      String description,
      String unit,
      Double publicCost,
      Map<String, String> product) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("identity_line_item_id", id);
    row.put("bill_payer_account_id", "111122223333");
    row.put("line_item_usage_account_id", "444455556666");
    row.put("line_item_line_item_type", type);
    row.put("line_item_usage_start_date", Instant.parse(start));
    row.put("line_item_product_code", productCode);
    row.put("line_item_usage_type", usageType);
    row.put("line_item_operation", operation);
    row.put("line_item_availability_zone", zone);
    row.put("line_item_resource_id", resource);
    row.put("line_item_usage_amount", usage);
    row.put("line_item_currency_code", "USD");
    row.put("line_item_unblended_cost", unblended);
    row.put("line_item_net_unblended_cost", net);
    row.put("line_item_line_item_description", description);
    row.put("pricing_unit", unit);
    row.put("pricing_public_on_demand_cost", publicCost);
    row.put("product_region_code", "us-east-2");
    row.put("product_from_region_code", "us-east-2");
    row.put("product_to_region_code", usageType.contains("USE1") ? "us-east-1" : null);
    row.put("product", product);
    return row;
  }

  static byte[] parquet() {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    List<Group> encoded = new ArrayList<>();
    for (Map<String, Object> row : rows()) {
      Group group = groups.newGroup();
      row.forEach(
          (column, value) -> {
            if (value == null) {
              return;
            }
            if (value instanceof String text) {
              group.append(column, text);
            } else if (value instanceof Double number) {
              group.append(column, number);
            } else if (value instanceof Instant instant) {
              group.append(column, instant.toEpochMilli());
            } else if (value instanceof Map<?, ?> map) {
              Group product = group.addGroup(column);
              map.forEach(
                  (key, entry) ->
                      product
                          .addGroup("key_value")
                          .append("key", (String) key)
                          .append("value", (String) entry));
            }
          });
      encoded.add(group);
    }
    return ParquetFixtures.write(SCHEMA, encoded, CompressionCodecName.SNAPPY);
  }

  static byte[] gzipCsv() throws IOException {
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (Map<String, Object> row : rows()) {
      List<String> cells = new ArrayList<>();
      for (String column : COLUMNS) {
        Object value = row.get(column);
        String text;
        if (value == null) {
          text = "";
        } else if (value instanceof Map<?, ?> map) {
          text = Row.JSON.writeValueAsString(map);
        } else if (value instanceof Instant instant) {
          text = instant.toString();
        } else if (value instanceof Double number) {
          text = BigDecimal.valueOf(number).toPlainString();
        } else {
          text = value.toString();
        }
        cells.add("\"" + text.replace("\"", "\"\"") + "\"");
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    return buffer.toByteArray();
  }

  @Test
  void readsParquetKeepingGoodRowsAndRejectingTheBadOne() {
    ReadResult result =
        BillingExportReader.read(BillingFormat.AWS_CUR, "cur2/part-0.parquet", parquet());
    assertThat(result.rowsRead()).isEqualTo(10);
    assertThat(result.lines()).hasSize(9);
    assertThat(result.rejections())
        .containsExactly(
            new RejectedRow(
                "cur2/part-0.parquet", 10, 10, "line_item_unblended_cost", "is missing"));
    assertThat(result.summary())
        .isEqualTo(
            "cur2/part-0.parquet: 10 rows, 9 lines, 1 rejected (line_item_unblended_cost: 1; first:"
                + " cur2/part-0.parquet row 10 (line 10) field line_item_unblended_cost: is missing)");

    BillingLine first = result.lines().get(0);
    assertThat(first.usageDay()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(first.billingAccount()).isEqualTo("111122223333");
    assertThat(first.subAccount()).contains("444455556666");
    assertThat(first.region()).contains("us-east-2");
    assertThat(first.availabilityZone()).contains("us-east-2a");
    assertThat(first.resourceId()).contains("i-0aaa");
    assertThat(first.usageGib()).contains(new BigDecimal("12.5"));
    assertThat(first.listCost()).isEqualTo(new BigDecimal("0.125"));
    assertThat(first.netCost()).isEqualTo(new BigDecimal("0.1125"));
    assertThat(first.attribute(LineAttribute.TRANSFER_TYPE)).contains("IntraRegion");
    assertThat(first.attribute(LineAttribute.OPERATION)).contains("InterZone-Out");

    BillingLine discount = result.lines().get(7);
    assertThat(discount.chargeCategory()).isEqualTo(ChargeCategory.CREDIT);
    assertThat(discount.listCost()).isEqualTo(BigDecimal.ZERO);
    assertThat(discount.netCost()).isEqualTo(new BigDecimal("-0.9"));
  }

  @Test
  void classifiesEachLine() {
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, "cur2.parquet", parquet());
    List<Optional<NetworkCharge>> charges =
        result.lines().stream().map(NetworkClassifier::classify).toList();
    Optional<String> ohio = Optional.of("us-east-2");
    assertThat(charges)
        .containsExactly(
            Optional.of(transfer(TrafficClass.CROSS_ZONE, TransferDirection.EGRESS, ohio)),
            Optional.of(transfer(TrafficClass.CROSS_ZONE, TransferDirection.INGRESS, ohio)),
            Optional.of(transfer(TrafficClass.CROSS_ZONE, TransferDirection.EGRESS, ohio)),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.CROSS_REGION,
                    Optional.of(TransferDirection.EGRESS),
                    ohio,
                    Optional.of("us-east-1"))),
            Optional.of(transfer(TrafficClass.INTERNET, TransferDirection.EGRESS, ohio)),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.NAT_GATEWAY,
                    TrafficClass.INTERNET,
                    Optional.empty(),
                    ohio,
                    Optional.empty())),
            Optional.empty(),
            Optional.of(transfer(TrafficClass.INTERNET, TransferDirection.EGRESS, ohio)),
            Optional.empty());
  }

  @Test
  void aggregatesPerInstanceWithDiscountsInNetCost() {
    ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, "cur2.parquet", parquet());
    Map<ReconciliationKey, BilledNetworkCost> perNode =
        BilledNetworkCosts.aggregate(result.lines(), true);
    ReconciliationKey internet =
        new ReconciliationKey(
            LocalDate.of(2026, 11, 20),
            BillingProvider.AWS,
            ChargeKind.TRANSFER,
            TrafficClass.INTERNET,
            Optional.of(TransferDirection.EGRESS),
            Optional.of("us-east-2"),
            Optional.of("i-0bbb"));
    BilledNetworkCost billed = perNode.get(internet);
    assertThat(billed.lines()).isEqualTo(2);
    assertThat(billed.listCost()).isEqualByComparingTo("9.0");
    assertThat(billed.netCost()).isEqualByComparingTo("8.1");
    assertThat(billed.usageGib()).isEqualByComparingTo("100");
    assertThat(perNode).hasSize(6);

    Map<ReconciliationKey, BilledNetworkCost> perRegion =
        BilledNetworkCosts.aggregate(result.lines(), false);
    BilledNetworkCost crossZoneOut =
        perRegion.get(
            new ReconciliationKey(
                LocalDate.of(2026, 11, 20),
                BillingProvider.AWS,
                ChargeKind.TRANSFER,
                TrafficClass.CROSS_ZONE,
                Optional.of(TransferDirection.EGRESS),
                Optional.of("us-east-2"),
                Optional.empty()));
    assertThat(crossZoneOut.usageGib()).isEqualByComparingTo("14.5");
    assertThat(crossZoneOut.netCost()).isEqualByComparingTo("0.1305");
    assertThat(crossZoneOut.listCost()).isEqualByComparingTo("0.145");
  }

  @Test
  void gzipCsvReadsTheSameAsParquet() throws IOException {
    ReadResult parquet = BillingExportReader.read(BillingFormat.AWS_CUR, "cur2", parquet());
    ReadResult csv = BillingExportReader.read(BillingFormat.AWS_CUR, "cur2", gzipCsv());
    assertThat(csv.lines()).isEqualTo(parquet.lines());
    assertThat(csv.rejections())
        .containsExactly(new RejectedRow("cur2", 10, 11, "line_item_unblended_cost", "is missing"));
  }

  private static NetworkCharge transfer(
      TrafficClass trafficClass, TransferDirection direction, Optional<String> region) {
    return new NetworkCharge(
        ChargeKind.TRANSFER, trafficClass, Optional.of(direction), region, Optional.empty());
  }
}
