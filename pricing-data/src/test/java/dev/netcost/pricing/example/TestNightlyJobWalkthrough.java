package dev.netcost.pricing.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.Money;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.ClassificationRules;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.DestinationClassifier;
import dev.netcost.pricing.LocalEndpoint;
import dev.netcost.pricing.NetworkPaths;
import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PriceQuery;
import dev.netcost.pricing.PriceQuote;
import dev.netcost.pricing.ProviderRanges;
import dev.netcost.pricing.TierAllocator;
import dev.netcost.pricing.TierSchedule;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sequence docs/pricing.md section 7 prescribes for the nightly job, through the public API
 * only (this test lives outside the package on purpose), with exact money.
 */
class TestNightlyJobWalkthrough {
  private static final long GIB = 1L << 30;
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");
  private static final LocalEndpoint ZONE_A =
      new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));

  private static InputStream text(String... lines) {
    return new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  private static BigDecimal rate(
      PriceBook book, TrafficClass trafficClass, TransferDirection direction) {
    return book.quote(
            new PriceQuery("aws", "us-east-1", trafficClass, direction, Optional.empty(), DAY))
        .map(PriceQuote::ratePerGib)
        .orElseThrow();
  }

  @Test
  void oneDayOfRows() throws Exception {
    // once per run
    PriceBook book = PriceBook.builder().addBundled().build();
    ProviderRanges ranges;
    try (InputStream aws =
        getClass().getResourceAsStream("/dev/netcost/pricing/aws-ip-ranges-small.json")) {
      ranges = ProviderRanges.builder().load("aws-ip-ranges-small.json", aws).build();
    }
    DestinationClassifier classifier =
        new DestinationClassifier(ClassificationRules.none(), ranges);
    NetworkPaths paths =
        NetworkPaths.parse(
            "network-paths.yaml",
            text(
                "nat-gateways:",
                "  - name: nat-use1a",
                "    provider: aws",
                "    region: us-east-1",
                "    node-pools: [general]"));
    AttributionPolicy policy = AttributionPolicy.fromWireName("sender_pays");

    // 1. pod-to-pod across zones: two rows, one per node; both AWS sides land on the sender
    AttributionPolicy.Rates crossZone =
        new AttributionPolicy.Rates(
            rate(book, TrafficClass.CROSS_ZONE, TransferDirection.EGRESS),
            rate(book, TrafficClass.CROSS_ZONE, TransferDirection.INGRESS),
            rate(book, TrafficClass.CROSS_ZONE, TransferDirection.EGRESS),
            rate(book, TrafficClass.CROSS_ZONE, TransferDirection.INGRESS));
    AttributionPolicy.RowCost clientRow = policy.cost(10 * GIB, 4 * GIB, crossZone, true);
    AttributionPolicy.RowCost serverRow = policy.cost(4 * GIB, 10 * GIB, crossZone, true);
    assertThat(clientRow.egressCost()).isEqualByComparingTo("0.200000000");
    assertThat(serverRow.egressCost()).isEqualByComparingTo("0.080000000");
    assertThat(clientRow.total().add(serverRow.total())).isEqualByComparingTo("0.280000000");

    // 2. internet rows: classify, then tier the day's egress per billing scope and team
    Destination google = classifier.classify(ZONE_A, "8.8.8.8");
    Destination partner = classifier.classify(ZONE_A, "203.0.113.9");
    assertThat(List.of(google.trafficClass(), partner.trafficClass()))
        .containsExactly(TrafficClass.INTERNET, TrafficClass.INTERNET);
    TierSchedule ladder =
        book.tiers(
                new PriceQuery(
                    "aws",
                    "us-east-1",
                    TrafficClass.INTERNET,
                    TransferDirection.EGRESS,
                    Optional.empty(),
                    DAY))
            .orElseThrow();
    TreeMap<String, Long> internetEgress = new TreeMap<>();
    internetEgress.put("search", 30 * GIB);
    internetEgress.put("web", 50 * GIB);
    long monthToDateBefore = 90 * GIB; // days 1..19 of November for this scope
    TierAllocator.DayAllocation<String> day =
        new TierAllocator(ladder).allocateDay(monthToDateBefore, internetEgress);
    // 90 -> 170 GiB: 10 GiB still free, 70 GiB at 0.09
    assertThat(day.dayCost()).isEqualByComparingTo("6.300000000");
    assertThat(day.costs().get("web")).isEqualByComparingTo("3.937500000");
    assertThat(day.costs().get("search")).isEqualByComparingTo("2.362500000");
    assertThat(day.blendedRatePerGib()).isEqualByComparingTo("0.078750000");
    assertThat(day.sheetVersion()).isEqualTo("aws-2026-11-26");

    // 3. NAT processing on the web row (node pool general): both directions, 50 out + 200 in
    List<NetworkPaths.PathCharge> charges =
        paths.charges(
            NetworkPaths.FlowPath.of(
                Optional.of("general"), "10.0.3.7", "8.8.8.8", Optional.empty(), Optional.empty()),
            google);
    assertThat(charges).hasSize(1);
    NetworkPaths.PathCharge nat = charges.get(0);
    BigDecimal natEgress =
        book.quote(nat.surcharge(), nat.provider(), nat.region(), TransferDirection.EGRESS, DAY)
            .orElseThrow()
            .ratePerGib();
    BigDecimal natIngress =
        book.quote(nat.surcharge(), nat.provider(), nat.region(), TransferDirection.INGRESS, DAY)
            .orElseThrow()
            .ratePerGib();
    BigDecimal natCost = Money.cost(50 * GIB, natEgress).add(Money.cost(200 * GIB, natIngress));
    assertThat(natCost).isEqualByComparingTo("11.250000000");

    // 4. S3 in the same region over its public range: free transfer, but the NAT still processes it
    Destination s3 = classifier.classify(ZONE_A, "18.34.0.10");
    assertThat(s3.trafficClass()).isEqualTo(TrafficClass.SAME_ZONE);
    assertThat(s3.service()).contains("aws-s3");
    AttributionPolicy.RowCost s3Row =
        policy.cost(
            1 * GIB,
            9 * GIB,
            AttributionPolicy.Rates.external(
                rate(book, TrafficClass.SAME_ZONE, TransferDirection.EGRESS),
                rate(book, TrafficClass.SAME_ZONE, TransferDirection.INGRESS)),
            false);
    assertThat(s3Row.total()).isEqualByComparingTo("0");
    assertThat(
            paths.charges(
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.0.3.7",
                    "18.34.0.10",
                    Optional.empty(),
                    Optional.empty()),
                s3))
        .extracting(c -> c.surcharge().wireName())
        .containsExactly("nat_gateway");
  }
}
