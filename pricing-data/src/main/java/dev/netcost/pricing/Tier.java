package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * One step of a monthly volume ladder: {@code ratePerGib} applies to the month-to-date volume from
 * {@code startGib} (inclusive) up to the next tier's start. A first tier with rate zero is a free
 * allowance.
 */
public record Tier(BigDecimal startGib, BigDecimal ratePerGib) {
  public Tier {
    requireNonNull(startGib, "startGib is null");
    requireNonNull(ratePerGib, "ratePerGib is null");
    if (startGib.signum() < 0) {
      throw new IllegalArgumentException("startGib is negative: " + startGib);
    }
    if (ratePerGib.signum() < 0) {
      throw new IllegalArgumentException("ratePerGib is negative: " + ratePerGib);
    }
  }
}
