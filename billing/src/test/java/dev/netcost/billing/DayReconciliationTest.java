package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The date's reconciliation rules on literal flows and bills: key matching, unbilled keys,
 * identity.
 */
class DayReconciliationTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final long GIB = 1L << 30;
  private static final Reconciler NET = new Reconciler(CostBasis.NET, new BigDecimal("0.2"));
  private static final ChargebackOwner WEB =
      new ChargebackOwner("demo", "web", "storefront", "Deployment", "web");
  private static final ChargebackOwner SEARCH =
      new ChargebackOwner("demo", "search", "search", "Deployment", "query");
  private static final Map<DayReconciliation.Node, String> INSTANCES =
      Map.of(
          new DayReconciliation.Node("demo", "n1"), "i-0aaa",
          new DayReconciliation.Node("demo", "n2"), "i-0bbb",
          new DayReconciliation.Node("demo", "n3"), "i-0ccc");

  private static ReconciliationKey key(
      ChargeKind kind,
      TrafficClass trafficClass,
      TransferDirection direction,
      String region,
      String resource) {
    return new ReconciliationKey(
        DAY,
        BillingProvider.AWS,
        kind,
        trafficClass,
        Optional.of(direction),
        Optional.ofNullable(region),
        Optional.ofNullable(resource));
  }

  private static ReconciliationKey crossZoneOut(String region, String resource) {
    return key(
        ChargeKind.TRANSFER, TrafficClass.CROSS_ZONE, TransferDirection.EGRESS, region, resource);
  }

  /** A node's flows to peers outside the cluster, with their own estimates. */
  private static DayReconciliation.FlowGroup flow(
      String node,
      String region,
      TrafficClass trafficClass,
      boolean viaNat,
      ChargebackOwner owner,
      long sent,
      long received,
      String egressCost,
      String ingressCost) {
    return new DayReconciliation.FlowGroup(
        "demo",
        node,
        Optional.ofNullable(region),
        trafficClass,
        viaNat,
        new PolicyShares.Traffic<>(
            owner,
            Optional.empty(),
            sent,
            received,
            Optional.ofNullable(egressCost).map(BigDecimal::new),
            Optional.ofNullable(ingressCost).map(BigDecimal::new),
            Optional.empty(),
            Optional.empty()));
  }

  private static DayReconciliation.FlowGroup crossZone(String node, String region) {
    return flow(node, region, TrafficClass.CROSS_ZONE, false, WEB, GIB, 0, "0.01", null);
  }

  @Test
  void aResourceKeyTakesItsNodeARegionKeyTheRestOfItsRegionAKeyWithoutRegionTheRest() {
    ReconciliationKey resource = crossZoneOut("us-east-1", "I-0AAA");
    ReconciliationKey region = crossZoneOut("us-east-1", null);
    ReconciliationKey anywhere = crossZoneOut(null, null);
    Set<ReconciliationKey> billed = Set.of(resource, region, anywhere);
    DayReconciliation.FlowGroup n1 = crossZone("n1", "us-east-1");
    DayReconciliation.FlowGroup n2 = crossZone("n2", "us-east-1");
    DayReconciliation.FlowGroup n3 = crossZone("n3", "us-west-2");
    // a node the metadata did not place in a region
    DayReconciliation.FlowGroup unplaced = crossZone("n4", null);

    assertThat(DayReconciliation.matches(resource, n1, billed, INSTANCES)).isTrue();
    assertThat(DayReconciliation.matches(resource, n2, billed, INSTANCES)).isFalse();
    assertThat(DayReconciliation.matches(resource, unplaced, billed, INSTANCES)).isFalse();

    assertThat(DayReconciliation.matches(region, n1, billed, INSTANCES)).isFalse();
    assertThat(DayReconciliation.matches(region, n2, billed, INSTANCES)).isTrue();
    assertThat(DayReconciliation.matches(region, n3, billed, INSTANCES)).isFalse();
    assertThat(DayReconciliation.matches(region, unplaced, billed, INSTANCES)).isFalse();

    assertThat(DayReconciliation.matches(anywhere, n1, billed, INSTANCES)).isFalse();
    assertThat(DayReconciliation.matches(anywhere, n2, billed, INSTANCES)).isFalse();
    assertThat(DayReconciliation.matches(anywhere, n3, billed, INSTANCES)).isTrue();
    assertThat(DayReconciliation.matches(anywhere, unplaced, billed, INSTANCES)).isTrue();

    // another class or another direction is another charge: its keys do not shadow these
    ReconciliationKey ingress =
        key(
            ChargeKind.TRANSFER,
            TrafficClass.CROSS_ZONE,
            TransferDirection.INGRESS,
            "us-east-1",
            "i-0aaa");
    assertThat(DayReconciliation.matches(region, n1, Set.of(region, ingress), INSTANCES)).isTrue();
    assertThat(
            DayReconciliation.matches(
                region,
                flow("n2", "us-east-1", TrafficClass.SAME_ZONE, false, WEB, GIB, 0, "0", null),
                billed,
                INSTANCES))
        .isFalse();
  }

  @Test
  void aNatKeyTakesInternetFlowsThroughANatGatewayOnly() {
    ReconciliationKey nat =
        key(
            ChargeKind.NAT_GATEWAY,
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            "us-east-1",
            null);
    Set<ReconciliationKey> billed = Set.of(nat);

    assertThat(
            DayReconciliation.matches(
                nat,
                flow("n1", "us-east-1", TrafficClass.INTERNET, true, WEB, GIB, 0, "0.09", null),
                billed,
                INSTANCES))
        .isTrue();
    assertThat(
            DayReconciliation.matches(
                nat,
                flow("n1", "us-east-1", TrafficClass.INTERNET, false, WEB, GIB, 0, "0.09", null),
                billed,
                INSTANCES))
        .isFalse();
    assertThat(
            DayReconciliation.matches(
                nat,
                flow("n1", "us-east-1", TrafficClass.CROSS_ZONE, true, WEB, GIB, 0, "0.01", null),
                billed,
                INSTANCES))
        .isFalse();
  }

  @Test
  void billedKeysThenTheUnbilledSidesOfTheFlowsNoKeyTook() {
    // the bill: cross-zone egress of us-east-1, $1.00 net for 2 GiB
    ReconciliationKey billedKey = crossZoneOut("us-east-1", null);
    Map<ReconciliationKey, BilledNetworkCost> billed = new TreeMap<>();
    billed.put(
        billedKey,
        new BilledNetworkCost(
            billedKey,
            new BigDecimal("1.20"),
            new BigDecimal("1.00"),
            new BigDecimal("2"),
            "USD",
            3));
    List<DayReconciliation.FlowGroup> flows =
        List.of(
            // 1 GiB out (the billed key's), 0.5 GiB in (no bill line)
            flow(
                "n1",
                "us-east-1",
                TrafficClass.CROSS_ZONE,
                false,
                WEB,
                GIB,
                GIB / 2,
                "0.01",
                "0.005"),
            // nothing moved: no key
            flow("n1", "us-east-1", TrafficClass.SAME_ZONE, false, WEB, 0, 0, null, null),
            // 2 GiB to the internet from the other region, not billed
            flow(
                "n3", "us-west-2", TrafficClass.INTERNET, false, SEARCH, 2 * GIB, 0, "0.18", null));

    DayReconciliation.Outcome outcome =
        DayReconciliation.reconcile(
            DAY,
            BillingProvider.AWS,
            billed,
            flows,
            INSTANCES,
            AttributionPolicy.SENDER_PAYS,
            NET,
            "USD",
            "s3://bills/cur/");

    assertThat(outcome.billedKeys()).isEqualTo(1);
    assertThat(outcome.unbilledKeys()).isEqualTo(2);
    assertThat(outcome.keyRows())
        .extracting(
            row ->
                row.key().trafficClass()
                    + "/"
                    + row.key().direction()
                    + "/"
                    + row.key().region().orElse("-"))
        .containsExactly(
            "cross_zone/egress/us-east-1",
            "cross_zone/ingress/us-east-1",
            "internet/egress/us-west-2");
    // 1 of the billed 2 GiB measured: half the bill is web's, half unattributed
    assertThat(outcome.billedCost()).isEqualTo(new BigDecimal("1.000000000"));
    assertThat(outcome.attributedCost()).isEqualTo(new BigDecimal("0.500000000"));
    assertThat(outcome.unattributedCost()).isEqualTo(new BigDecimal("0.500000000"));
    // every key's estimate: 0.01 + 0.005 + 0.18
    assertThat(outcome.estimatedCost()).isEqualByComparingTo("0.195");
    assertThat(outcome.billedUsageGib()).isEqualByComparingTo("2");
    assertThat(outcome.measuredBytes()).isEqualTo(BigInteger.valueOf(GIB));
    assertThat(outcome.allocationRows())
        .extracting(row -> row.owner().team() + " " + row.reconciledCost().toPlainString())
        .containsExactly(
            "web 0.500000000",
            "__unattributed__ 0.500000000",
            "web 0.000000000",
            "search 0.000000000");
    assertThat(outcome.allocationRows())
        .extracting(ReconciliationRows.AllocationRow::measuredBytes)
        .containsExactly(GIB, 0L, GIB / 2, 2 * GIB);
  }

  @Test
  void aCurrencyMismatchNamesTheDateAndTheBill() {
    ReconciliationKey billedKey = crossZoneOut("us-east-1", null);
    Map<ReconciliationKey, BilledNetworkCost> billed =
        Map.of(
            billedKey,
            new BilledNetworkCost(
                billedKey, new BigDecimal("1"), new BigDecimal("1"), BigDecimal.ONE, "EUR", 1));

    assertThatThrownBy(
            () ->
                DayReconciliation.reconcile(
                    DAY,
                    BillingProvider.AWS,
                    billed,
                    List.of(crossZone("n1", "us-east-1")),
                    INSTANCES,
                    AttributionPolicy.SENDER_PAYS,
                    NET,
                    "USD",
                    "s3://bills/cur/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot reconcile 2026-11-20 with s3://bills/cur/: Currency mismatch");
  }

  @Test
  void theIdentityCheckRefusesAllocationsThatDoNotAddUpToTheBill() {
    ReconciliationRows.Key key = ReconciliationRows.Key.of(crossZoneOut("us-east-1", null));
    List<ReconciliationRows.AllocationRow> rows =
        List.of(
            new ReconciliationRows.AllocationRow(
                key, WEB, Optional.empty(), GIB, new BigDecimal("0.400000000"), "USD"));

    assertThatThrownBy(
            () ->
                DayReconciliation.checkIdentity(
                    DAY,
                    rows,
                    new BigDecimal("0.500000000"),
                    new BigDecimal("0.400000000"),
                    new BigDecimal("0.100000000")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Reconciliation of 2026-11-20 does not add up: allocations 0.400000000, attributed"
                + " 0.400000000 + unattributed 0.100000000, billed 0.500000000");
    // attributed + unattributed short of the bill, allocations right
    assertThatThrownBy(
            () ->
                DayReconciliation.checkIdentity(
                    DAY,
                    rows,
                    new BigDecimal("0.400000000"),
                    new BigDecimal("0.300000000"),
                    new BigDecimal("0.000000000")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "attributed 0.300000000 + unattributed 0.000000000, billed 0.400000000");
    DayReconciliation.checkIdentity(
        DAY,
        rows,
        new BigDecimal("0.400000000"),
        new BigDecimal("0.300000000"),
        new BigDecimal("0.100000000"));
  }
}
