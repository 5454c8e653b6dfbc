package dev.netcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestAttributionPolicy {
  private static final long GIB = 1L << 30;
  private static final BigDecimal CENT = new BigDecimal("0.01");

  /** AWS cross-AZ: 0.01 out of the sender, 0.01 into the receiver, from the bundled sheet. */
  private static AttributionPolicy.Rates awsCrossZone() {
    PriceBook book = PriceBook.bundled();
    LocalDate day = LocalDate.parse("2026-11-20");
    BigDecimal egress =
        book.quote(
                new PriceQuery(
                    "aws",
                    "us-east-1",
                    TrafficClass.CROSS_ZONE,
                    TransferDirection.EGRESS,
                    Optional.empty(),
                    day))
            .orElseThrow()
            .ratePerGib();
    BigDecimal ingress =
        book.quote(
                new PriceQuery(
                    "aws",
                    "us-east-1",
                    TrafficClass.CROSS_ZONE,
                    TransferDirection.INGRESS,
                    Optional.empty(),
                    day))
            .orElseThrow()
            .ratePerGib();
    return new AttributionPolicy.Rates(egress, ingress, egress, ingress);
  }

  @Test
  void bothSidesOfAwsCrossZoneLandOnSomebodyUnderEveryPolicy() {
    // pod A (zone a) sends 10 GiB to pod B (zone b) and receives 4 GiB from it.
    // A's row: sent 10 GiB, received 4 GiB. B's row: sent 4 GiB, received 10 GiB.
    // The bill: 14 GiB crossed, charged 0.01 on each side = 0.28.
    AttributionPolicy.Rates rates = awsCrossZone();
    for (AttributionPolicy policy : AttributionPolicy.values()) {
      AttributionPolicy.RowCost a = policy.cost(10 * GIB, 4 * GIB, rates, true);
      AttributionPolicy.RowCost b = policy.cost(4 * GIB, 10 * GIB, rates, true);
      assertThat(a.total().add(b.total()))
          .as(policy.wireName())
          .isEqualByComparingTo("0.280000000");
    }
    assertThat(AttributionPolicy.SENDER_PAYS.cost(10 * GIB, 4 * GIB, rates, true))
        .isEqualTo(
            new AttributionPolicy.RowCost(new BigDecimal("0.200000000"), new BigDecimal("0E-9")));
    assertThat(AttributionPolicy.RECEIVER_PAYS.cost(10 * GIB, 4 * GIB, rates, true))
        .isEqualTo(
            new AttributionPolicy.RowCost(new BigDecimal("0E-9"), new BigDecimal("0.080000000")));
    assertThat(AttributionPolicy.SPLIT.cost(10 * GIB, 4 * GIB, rates, true))
        .isEqualTo(
            new AttributionPolicy.RowCost(
                new BigDecimal("0.100000000"), new BigDecimal("0.040000000")));
  }

  @Test
  void splitHalvesAddUpExactlyWhenTheTransferCostIsOdd() {
    AttributionPolicy.Rates rates = new AttributionPolicy.Rates(CENT, CENT, CENT, CENT);
    // 1 byte at 0.02/GiB = 1.86e-11 -> 0.000000000; 100 bytes -> 0.000000002; 150 bytes:
    // 150 x 0.02 / 1,073,741,824 = 2.79e-9 -> 0.000000003, the sender's half 0.0000000015 rounded
    // half-up to 0.000000002 and the receiver's the rest, 0.000000001
    AttributionPolicy.RowCost sender = AttributionPolicy.SPLIT.cost(150, 0, rates, true);
    AttributionPolicy.RowCost receiver = AttributionPolicy.SPLIT.cost(0, 150, rates, true);
    assertThat(sender.egressCost()).isEqualByComparingTo("0.000000002");
    assertThat(receiver.ingressCost()).isEqualByComparingTo("0.000000001");
    assertThat(sender.total().add(receiver.total())).isEqualByComparingTo("0.000000003");
  }

  @Test
  void externalPeersBearOnlyTheLocalSide() {
    AttributionPolicy.Rates rates =
        AttributionPolicy.Rates.external(new BigDecimal("0.09"), BigDecimal.ZERO);
    for (AttributionPolicy policy : AttributionPolicy.values()) {
      assertThat(policy.cost(2 * GIB, 5 * GIB, rates, false))
          .isEqualTo(
              new AttributionPolicy.RowCost(new BigDecimal("0.180000000"), new BigDecimal("0E-9")));
    }
  }

  @Test
  void wireNames() {
    assertThat(AttributionPolicy.fromWireName("receiver_pays"))
        .isEqualTo(AttributionPolicy.RECEIVER_PAYS);
    assertThatThrownBy(() -> AttributionPolicy.fromWireName("whoever"))
        .hasMessage(
            "Invalid attribution policy: whoever (expected sender_pays, receiver_pays or split)");
  }
}
