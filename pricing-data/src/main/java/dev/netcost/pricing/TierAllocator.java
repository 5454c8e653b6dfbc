package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Month-exact money for tiered prices (internet egress ladders), one day at a time.
 *
 * <p>Providers apply a ladder to the month-to-date volume of a <em>billing scope</em> (typically
 * provider + billing account + region; the caller chooses the scope key, see {@code
 * docs/pricing.md}). The cost of day {@code d} for a scope is the telescoping difference
 *
 * <pre>
 *   dayCost(d) = round9(C_d(V(d-1) + v(d))) - round9(C_d(V(d-1)))
 * </pre>
 *
 * where {@code C_d} is the exact ladder cost under the schedule in force on day {@code d}, {@code
 * V(d-1)} the scope's volume of days 1..d-1 of the month (the {@code monthToDateBytesBefore}
 * argument) and {@code v(d)} the day's volume, and {@code round9} rounds half-even to 9 decimals
 * (DECIMAL(38,9)). Summed over the month the differences telescope, so the month's total is exactly
 * {@code round9(C(V(month)))}, the tier-correct bill, whatever order the days are computed in.
 * Every day is a pure function of its inputs: re-running day 5 after day 20, with the same volumes,
 * gives the same numbers and changes no month-end total. (If day 5's <em>volume</em> changes, every
 * later day of the month moves up or down the ladder and must be re-run too.)
 *
 * <p>The day's cost is then split over the day's keys (teams, workloads or flow rows) in proportion
 * to their bytes, in units of 10^-9, by largest remainder (ties go to the smaller key), so the
 * parts sum to the day's cost exactly. The blended rate of the day ({@code dayCost / day GiB}) is
 * reported for display.
 *
 * <p>How the nightly job calls it, per scope and day:
 *
 * <pre>{@code
 * TierSchedule schedule = priceBook.tiers(new PriceQuery(provider, region, INTERNET, EGRESS,
 *     Optional.empty(), day)).orElseThrow();  // empty -> the rows are unpriced
 * long before = sum of the scope's internet egress bytes on days 1..day-1 of the month;
 * SortedMap<String, Long> bytesByTeam = the day's internet egress bytes per team (or row key);
 * TierAllocator.DayAllocation<String> a = new TierAllocator(schedule).allocateDay(before, bytesByTeam);
 * a.costs().get(team)  // DECIMAL(38,9) money for that team's bytes of the day
 * }</pre>
 */
public final class TierAllocator {
  private final TierSchedule schedule;

  public TierAllocator(TierSchedule schedule) {
    this.schedule = requireNonNull(schedule, "schedule is null");
  }

  /**
   * The day's tier-correct cost for a scope and its exact split over {@code dayBytesByKey}.
   *
   * @param monthToDateBytesBefore the scope's bytes on the days of the month before this day
   * @param dayBytesByKey the day's bytes per key; keys sort the remainder ties
   */
  public <K extends Comparable<K>> DayAllocation<K> allocateDay(
      long monthToDateBytesBefore, SortedMap<K, Long> dayBytesByKey) {
    if (monthToDateBytesBefore < 0) {
      throw new IllegalArgumentException(
          "monthToDateBytesBefore is negative: " + monthToDateBytesBefore);
    }
    requireNonNull(dayBytesByKey, "dayBytesByKey is null");
    long dayBytes = 0;
    for (Map.Entry<K, Long> entry : dayBytesByKey.entrySet()) {
      long bytes = requireNonNull(entry.getValue(), "bytes is null for " + entry.getKey());
      if (bytes < 0) {
        throw new IllegalArgumentException(
            "bytes is negative for " + entry.getKey() + ": " + bytes);
      }
      dayBytes = Math.addExact(dayBytes, bytes);
    }
    long after = Math.addExact(monthToDateBytesBefore, dayBytes);
    BigDecimal costBefore = schedule.cost(monthToDateBytesBefore);
    BigDecimal costAfter = schedule.cost(after);
    BigDecimal dayCost = costAfter.subtract(costBefore);
    Map<K, BigDecimal> costs = split(dayCost, dayBytes, dayBytesByKey);
    BigDecimal blended =
        dayBytes == 0
            ? BigDecimal.ZERO.setScale(Money.SCALE)
            : dayCost.divide(TierSchedule.gib(dayBytes), Money.SCALE, Money.ROUNDING);
    return new DayAllocation<>(
        monthToDateBytesBefore,
        dayBytes,
        dayCost,
        blended,
        costs,
        schedule.currency(),
        schedule.sheetVersion());
  }

  private static <K extends Comparable<K>> Map<K, BigDecimal> split(
      BigDecimal total, long totalBytes, SortedMap<K, Long> bytesByKey) {
    Map<K, BigDecimal> result = new LinkedHashMap<>();
    if (totalBytes == 0) {
      bytesByKey.keySet().forEach(k -> result.put(k, Money.zero()));
      return result;
    }
    List<BigInteger> weights =
        bytesByKey.values().stream().map(bytes -> BigInteger.valueOf(bytes)).toList();
    List<BigDecimal> parts = Money.apportion(total.setScale(Money.SCALE), weights, Money.SCALE);
    int i = 0;
    for (K key : bytesByKey.keySet()) {
      result.put(key, parts.get(i++));
    }
    return result;
  }

  /**
   * One scope's day: the month-to-date volume before it, its bytes, its exact cost, the blended
   * rate per GiB (display only), and the cost per key (summing exactly to {@code dayCost}).
   */
  public record DayAllocation<K>(
      long monthToDateBytesBefore,
      long dayBytes,
      BigDecimal dayCost,
      BigDecimal blendedRatePerGib,
      Map<K, BigDecimal> costs,
      String currency,
      String sheetVersion) {
    public DayAllocation {
      requireNonNull(dayCost, "dayCost is null");
      requireNonNull(blendedRatePerGib, "blendedRatePerGib is null");
      costs =
          Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(costs, "costs is null")));
      requireNonNull(currency, "currency is null");
      requireNonNull(sheetVersion, "sheetVersion is null");
    }

    public long monthToDateBytesAfter() {
      return monthToDateBytesBefore + dayBytes;
    }
  }
}
