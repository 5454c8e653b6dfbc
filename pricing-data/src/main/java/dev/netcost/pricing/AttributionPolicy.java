package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Who bears a transfer's charges when both ends are in the cluster. Providers may bill both sides
 * (AWS cross-AZ: $0.01/GiB out of the sender and $0.01/GiB into the receiver); the policy moves
 * both charges onto one side or splits them, so every charged byte lands on somebody exactly once.
 *
 * <p>A pod-to-pod transfer appears as two flow rows: the sender's row (its {@code sent_bytes}) and
 * the receiver's row (its {@code received_bytes}). Each row is priced on its own node with {@link
 * #cost}: the transfer cost is {@code round9(GiB x (sender egress rate + receiver ingress rate))},
 * and the row keeps its side's share: all of it (the payer), none of it, or half (split: the
 * sender's half is rounded half-up to 10^-9, the receiver takes the rest, so the halves add up to
 * the transfer cost exactly). When the peer is outside the cluster only the local side is ours and
 * it bears its own charges whatever the policy.
 */
public enum AttributionPolicy {
  /**
   * The sender bears the egress and the receiver's ingress charge (default, the usual showback).
   */
  SENDER_PAYS("sender_pays"),
  /** The receiver bears the sender's egress and its own ingress charge (pull-based chargeback). */
  RECEIVER_PAYS("receiver_pays"),
  /** Each side bears half of the transfer's charges. */
  SPLIT("split");

  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private final String wireName;

  AttributionPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static AttributionPolicy fromWireName(String value) {
    for (AttributionPolicy policy : values()) {
      if (policy.wireName.equals(value)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "Invalid attribution policy: " + value + " (expected sender_pays, receiver_pays or split)");
  }

  /**
   * Per-GiB rates for one flow row. For the bytes the local end sent: {@code localEgress} (its
   * side) and {@code peerIngress} (the receiving side); for the bytes it received: {@code
   * peerEgress} and {@code localIngress}. Peer rates are those of the peer's region toward the
   * local region; for a peer outside the cluster use {@link #external}.
   */
  public record Rates(
      BigDecimal localEgress,
      BigDecimal localIngress,
      BigDecimal peerEgress,
      BigDecimal peerIngress) {
    public Rates {
      requireNonNull(localEgress, "localEgress is null");
      requireNonNull(localIngress, "localIngress is null");
      requireNonNull(peerEgress, "peerEgress is null");
      requireNonNull(peerIngress, "peerIngress is null");
    }

    /** Rates for a peer outside the cluster: its side is not ours to charge. */
    public static Rates external(BigDecimal localEgress, BigDecimal localIngress) {
      return new Rates(localEgress, localIngress, BigDecimal.ZERO, BigDecimal.ZERO);
    }
  }

  /** The row's money at scale 9: egress_cost (for sent bytes) and ingress_cost (for received). */
  public record RowCost(BigDecimal egressCost, BigDecimal ingressCost) {
    public RowCost {
      requireNonNull(egressCost, "egressCost is null");
      requireNonNull(ingressCost, "ingressCost is null");
    }

    public BigDecimal total() {
      return egressCost.add(ingressCost);
    }
  }

  /** Prices one flow row under this policy. */
  public RowCost cost(long sentBytes, long receivedBytes, Rates rates, boolean peerInCluster) {
    requireNonNull(rates, "rates is null");
    if (!peerInCluster) {
      return new RowCost(
          Money.cost(sentBytes, rates.localEgress()),
          Money.cost(receivedBytes, rates.localIngress()));
    }
    BigDecimal sentTransfer = Money.cost(sentBytes, rates.localEgress().add(rates.peerIngress()));
    BigDecimal receivedTransfer =
        Money.cost(receivedBytes, rates.peerEgress().add(rates.localIngress()));
    BigDecimal zero = Money.zero();
    return switch (this) {
      case SENDER_PAYS -> new RowCost(sentTransfer, zero);
      case RECEIVER_PAYS -> new RowCost(zero, receivedTransfer);
      case SPLIT ->
          new RowCost(
              senderHalf(sentTransfer), receivedTransfer.subtract(senderHalf(receivedTransfer)));
    };
  }

  /**
   * The sender's half of a transfer's cost under {@link #SPLIT}: half, rounded half-up to 10^-9.
   */
  public static BigDecimal senderHalf(BigDecimal transfer) {
    return transfer.divide(TWO, Money.SCALE, RoundingMode.HALF_UP);
  }
}
