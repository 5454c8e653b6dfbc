package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * One attribution policy governs the estimate and the reconciled allocation, over random days:
 * in-cluster transfers between owners on nodes with their own rates, external traffic with its own
 * estimates, one bill key per node and direction (as AWS bills cross-zone per instance).
 *
 * <ul>
 *   <li>Σ over a day's keys of an owner's allocation estimates is the owner's estimate under the
 *       policy, computed here from the rates without rounding (to 10^-9 per rounded side);
 *   <li>in each key an owner's reconciled cost is its estimate × attributed / estimated (the key's
 *       bill-to-estimate ratio once the key is fully covered) to within 10^-9;
 *   <li>the allocation rows of a key add up to its bill exactly.
 * </ul>
 */
class OnePolicyPropertyTest {
  private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
  private static final BigDecimal NANO = new BigDecimal("0.000000001");

  record Node(BigDecimal egressRate, BigDecimal ingressRate) {}

  /** An in-cluster transfer (peer >= 0) or external traffic (peer < 0). */
  record Transfer(
      int sender,
      int senderNode,
      int peer,
      int peerNode,
      long bytes,
      long received,
      BigDecimal egressCost,
      BigDecimal ingressCost) {}

  record Day(
      AttributionPolicy policy,
      List<Node> nodes,
      List<Transfer> transfers,
      List<BigDecimal> bills,
      List<BigDecimal> usages) {}

