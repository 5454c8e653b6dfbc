package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who bears a billed key's traffic, under the attribution policy the estimate used
 * (docs/reconciliation.md §4), so that the reconciled allocation follows the same policy as the
 * price-sheet estimate.
 *
 * <p>A key bills one side of a transfer (or both when the bill gives no direction) at one node or
 * region. For each measured traffic row of the key and each side the key bills:
 *
 * <ul>
 *   <li>peer outside the cluster: the local owner bears the side, with the row's own estimate of it
 *       ({@code egress_cost} for sent bytes, {@code ingress_cost} for received bytes);
 *   <li>peer in the cluster: the side's charge is {@code round9(GiB x local rate)} of the side's
 *       bytes (egress rate for sent, ingress rate for received). {@code sender_pays} puts it and
 *       the bytes on the sender (the local owner for sent bytes, the peer for received bytes),
 *       {@code receiver_pays} on the receiver, {@code split} gives the sender half the charge
 *       (rounded half-up, {@link AttributionPolicy#senderHalf}) and half the bytes rounded up, the
 *       receiver the rest.
 * </ul>
 *
 * Each owner's estimates and bytes are summed into one {@link Allocation}; an owner with no priced
 * part has no estimate.
 */
public final class PolicyShares {
  private PolicyShares() {}

  /**
   * One measured traffic row of a key (the flows of one node and owner pair, summed).
   *
   * @param peer the in-cluster peer owner; empty when the peer is outside the cluster
   * @param egressCost the row's estimate for its sent bytes (peer outside the cluster)
   * @param ingressCost the row's estimate for its received bytes (peer outside the cluster)
   * @param egressRate the local node's egress rate per GiB (peer in the cluster)
   * @param ingressRate the local node's ingress rate per GiB (peer in the cluster)
   */
  public record Traffic<T>(
      T local,
      Optional<T> peer,
      long sentBytes,
      long receivedBytes,
      Optional<BigDecimal> egressCost,
      Optional<BigDecimal> ingressCost,
      Optional<BigDecimal> egressRate,
      Optional<BigDecimal> ingressRate) {
    public Traffic {
      requireNonNull(local, "local is null");
      requireNonNull(peer, "peer is null");
      requireNonNull(egressCost, "egressCost is null");
      requireNonNull(ingressCost, "ingressCost is null");
      requireNonNull(egressRate, "egressRate is null");
      requireNonNull(ingressRate, "ingressRate is null");
      if (sentBytes < 0 || receivedBytes < 0) {
        throw new IllegalArgumentException("negative bytes: " + sentBytes + ", " + receivedBytes);
      }
    }
  }

  private static final class Sum {
    long bytes;
    BigDecimal estimate;
  }

  /**
   * The allocations of a key's traffic in {@code order} of owners.
   *
   * @param direction the side the key bills; empty: both
   */
  public static <T> List<Allocation<T>> allocations(
      List<Traffic<T>> traffic,
      Optional<TransferDirection> direction,
      AttributionPolicy policy,
      Comparator<T> order) {
    requireNonNull(traffic, "traffic is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(policy, "policy is null");
    Map<T, Sum> sums = new TreeMap<>(order);
    List<TransferDirection> sides =
        direction.map(List::of).orElse(List.of(TransferDirection.values()));
    for (Traffic<T> row : traffic) {
      for (TransferDirection side : sides) {
        boolean sent = side == TransferDirection.EGRESS;
        long bytes = sent ? row.sentBytes() : row.receivedBytes();
        if (row.peer().isEmpty()) {
          Optional<BigDecimal> estimate = sent ? row.egressCost() : row.ingressCost();
          if (bytes > 0 || estimate.map(cost -> cost.signum() > 0).orElse(false)) {
            add(sums, row.local(), bytes, estimate);
          }
          continue;
        }
        if (bytes == 0) {
          continue;
        }
        Optional<BigDecimal> charge =
            (sent ? row.egressRate() : row.ingressRate()).map(rate -> Money.cost(bytes, rate));
        T sender = sent ? row.local() : row.peer().get();
        T receiver = sent ? row.peer().get() : row.local();
        switch (policy) {
          case SENDER_PAYS -> add(sums, sender, bytes, charge);
          case RECEIVER_PAYS -> add(sums, receiver, bytes, charge);
          case SPLIT -> {
            Optional<BigDecimal> senderHalf = charge.map(AttributionPolicy::senderHalf);
            long receiverBytes = bytes / 2;
            add(sums, sender, bytes - receiverBytes, senderHalf);
            add(
                sums,
                receiver,
                receiverBytes,
                charge.map(total -> total.subtract(senderHalf.get())));
          }
        }
      }
    }
    List<Allocation<T>> allocations = new ArrayList<>(sums.size());
    sums.forEach(
        (owner, sum) ->
            allocations.add(new Allocation<>(owner, Optional.ofNullable(sum.estimate), sum.bytes)));
    return allocations;
  }

  private static <T> void add(
      Map<T, Sum> sums, T owner, long bytes, Optional<BigDecimal> estimate) {
    Sum sum = sums.computeIfAbsent(owner, o -> new Sum());
    sum.bytes = Math.addExact(sum.bytes, bytes);
    estimate.ifPresent(cost -> sum.estimate = sum.estimate == null ? cost : sum.estimate.add(cost));
  }
}
