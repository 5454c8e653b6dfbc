package dev.netcost.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;

/**
 * The identity the chargeback relies on: teams' reconciled cost + unattributed == billed, as a
 * jqwik property (shrinking, edge cases). {@link ReconcilerIdentityTest} checks the same with plain
 * JUnit and a seeded generator.
 */
class ReconcilerPropertyTest {

  @Property(tries = 2000)
  void allocatedPlusUnattributedIsExactlyTheBill(
      @ForAll @BigRange(min = "-1000", max = "100000") @Scale(12) BigDecimal billedCost,
      @ForAll @BigRange(min = "0", max = "1000000") @Scale(6) BigDecimal usageGib,
      @ForAll("allocations") List<Allocation<Integer>> allocations,
      @ForAll("tolerance") BigDecimal tolerance) {
    IdentityCheck.check(billedCost, usageGib, allocations, tolerance);
  }

  @Provide
  Arbitrary<List<Allocation<Integer>>> allocations() {
    Arbitrary<Long> bytes =
        Arbitraries.oneOf(
            Arbitraries.just(0L),
            Arbitraries.longs().between(1, 1_000_000L),
            Arbitraries.longs().between(1, 10_000_000_000_000L));
    Arbitrary<Optional<BigDecimal>> estimate =
        Arbitraries.bigDecimals()
            .between(BigDecimal.ZERO, new BigDecimal("5000"))
            .ofScale(9)
            .optional(0.8);
    return Combinators.combine(Arbitraries.integers().between(0, 1_000_000), estimate, bytes)
        .as(Allocation::new)
        .list()
        .ofMaxSize(25);
  }

  @Provide
  Arbitrary<BigDecimal> tolerance() {
    return Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(2);
  }
}
