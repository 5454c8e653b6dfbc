package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The monthly volume ladder in force for one price key on one day. A flat price is a ladder with a
 * single tier starting at zero. Volumes are in GiB (2^30 bytes), money in {@code currency}.
 */
public record TierSchedule(
    List<Tier> tiers,
    String currency,
    String sheetVersion,
    String source,
    LocalDate effectiveFrom) {
  public TierSchedule {
    tiers = List.copyOf(requireNonNull(tiers, "tiers is null"));
    requireNonNull(currency, "currency is null");
    requireNonNull(sheetVersion, "sheetVersion is null");
    requireNonNull(source, "source is null");
    requireNonNull(effectiveFrom, "effectiveFrom is null");
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("tiers is empty");
    }
    if (tiers.get(0).startGib().signum() != 0) {
      throw new IllegalArgumentException(
          "first tier must start at 0 GiB, starts at " + tiers.get(0).startGib());
    }
    for (int i = 1; i < tiers.size(); i++) {
      if (tiers.get(i).startGib().compareTo(tiers.get(i - 1).startGib()) <= 0) {
        throw new IllegalArgumentException(
            "tier starts are not increasing: "
                + tiers.get(i - 1).startGib()
                + " then "
                + tiers.get(i).startGib());
      }
    }
  }

  /** Whether the ladder has more than one step. */
  public boolean tiered() {
    return tiers.size() > 1;
  }

  /**
   * The headline list rate: the first tier with a non-zero rate (the rate once any free allowance
   * is used up), or zero when every tier is free. This is what {@link PriceBook#quote} returns.
   */
  public Tier headlineTier() {
    for (Tier tier : tiers) {
      if (tier.ratePerGib().signum() > 0) {
        return tier;
      }
    }
    return tiers.get(0);
  }

  /** Exact GiB in {@code bytes}: 2^30 divides a power of ten, so the quotient terminates. */
  public static BigDecimal gib(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes is negative: " + bytes);
    }
    return Money.gib(bytes);
  }

  /** Exact (unrounded) cost of a month-to-date volume of {@code gib} GiB under this ladder. */
  public BigDecimal exactCost(BigDecimal gib) {
    requireNonNull(gib, "gib is null");
    if (gib.signum() < 0) {
      throw new IllegalArgumentException("gib is negative: " + gib);
    }
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < tiers.size(); i++) {
      BigDecimal start = tiers.get(i).startGib();
      if (gib.compareTo(start) <= 0) {
        break;
      }
      BigDecimal end = i + 1 < tiers.size() ? tiers.get(i + 1).startGib().min(gib) : gib;
      total = total.add(end.subtract(start).multiply(tiers.get(i).ratePerGib()));
    }
    return total;
  }

  /** The cost of {@code bytes} month-to-date, rounded half-even to {@link Money#SCALE}. */
  public BigDecimal cost(long bytes) {
    return exactCost(gib(bytes)).setScale(Money.SCALE, Money.ROUNDING);
  }
}
