package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * Google Cloud Billing export rows (detailed table) built from the documented BigQuery schema, as
 * BigQuery exports them: JSON lines (nested), CSV (flattened, credits as JSON text) and Parquet
 * (nested structs, repeated records). Old and new network SKU names.
 */
class GcpExportFixtureTest {
  private record Sku(String id, String description, long bytes, String cost, String credit) {}

  private static final List<Sku> SKUS =
      List.of(
          new Sku("DE9E-AFBC-A15A", "Network Inter Zone Egress", 53_687_091_200L, "0.5", "-0.05"),
          new Sku(
              "9DE9-9092-B3BC",
              "Network Inter Zone Data Transfer Out",
              10_737_418_240L,
              "0.1",
              null),
          new Sku(
              "F274-1692-F213",
              "Network Inter Region Egress from Americas to EMEA",
              2_147_483_648L,
              "0.1",
              null),
          new Sku(
              "22EB-AAE8-FBCD",
              "Network Internet Data Transfer Out from Americas to Americas",
              1_073_741_824L,
              "0.12",
              null),
          new Sku(
              "6B8F-E63D-832B",
              "Network Internet Egress from Americas to China",
              536_870_912L,
              "0.115",
              null),
          new Sku("C7FF-4F9E-C0DB", "Network Intra Zone Egress", 1_073_741_824L, "0", null),
          new Sku(
              "5A36-BE3D-FA2B", "Cloud NAT Gateway Data processing", 4_294_967_296L, "0.18", null),
          new Sku(
              "2E27-4F75-95CD",
              "N1 Predefined Instance Core running in Americas",
              3600L,
              "0.031611",
              null));

  private static String jsonLine(Sku sku, int index) {
    String credits =
        sku.credit() == null
            ? "[]"
            : "[{\"name\":\"Committed use discount\",\"amount\":"
                + sku.credit()
                + ",\"full_name\":\"CUD\",\"id\":\"cud-1\",\"type\":\"COMMITTED_USAGE_DISCOUNT\"}]";
    String unit = sku.description().startsWith("N1") ? "seconds" : "bytes";
    return "{\"billing_account_id\":\"01A2B3-C4D5E6-F7A8B9\","
        + "\"service\":{\"id\":\"6F81-5844-456A\",\"description\":\"Compute Engine\"},"
        + "\"sku\":{\"id\":\""
        + sku.id()
        + "\",\"description\":\""
        + sku.description()
        + "\"},"
        + "\"usage_start_time\":\"2026-11-20 0"
        + index
        + ":00:00 UTC\",\"usage_end_time\":\"2026-11-20 0"
        + (index + 1)
        + ":00:00 UTC\","
        + "\"project\":{\"id\":\"shop-prod\",\"number\":\"123456789012\",\"name\":\"shop\","
        + "\"labels\":[],\"ancestry_numbers\":\"/123/\"},"
        + "\"labels\":[{\"key\":\"goog-k8s-cluster-name\",\"value\":\"prod\"}],"
        + "\"system_labels\":[],"
        + "\"location\":{\"location\":\"us-central1\",\"country\":\"US\","
        + "\"region\":\"us-central1\",\"zone\":\"us-central1-a\"},"
        + "\"export_time\":\"2026-11-20 12:00:00 UTC\","
        + "\"cost\":"
        + sku.cost()
        + ",\"currency\":\"USD\",\"currency_conversion_rate\":1.0,"
        + "\"usage\":{\"amount\":"
        + sku.bytes()
        + ",\"unit\":\""
        + unit
        + "\",\"amount_in_pricing_units\":1,\"pricing_unit\":\"gibibyte\"},"
        + "\"credits\":"
        + credits
        + ",\"invoice\":{\"month\":\"202611\"},\"cost_type\":\"regular\","
        + "\"resource\":{\"name\":\"gke-prod-pool-1-abcd\","
        + "\"global_name\":\"//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/gke-prod-pool-1-abcd\"}}";
  }

