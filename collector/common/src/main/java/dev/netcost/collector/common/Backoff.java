package dev.netcost.collector.common;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half and all
 * of {@code min(max, initial * 2^(n-1))}. Never gives up: the spool's size cap, not a retry limit,
 * decides when data is dropped.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = requireNonNull(initial, "initial is null");
    this.max = requireNonNull(max, "max is null");
    this.random = requireNonNull(random, "random is null");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive: " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " is shorter than the initial backoff " + initial);
    }
  }

  /** The delay before the next attempt after one more failure. */
  public Duration nextDelay() {
    failures++;
    long ceiling = initial.toMillis();
    for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
  }

  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }
}
