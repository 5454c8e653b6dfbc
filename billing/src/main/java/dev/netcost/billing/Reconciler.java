package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scales the measured allocation of one key to the bill (method: docs/reconciliation.md).
 *
 * <ol>
 *   <li>The billed amount B (net or list) is taken at scale 9.
 *   <li>The attributed fraction f is the measured share of billed usage, min(1, M / U), with M the
 *       measured and U the billed GiB; f = 1 when the bill has no positive usage and something was
 *       measured or estimated; f = 0 when nothing was.
 *   <li>Flags: {@code not_billed} when the bill has no line for the key ({@code lines} 0; a $0 line
 *       is billed at $0), {@code no_billed_usage} when it has lines but no positive usage, {@code
 *       low_coverage}/{@code over_measured} whenever there is billed usage (coverage 0 included).
 *   <li>The attributed amount A = B·f = B·M/U (one half-even rounding at scale 9) goes to the
 *       allocations in proportion to their price-sheet estimates (the estimate under the
 *       attribution policy, so the estimate and the reconciled amount follow one policy) by largest
 *       remainder ({@link Money#apportion}); the unattributed line is B − A. So the parts add up to
 *       B exactly, and each allocation's share is A·e/E to within 10^-9.
 *   <li>An allocation without an estimate (unpriced) in a key with priced estimates weighs its
 *       bytes at the key's average priced rate (E_priced / bytes_priced); with no priced bytes it
 *       weighs nothing. A key with no positive priced estimate shares A by measured bytes.
 * </ol>
 */
public final class Reconciler {
  private final CostBasis costBasis;
  private final BigDecimal gapTolerance;

  /**
   * @param gapTolerance the relative gap that raises a flag, e.g. 0.2: coverage outside [0.8, 1.2]
   *     or estimate/bill outside the same band
   */
  public Reconciler(CostBasis costBasis, BigDecimal gapTolerance) {
    this.costBasis = requireNonNull(costBasis, "costBasis is null");
    this.gapTolerance = requireNonNull(gapTolerance, "gapTolerance is null");
    if (gapTolerance.signum() < 0 || gapTolerance.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("gapTolerance is not in [0, 1]: " + gapTolerance);
    }
  }

  /**
   * Reconciles one key.
   *
   * @param estimateCurrency the currency of the estimates; must equal the bill's when any estimate
   *     is priced
   * @throws IllegalArgumentException when the currencies differ
   */
  public <T> ReconciliationResult<T> reconcile(
      BilledNetworkCost billed, List<Allocation<T>> allocations, String estimateCurrency) {
    requireNonNull(billed, "billed is null");
    requireNonNull(allocations, "allocations is null");
    requireNonNull(estimateCurrency, "estimateCurrency is null");
    Set<ReconciliationFlag> flags = EnumSet.noneOf(ReconciliationFlag.class);

    BigDecimal estimated = BigDecimal.ZERO;
    BigInteger measuredBytes = BigInteger.ZERO;
    boolean anyPriced = false;
    for (Allocation<T> allocation : allocations) {
      if (allocation.estimatedCost().isPresent()) {
        anyPriced = true;
        estimated = estimated.add(allocation.estimatedCost().get());
      } else {
        flags.add(ReconciliationFlag.UNPRICED_ESTIMATES);
      }
      measuredBytes = measuredBytes.add(BigInteger.valueOf(allocation.measuredBytes()));
    }
    if (anyPriced && !estimateCurrency.equals(billed.currency())) {
      throw new IllegalArgumentException(
          "Currency mismatch for "
              + billed.key()
              + ": billed "
              + billed.currency()
              + ", estimated "
              + estimateCurrency);
    }

    BigDecimal rawBilled =
        switch (costBasis) {
          case NET -> billed.netCost();
          case LIST -> billed.listCost();
        };
    BigDecimal billedCost = Money.round(rawBilled);
    if (billedCost.compareTo(rawBilled) != 0) {
      flags.add(ReconciliationFlag.BILLED_ROUNDED);
    }
    if (billed.netCost().compareTo(billed.listCost()) != 0) {
      flags.add(ReconciliationFlag.DISCOUNTED);
    }

    List<BigInteger> weights = weights(allocations, measuredBytes);
    boolean hasWeights = !weights.isEmpty();

    BigDecimal usage = billed.usageGib();
    BigDecimal measuredGib = Money.gib(measuredBytes);
    Optional<BigDecimal> coverage =
        usage.signum() > 0 ? Optional.of(ratio(measuredGib, usage)) : Optional.empty();
    // A = B * f, computed as one exact product and one rounding: B * M / U, half-even at scale 9
    BigDecimal attributed;
    if (!hasWeights) {
      attributed = Money.zero();
    } else if (usage.signum() > 0 && measuredGib.compareTo(usage) < 0) {
      attributed = billedCost.multiply(measuredGib).divide(usage, Money.SCALE, Money.ROUNDING);
    } else {
      attributed = billedCost;
    }
    // the bill has lines for the key but no positive usage (credit-only keys, cost-only lines)
    if (billed.lines() > 0 && usage.signum() <= 0) {
      flags.add(ReconciliationFlag.NO_BILLED_USAGE);
    }
    List<BigDecimal> shares =
        hasWeights && weights.stream().anyMatch(weight -> weight.signum() > 0)
            ? Money.apportion(attributed, weights, Money.SCALE)
            : zeros(allocations.size());
    List<ReconciledAllocation<T>> reconciled = new ArrayList<>();
    for (int i = 0; i < allocations.size(); i++) {
      reconciled.add(new ReconciledAllocation<>(allocations.get(i), shares.get(i)));
    }
    BigDecimal unattributed = billedCost.subtract(attributed);

    if (billedCost.signum() != 0 && measuredBytes.signum() == 0) {
      flags.add(ReconciliationFlag.NOT_MEASURED);
    }
    // not billed: the bill has no line for the key; a $0 line (free ingress) is billed at $0
    if (billed.lines() == 0) {
      flags.add(ReconciliationFlag.NOT_BILLED);
    }
    // every key with billed usage is compared, a fully unmeasured one (coverage 0) included
    if (coverage.isPresent()) {
      if (coverage.get().compareTo(BigDecimal.ONE.subtract(gapTolerance)) < 0) {
        flags.add(ReconciliationFlag.LOW_COVERAGE);
      } else if (coverage.get().compareTo(BigDecimal.ONE.add(gapTolerance)) > 0) {
        flags.add(ReconciliationFlag.OVER_MEASURED);
      }
    }
    Optional<BigDecimal> estimateToBill =
        billedCost.signum() != 0 && anyPriced
            ? Optional.of(ratio(estimated, billedCost))
            : Optional.empty();
    Optional<BigDecimal> billToEstimate =
        estimated.signum() != 0 ? Optional.of(ratio(billedCost, estimated)) : Optional.empty();
    if (estimateToBill.isPresent()) {
      if (estimateToBill.get().compareTo(BigDecimal.ONE.add(gapTolerance)) > 0) {
        flags.add(ReconciliationFlag.ESTIMATE_ABOVE_BILL);
      } else if (estimateToBill.get().compareTo(BigDecimal.ONE.subtract(gapTolerance)) < 0) {
        flags.add(ReconciliationFlag.ESTIMATE_BELOW_BILL);
      }
    }
    return new ReconciliationResult<>(
        billed.key(),
        costBasis,
        billedCost,
        billed.listCost(),
        billed.netCost(),
        usage,
        estimated,
        measuredBytes,
        reconciled,
        attributed,
        unattributed,
        coverage,
        estimateToBill,
        billToEstimate,
        billed.currency(),
        flags);
  }

  /**
   * The apportioning weights (see the class comment), as integers: estimates in units of their
   * finest scale, multiplied by the priced bytes so that unpriced bytes can be weighed at the
   * average priced rate without a division; bytes when no estimate is positive; empty when there is
   * nothing to weigh.
   */
  private static <T> List<BigInteger> weights(
      List<Allocation<T>> allocations, BigInteger measuredBytes) {
    int scale =
        Math.max(
            0,
            allocations.stream()
                .flatMap(allocation -> allocation.estimatedCost().stream())
                .mapToInt(BigDecimal::scale)
                .max()
                .orElse(0));
    BigInteger pricedUnits = BigInteger.ZERO;
    BigInteger pricedBytes = BigInteger.ZERO;
    for (Allocation<T> allocation : allocations) {
      if (allocation.estimatedCost().isPresent()) {
        pricedUnits = pricedUnits.add(units(allocation.estimatedCost().get(), scale));
        pricedBytes = pricedBytes.add(BigInteger.valueOf(allocation.measuredBytes()));
      }
    }
    List<BigInteger> weights = new ArrayList<>();
    if (pricedUnits.signum() > 0) {
      BigInteger multiplier = pricedBytes.signum() > 0 ? pricedBytes : BigInteger.ONE;
      for (Allocation<T> allocation : allocations) {
        weights.add(
            allocation.estimatedCost().isPresent()
                ? units(allocation.estimatedCost().get(), scale).multiply(multiplier)
                : pricedBytes.signum() > 0
                    ? BigInteger.valueOf(allocation.measuredBytes()).multiply(pricedUnits)
                    : BigInteger.ZERO);
      }
    } else if (measuredBytes.signum() > 0) {
      for (Allocation<T> allocation : allocations) {
        weights.add(BigInteger.valueOf(allocation.measuredBytes()));
      }
    }
    return weights;
  }

  private static BigInteger units(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
  }

  private static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
    return numerator.divide(denominator, Money.SCALE, Money.ROUNDING);
  }

  private static List<BigDecimal> zeros(int count) {
    List<BigDecimal> zeros = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      zeros.add(Money.zero());
    }
    return zeros;
  }
}
