package dev.netcost.signals;

import java.util.Arrays;

/** Median and median absolute deviation, which a single outlier day cannot drag. */
final class RobustStatistics {
  /** Scales the MAD to the standard deviation of normally distributed data. */
  static final double MAD_TO_SIGMA = 1.4826;

  private RobustStatistics() {}

  static double median(long[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    if (sorted.length % 2 == 1) {
      return sorted[middle];
    }
    return (sorted[middle - 1] / 2.0) + (sorted[middle] / 2.0);
  }

  static double medianAbsoluteDeviation(long[] values) {
    double median = median(values);
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - median);
    }
    Arrays.sort(deviations);
    int middle = deviations.length / 2;
    if (deviations.length % 2 == 1) {
      return deviations[middle];
    }
    return (deviations[middle - 1] + deviations[middle]) / 2.0;
  }
}