  static byte[] jsonLines() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < SKUS.size(); i++) {
      text.append(jsonLine(SKUS.get(i), i)).append('\n');
    }
    // a bad cost, then a line that is not JSON: both rejected, the rest kept
    text.append(jsonLine(SKUS.get(0), 8).replace("\"cost\":0.5", "\"cost\":\"abc\"")).append('\n');
    text.append("{\"billing_account_id\": \n");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] csv() {
    StringBuilder text =
        new StringBuilder(
            "billing_account_id,service.description,sku.id,sku.description,usage_start_time,"
                + "location.region,location.zone,cost,currency,usage.amount,usage.unit,credits,"
                + "cost_type,resource.global_name\n");
    for (int i = 0; i < SKUS.size(); i++) {
      Sku sku = SKUS.get(i);
      String credits =
          sku.credit() == null
              ? "[]"
              : "\"[{\"\"name\"\":\"\"Committed use discount\"\",\"\"amount\"\":"
                  + sku.credit()
                  + "}]\"";
      text.append("01A2B3-C4D5E6-F7A8B9,Compute Engine,")
          .append(sku.id())
          .append(',')
          .append(sku.description())
          .append(",2026-11-20 0")
          .append(i)
          .append(":00:00 UTC,us-central1,us-central1-a,")
          .append(sku.cost())
          .append(",USD,")
          .append(sku.bytes())
          .append(',')
          .append(sku.description().startsWith("N1") ? "seconds" : "bytes")
          .append(',')
          .append(credits)
          .append(",regular,")
          .append(
              "//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/gke-prod-pool-1-abcd")
          .append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message gcp_billing_export_resource_v1 {
            optional binary billing_account_id (STRING);
            optional group service { optional binary id (STRING); optional binary description (STRING); }
            optional group sku { optional binary id (STRING); optional binary description (STRING); }
            optional int64 usage_start_time (TIMESTAMP(MICROS,true));
            optional group location {
              optional binary location (STRING); optional binary country (STRING);
              optional binary region (STRING); optional binary zone (STRING);
            }
            repeated group labels { optional binary key (STRING); optional binary value (STRING); }
            optional double cost;
            optional binary currency (STRING);
            optional group usage {
              optional double amount; optional binary unit (STRING);
              optional double amount_in_pricing_units; optional binary pricing_unit (STRING);
            }
            optional group credits (LIST) {
              repeated group list {
                optional group element {
                  optional binary name (STRING); optional double amount;
                  optional binary type (STRING);
                }
              }
            }
            optional binary cost_type (STRING);
            optional group resource { optional binary name (STRING); optional binary global_name (STRING); }
          }
          """);

  static byte[] parquet() {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    List<Group> rows = new ArrayList<>();
    for (int i = 0; i < SKUS.size(); i++) {
      Sku sku = SKUS.get(i);
      Group row = groups.newGroup();
      row.append("billing_account_id", "01A2B3-C4D5E6-F7A8B9");
      row.addGroup("service")
          .append("id", "6F81-5844-456A")
          .append("description", "Compute Engine");
      row.addGroup("sku").append("id", sku.id()).append("description", sku.description());
      row.append("usage_start_time", (1_795_132_800L + i * 3600L) * 1_000_000L);
      row.addGroup("location")
          .append("location", "us-central1")
          .append("country", "US")
          .append("region", "us-central1")
          .append("zone", "us-central1-a");
      row.addGroup("labels").append("key", "goog-k8s-cluster-name").append("value", "prod");
      row.append("cost", Double.parseDouble(sku.cost()));
      row.append("currency", "USD");
      row.addGroup("usage")
          .append("amount", (double) sku.bytes())
          .append("unit", sku.description().startsWith("N1") ? "seconds" : "bytes")
          .append("amount_in_pricing_units", 1.0)
          .append("pricing_unit", "gibibyte");
      Group credits = row.addGroup("credits");
      if (sku.credit() != null) {
        credits
            .addGroup("list")
            .addGroup("element")
            .append("name", "Committed use discount")
            .append("amount", Double.parseDouble(sku.credit()))
            .append("type", "COMMITTED_USAGE_DISCOUNT");
      }
      row.append("cost_type", "regular");
      row.addGroup("resource")
          .append("name", "gke-prod-pool-1-abcd")
          .append(
              "global_name",
              "//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/gke-prod-pool-1-abcd");
      rows.add(row);
    }
    return ParquetFixtures.write(SCHEMA, rows, CompressionCodecName.SNAPPY);
  }

  @Test
  void jsonLinesKeepGoodRowsAndRejectBadOnes() {
    ReadResult result =
        BillingExportReader.read(BillingFormat.GCP_BILLING_EXPORT, "gcp/000.json", jsonLines());
    assertThat(result.rowsRead()).isEqualTo(10);
    assertThat(result.lines()).hasSize(8);
    assertThat(result.rejections()).hasSize(2);
    assertThat(result.rejections().get(0))
        .isEqualTo(new RejectedRow("gcp/000.json", 9, 9, "cost", "is not a number: 'abc'"));
    assertThat(result.rejections().get(1).row()).isEqualTo(10);
    assertThat(result.rejections().get(1).field()).isEqualTo("(row)");
    assertThat(result.rejections().get(1).reason()).startsWith("is not valid JSON: ");

    BillingLine interZone = result.lines().get(0);
    assertThat(interZone.provider()).isEqualTo(BillingProvider.GCP);
    assertThat(interZone.billingAccount()).isEqualTo("01A2B3-C4D5E6-F7A8B9");
    assertThat(interZone.subAccount()).contains("shop-prod");
    assertThat(interZone.usageDay()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(interZone.region()).contains("us-central1");
    assertThat(interZone.availabilityZone()).contains("us-central1-a");
    assertThat(interZone.resourceId())
        .contains(
            "//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/gke-prod-pool-1-abcd");
    assertThat(interZone.usageType()).isEqualTo("Network Inter Zone Egress");
    assertThat(interZone.usageGib())
        .hasValueSatisfying(gib -> assertThat(gib).isEqualByComparingTo("50"));
    assertThat(interZone.listCost()).isEqualByComparingTo("0.5");
    assertThat(interZone.netCost()).isEqualByComparingTo("0.45");
    assertThat(interZone.attribute(LineAttribute.SKU_ID)).contains("DE9E-AFBC-A15A");
  }

  @Test
  void classifiesOldAndNewSkuNames() {
    ReadResult result =
        BillingExportReader.read(BillingFormat.GCP_BILLING_EXPORT, "gcp.json", jsonLines());
    Optional<String> region = Optional.of("us-central1");
    assertThat(result.lines().stream().map(NetworkClassifier::classify).toList())
        .containsExactly(
            Optional.of(transfer(TrafficClass.CROSS_ZONE, region)),
            Optional.of(transfer(TrafficClass.CROSS_ZONE, region)),
            Optional.of(transfer(TrafficClass.CROSS_REGION, region)),
            Optional.of(transfer(TrafficClass.INTERNET, region)),
            Optional.of(transfer(TrafficClass.INTERNET, region)),
            Optional.of(transfer(TrafficClass.SAME_ZONE, region)),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.NAT_GATEWAY,
                    TrafficClass.INTERNET,
                    Optional.empty(),
                    region,
                    Optional.empty())),
            Optional.empty());
  }

  @Test
  void csvAndParquetReadTheSameLinesAsJson() {
    List<BillingLine> json =
        BillingExportReader.read(BillingFormat.GCP_BILLING_EXPORT, "gcp", jsonLines()).lines();
    ReadResult csv = BillingExportReader.read(BillingFormat.GCP_BILLING_EXPORT, "gcp", csv());
    ReadResult parquet =
        BillingExportReader.read(BillingFormat.GCP_BILLING_EXPORT, "gcp", parquet());
    assertThat(csv.rejections()).isEmpty();
    assertThat(parquet.rejections()).isEmpty();
    for (ReadResult other : List.of(csv, parquet)) {
      assertThat(other.lines()).hasSize(8);
      for (int i = 0; i < 8; i++) {
        BillingLine expected = json.get(i);
        BillingLine actual = other.lines().get(i);
        assertThat(actual.usageDay()).isEqualTo(expected.usageDay());
        assertThat(actual.usageType()).isEqualTo(expected.usageType());
        assertThat(actual.region()).isEqualTo(expected.region());
        assertThat(actual.resourceId()).isEqualTo(expected.resourceId());
        assertThat(actual.netCost()).isEqualByComparingTo(expected.netCost());
        assertThat(actual.listCost()).isEqualByComparingTo(expected.listCost());
        assertThat(actual.usageGib().map(BigDecimal::stripTrailingZeros))
            .isEqualTo(expected.usageGib().map(BigDecimal::stripTrailingZeros));
        assertThat(actual.usageAmount()).isEqualByComparingTo(expected.usageAmount());
        assertThat(NetworkClassifier.classify(actual))
            .isEqualTo(NetworkClassifier.classify(expected));
      }
    }
    BigDecimal totalNet =
        parquet.lines().stream().map(BillingLine::netCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(totalNet).isEqualByComparingTo("1.096611");
  }

  private static NetworkCharge transfer(TrafficClass trafficClass, Optional<String> region) {
    return new NetworkCharge(
        ChargeKind.TRANSFER,
        trafficClass,
        Optional.of(TransferDirection.EGRESS),
        region,
        Optional.empty());
  }
}
