package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AWS cross-AZ: A sends 10 GiB to B; $0.01/GiB out of A's node and $0.01/GiB into B's node. */
class PolicySharesTest {
  private static final long GIB = 1L << 30;
  private static final Optional<BigDecimal> CENT = Optional.of(new BigDecimal("0.01"));

  /** A's row on A's node (sent) and B's row on B's node (received). */
  private static final PolicyShares.Traffic<String> SENT =
      new PolicyShares.Traffic<>(
          "a", Optional.of("b"), 10 * GIB, 0, Optional.empty(), Optional.empty(), CENT, CENT);

  private static final PolicyShares.Traffic<String> RECEIVED =
      new PolicyShares.Traffic<>(
          "b", Optional.of("a"), 0, 10 * GIB + 1, Optional.empty(), Optional.empty(), CENT, CENT);

  private static List<Allocation<String>> egressKey(AttributionPolicy policy) {
    return PolicyShares.allocations(
        List.of(SENT), Optional.of(TransferDirection.EGRESS), policy, Comparator.naturalOrder());
  }

  private static List<Allocation<String>> ingressKey(AttributionPolicy policy) {
    return PolicyShares.allocations(
        List.of(RECEIVED),
        Optional.of(TransferDirection.INGRESS),
        policy,
        Comparator.naturalOrder());
  }

  private static Allocation<String> allocation(String owner, String estimate, long bytes) {
    return new Allocation<>(owner, Optional.of(new BigDecimal(estimate)), bytes);
  }

  @Test
  void senderPaysPutsBothSidesOnTheSender() {
    assertThat(egressKey(AttributionPolicy.SENDER_PAYS))
        .containsExactly(allocation("a", "0.100000000", 10 * GIB));
    // B's node received 10 GiB and 1 byte: 0.1000000000093 rounds to 0.100000000
    assertThat(ingressKey(AttributionPolicy.SENDER_PAYS))
        .containsExactly(allocation("a", "0.100000000", 10 * GIB + 1));
  }

  @Test
  void receiverPaysPutsBothSidesOnTheReceiver() {
    assertThat(egressKey(AttributionPolicy.RECEIVER_PAYS))
        .containsExactly(allocation("b", "0.100000000", 10 * GIB));
    assertThat(ingressKey(AttributionPolicy.RECEIVER_PAYS))
        .containsExactly(allocation("b", "0.100000000", 10 * GIB + 1));
  }

  @Test
  void splitHalvesEachSideSenderRoundedUp() {
    assertThat(egressKey(AttributionPolicy.SPLIT))
        .containsExactly(
            allocation("a", "0.050000000", 5 * GIB), allocation("b", "0.050000000", 5 * GIB));
    // 10 GiB + 1 byte: the sender (a) gets the odd byte
    assertThat(ingressKey(AttributionPolicy.SPLIT))
        .containsExactly(
            allocation("a", "0.050000000", 5 * GIB + 1), allocation("b", "0.050000000", 5 * GIB));
  }

  @Test
  void aPeerOutsideTheClusterLeavesBothSidesWithTheLocalOwnerAndItsOwnEstimates() {
    PolicyShares.Traffic<String> internet =
        new PolicyShares.Traffic<>(
            "a",
            Optional.empty(),
            2 * GIB,
            GIB,
            Optional.of(new BigDecimal("0.18")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(
            PolicyShares.allocations(
                List.of(internet),
                Optional.empty(),
                AttributionPolicy.RECEIVER_PAYS,
                Comparator.naturalOrder()))
        .containsExactly(allocation("a", "0.18", 3 * GIB));
    // an unpriced side has no estimate; with no priced side at all the allocation has none
    assertThat(
            PolicyShares.allocations(
                List.of(internet),
                Optional.of(TransferDirection.INGRESS),
                AttributionPolicy.SENDER_PAYS,
                Comparator.naturalOrder()))
        .containsExactly(new Allocation<>("a", Optional.empty(), GIB));
  }
}
