package dev.netcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TestTierAllocatorProperties {
  private static final List<String> TEAMS = List.of("analytics", "checkout", "search", "web");

  /** A month: per day, bytes per team; volumes big enough to climb every tier of the ladder. */
  @Provide
  Arbitrary<List<List<Long>>> months() {
    Arbitrary<Long> teamDay =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 1L << 30),
            Arbitraries.longs().between(0, 300L << 30),
            Arbitraries.longs().between(0, 4L << 40));
    return teamDay.list().ofSize(TEAMS.size()).list().ofMinSize(1).ofMaxSize(31);
  }

  @Property(tries = 300)
  void monthSumOverTeamsEqualsTierCorrectTotalInAnyDayOrder(
      @ForAll("months") List<List<Long>> month, @ForAll long seed) {
    TierSchedule schedule = TestTierAllocator.awsLadder();
    TierAllocator allocator = new TierAllocator(schedule);
    long[] before = new long[month.size()];
    long total = 0;
    for (int day = 0; day < month.size(); day++) {
      before[day] = total;
      for (long bytes : month.get(day)) {
        total += bytes;
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int day = 0; day < month.size(); day++) {
      order.add(day);
    }
    Collections.shuffle(order, new Random(seed));

    List<TierAllocator.DayAllocation<String>> results =
        new ArrayList<>(Collections.nCopies(month.size(), null));
    BigDecimal sum = BigDecimal.ZERO;
    for (int day : order) {
      TierAllocator.DayAllocation<String> allocation =
          allocator.allocateDay(before[day], teams(month.get(day)));
      results.set(day, allocation);
      BigDecimal daySum =
          allocation.costs().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(daySum).isEqualTo(allocation.dayCost());
      sum = sum.add(daySum);
    }
    assertThat(sum).isEqualTo(schedule.cost(total));

    // re-running any earlier day afterwards gives the same numbers
    for (int day : order) {
      assertThat(allocator.allocateDay(before[day], teams(month.get(day))))
          .isEqualTo(results.get(day));
    }
  }

  private static TreeMap<String, Long> teams(List<Long> bytes) {
    TreeMap<String, Long> map = new TreeMap<>();
    for (int i = 0; i < TEAMS.size(); i++) {
      map.put(TEAMS.get(i), bytes.get(i));
    }
    return map;
  }
}
