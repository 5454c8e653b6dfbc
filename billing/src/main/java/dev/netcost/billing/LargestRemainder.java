package dev.netcost.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an amount into parts proportional to non-negative weights, at a fixed scale, so that the
 * parts add up to the amount exactly (Hamilton's largest-remainder method): each part gets the
 * floor of its exact share in units of 10^-scale, and the units left over go one each to the parts
 * with the largest remainders (ties to the earlier part). Every part is within one unit of its
 * exact share and has the amount's sign.
 */
final class LargestRemainder {
  private LargestRemainder() {}

  static List<BigDecimal> apportion(BigDecimal amount, List<BigInteger> weights, int scale) {
    BigDecimal scaled = amount.setScale(scale, RoundingMode.UNNECESSARY);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("Cannot apportion " + amount + " over no weights");
    }
    BigInteger total = BigInteger.ZERO;
    for (BigInteger weight : weights) {
      if (weight.signum() < 0) {
        throw new IllegalArgumentException("Negative weight: " + weight);
      }
      total = total.add(weight);
    }
    if (total.signum() == 0) {
      throw new IllegalArgumentException("Cannot apportion " + amount + " over zero weights");
    }
    BigInteger units = scaled.unscaledValue().abs();
    int sign = scaled.signum();
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
    int leftover = units.subtract(assigned).intValueExact();
    List<Integer> order =
        new ArrayList<>(
            IntStream.range(0, count)
                .boxed()
                .sorted(
                    Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i))
                .toList());
    for (int i = 0; i < leftover; i++) {
      int index = order.get(i);
      parts[index] = parts[index].add(BigInteger.ONE);
    }
    List<BigDecimal> result = new ArrayList<>(count);
    for (BigInteger part : parts) {
      result.add(new BigDecimal(sign < 0 ? part.negate() : part, scale));
    }
    return result;
  }

  /**
   * Rounds parts that add up to a total to {@code scale}, keeping their sum equal to the total
   * rounded half-even: the rounded total is apportioned with the parts' magnitudes as weights. The
   * parts must share one sign.
   */
  static List<BigDecimal> roundKeepingTotal(List<BigDecimal> parts, int scale) {
    BigDecimal total = parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal roundedTotal = total.setScale(scale, RoundingMode.HALF_EVEN);
    int fine = parts.stream().mapToInt(BigDecimal::scale).max().orElse(0);
    List<BigInteger> weights = new ArrayList<>();
    for (BigDecimal part : parts) {
      if (part.signum() != 0 && total.signum() != 0 && part.signum() != total.signum()) {
        throw new IllegalArgumentException("Parts of mixed sign: " + parts);
      }
      weights.add(part.abs().setScale(Math.max(fine, 0), RoundingMode.UNNECESSARY).unscaledValue());
    }
    if (weights.stream().allMatch(weight -> weight.signum() == 0)) {
      return parts.stream().map(part -> part.setScale(scale, RoundingMode.UNNECESSARY)).toList();
    }
    return apportion(roundedTotal, weights, scale);
  }
}
