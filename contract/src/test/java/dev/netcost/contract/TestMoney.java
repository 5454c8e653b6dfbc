package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TestMoney {
  private static List<BigInteger> weights(long... values) {
    return java.util.Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
  }

  @Test
  void costIsBytesTimesRatePerGibRoundedHalfEven() {
    assertThat(Money.cost(1L << 30, new BigDecimal("0.09"))).isEqualByComparingTo("0.09");
    assertThat(Money.cost(1L << 30, new BigDecimal("0.09")).scale()).isEqualTo(9);
    // 1 byte at $0.01/GiB = 9.3132257461547852e-12: rounds to 0 at 9 decimals
    assertThat(Money.cost(1, new BigDecimal("0.01"))).isEqualTo("0E-9");
    // 500,000,000 bytes at $0.09/GiB = 0.04190951585769653…: half-even at the 9th decimal
    assertThat(Money.cost(500_000_000L, new BigDecimal("0.09"))).isEqualTo("0.041909516");
    // 123,456,789,012 bytes at $0.02/GiB = 2.29956189192831516…
    assertThat(Money.cost(123_456_789_012L, new BigDecimal("0.02"))).isEqualTo("2.299561892");
    assertThatThrownBy(() -> Money.cost(-1, BigDecimal.ONE)).hasMessage("bytes is negative: -1");
    assertThat(Money.gib(3L << 29)).isEqualTo("1.5");
    assertThat(Money.round(new BigDecimal("0.0000000025"))).isEqualTo("0.000000002");
    assertThat(Money.round(new BigDecimal("0.0000000035"))).isEqualTo("0.000000004");
    assertThat(Money.zero()).isEqualTo("0E-9");
    // display: half-up to the cent, whatever the stored scale
    assertThat(Money.cents(new BigDecimal("0.125000000"))).isEqualTo("0.13");
    assertThat(Money.cents(new BigDecimal("0.124999999"))).isEqualTo("0.12");
    assertThat(Money.cents(new BigDecimal("-0.125"))).isEqualTo("-0.13");
  }

  @Test
  void apportionGivesLeftoverUnitsToLargestRemaindersTiesToTheEarlierPart() {
    // 1.00 over 1:1:1 = 0.333…; one unit left, all remainders equal: the first part gets it
    assertThat(Money.apportion(new BigDecimal("1.00"), weights(1, 1, 1), 2))
        .containsExactly(new BigDecimal("0.34"), new BigDecimal("0.33"), new BigDecimal("0.33"));
    // 10 over 1:2:3:4 at scale 0: exact 1, 2, 3, 4
    assertThat(Money.apportion(BigDecimal.TEN, weights(1, 2, 3, 4), 0))
        .containsExactly(
            new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("3"), new BigDecimal("4"));
    // 0.05 over 3:3:1 = 0.02142…, 0.02142…, 0.00714…: floors 2, 2, 0 cents; the one left goes to
    // the largest remainder (the third part's 0.714 > 0.142)
    assertThat(Money.apportion(new BigDecimal("0.05"), weights(3, 3, 1), 2))
        .containsExactly(new BigDecimal("0.02"), new BigDecimal("0.02"), new BigDecimal("0.01"));
    // negative amounts keep their sign
    assertThat(Money.apportion(new BigDecimal("-1.00"), weights(1, 1, 1), 2))
        .containsExactly(new BigDecimal("-0.34"), new BigDecimal("-0.33"), new BigDecimal("-0.33"));
    assertThat(Money.apportion(7, new long[] {1, 1, 0, 2})).containsExactly(2, 2, 0, 3);
    assertThat(Money.apportion(0, new long[] {5})).containsExactly(0);
    // a count near Long.MAX_VALUE over weights whose product overflows a long: exact, odd unit
    // first
    assertThat(Money.apportion(Long.MAX_VALUE, new long[] {3_600_000_000L, 3_600_000_000L}))
        .containsExactly(4_611_686_018_427_387_904L, 4_611_686_018_427_387_903L);
  }

  @Test
  void apportionRejectsWhatHasNoShares() {
    assertThatThrownBy(() -> Money.apportion(BigDecimal.ONE, List.of(), 2))
        .hasMessage("Cannot apportion 1 over no weights");
    assertThatThrownBy(() -> Money.apportion(BigDecimal.ONE, weights(0, 0), 2))
        .hasMessage("Cannot apportion 1 over zero weights");
    assertThatThrownBy(() -> Money.apportion(BigDecimal.ONE, weights(1, -1), 2))
        .hasMessage("Negative weight: -1");
    assertThatThrownBy(() -> Money.apportion(new BigDecimal("0.001"), weights(1), 2))
        .hasMessage("Cannot apportion 0.001 at scale 2 without rounding");
    assertThatThrownBy(() -> Money.apportion(-1, new long[] {1}))
        .hasMessage("total is negative: -1");
  }

  @Test
  void roundKeepingTotal() {
    // three thirds of 1 at scale 2: each rounds to 0.33 but the total must stay 1.00
    BigDecimal third = new BigDecimal("0.333333333333");
    assertThat(Money.roundKeepingTotal(List.of(third, third, third), 2))
        .containsExactly(new BigDecimal("0.34"), new BigDecimal("0.33"), new BigDecimal("0.33"));
    assertThatThrownBy(
            () -> Money.roundKeepingTotal(List.of(new BigDecimal("2"), BigDecimal.ONE.negate()), 2))
        .hasMessage("Parts of mixed sign: [2, -1]");
  }

  /** Independent check: parts add up exactly and each lies within one unit of its exact share. */
  @Property(tries = 300)
  void partsAddUpAndStayWithinOneUnit(
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long units,
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1_000_000) Long> raw,
      @ForAll @IntRange(min = 0, max = 9) int scale) {
    if (raw.stream().allMatch(w -> w == 0)) {
      return;
    }
    BigDecimal amount = BigDecimal.valueOf(units, scale);
    List<BigInteger> weights = raw.stream().map(BigInteger::valueOf).toList();
    List<BigDecimal> parts = Money.apportion(amount, weights, scale);
    assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(amount);
    BigDecimal total = new BigDecimal(weights.stream().reduce(BigInteger.ZERO, BigInteger::add));
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    for (int i = 0; i < parts.size(); i++) {
      BigDecimal exact =
          amount
              .multiply(new BigDecimal(weights.get(i)))
              .divide(total, 30, java.math.RoundingMode.HALF_EVEN);
      assertThat(parts.get(i).subtract(exact).abs()).isLessThan(unit);
      assertThat(parts.get(i).signum() * amount.signum()).isGreaterThanOrEqualTo(0);
    }
  }
}
