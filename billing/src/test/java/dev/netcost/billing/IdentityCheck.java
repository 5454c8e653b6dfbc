package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The reconciliation identity and its consequences, checked for one generated case. */
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

    // the attributed part is the measured share of billed usage, capped at the whole bill
    long totalBytes = allocations.stream().mapToLong(Allocation::measuredBytes).sum();
    BigDecimal measuredGib =
        BigDecimal.valueOf(totalBytes).divide(BigDecimal.valueOf(1L << 30), MathContext.DECIMAL128);
    boolean anyEstimate =
        allocations.stream()
            .anyMatch(a -> a.estimatedCost().filter(cost -> cost.signum() > 0).isPresent());
    BigDecimal expectedAttributed;
    if (totalBytes == 0 && !anyEstimate) {
      expectedAttributed = BigDecimal.ZERO;
    } else if (usageGib.signum() > 0 && measuredGib.compareTo(usageGib) < 0) {
      expectedAttributed =
          expectedBilled
              .multiply(BigDecimal.valueOf(totalBytes))
              .divide(usageGib.multiply(BigDecimal.valueOf(1L << 30)), 9, RoundingMode.HALF_EVEN);
    } else {
      expectedAttributed = expectedBilled;
    }
    assertThat(result.allocatedCost()).isEqualByComparingTo(expectedAttributed);

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
