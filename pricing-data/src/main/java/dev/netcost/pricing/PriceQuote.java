package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A rate per GiB (2^30 bytes, the unit cloud bills call "GB" for data transfer) in {@code
 * currency}, with where it came from: the sheet version and the public source of the price.
 */
public record PriceQuote(
    BigDecimal ratePerGib,
    String currency,
    String sheetVersion,
    String source,
    LocalDate effectiveFrom) {
  public PriceQuote {
    requireNonNull(ratePerGib, "ratePerGib is null");
    if (ratePerGib.signum() < 0) {
      throw new IllegalArgumentException("ratePerGib is negative: " + ratePerGib);
    }
    requireNonNull(currency, "currency is null");
    requireNonNull(sheetVersion, "sheetVersion is null");
    requireNonNull(source, "source is null");
    requireNonNull(effectiveFrom, "effectiveFrom is null");
  }
}
