package dev.netcost.job.attribution;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Cost arithmetic: exact decimals, rounded once per row to the tables' scale. */
public final class Money {
  /** Scale of every money column: DECIMAL(38,9). */
  public static final int SCALE = 9;

  /** Bytes per GiB; data-transfer prices are per GiB (what the clouds' bills call "GB"). */
  public static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);

  private Money() {}

  /** {@code bytes × ratePerGib / 2^30}, rounded half-even to 9 decimal places. */
  public static BigDecimal cost(long bytes, BigDecimal ratePerGib) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes is negative: " + bytes);
    }
    return BigDecimal.valueOf(bytes)
        .multiply(ratePerGib)
        .divide(BYTES_PER_GIB, SCALE, RoundingMode.HALF_EVEN);
  }
}