  @Property(tries = 300)
  void estimateAndReconciledFollowOnePolicy(@ForAll("days") Day day) {
    int nodes = day.nodes().size();
    // the traffic rows each node's flows hold
    Map<Integer, List<PolicyShares.Traffic<Integer>>> rows = new HashMap<>();
    Map<Integer, BigDecimal> expected = new HashMap<>();
    Map<Integer, Integer> roundings = new HashMap<>();
    for (Transfer t : day.transfers()) {
      Node from = day.nodes().get(t.senderNode());
      if (t.peer() < 0) {
        rows.computeIfAbsent(t.senderNode(), n -> new ArrayList<>())
            .add(
                new PolicyShares.Traffic<>(
                    t.sender(),
                    Optional.empty(),
                    t.bytes(),
                    t.received(),
                    Optional.of(t.egressCost()),
                    Optional.of(t.ingressCost()),
                    Optional.empty(),
                    Optional.empty()));
        expected.merge(t.sender(), t.egressCost().add(t.ingressCost()), BigDecimal::add);
        continue;
      }
      Node to = day.nodes().get(t.peerNode());
      rows.computeIfAbsent(t.senderNode(), n -> new ArrayList<>())
          .add(
              new PolicyShares.Traffic<>(
                  t.sender(),
                  Optional.of(t.peer()),
                  t.bytes(),
                  0,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(from.egressRate()),
                  Optional.of(from.ingressRate())));
      rows.computeIfAbsent(t.peerNode(), n -> new ArrayList<>())
          .add(
              new PolicyShares.Traffic<>(
                  t.peer(),
                  Optional.of(t.sender()),
                  0,
                  t.bytes(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(to.egressRate()),
                  Optional.of(to.ingressRate())));
      // the transfer's exact cost: the sender's egress and the receiver's ingress charge
      BigDecimal cost =
          BigDecimal.valueOf(t.bytes())
              .multiply(from.egressRate().add(to.ingressRate()))
              .divide(GIB, MathContext.DECIMAL128);
      switch (day.policy()) {
        case SENDER_PAYS -> expected.merge(t.sender(), cost, BigDecimal::add);
        case RECEIVER_PAYS -> expected.merge(t.peer(), cost, BigDecimal::add);
        case SPLIT -> {
          BigDecimal half = cost.divide(BigDecimal.valueOf(2), MathContext.DECIMAL128);
          expected.merge(t.sender(), half, BigDecimal::add);
          expected.merge(t.peer(), half, BigDecimal::add);
        }
      }
      for (int owner : List.of(t.sender(), t.peer())) {
        roundings.merge(owner, 2, Integer::sum);
      }
    }

    Map<Integer, BigDecimal> estimated = new HashMap<>();
    Reconciler reconciler = new Reconciler(CostBasis.NET, new BigDecimal("0.2"));
    for (int node = 0; node < nodes; node++) {
      for (TransferDirection direction : TransferDirection.values()) {
        int index = node * 2 + direction.ordinal();
        ReconciliationKey key =
            new ReconciliationKey(
                LocalDate.of(2026, 11, 1),
                BillingProvider.AWS,
                ChargeKind.TRANSFER,
                TrafficClass.CROSS_ZONE,
                Optional.of(direction),
                Optional.of("us-east-1"),
                Optional.of("i-" + node));
        List<Allocation<Integer>> allocations =
            PolicyShares.allocations(
                rows.getOrDefault(node, List.of()),
                Optional.of(direction),
                day.policy(),
                Comparator.naturalOrder());
        BilledNetworkCost bill =
            new BilledNetworkCost(
                key,
                day.bills().get(index),
                day.bills().get(index),
                day.usages().get(index),
                "USD",
                1);
        ReconciliationResult<Integer> result = reconciler.reconcile(bill, allocations, "USD");
        BigDecimal sum = result.unattributedCost();
        for (ReconciledAllocation<Integer> share : result.allocations()) {
          BigDecimal estimate = share.allocation().estimatedCost().orElseThrow();
          estimated.merge(share.owner(), estimate, BigDecimal::add);
          sum = sum.add(share.allocatedCost());
          if (result.estimatedCost().signum() > 0) {
            BigDecimal exact =
                estimate
                    .multiply(result.allocatedCost())
                    .divide(result.estimatedCost(), MathContext.DECIMAL128);
            assertThat(share.allocatedCost().subtract(exact).abs()).isLessThan(NANO);
          }
        }
        assertThat(sum).isEqualByComparingTo(result.billedCost());
      }
    }
    for (Map.Entry<Integer, BigDecimal> owner : expected.entrySet()) {
      BigDecimal actual = estimated.getOrDefault(owner.getKey(), BigDecimal.ZERO);
      BigDecimal tolerance =
          NANO.multiply(BigDecimal.valueOf(roundings.getOrDefault(owner.getKey(), 0)));
      assertThat(actual.subtract(owner.getValue()).abs())
          .as("owner %d under %s", owner.getKey(), day.policy())
          .isLessThanOrEqualTo(tolerance);
    }
  }

  @Provide
  Arbitrary<Day> days() {
    Arbitrary<BigDecimal> rate =
        Arbitraries.of(
            new BigDecimal("0.01"),
            new BigDecimal("0.02"),
            new BigDecimal("0.0125"),
            BigDecimal.ZERO);
    Arbitrary<Node> node = Combinators.combine(rate, rate).as(Node::new);
    Arbitrary<BigDecimal> money =
        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("50")).ofScale(9);
    Arbitrary<Long> bytes =
        Arbitraries.oneOf(
            Arbitraries.longs().between(1, 1_000_000L),
            Arbitraries.longs().between(1, 5_000_000_000_000L));
    return Arbitraries.integers()
        .between(1, 4)
        .flatMap(
            nodeCount -> {
              Arbitrary<Transfer> transfer =
                  Combinators.combine(
                          Arbitraries.integers().between(0, 5),
                          Arbitraries.integers().between(0, nodeCount - 1),
                          Arbitraries.integers().between(-2, 5),
                          Arbitraries.integers().between(0, nodeCount - 1),
                          bytes,
                          bytes,
                          money,
                          money)
                      .as(Transfer::new);
              Arbitrary<BigDecimal> bill =
                  Arbitraries.bigDecimals()
                      .between(BigDecimal.ZERO, new BigDecimal("100"))
                      .ofScale(6);
              Arbitrary<BigDecimal> usage =
                  Arbitraries.bigDecimals()
                      .between(BigDecimal.ZERO, new BigDecimal("10000"))
                      .ofScale(3);
              return Combinators.combine(
                      Arbitraries.of(AttributionPolicy.class),
                      node.list().ofSize(nodeCount),
                      transfer.list().ofMaxSize(30),
                      bill.list().ofSize(nodeCount * 2),
                      usage.list().ofSize(nodeCount * 2))
                  .as(Day::new);
            });
  }
}
