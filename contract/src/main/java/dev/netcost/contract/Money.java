package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Money and data-volume arithmetic shared by every module: one scale, one rounding mode, one GiB,
 * one way of splitting an amount into parts.
 *
 * <ul>
 *   <li>Every money column is DECIMAL(38,9): {@link #SCALE} 9, rounded {@link #ROUNDING} half-even,
 *       once, where an exact value is first stored.
 *   <li>Transfer prices are per GiB (2^30 bytes; what the clouds' bills call "GB").
 *   <li>Splitting an amount (or a count) over weights uses Hamilton's largest-remainder method, so
 *       the parts add up to the whole exactly: each part gets the floor of its exact share in units
 *       of the scale, and the units left over go one each to the parts with the largest remainders,
 *       ties to the earlier part.
 * </ul>
 */
public final class Money {
  /** Scale of every money column: DECIMAL(38,9). */
  public static final int SCALE = 9;

  /** The one rounding mode of money: half-even (banker's rounding). */
  public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

  /** Bytes per GiB. */
  public static final long BYTES_PER_GIB = 1L << 30;

  private static final BigDecimal GIB = BigDecimal.valueOf(BYTES_PER_GIB);

  private Money() {}

  /** Zero at the money scale. */
  public static BigDecimal zero() {
    return BigDecimal.ZERO.setScale(SCALE);
  }

  /** {@code amount} rounded half-even to the money scale. */
  public static BigDecimal round(BigDecimal amount) {
    return requireNonNull(amount, "amount is null").setScale(SCALE, ROUNDING);
  }

  /**
   * {@code amount} as people see it (console, report, spreadsheets' displayed values): rounded
   * half-up to the cent. Display only: stored amounts keep 9 decimals, and sums are taken before
   * this rounding.
   */
  public static BigDecimal cents(BigDecimal amount) {
    return requireNonNull(amount, "amount is null").setScale(2, RoundingMode.HALF_UP);
  }

  /** {@code bytes / 2^30} exactly (a power of two always has a finite decimal expansion). */
  public static BigDecimal gib(long bytes) {
    return BigDecimal.valueOf(bytes).divide(GIB);
  }

  /** {@code bytes / 2^30} exactly, for byte sums beyond a long. */
  public static BigDecimal gib(java.math.BigInteger bytes) {
    return new BigDecimal(bytes).divide(GIB);
  }

  /** {@code bytes / 2^30} exactly (bytes a whole number held as a decimal sum). */
  public static BigDecimal gib(BigDecimal bytes) {
    return bytes.divide(GIB);
  }

  /** {@code bytes × ratePerGib / 2^30}, rounded half-even to the money scale. */
  public static BigDecimal cost(long bytes, BigDecimal ratePerGib) {
    requireNonNull(ratePerGib, "ratePerGib is null");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes is negative: " + bytes);
    }
    return BigDecimal.valueOf(bytes).multiply(ratePerGib).divide(GIB, SCALE, ROUNDING);
  }

  /**
   * Splits {@code amount} into parts proportional to non-negative {@code weights}, at {@code
   * scale}, adding up to {@code amount} exactly (largest remainder). Every part is within one unit
   * of its exact share and has the amount's sign.
   *
   * @throws IllegalArgumentException when the amount has more decimals than {@code scale}, a weight
   *     is negative, or the weights are empty or all zero
   */
  public static List<BigDecimal> apportion(BigDecimal amount, List<BigInteger> weights, int scale) {
    requireNonNull(amount, "amount is null");
    requireNonNull(weights, "weights is null");
    BigDecimal scaled;
    try {
      scaled = amount.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "Cannot apportion " + amount + " at scale " + scale + " without rounding", e);
    }
    BigInteger[] parts = apportionUnits(scaled.unscaledValue().abs(), weights, amount);
    List<BigDecimal> result = new ArrayList<>(parts.length);
    boolean negative = scaled.signum() < 0;
    for (BigInteger part : parts) {
      result.add(new BigDecimal(negative ? part.negate() : part, scale));
    }
    return result;
  }

  /**
   * Splits a non-negative count (bytes, packets) into parts proportional to non-negative {@code
   * weights}, adding up to {@code total} exactly (largest remainder).
   */
  public static long[] apportion(long total, long[] weights) {
    if (total < 0) {
      throw new IllegalArgumentException("total is negative: " + total);
    }
    requireNonNull(weights, "weights is null");
    List<BigInteger> big = new ArrayList<>(weights.length);
    for (long weight : weights) {
      big.add(BigInteger.valueOf(weight));
    }
    BigInteger[] parts = apportionUnits(BigInteger.valueOf(total), big, total);
    long[] result = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      result[i] = parts[i].longValueExact();
    }
    return result;
  }

  /**
   * Rounds parts that add up to a total to {@code scale}, keeping their sum equal to the total
   * rounded half-even: the rounded total is apportioned with the parts' magnitudes as weights. The
   * parts must share one sign.
   */
  public static List<BigDecimal> roundKeepingTotal(List<BigDecimal> parts, int scale) {
    requireNonNull(parts, "parts is null");
    BigDecimal total = parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal roundedTotal = total.setScale(scale, ROUNDING);
    int fine = Math.max(parts.stream().mapToInt(BigDecimal::scale).max().orElse(0), 0);
    List<BigInteger> weights = new ArrayList<>(parts.size());
    for (BigDecimal part : parts) {
      if (part.signum() != 0 && total.signum() != 0 && part.signum() != total.signum()) {
        throw new IllegalArgumentException("Parts of mixed sign: " + parts);
      }
      weights.add(part.abs().setScale(fine, RoundingMode.UNNECESSARY).unscaledValue());
    }
    if (weights.stream().allMatch(weight -> weight.signum() == 0)) {
      return parts.stream().map(part -> part.setScale(scale, RoundingMode.UNNECESSARY)).toList();
    }
    return apportion(roundedTotal, weights, scale);
  }

  private static BigInteger[] apportionUnits(
      BigInteger units, List<BigInteger> weights, Object what) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("Cannot apportion " + what + " over no weights");
    }
    BigInteger total = BigInteger.ZERO;
    for (BigInteger weight : weights) {
      if (weight.signum() < 0) {
        throw new IllegalArgumentException("Negative weight: " + weight);
      }
      total = total.add(weight);
    }
    if (total.signum() == 0) {
      throw new IllegalArgumentException("Cannot apportion " + what + " over zero weights");
    }
    int count = weights.size();
    BigInteger[] parts = new BigInteger[count];
    BigInteger[] remainders = new BigInteger[count];
    BigInteger assigned = BigInteger.ZERO;
    for (int i = 0; i < count; i++) {
      BigInteger[] division = units.multiply(weights.get(i)).divideAndRemainder(total);
      parts[i] = division[0];
      remainders[i] = division[1];
      assigned = assigned.add(division[0]);
    }
    // fewer units are left over than there are parts: one each to the largest remainders, ties to
    // the earlier part, so the result depends on the weights and their order only
    int leftover = units.subtract(assigned).intValueExact();
    if (leftover > 0) {
      Integer[] order = new Integer[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
              .reversed()
              .thenComparing(i -> i));
      for (int k = 0; k < leftover; k++) {
        parts[order[k]] = parts[order[k]].add(BigInteger.ONE);
      }
    }
    return parts;
  }
}
