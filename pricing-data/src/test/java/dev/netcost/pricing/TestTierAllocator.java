package dev.netcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TestTierAllocator {
  static final long GIB = 1L << 30;

  /** AWS us-east-1 internet egress from 2021-12-01: 100 GiB free, then 0.09, 0.085, 0.07, 0.05. */
  static TierSchedule awsLadder() {
    return new TierSchedule(
        List.of(
            new Tier(BigDecimal.ZERO, BigDecimal.ZERO),
            new Tier(new BigDecimal("100"), new BigDecimal("0.09")),
            new Tier(new BigDecimal("10240"), new BigDecimal("0.085")),
            new Tier(new BigDecimal("51200"), new BigDecimal("0.07")),
            new Tier(new BigDecimal("153600"), new BigDecimal("0.05"))),
        "USD",
        "test-1",
        "test",
        LocalDate.parse("2021-12-01"));
  }

  private static TreeMap<String, Long> bytes(Object... keyAndBytes) {
    TreeMap<String, Long> map = new TreeMap<>();
    for (int i = 0; i < keyAndBytes.length; i += 2) {
      map.put((String) keyAndBytes[i], (Long) keyAndBytes[i + 1]);
    }
    return map;
  }

  @Test
  void freeAllowanceThenFirstTierSplitByBytes() {
    TierAllocator allocator = new TierAllocator(awsLadder());
    TierAllocator.DayAllocation<String> day1 =
        allocator.allocateDay(0, bytes("team-a", 60 * GIB, "team-b", 60 * GIB));
    // 120 GiB: 100 free, 20 at 0.09
    assertThat(day1.dayCost()).isEqualByComparingTo("1.800000000");
    assertThat(day1.costs())
        .containsExactlyEntriesOf(
            Map.of("team-a", new BigDecimal("0.900000000"), "team-b", new BigDecimal("0.900000000"))
                .entrySet()
                .stream()
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), TreeMap::putAll));
    assertThat(day1.blendedRatePerGib()).isEqualByComparingTo("0.015000000");
    TierAllocator.DayAllocation<String> day2 =
        allocator.allocateDay(day1.monthToDateBytesAfter(), bytes("team-a", 10 * GIB));
    assertThat(day2.dayCost()).isEqualByComparingTo("0.900000000");
    assertThat(day2.blendedRatePerGib()).isEqualByComparingTo("0.090000000");
  }

  @Test
  void crossingATierBoundaryInsideADay() {
    TierAllocator allocator = new TierAllocator(awsLadder());
    // before: 10,000 GiB; the day adds 1,000 GiB: 240 at 0.09 and 760 at 0.085
    TierAllocator.DayAllocation<String> day =
        allocator.allocateDay(10_000 * GIB, bytes("a", 250 * GIB, "b", 750 * GIB));
    assertThat(day.dayCost()).isEqualByComparingTo("86.200000000");
    assertThat(day.costs().get("a")).isEqualByComparingTo("21.550000000");
    assertThat(day.costs().get("b")).isEqualByComparingTo("64.650000000");
  }

  @Test
  void remaindersGoToTheLargestRemainderThenTheSmallerKey() {
    TierSchedule flat =
        new TierSchedule(
            List.of(new Tier(BigDecimal.ZERO, new BigDecimal("1"))),
            "USD",
            "t",
            "t",
            LocalDate.parse("2026-01-01"));
    TierAllocator.DayAllocation<String> day =
        new TierAllocator(flat).allocateDay(0, bytes("x", GIB / 3, "y", GIB / 3, "z", GIB / 3 + 1));
    assertThat(day.dayCost()).isEqualByComparingTo("1.000000000");
    assertThat(day.costs())
        .containsEntry("x", new BigDecimal("0.333333333"))
        .containsEntry("y", new BigDecimal("0.333333333"))
        .containsEntry("z", new BigDecimal("0.333333334"));
    TierAllocator.DayAllocation<String> even =
        new TierAllocator(flat).allocateDay(0, bytes("x", 1L, "y", 1L, "z", 1L));
    // 3 bytes cost 2.793967724e-9 -> 0.000000003, one unit each
    assertThat(even.dayCost()).isEqualByComparingTo("0.000000003");
    assertThat(even.costs().values()).containsOnly(new BigDecimal("0.000000001"));
  }

  @Test
  void emptyDayAndZeroBytes() {
    TierAllocator.DayAllocation<String> day =
        new TierAllocator(awsLadder()).allocateDay(500 * GIB, bytes("a", 0L));
    assertThat(day.dayCost()).isEqualByComparingTo("0");
    assertThat(day.costs()).containsEntry("a", new BigDecimal("0E-9"));
    assertThat(day.blendedRatePerGib()).isEqualByComparingTo("0");
  }

  @Test
  void rejectsNegativeVolumes() {
    TierAllocator allocator = new TierAllocator(awsLadder());
    assertThatThrownBy(() -> allocator.allocateDay(-1, bytes("a", 1L)))
        .hasMessage("monthToDateBytesBefore is negative: -1");
    assertThatThrownBy(() -> allocator.allocateDay(0, bytes("a", -5L)))
        .hasMessage("bytes is negative for a: -5");
  }
}
