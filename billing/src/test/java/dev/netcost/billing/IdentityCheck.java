package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The reconciliation identity and its consequences, checked for one generated case. Every expected
 * value is a property that holds by definition (sums, signs, the rounding of B·M/U stated as an
 * inequality on exact products, shares against exact quotients), never the production formula run
 * again; {@link ReconcilerTest} has the literal cases.
 */
final class IdentityCheck {
  private static final ReconciliationKey KEY =
      new ReconciliationKey(
          LocalDate.of(2026, 11, 20),
          BillingProvider.GCP,
          ChargeKind.TRANSFER,
          TrafficClass.INTERNET,
          Optional.empty(),
          Optional.of("us-central1"),
          Optional.empty());

  /** 2^30, written out rather than taken from the production code. */
  private static final BigDecimal BYTES_PER_GIB = new BigDecimal("1073741824");

  private static final BigDecimal HALF_NANO = new BigDecimal("0.0000000005");

  private IdentityCheck() {}

  static void check(
      BigDecimal billedCost,
      BigDecimal usageGib,
      List<Allocation<Integer>> allocations,
      BigDecimal tolerance) {
    BilledNetworkCost billed =
        new BilledNetworkCost(KEY, billedCost.abs(), billedCost, usageGib, "USD", 1);
    ReconciliationResult<Integer> result =
        new Reconciler(CostBasis.NET, tolerance).reconcile(billed, allocations, "USD");

    BigDecimal expectedBilled = billedCost.setScale(9, RoundingMode.HALF_EVEN);
    BigDecimal sum = result.unattributedCost();
    for (ReconciledAllocation<Integer> allocation : result.allocations()) {
      BigDecimal share = allocation.allocatedCost();
      assertThat(share.scale()).isEqualTo(9);
      assertThat(share.signum() == 0 || share.signum() == expectedBilled.signum()).isTrue();
      assertThat(share.abs()).isLessThanOrEqualTo(expectedBilled.abs());
      sum = sum.add(share);
    }
    assertThat(sum).isEqualTo(expectedBilled);
    assertThat(result.billedCost()).isEqualTo(expectedBilled);

    // to the cent as well: the rounded parts add up to the bill rounded to cents
    BigDecimal cents =
        result.inCents().stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    assertThat(cents).isEqualTo(expectedBilled.setScale(2, RoundingMode.HALF_EVEN));

    // the attributed part A is the measured share of billed usage, B·M/U, capped at the whole
    // bill. Checked by its definition, with exact products only (no division, no rounding call):
    // below the cap, A at scale 9 is the nearest nano-unit to B·T/(U·2^30), T the measured bytes,
    // i.e. |A·U·2^30 − B·T| ≤ ½·10^-9·U·2^30, and on an exact tie A's last digit is even.
    long totalBytes = allocations.stream().mapToLong(Allocation::measuredBytes).sum();
    BigDecimal measuredBytes = BigDecimal.valueOf(totalBytes);
    BigDecimal usageBytes = usageGib.multiply(BYTES_PER_GIB); // exact: U·2^30
    boolean anyEstimate =
        allocations.stream()
            .anyMatch(a -> a.estimatedCost().filter(cost -> cost.signum() > 0).isPresent());
    BigDecimal attributed = result.allocatedCost();
    assertThat(attributed.scale()).isEqualTo(9);
    if (totalBytes == 0 && !anyEstimate) {
      assertThat(attributed).isEqualByComparingTo(BigDecimal.ZERO);
    } else if (usageGib.signum() > 0 && measuredBytes.compareTo(usageBytes) < 0) {
      BigDecimal error =
          attributed.multiply(usageBytes).subtract(expectedBilled.multiply(measuredBytes));
      BigDecimal halfNano = usageBytes.multiply(HALF_NANO);
      assertThat(error.abs()).isLessThanOrEqualTo(halfNano);
      if (error.abs().compareTo(halfNano) == 0) {
        assertThat(attributed.unscaledValue().testBit(0)).as("half-even on a tie").isFalse();
      }
    } else {
      assertThat(attributed).isEqualTo(expectedBilled);
    }

    // each share is within one nano-unit of its exact share: in proportion to the estimates when
    // any is positive (an unpriced allocation at the priced bytes' average rate), else to bytes
    BigDecimal pricedEstimate = BigDecimal.ZERO;
    BigDecimal pricedBytes = BigDecimal.ZERO;
    for (Allocation<Integer> allocation : allocations) {
      if (allocation.estimatedCost().isPresent()) {
        pricedEstimate = pricedEstimate.add(allocation.estimatedCost().get());
        pricedBytes = pricedBytes.add(BigDecimal.valueOf(allocation.measuredBytes()));
      }
    }
    List<BigDecimal> weights = new java.util.ArrayList<>();
    for (Allocation<Integer> allocation : allocations) {
      BigDecimal bytes = BigDecimal.valueOf(allocation.measuredBytes());
      if (pricedEstimate.signum() > 0) {
        weights.add(
            allocation.estimatedCost().isPresent()
                ? allocation.estimatedCost().get()
                : pricedBytes.signum() > 0
                    ? bytes.multiply(pricedEstimate).divide(pricedBytes, MathContext.DECIMAL128)
                    : BigDecimal.ZERO);
      } else {
        weights.add(bytes);
      }
    }
    BigDecimal totalWeight = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    if (totalWeight.signum() > 0) {
      for (int i = 0; i < allocations.size(); i++) {
        BigDecimal exact =
            result
                .allocatedCost()
                .multiply(weights.get(i))
                .divide(totalWeight, MathContext.DECIMAL128);
        assertThat(result.allocations().get(i).allocatedCost().subtract(exact).abs())
            .isLessThan(new BigDecimal("0.0000000010001"));
      }
    }
  }
}
