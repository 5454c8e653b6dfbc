package dev.netcost.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation identity over 2,000 seeded random cases, without a property-testing library:
 * bills from -1,000 to 100,000 with 12 decimals, usage up to 10^6 GiB, up to 25 allocations with 0,
 * small or huge byte counts and optional estimates.
 */
class ReconcilerIdentityTest {
  @Test
  void allocatedPlusUnattributedIsExactlyTheBill() {
    Random random = new Random(20261126L);
    for (int i = 0; i < 2000; i++) {
      BigDecimal billed =
          new BigDecimal(
                  BigInteger.valueOf(Math.floorMod(random.nextLong(), 101_000_000_000_000_000L)),
                  12)
              .subtract(new BigDecimal("1000"));
      BigDecimal usage =
          i % 10 == 0
              ? BigDecimal.ZERO
              : new BigDecimal(
                  BigInteger.valueOf(Math.floorMod(random.nextLong(), 1_000_000_000_000L)), 6);
      List<Allocation<Integer>> allocations = new ArrayList<>();
      int count = random.nextInt(26);
      for (int a = 0; a < count; a++) {
        long bytes =
            switch (random.nextInt(3)) {
              case 0 -> 0L;
              case 1 -> 1 + Math.floorMod(random.nextLong(), 1_000_000L);
              default -> 1 + Math.floorMod(random.nextLong(), 10_000_000_000_000L);
            };
        Optional<BigDecimal> estimate =
            random.nextInt(5) == 0
                ? Optional.empty()
                : Optional.of(
                    new BigDecimal(
                        BigInteger.valueOf(Math.floorMod(random.nextLong(), 5_000_000_000_000L)),
                        9));
        allocations.add(new Allocation<>(a, estimate, bytes));
      }
      BigDecimal tolerance = BigDecimal.valueOf(random.nextInt(101), 2);
      IdentityCheck.check(billed, usage, allocations, tolerance);
    }
  }
}
