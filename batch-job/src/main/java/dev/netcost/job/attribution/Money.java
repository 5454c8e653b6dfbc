package dev.netcost.job.attribution;

import java.math.BigDecimal;

/**
 * The job's name for {@link dev.netcost.contract.Money}: the scale, GiB and cost rule are defined
 * there once. Kept while the attribution code moves to the contract class.
 */
public final class Money {
  /** Scale of every money column: DECIMAL(38,9). */
  public static final int SCALE = dev.netcost.contract.Money.SCALE;

  /** Bytes per GiB. */
  public static final BigDecimal BYTES_PER_GIB =
      BigDecimal.valueOf(dev.netcost.contract.Money.BYTES_PER_GIB);

  private Money() {}

  /** {@code bytes × ratePerGib / 2^30}, rounded half-even to 9 decimal places. */
  public static BigDecimal cost(long bytes, BigDecimal ratePerGib) {
    return dev.netcost.contract.Money.cost(bytes, ratePerGib);
  }
}
