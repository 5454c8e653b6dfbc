package dev.netcost.job.attribution;

/**
 * Splits an integer count by weights so the parts add up to the count exactly: each part gets the
 * floor of its exact share, and the remaining units go to the parts with the largest fractional
 * remainders (ties to the earlier part). Deterministic for the same inputs.
 */
public final class Shares {
  private Shares() {}

  public static long[] split(long total, long[] weights) {
    if (total < 0) {
      throw new IllegalArgumentException("total is negative: " + total);
    }
    int n = weights.length;
    long[] parts = new long[n];
    if (n == 1) {
      parts[0] = total;
      return parts;
    }
    java.math.BigInteger sum = java.math.BigInteger.ZERO;
    for (long weight : weights) {
      if (weight < 0) {
        throw new IllegalArgumentException("weight is negative: " + weight);
      }
      sum = sum.add(java.math.BigInteger.valueOf(weight));
    }
    if (sum.signum() == 0) {
      throw new IllegalArgumentException("weights are all zero");
    }
    java.math.BigInteger[] remainders = new java.math.BigInteger[n];
    long assigned = 0;
    java.math.BigInteger big = java.math.BigInteger.valueOf(total);
    for (int i = 0; i < n; i++) {
      java.math.BigInteger[] qr =
          big.multiply(java.math.BigInteger.valueOf(weights[i])).divideAndRemainder(sum);
      parts[i] = qr[0].longValueExact();
      remainders[i] = qr[1];
      assigned += parts[i];
    }
    long left = total - assigned;
    boolean[] bumped = new boolean[n];
    for (long k = 0; k < left; k++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (!bumped[i] && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
          best = i;
        }
      }
      bumped[best] = true;
      parts[best]++;
    }
    return parts;
  }
}
