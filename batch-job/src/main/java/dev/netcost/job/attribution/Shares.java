package dev.netcost.job.attribution;

import dev.netcost.contract.Money;

/** Splits a count by weights so the parts add up exactly: {@link Money#apportion(long, long[])}. */
public final class Shares {
  private Shares() {}

  public static long[] split(long total, long[] weights) {
    return Money.apportion(total, weights);
  }
}
