package dev.netcost.pricing;

import static dev.netcost.pricing.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestPriceBook {
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");
  private static final PriceBook BUNDLED = PriceBook.bundled();

  private static Optional<PriceQuote> quote(
      String provider, String region, TrafficClass trafficClass, TransferDirection direction) {
    return BUNDLED.quote(
        new PriceQuery(provider, region, trafficClass, direction, Optional.empty(), DAY));
  }

  private static BigDecimal rate(
      String provider,
      String region,
      TrafficClass trafficClass,
      TransferDirection direction,
      Optional<String> peer) {
    return BUNDLED
        .quote(new PriceQuery(provider, region, trafficClass, direction, peer, DAY))
        .orElseThrow()
        .ratePerGib();
  }

  @Test
  void demoGroundTruthRatesAreUnchanged() {
    for (String region : List.of("us-east-1", "us-west-2")) {
      assertThat(
              rate(
                  "aws",
                  region,
                  TrafficClass.SAME_ZONE,
                  TransferDirection.EGRESS,
                  Optional.empty()))
          .isEqualByComparingTo("0");
      assertThat(
              rate(
                  "aws",
                  region,
                  TrafficClass.CROSS_ZONE,
                  TransferDirection.EGRESS,
                  Optional.empty()))
          .isEqualByComparingTo("0.01");
      assertThat(
              rate(
                  "aws",
                  region,
                  TrafficClass.CROSS_ZONE,
                  TransferDirection.INGRESS,
                  Optional.empty()))
          .isEqualByComparingTo("0.01");
      assertThat(
              rate(
                  "aws",
                  region,
                  TrafficClass.CROSS_REGION,
                  TransferDirection.EGRESS,
                  Optional.empty()))
          .isEqualByComparingTo("0.02");
      assertThat(
              rate(
                  "aws",
                  region,
                  TrafficClass.CROSS_REGION,
                  TransferDirection.INGRESS,
                  Optional.empty()))
          .isEqualByComparingTo("0");
      assertThat(
              rate(
                  "aws", region, TrafficClass.INTERNET, TransferDirection.EGRESS, Optional.empty()))
          .isEqualByComparingTo("0.09");
      assertThat(
              rate(
                  "aws",
                  region,
                  TrafficClass.INTERNET,
                  TransferDirection.INGRESS,
                  Optional.empty()))
          .isEqualByComparingTo("0");
      assertThat(
              rate("aws", region, TrafficClass.PRIVATE, TransferDirection.EGRESS, Optional.empty()))
          .isEqualByComparingTo("0.02");
    }
    assertThat(
            rate(
                "aws",
                "us-east-1",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("us-east-2")))
        .isEqualByComparingTo("0.01");
    assertThat(
            rate(
                "aws",
                "us-west-2",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("us-east-1")))
        .isEqualByComparingTo("0.02");
  }

  @Test
  void everyQuoteCarriesTheSheetVersionAndSource() {
    PriceQuote quote =
        quote("aws", "us-east-1", TrafficClass.CROSS_ZONE, TransferDirection.EGRESS).orElseThrow();
    assertThat(quote)
        .isEqualTo(
            new PriceQuote(
                new BigDecimal("0.01"),
                "USD",
                "aws-2026-11-26",
                "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer_within_the_same_AWS_Region",
                LocalDate.parse("2020-01-01")));
    assertThat(BUNDLED.version()).isEqualTo("aws-2026-11-26+gcp-2026-11-26+azure-2026-11-26");
    assertThat(quote("gcp", "us-central1", TrafficClass.CROSS_ZONE, TransferDirection.EGRESS))
        .map(PriceQuote::sheetVersion)
        .contains("gcp-2026-11-26");
  }

  @Test
  void interZoneIsChargedPerProviderRule() {
    // AWS: both sides; GCP: the sender only; Azure: free
    assertThat(
            rate(
                "aws",
                "eu-west-1",
                TrafficClass.CROSS_ZONE,
                TransferDirection.INGRESS,
                Optional.empty()))
        .isEqualByComparingTo("0.01");
    assertThat(
            rate(
                "gcp",
                "us-east1",
                TrafficClass.CROSS_ZONE,
                TransferDirection.EGRESS,
                Optional.empty()))
        .isEqualByComparingTo("0.01");
    assertThat(
            rate(
                "gcp",
                "us-east1",
                TrafficClass.CROSS_ZONE,
                TransferDirection.INGRESS,
                Optional.empty()))
        .isEqualByComparingTo("0");
    assertThat(
            rate(
                "azure",
                "eastus",
                TrafficClass.CROSS_ZONE,
                TransferDirection.EGRESS,
                Optional.empty()))
        .isEqualByComparingTo("0");
    assertThat(
            rate(
                "azure",
                "eastus",
                TrafficClass.CROSS_ZONE,
                TransferDirection.INGRESS,
                Optional.empty()))
        .isEqualByComparingTo("0");
  }

  @Test
  void interRegionByRegionPairThenContinentThenAny() {
    // GCP by continent of the peer region
    assertThat(
            rate(
                "gcp",
                "us-central1",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("us-east4")))
        .isEqualByComparingTo("0.02");
    assertThat(
            rate(
                "gcp",
                "us-central1",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("europe-west4")))
        .isEqualByComparingTo("0.05");
    assertThat(
            rate(
                "gcp",
                "us-central1",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("asia-east1")))
        .isEqualByComparingTo("0.08");
    assertThat(
            rate(
                "gcp",
                "us-central1",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("southamerica-east1")))
        .isEqualByComparingTo("0.14");
    // a peer whose continent has no row and no wildcard row: unknown, not free
    assertThat(
            BUNDLED.quote(
                new PriceQuery(
                    "gcp",
                    "europe-west1",
                    TrafficClass.CROSS_REGION,
                    TransferDirection.EGRESS,
                    Optional.of("europe-west4"),
                    DAY)))
        .isEmpty();
    // Azure: same continent 0.02, else 0.05
    assertThat(
            rate(
                "azure",
                "eastus",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("westus2")))
        .isEqualByComparingTo("0.02");
    assertThat(
            rate(
                "azure",
                "eastus",
                TrafficClass.CROSS_REGION,
                TransferDirection.EGRESS,
                Optional.of("westeurope")))
        .isEqualByComparingTo("0.05");
  }

  @Test
  void internetEgressLadderWithFreeAllowanceChangingOnItsDate() {
    PriceQuery before =
        new PriceQuery(
            "aws",
            "us-east-1",
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            Optional.empty(),
            LocalDate.parse("2021-11-30"));
    PriceQuery after =
        new PriceQuery(
            "aws",
            "us-east-1",
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            Optional.empty(),
            LocalDate.parse("2021-12-01"));
    assertThat(BUNDLED.tiers(before).orElseThrow().tiers())
        .extracting(t -> t.startGib().toPlainString() + "@" + t.ratePerGib().toPlainString())
        .containsExactly("0@0", "1@0.09", "10240@0.085", "51200@0.07", "153600@0.05");
    TierSchedule schedule = BUNDLED.tiers(after).orElseThrow();
    assertThat(schedule.tiers())
        .extracting(t -> t.startGib().toPlainString() + "@" + t.ratePerGib().toPlainString())
        .containsExactly("0@0", "100@0.09", "10240@0.085", "51200@0.07", "153600@0.05");
    assertThat(schedule.effectiveFrom()).isEqualTo(LocalDate.parse("2021-12-01"));
    // the headline quote stays the first paid tier
    assertThat(BUNDLED.quote(after).orElseThrow().ratePerGib()).isEqualByComparingTo("0.09");
    // 20 TiB in a month: 100 free, 10140 at 0.09, 10240 at 0.085
    assertThat(schedule.cost(20L * 1024 * 1024 * 1024 * 1024))
        .isEqualByComparingTo("1783.000000000");
    assertThat(
            BUNDLED.tiers(
                new PriceQuery(
                    "aws",
                    "us-east-1",
                    TrafficClass.INTERNET,
                    TransferDirection.EGRESS,
                    Optional.empty(),
                    LocalDate.parse("2019-12-31"))))
        .isEmpty();
  }

  @Test
  void surcharges() {
    assertThat(
            BUNDLED.quote(
                Surcharge.NAT_GATEWAY, "aws", "us-east-1", TransferDirection.INGRESS, DAY))
        .map(PriceQuote::ratePerGib)
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.045"));
    assertThat(
            BUNDLED.quote(
                Surcharge.LOAD_BALANCER, "azure", "westeurope", TransferDirection.EGRESS, DAY))
        .map(PriceQuote::ratePerGib)
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.005"));
    assertThat(
            BUNDLED.quote(Surcharge.VPC_PEERING, "azure", "eastus", TransferDirection.INGRESS, DAY))
        .map(PriceQuote::ratePerGib)
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.01"));
    // AWS peering before the May 2021 pricing change is not in the sheet: unknown, not free
    assertThat(
            BUNDLED.quote(
                Surcharge.VPC_PEERING,
                "aws",
                "us-east-1",
                TransferDirection.EGRESS,
                LocalDate.parse("2021-04-30")))
        .isEmpty();
    assertThat(
            BUNDLED.quote(Surcharge.NAT_GATEWAY, "aws", "eu-west-1", TransferDirection.EGRESS, DAY))
        .isEmpty();
  }

  @Test
  void unknownRegionsAndUnknownTrafficAreUnpriced() {
    assertThat(quote("aws", "mars-north-1", TrafficClass.INTERNET, TransferDirection.EGRESS))
        .isEmpty();
    assertThat(quote("aws", "us-east-1", TrafficClass.UNKNOWN, TransferDirection.EGRESS)).isEmpty();
    assertThat(BUNDLED.continentOf("gcp", "europe-west3")).contains("europe");
    assertThat(BUNDLED.knowsRegion("azure", "eastus")).isTrue();
    assertThat(BUNDLED.knowsRegion("azure", "east-us")).isFalse();
  }

  @Test
  void userSheetShadowsBundledRowsOfTheSameKeyAndPeer() throws Exception {
    PriceBook book =
        PriceBook.builder()
            .addBundled()
            .addSheet(
                "private-pricing.csv",
                text(
                    "# version: acme-2026",
                    PriceBook.HEADER,
                    "aws,us-east-1,internet,egress,,2026-01-01,,0.05,USD,contract 42, annex B"))
            .build();
    assertThat(book.version())
        .isEqualTo("aws-2026-11-26+gcp-2026-11-26+azure-2026-11-26+acme-2026");
    PriceQuery query =
        new PriceQuery(
            "aws",
            "us-east-1",
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            Optional.empty(),
            DAY);
    assertThat(book.quote(query))
        .contains(
            new PriceQuote(
                new BigDecimal("0.05"),
                "USD",
                "acme-2026",
                "contract 42, annex B",
                LocalDate.parse("2026-01-01")));
    // the bundled ladder is gone entirely for that key, also before the user's date
    assertThat(
            book.quote(
                new PriceQuery(
                    "aws",
                    "us-east-1",
                    TrafficClass.INTERNET,
                    TransferDirection.EGRESS,
                    Optional.empty(),
                    LocalDate.parse("2025-12-31"))))
        .isEmpty();
    // other keys keep the bundled price
    assertThat(
            book.quote(
                    new PriceQuery(
                        "aws",
                        "us-west-2",
                        TrafficClass.INTERNET,
                        TransferDirection.EGRESS,
                        Optional.empty(),
                        DAY))
                .orElseThrow()
                .ratePerGib())
        .isEqualByComparingTo("0.09");
  }

  @Test
  void legacySheetFormatIsStillAccepted() throws Exception {
    PriceBook book =
        PriceBook.parse(
            "old.csv",
            text(
                "# version: old-1",
                PriceBook.LEGACY_HEADER,
                "aws,us-east-1,cross_zone,egress,,2020-01-01,0.01,https://example.com/a",
                "aws,us-east-1,cross_zone,egress,,2026-11-10,0.02,https://example.com/b"));
    PriceQuery query =
        new PriceQuery(
            "aws",
            "us-east-1",
            TrafficClass.CROSS_ZONE,
            TransferDirection.EGRESS,
            Optional.empty(),
            LocalDate.parse("2026-11-09"));
    assertThat(book.quote(query).orElseThrow().ratePerGib()).isEqualByComparingTo("0.01");
    assertThat(
            book.quote(
                    new PriceQuery(
                        "aws",
                        "us-east-1",
                        TrafficClass.CROSS_ZONE,
                        TransferDirection.EGRESS,
                        Optional.empty(),
                        LocalDate.parse("2026-11-10")))
                .orElseThrow())
        .isEqualTo(
            new PriceQuote(
                new BigDecimal("0.02"),
                "USD",
                "old-1",
                "https://example.com/b",
                LocalDate.parse("2026-11-10")));
  }

  @Test
  void quotedFieldsFollowRfc4180AndTheLastColumnKeepsUnquotedCommas() throws Exception {
    // as a spreadsheet saves it: byte order mark, CRLF, every field quoted, a two-line source
    byte[] saved =
        ("\uFEFF# version: export-1\r\n"
                + "\"provider\",\"region\",\"item\",\"direction\",\"peer\",\"effective_from\","
                + "\"tier_start_gib\",\"rate_per_gib\",\"currency\",\"source\"\r\n"
                + "\"aws\",\"us-east-1\",\"internet\",\"egress\",\"\",\"2026-01-01\",\"\",\"0.05\","
                + "\"USD\",\"contract 42, annex \"\"B\"\"\r\nsigned 2026\"\r\n"
                + "\r\n"
                + "# a comment between rows, with a \"quote\r\n"
                + "aws,us-east-1,cross_zone,egress,,2026-01-01,,0.004,USD,\"a, b\",and c, d\r\n")
            .getBytes(StandardCharsets.UTF_8);
    PriceBook book =
        PriceBook.builder().addSheet("export.csv", new ByteArrayInputStream(saved)).build();
    assertThat(
            book.quote(
                new PriceQuery(
                    "aws",
                    "us-east-1",
                    TrafficClass.INTERNET,
                    TransferDirection.EGRESS,
                    Optional.empty(),
                    DAY)))
        .contains(
            new PriceQuote(
                new BigDecimal("0.05"),
                "USD",
                "export-1",
                "contract 42, annex \"B\"\r\nsigned 2026", // a quoted line break is kept as written
                LocalDate.parse("2026-01-01")));
    // unquoted commas in the last column are kept; a quoted piece of it loses its quotes
    assertThat(
            book.quote(
                    new PriceQuery(
                        "aws",
                        "us-east-1",
                        TrafficClass.CROSS_ZONE,
                        TransferDirection.EGRESS,
                        Optional.empty(),
                        DAY))
                .orElseThrow()
                .source())
        .isEqualTo("a, b,and c, d");
    // line numbers count the physical lines, also after a record that spans two
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,,0.09,USD,\"two",
                        "lines\"",
                        "aws,us-east-1,internet,ingress,,2026-01-01,,x,USD,src")))
        .hasMessage("s.csv line 4 field rate_per_gib: invalid number 'x'");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,,0.09,USD,\"open quote",
                        "aws,us-east-1,internet,ingress,,2026-01-01,,0,USD,src")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("s.csv line 2 field source: Missing closing quote for value");
  }

  @Test
  void malformedSheetsNameFileLineAndField() {
    assertThatThrownBy(() -> PriceBook.parse("s.csv", text("provider,region")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "s.csv line 1 field header: expected '"
                + PriceBook.HEADER
                + "', found 'provider,region'");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,,0.09,USD,src",
                        "aws,us-east-1,internet,egress,,2026-13-01,,0.09,USD,src")))
        .hasMessage(
            "s.csv line 3 field effective_from: invalid date '2026-13-01' (expected YYYY-MM-DD)");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER, "aws,us-east-1,internet,egress,,2026-01-01,,-1,USD,src")))
        .hasMessage("s.csv line 2 field rate_per_gib: is negative: -1");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,,0.x,USD,src")))
        .hasMessage("s.csv line 2 field rate_per_gib: invalid number '0.x'");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(PriceBook.HEADER, "aws,us-east-1,egress,egress,,2026-01-01,,0.1,USD,src")))
        .hasMessage(
            "s.csv line 2 field item: invalid item 'egress' (expected same_zone, cross_zone,"
                + " cross_region, internet, private, nat_gateway, vpc_peering or load_balancer)");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(PriceBook.HEADER, "aws,us-east-1,internet,out,,2026-01-01,,0.1,USD,src")))
        .hasMessage(
            "s.csv line 2 field direction: Invalid direction: out (expected egress or ingress)");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,,0.1,usd,src")))
        .hasMessage("s.csv line 2 field currency: expected an ISO 4217 code like USD, found 'usd'");
    assertThatThrownBy(
            () -> PriceBook.parse("s.csv", text(PriceBook.HEADER, "aws,us-east-1,internet,egress")))
        .hasMessage("s.csv line 2 field peer: missing: expected 10 fields, found 4");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(PriceBook.HEADER, "aws,us-east-1,internet,egress,,2026-01-01,,0.1,USD,")))
        .hasMessage("s.csv line 2 field source: is empty");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        "# a ladder without a first tier",
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,100,0.09,USD,src",
                        "aws,us-east-1,internet,egress,,2026-01-01,200,0.08,USD,src")))
        .hasMessage(
            "s.csv line 3 field tier_start_gib: no tier starting at 0 GiB for aws/us-east-1 internet"
                + " egress from 2026-01-01");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,us-east-1,internet,egress,,2026-01-01,,0.09,USD,src",
                        "aws,us-east-1,internet,egress,,2026-01-01,0,0.08,USD,src")))
        .hasMessage(
            "s.csv line 3 field tier_start_gib: duplicate price for aws/us-east-1 internet egress"
                + " from 2026-01-01 tier starting at 0 GiB");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "aws,US-EAST-1,internet,egress,,2026-01-01,,0.1,USD,src")))
        .hasMessage(
            "s.csv line 2 field region: invalid name 'US-EAST-1' (lower case letters, digits, '-')");
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER, "aws,us-east-1,unknown,egress,,2026-01-01,,0.1,USD,src")))
        .hasMessage("s.csv line 2 field item: unknown traffic is never priced");
  }

  @Test
  void adjustmentsDiscountAndOverrideRates() throws Exception {
    PriceAdjustments adjustments =
        PriceAdjustments.parse(
            "discounts.csv",
            text(
                "# version: edp-2026",
                PriceAdjustments.HEADER,
                "aws,*,internet,egress,2026-01-01,,discount_percent,12.5,EDP 2026",
                "aws,us-east-1,cross_zone,*,2026-06-01,2027-01-01,rate,0.004,private rate addendum 3"));
    PriceBook book = PriceBook.builder().addBundled().adjustments(adjustments).build();
    assertThat(book.version()).isEqualTo("aws-2026-11-26+gcp-2026-11-26+azure-2026-11-26+edp-2026");
    PriceQuery internet =
        new PriceQuery(
            "aws",
            "us-west-2",
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            Optional.empty(),
            DAY);
    assertThat(book.quote(internet))
        .contains(
            new PriceQuote(
                new BigDecimal("0.07875"),
                "USD",
                "aws-2026-11-26+edp-2026",
                "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer_OUT_From_Amazon_EC2_To_Internet; adjusted: EDP 2026",
                LocalDate.parse("2026-01-01")));
    assertThat(book.tiers(internet).orElseThrow().tiers())
        .extracting(t -> t.ratePerGib().stripTrailingZeros().toPlainString())
        .containsExactly("0", "0.07875", "0.074375", "0.06125", "0.04375");
    PriceQuery crossZone =
        new PriceQuery(
            "aws",
            "us-east-1",
            TrafficClass.CROSS_ZONE,
            TransferDirection.INGRESS,
            Optional.empty(),
            DAY);
    assertThat(book.quote(crossZone).orElseThrow().ratePerGib()).isEqualByComparingTo("0.004");
    assertThat(
            book.quote(
                    new PriceQuery(
                        "aws",
                        "us-east-1",
                        TrafficClass.CROSS_ZONE,
                        TransferDirection.INGRESS,
                        Optional.empty(),
                        LocalDate.parse("2027-01-01")))
                .orElseThrow()
                .ratePerGib())
        .isEqualByComparingTo("0.01");
    // GCP is untouched and keeps its plain version
    assertThat(
            book.quote(
                    new PriceQuery(
                        "gcp",
                        "us-east1",
                        TrafficClass.INTERNET,
                        TransferDirection.EGRESS,
                        Optional.empty(),
                        DAY))
                .orElseThrow()
                .sheetVersion())
        .isEqualTo("gcp-2026-11-26");
  }

  @Test
  void malformedAdjustmentsNameFileLineAndField() {
    assertThatThrownBy(() -> PriceAdjustments.parse("d.csv", text(PriceAdjustments.HEADER)))
        .hasMessage(
            "d.csv line 1 field version: missing '# version: <name>' comment naming these contract terms");
    assertThatThrownBy(
            () ->
                PriceAdjustments.parse(
                    "d.csv",
                    text(
                        "# version: x",
                        PriceAdjustments.HEADER,
                        "aws,*,internet,egress,2026-01-01,,discount_percent,120,too generous")))
        .hasMessage("d.csv line 3 field value: discount_percent is over 100: 120");
    assertThatThrownBy(
            () ->
                PriceAdjustments.parse(
                    "d.csv",
                    text(
                        "# version: x",
                        PriceAdjustments.HEADER,
                        "aws,*,internet,egress,2026-01-01,,halve,1,nope")))
        .hasMessage(
            "d.csv line 3 field adjustment: invalid adjustment 'halve' (expected discount_percent or rate)");
    assertThatThrownBy(
            () ->
                PriceAdjustments.parse(
                    "d.csv",
                    text(
                        "# version: x",
                        PriceAdjustments.HEADER,
                        "aws,*,internet,egress,2026-01-01,2025-01-01,rate,1,backwards")))
        .hasMessage(
            "d.csv line 3 field effective_until: 2025-01-01 is not after effective_from 2026-01-01");
    assertThatThrownBy(
            () ->
                PriceAdjustments.parse(
                    "d.csv",
                    text(
                        "# version: x",
                        PriceAdjustments.HEADER,
                        "aws,*,egress,egress,2026-01-01,,rate,1,wrong item")))
        .hasMessage("d.csv line 3 field item: invalid item 'egress'");
  }
}
