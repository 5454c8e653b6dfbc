package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV quirks, Azure MCA, FOCUS 1.2 with provider columns, dates and units. */
class TextFormatsTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static final String FOCUS_HEADER =
      "BilledCost,BillingAccountId,BillingCurrency,ChargeCategory,ChargeDescription,"
          + "ChargePeriodStart,ConsumedQuantity,ConsumedUnit,ListCost,ProviderName,RegionId,"
          + "ResourceId,SkuId,x_UsageType,x_Operation,x_SkuMeterCategory,x_SkuMeterSubcategory,"
          + "SkuMeter\r\n";

  @Test
  void focusWithProviderColumnsAndBadRows() {
    String csv =
        FOCUS_HEADER
            // 1: AWS cross-zone by x_UsageType and x_Operation
            + "0.2,111122223333,USD,Usage,\"$0.010 per GB - regional data transfer, in/out\","
            + "2026-11-20T05:00:00Z,20,GB,0.2,AWS,eu-west-1,i-0aaa,PNUBVW4CPC8XA46W,"
            + "EU-DataTransfer-Regional-Bytes,InterZone-In,NULL,NULL,NULL\r\n"
            // 2: AWS credit row: no quantity, negative cost
            + "-0.05,111122223333,USD,Credit,Credit,2026-11-20 00:00:00,NULL,NULL,0,AWS,"
            + "eu-west-1,i-0aaa,NULL,EU-DataTransfer-Regional-Bytes,InterZone-In,NULL,NULL,NULL\r\n"
            // 3: Azure 1.2 with SkuMeter and a quoted line break in the description
            + "1.74,/billing/1,USD,Usage,\"Rtn Preference: MGN\nStandard Data Transfer Out\","
            + "2026-11-20,20,GB,1.74,Microsoft,eastus,/subscriptions/s/vmss/aks-1-vmss,1099985,"
            + "NULL,NULL,Bandwidth,Rtn Preference: MGN,Standard Data Transfer Out\r\n"
            // 4: wrong field count
            + "1,2,3\r\n"
            // 5: unknown charge category
            + "1,a,USD,Refund,x,2026-11-20,1,GB,1,AWS,us-east-1,NULL,NULL,NULL,NULL,NULL,NULL,NULL\r\n"
            // 6: bad date
            + "1,a,USD,Usage,x,20/11/2026 5pm,1,GB,1,AWS,us-east-1,NULL,NULL,NULL,NULL,NULL,NULL,"
            + "NULL\r\n"
            // 7: usage without quantity
            + "1,a,USD,Usage,x,2026-11-20,NULL,GB,1,AWS,us-east-1,NULL,NULL,NULL,NULL,NULL,NULL,"
            + "NULL\r\n"
            // 8: unknown provider
            + "1,a,USD,Usage,x,2026-11-20,1,GB,1,Acme Cloud,us-east-1,NULL,NULL,NULL,NULL,NULL,"
            + "NULL,NULL\r\n"
            // 9: unterminated quote at the end of the file
            + "1,a,USD,Usage,\"x,2026-11-20\r\n";
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, "focus.csv", bytes(csv));
    assertThat(result.rowsRead()).isEqualTo(9);
    assertThat(result.lines()).hasSize(3);
    assertThat(result.rejections())
        .containsExactly(
            new RejectedRow("focus.csv", 4, 6, "(row)", "has 3 fields, the header has 18"),
            new RejectedRow(
                "focus.csv", 5, 7, "ChargeCategory", "unknown charge category 'Refund'"),
            new RejectedRow(
                "focus.csv", 6, 8, "ChargePeriodStart", "is not a date-time: '20/11/2026 5pm'"),
            new RejectedRow("focus.csv", 7, 9, "ConsumedQuantity", "is missing on a Usage row"),
            new RejectedRow("focus.csv", 8, 10, "ProviderName", "unknown provider 'Acme Cloud'"),
            new RejectedRow("focus.csv", 9, 11, "ChargeDescription", "unterminated quoted field"));

    BillingLine crossZone = result.lines().get(0);
    assertThat(crossZone.usageType()).isEqualTo("EU-DataTransfer-Regional-Bytes");
    assertThat(crossZone.description()).isEqualTo("$0.010 per GB - regional data transfer, in/out");
    assertThat(NetworkClassifier.classify(crossZone))
        .contains(
            new NetworkCharge(
                ChargeKind.TRANSFER,
                TrafficClass.CROSS_ZONE,
                Optional.of(TransferDirection.INGRESS),
                Optional.of("eu-west-1"),
                Optional.empty()));
    BillingLine credit = result.lines().get(1);
    assertThat(credit.chargeCategory()).isEqualTo(ChargeCategory.CREDIT);
    assertThat(credit.usageAmount()).isEqualByComparingTo("0");
    assertThat(NetworkClassifier.classify(credit)).isEqualTo(NetworkClassifier.classify(crossZone));
    BillingLine azure = result.lines().get(2);
    assertThat(azure.provider()).isEqualTo(BillingProvider.AZURE);
    assertThat(azure.description()).isEqualTo("Rtn Preference: MGN\nStandard Data Transfer Out");
    assertThat(azure.sourceRow()).isEqualTo(3);
    assertThat(NetworkClassifier.classify(azure).orElseThrow().trafficClass())
        .isEqualTo(TrafficClass.INTERNET);

    Map<ReconciliationKey, BilledNetworkCost> totals =
        BilledNetworkCosts.aggregate(result.lines(), true);
    BilledNetworkCost awsCrossZone = totals.values().iterator().next();
    assertThat(awsCrossZone.key().provider()).isEqualTo(BillingProvider.AWS);
    assertThat(awsCrossZone.netCost()).isEqualByComparingTo("0.15");
    assertThat(awsCrossZone.listCost()).isEqualByComparingTo("0.2");
    assertThat(awsCrossZone.usageGib()).isEqualByComparingTo("20");
  }

  private static String focusRow(String cost, String description) {
    return cost
        + ",111122223333,USD,Usage,"
        + description
        + ",2026-11-20T05:00:00Z,20,GB,"
        + cost
        + ",AWS,eu-west-1,i-0aaa,PNUBVW4CPC8XA46W,EU-DataTransfer-Regional-Bytes,InterZone-In,"
        + "NULL,NULL,NULL\r\n";
  }

  @Test
  void strayAndOpenQuotesInAGzippedFileCostOnlyTheirLines(@TempDir Path dir) throws IOException {
    String csv =
        FOCUS_HEADER
            + focusRow("0.11", "plain") // row 1, line 2
            + focusRow("0.12", "\"x\"y\"") // row 2, line 3: a stray quote after a bad character
            + focusRow("0.13", "\"two\r\nlines, quoted\"") // row 3, lines 4-5
            // row 4, line 6: a quote left open, closed by row 6's first quote (then 's' is
            // unexpected)
            + focusRow("0.14", "\"open")
            + focusRow("0.15", "plain") // row 5, line 7
            + focusRow("0.16", "\"say \"\"hi\"\"\""); // row 6, line 8
    Path file = dir.resolve("focus.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes(csv));
    }
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, file);
    String name = file.toString();
    assertThat(result.rowsRead()).isEqualTo(6);
    assertThat(result.rejections())
        .containsExactly(
            new RejectedRow(
                name,
                2,
                3,
                "ChargeDescription",
                "Unexpected character ('y' (code 121)): Expected column separator character"
                    + " (',' (code 44)) or end-of-line"),
            new RejectedRow(
                name,
                4,
                6,
                "ChargeDescription",
                "Unexpected character ('s' (code 115)): Expected column separator character"
                    + " (',' (code 44)) or end-of-line"));
    assertThat(result.lines().stream().map(line -> line.netCost().toPlainString()))
        .containsExactly("0.11", "0.13", "0.15", "0.16");
    assertThat(result.lines().stream().map(BillingLine::sourceRow)).containsExactly(1L, 3L, 5L, 6L);
    assertThat(result.lines().stream().map(BillingLine::description))
        .containsExactly("plain", "two\nlines, quoted", "plain", "say \"hi\"");
  }

  @Test
  void azureMcaCamelCaseHeadersBracelessTagsAndDateFormats() {
    String csv =
        "\uFEFFinvoiceId,billingAccountId,date,meterCategory,meterSubCategory,meterName,"
            + "resourceLocation,ResourceId,quantity,unitOfMeasure,costInBillingCurrency,"
            + "paygCostInBillingCurrency,billingCurrency,chargeType,tags\n"
            + "G1,acc,2026-11-20,Bandwidth,Inter-Region,Intra Continent Data Transfer Out,"
            + "East US,/sub/vmss/aks-np-1-vmss,10,1 GB,0.2,0.2,EUR,Usage,"
            + "\"\"\"aks-managed-cluster\"\": \"\"prod\"\"\"\n"
            + "G1,acc,11/20/2026,Virtual Network,Peering,Intra-Region Egress,westeurope,,5,1 GB,"
            + "0.05,0.05,EUR,Usage,\n"
            + "G1,acc,1/2/2026,NAT Gateway,Standard,Standard Data Processed,westeurope,,100,1 GB,"
            + "4.5,4.5,EUR,Usage,\n"
            + "G1,acc,1/2/2026,NAT Gateway,Standard,Standard Gateway,westeurope,,24,1 Hour,"
            + "1.08,1.08,EUR,Usage,\n"
            + "G1,acc,1/2/2026,Bandwidth,,Standard Data Transfer Out,westeurope,,1,100 GB,"
            + "8.7,8.7,EUR,Refund,\n"
            + "G1,acc,13/2/2026,Bandwidth,,Standard Data Transfer Out,westeurope,,1,1 GB,"
            + "1,1,EUR,Usage,\n";
    ReadResult result =
        BillingExportReader.read(BillingFormat.AZURE_COST_DETAILS, "mca.csv", bytes(csv));
    assertThat(result.rejections())
        .containsExactly(new RejectedRow("mca.csv", 6, 7, "Date", "is not a date: '13/2/2026'"));
    assertThat(result.lines())
        .extracting(BillingLine::usageDay)
        .containsExactly(
            LocalDate.of(2026, 11, 20),
            LocalDate.of(2026, 11, 20),
            LocalDate.of(2026, 1, 2),
            LocalDate.of(2026, 1, 2),
            LocalDate.of(2026, 1, 2));
    BillingLine first = result.lines().get(0);
    assertThat(first.region()).contains("eastus");
    assertThat(first.currency()).isEqualTo("EUR");
    assertThat(first.resourceId()).contains("/sub/vmss/aks-np-1-vmss");
    assertThat(
            Row.of(Map.of("tags", "\"aks-managed-cluster\": \"prod\",\"env\": \"x\""), 1, 1)
                .map("tags"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("aks-managed-cluster", "prod", "env", "x"));
    assertThat(result.lines().stream().map(NetworkClassifier::classify).toList())
        .containsExactly(
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.CROSS_REGION,
                    Optional.of(TransferDirection.EGRESS),
                    Optional.of("eastus"),
                    Optional.empty())),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.PRIVATE,
                    Optional.of(TransferDirection.EGRESS),
                    Optional.of("westeurope"),
                    Optional.empty())),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.NAT_GATEWAY,
                    TrafficClass.INTERNET,
                    Optional.empty(),
                    Optional.of("westeurope"),
                    Optional.empty())),
            Optional.empty(),
            Optional.of(
                new NetworkCharge(
                    ChargeKind.TRANSFER,
                    TrafficClass.INTERNET,
                    Optional.of(TransferDirection.EGRESS),
                    Optional.of("westeurope"),
                    Optional.empty())));
    BillingLine refund = result.lines().get(4);
    assertThat(refund.chargeCategory()).isEqualTo(ChargeCategory.CREDIT);
    assertThat(refund.usageGib()).contains(new BigDecimal("100"));
    assertThat(refund.listCost()).isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void oldEaCostColumnAndCaseInsensitiveHeaders() {
    String csv =
        "BILLINGACCOUNTID,DATE,METERCATEGORY,METERSUBCATEGORY,METERNAME,RESOURCELOCATION,"
            + "QUANTITY,UNITOFMEASURE,COST,PAYGPRICE,BILLINGCURRENCY\n"
            + "8611537,09/05/2023,Bandwidth,,Standard Data Transfer Out,EastUS2,0.00000008,1 GB,"
            + "0.0000000072922557592391990000,0.087,USD\n";
    ReadResult result =
        BillingExportReader.read(BillingFormat.AZURE_COST_DETAILS, "ea.csv", bytes(csv));
    assertThat(result.rejections()).isEmpty();
    BillingLine line = result.lines().get(0);
    assertThat(line.netCost()).isEqualTo(new BigDecimal("0.0000000072922557592391990000"));
    assertThat(line.listCost()).isEqualByComparingTo("0.00000000696");
    assertThat(line.region()).contains("eastus2");
  }

  @Test
  void datesInEveryExportSpelling() {
    Map<String, LocalDate> spellings =
        Map.of(
            "2023-11-01T00:00:00.000Z", LocalDate.of(2023, 11, 1),
            "2023-11-13T10:00Z", LocalDate.of(2023, 11, 13),
            "2023-11-01T23:30:00-08:00", LocalDate.of(2023, 11, 2),
            "2023-11-01 08:00:00 UTC", LocalDate.of(2023, 11, 1),
            "2024-09-18 22:00:00", LocalDate.of(2024, 9, 18),
            "2023-11-01", LocalDate.of(2023, 11, 1),
            "09/21/2023", LocalDate.of(2023, 9, 21),
            "9/2/2023", LocalDate.of(2023, 9, 2));
    spellings.forEach(
        (text, day) -> assertThat(Dates.utcDay("Date", text)).as(text).isEqualTo(day));
    assertThatThrownBy(() -> Dates.utcDay("Date", "2023-13-01"))
        .isInstanceOf(RowException.class)
        .hasMessage("Date: is not a date-time: '2023-13-01'");
  }

  @Test
  void dataUnitsToGib() {
    assertThat(DataUnits.toGib(new BigDecimal("2"), "GB")).contains(new BigDecimal("2"));
    assertThat(DataUnits.toGib(new BigDecimal("2"), "10 GB")).contains(new BigDecimal("20"));
    assertThat(DataUnits.toGib(new BigDecimal("2"), "TB")).contains(new BigDecimal("2048"));
    assertThat(DataUnits.toGib(new BigDecimal("1073741824"), "bytes").orElseThrow())
        .isEqualByComparingTo("1");
    assertThat(DataUnits.toGib(new BigDecimal("1"), "gibibyte")).contains(BigDecimal.ONE);
    assertThat(DataUnits.toGib(new BigDecimal("1"), "GB-Mo")).isEmpty();
    assertThat(DataUnits.toGib(new BigDecimal("1"), "1 GB/Month")).isEmpty();
    assertThat(DataUnits.toGib(new BigDecimal("1"), "Hrs")).isEmpty();
  }

  @Test
  void unreadableFilesFailNamingTheFile() {
    byte[] notParquet = {'P', 'A', 'R', '1', 0, 0, 0, 0};
    assertThatThrownBy(
            () -> BillingExportReader.read(BillingFormat.AWS_CUR, "cur/x.parquet", notParquet))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read Parquet billing export cur/x.parquet: ");
    ReadResult empty = BillingExportReader.read(BillingFormat.AWS_CUR, "empty.csv", new byte[0]);
    assertThat(empty.rowsRead()).isZero();
  }
}
