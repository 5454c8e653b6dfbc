package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private static final long GIB = 1L << 30;
  private static final ReconciliationKey KEY =
      new ReconciliationKey(
          LocalDate.of(2026, 11, 20),
          BillingProvider.AWS,
          ChargeKind.TRANSFER,
          TrafficClass.CROSS_ZONE,
          Optional.of(TransferDirection.EGRESS),
          Optional.of("us-east-2"),
          Optional.of("i-0aaa"));
  private static final Reconciler NET = new Reconciler(CostBasis.NET, new BigDecimal("0.2"));

  private static BilledNetworkCost billed(String list, String net, String usageGib) {
    return new BilledNetworkCost(
        KEY, new BigDecimal(list), new BigDecimal(net), new BigDecimal(usageGib), "USD", 2);
  }

  private static Allocation<String> allocation(String team, String estimate, long bytes) {
    return new Allocation<>(team, Optional.ofNullable(estimate).map(BigDecimal::new), bytes);
  }

  @Test
  void measuredShareOfUsageIsAllocatedByBytesTheRestIsUnattributed() {
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("12.00", "10.00", "100"),
            List.of(
                allocation("checkout", "0.30", 30 * GIB), allocation("search", "0.50", 50 * GIB)),
            "USD");
    assertThat(result.billedCost()).isEqualTo(new BigDecimal("10.000000000"));
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("3.000000000"), new BigDecimal("5.000000000"));
    assertThat(result.allocatedCost()).isEqualTo(new BigDecimal("8.000000000"));
    assertThat(result.unattributedCost()).isEqualTo(new BigDecimal("2.000000000"));
    assertThat(result.coverageRatio()).contains(new BigDecimal("0.800000000"));
    assertThat(result.estimatedCost()).isEqualByComparingTo("0.80");
    assertThat(result.estimateToBillRatio()).contains(new BigDecimal("0.080000000"));
    assertThat(result.billToEstimateRatio()).contains(new BigDecimal("12.500000000"));
    assertThat(result.measuredBytes()).isEqualTo(BigInteger.valueOf(80 * GIB));
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.ESTIMATE_BELOW_BILL, ReconciliationFlag.DISCOUNTED);
    assertThat(result.inCents())
        .containsExactly(new BigDecimal("3.00"), new BigDecimal("5.00"), new BigDecimal("2.00"));
  }

  @Test
  void listBasisDistributesTheListCost() {
    ReconciliationResult<String> result =
        new Reconciler(CostBasis.LIST, new BigDecimal("0.2"))
            .reconcile(
                billed("12.00", "10.00", "100"),
                List.of(allocation("checkout", "0.30", 100 * GIB)),
                "USD");
    assertThat(result.billedCost()).isEqualTo(new BigDecimal("12.000000000"));
    assertThat(result.allocations().get(0).allocatedCost())
        .isEqualTo(new BigDecimal("12.000000000"));
    assertThat(result.unattributedCost()).isEqualTo(new BigDecimal("0E-9"));
  }

  @Test
  void overMeasuredTrafficTakesTheWholeBillWithLargestRemainders() {
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("10", "10", "100"),
            List.of(allocation("a", "0.5", 50 * GIB), allocation("b", "1.0", 100 * GIB)),
            "USD");
    // 10/3 = 3.3333333333…, 20/3 = 6.6666666666…: the spare nano-unit goes to the larger remainder
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("3.333333333"), new BigDecimal("6.666666667"));
    assertThat(result.unattributedCost()).isEqualByComparingTo("0");
    assertThat(result.coverageRatio()).contains(new BigDecimal("1.500000000"));
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.OVER_MEASURED, ReconciliationFlag.ESTIMATE_BELOW_BILL);
  }

  @Test
  void lowCoverageIsFlagged() {
    ReconciliationResult<String> result =
        NET.reconcile(billed("1", "1", "100"), List.of(allocation("a", "0.1", 10 * GIB)), "USD");
    assertThat(result.allocations().get(0).allocatedCost())
        .isEqualTo(new BigDecimal("0.100000000"));
    assertThat(result.unattributedCost()).isEqualTo(new BigDecimal("0.900000000"));
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.LOW_COVERAGE, ReconciliationFlag.ESTIMATE_BELOW_BILL);
  }

  @Test
  void billedButNotMeasuredIsAllUnattributed() {
    ReconciliationResult<String> result =
        NET.reconcile(billed("2.5", "2.5", "250"), List.of(), "USD");
    assertThat(result.allocations()).isEmpty();
    assertThat(result.unattributedCost()).isEqualTo(new BigDecimal("2.500000000"));
    assertThat(result.coverageRatio()).contains(new BigDecimal("0E-9"));
    assertThat(result.estimateToBillRatio()).isEmpty();
    assertThat(result.billToEstimateRatio()).isEmpty();
    // coverage 0 is below 1 - t like any other low coverage
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.NOT_MEASURED, ReconciliationFlag.LOW_COVERAGE);
  }

  @Test
  void aZeroDollarLineIsBilledAtZeroNotNotBilled() {
    // DataTransfer-In-Bytes: the bill has a line, with usage, at $0
    ReconciliationResult<String> result =
        NET.reconcile(billed("0", "0", "40"), List.of(allocation("a", "0.40", 40 * GIB)), "USD");
    assertThat(result.allocations().get(0).allocatedCost()).isEqualTo(new BigDecimal("0E-9"));
    assertThat(result.unattributedCost()).isEqualTo(new BigDecimal("0E-9"));
    assertThat(result.coverageRatio()).contains(new BigDecimal("1.000000000"));
    assertThat(result.estimateToBillRatio()).isEmpty();
    assertThat(result.billToEstimateRatio()).contains(new BigDecimal("0E-9"));
    assertThat(result.flags()).isEmpty();
  }

  @Test
  void aZeroDollarLineWithoutUsageIsNoBilledUsage() {
    ReconciliationResult<String> result =
        NET.reconcile(billed("0", "0", "0"), List.of(allocation("a", "0.40", 40 * GIB)), "USD");
    assertThat(result.allocations().get(0).allocatedCost()).isEqualTo(new BigDecimal("0E-9"));
    assertThat(result.coverageRatio()).isEmpty();
    assertThat(result.flags()).containsExactly(ReconciliationFlag.NO_BILLED_USAGE);
  }

  @Test
  void aCreditWithoutUsageNorMeasuredTrafficIsNoBilledUsageAndNotMeasured() {
    ReconciliationResult<String> result = NET.reconcile(billed("0", "-0.9", "0"), List.of(), "USD");
    assertThat(result.unattributedCost()).isEqualTo(new BigDecimal("-0.900000000"));
    assertThat(result.coverageRatio()).isEmpty();
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.NOT_MEASURED,
            ReconciliationFlag.NO_BILLED_USAGE,
            ReconciliationFlag.DISCOUNTED);
  }

  @Test
  void notBilledIsTheKeyWithoutBillLinesEvenWithoutAnEstimate() {
    ReconciliationResult<String> result =
        NET.reconcile(
            BilledNetworkCost.nothing(KEY, "USD"), List.of(allocation("a", null, 3 * GIB)), "USD");
    assertThat(result.allocations().get(0).allocatedCost()).isEqualTo(new BigDecimal("0E-9"));
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.NOT_BILLED, ReconciliationFlag.UNPRICED_ESTIMATES);
  }

  @Test
  void measuredButNotBilledAllocatesZero() {
    ReconciliationResult<String> result =
        NET.reconcile(
            BilledNetworkCost.nothing(KEY, "USD"),
            List.of(allocation("a", "0.10", 10 * GIB), allocation("b", null, 5 * GIB)),
            "USD");
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("0E-9"), new BigDecimal("0E-9"));
    assertThat(result.unattributedCost()).isEqualByComparingTo("0");
    assertThat(result.coverageRatio()).isEmpty();
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.NOT_BILLED, ReconciliationFlag.UNPRICED_ESTIMATES);
  }

  @Test
  void creditsWithoutUsageAreSharedByEstimates() {
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("0", "-0.9", "0"),
            List.of(allocation("a", "0.3", 200 * GIB), allocation("b", "0.6", 100 * GIB)),
            "USD");
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("-0.300000000"), new BigDecimal("-0.600000000"));
    assertThat(result.unattributedCost()).isEqualByComparingTo("0");
    assertThat(result.flags())
        .containsExactlyInAnyOrder(
            ReconciliationFlag.NO_BILLED_USAGE,
            ReconciliationFlag.ESTIMATE_BELOW_BILL, // E/B = 0.9/-0.9 = -1
            ReconciliationFlag.DISCOUNTED);
  }

  @Test
  void sharesFollowTheEstimatesNotTheBytes() {
    // the estimate charged a (the sender) both sides of a transfer, b nothing: so does the bill
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("3.00", "3.00", "100"),
            List.of(allocation("a", "2.00", 50 * GIB), allocation("b", "0.000000000", 50 * GIB)),
            "USD");
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("3.000000000"), new BigDecimal("0E-9"));
  }

  @Test
  void unpricedBytesWeighAtTheKeysAveragePricedRate() {
    // priced: 2.00 for 100 GiB (0.02/GiB); the unpriced 50 GiB weigh as 1.00: shares 2 : 1
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("1.50", "1.50", "150"),
            List.of(allocation("a", "2.00", 100 * GIB), allocation("b", null, 50 * GIB)),
            "USD");
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("1.000000000"), new BigDecimal("0.500000000"));
    assertThat(result.flags()).contains(ReconciliationFlag.UNPRICED_ESTIMATES);
  }

  @Test
  void withoutAnyPricedEstimateBytesDecide() {
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("1.00", "1.00", "100"),
            List.of(allocation("a", null, 25 * GIB), allocation("b", null, 75 * GIB)),
            "USD");
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(new BigDecimal("0.250000000"), new BigDecimal("0.750000000"));
  }

  @Test
  void billsWithMoreThanNineDecimalsAreRoundedOnceAndFlagged() {
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("0.0001188669167459011366", "0.0001188669167459011366", "0.00594335"),
            List.of(allocation("a", null, 6_381_604L)),
            "USD");
    assertThat(result.billedCost()).isEqualTo(new BigDecimal("0.000118867"));
    assertThat(result.flags()).contains(ReconciliationFlag.BILLED_ROUNDED);
    BigDecimal sum = result.unattributedCost().add(result.allocations().get(0).allocatedCost());
    assertThat(sum).isEqualTo(result.billedCost());
  }

  @Test
  void theAttributedAmountIsRoundedOnceHalfEvenToNineDecimals() {
    // B = 10, U = 3 GiB, M = 1 GiB: A = 10 × 1/3 = 3.333333333|33… -> 3.333333333 (the digit after
    // the ninth is 3, rounds down); unattributed = 10 − 3.333333333 = 6.666666667
    ReconciliationResult<String> third =
        NET.reconcile(billed("10", "10", "3"), List.of(allocation("a", "0.01", GIB)), "USD");
    assertThat(third.allocatedCost()).isEqualTo(new BigDecimal("3.333333333"));
    assertThat(third.unattributedCost()).isEqualTo(new BigDecimal("6.666666667"));

    // exact ties, U = 2 GiB, M = 1 GiB, so A = B/2: half-even keeps an even last digit
    //   B = 0.000000003: A = 0.0000000015 -> 0.000000002 (up to the even 2)
    //   B = 0.000000005: A = 0.0000000025 -> 0.000000002 (down to the even 2; half-up gives 3)
    //   B = 0.000000001: A = 0.0000000005 -> 0.000000000 (down to the even 0)
    for (String[] tie :
        new String[][] {
          {"0.000000003", "0.000000002", "0.000000001"},
          {"0.000000005", "0.000000002", "0.000000003"},
          {"0.000000001", "0.000000000", "0.000000001"}
        }) {
      ReconciliationResult<String> half =
          NET.reconcile(billed(tie[0], tie[0], "2"), List.of(allocation("a", "0.01", GIB)), "USD");
      assertThat(half.allocatedCost()).as("B = %s", tie[0]).isEqualTo(new BigDecimal(tie[1]));
      assertThat(half.unattributedCost()).as("B = %s", tie[0]).isEqualTo(new BigDecimal(tie[2]));
    }
  }

  @Test
  void centsKeepTheTotal() {
    ReconciliationResult<String> result =
        NET.reconcile(
            billed("0.10", "0.10", "3"),
            List.of(
                allocation("a", null, GIB), allocation("b", null, GIB), allocation("c", null, GIB)),
            "USD");
    assertThat(result.allocations())
        .extracting(ReconciledAllocation::allocatedCost)
        .containsExactly(
            new BigDecimal("0.033333334"),
            new BigDecimal("0.033333333"),
            new BigDecimal("0.033333333"));
    assertThat(result.inCents())
        .containsExactly(
            new BigDecimal("0.04"),
            new BigDecimal("0.03"),
            new BigDecimal("0.03"),
            new BigDecimal("0.00"));
  }

  @Test
  void currencyMismatchIsAnError() {
    assertThatThrownBy(
            () ->
                NET.reconcile(billed("1", "1", "1"), List.of(allocation("a", "0.01", GIB)), "EUR"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Currency mismatch for 2026-11-20/aws/transfer/cross_zone/egress/us-east-2/i-0aaa:"
                + " billed USD, estimated EUR");
  }

  @Test
  void currencyOfUnpricedEstimatesDoesNotMatter() {
    ReconciliationResult<String> result =
        NET.reconcile(billed("1", "1", "1"), List.of(allocation("a", null, GIB)), "EUR");
    assertThat(result.allocations().get(0).allocatedCost())
        .isEqualTo(new BigDecimal("1.000000000"));
    assertThat(result.currency()).isEqualTo("USD");
  }

  @Test
  void rejectsInvalidInput() {
    assertThatThrownBy(() -> new Allocation<>("a", Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("measuredBytes is negative: -1");
    assertThatThrownBy(() -> new Allocation<>("a", Optional.of(new BigDecimal("-0.01")), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("estimatedCost is negative: -0.01");
    assertThatThrownBy(() -> new Reconciler(CostBasis.NET, new BigDecimal("1.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gapTolerance is not in [0, 1]: 1.5");
  }

  @Test
  void aggregationRejectsTwoCurrenciesInOneKey() {
    BillingLine usd = line("USD", 1);
    BillingLine eur = line("EUR", 2);
    assertThatThrownBy(() -> BilledNetworkCosts.aggregate(List.of(usd, eur), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Currency mismatch for 2026-11-20/aws/transfer/internet/egress/us-east-1/i-0aaa:"
                + " bill.csv row 1 is USD, bill.csv row 2 is EUR");
  }

  private static BillingLine line(String currency, long row) {
    return new BillingLine(
        BillingProvider.AWS,
        BillingFormat.AWS_CUR,
        "111122223333",
        Optional.empty(),
        LocalDate.of(2026, 11, 20),
        Optional.empty(),
        Optional.empty(),
        Optional.of("i-0aaa"),
        "DataTransfer-Out-Bytes",
        "",
        ChargeCategory.USAGE,
        BigDecimal.ONE,
        "GB",
        Optional.of(BigDecimal.ONE),
        new BigDecimal("0.09"),
        new BigDecimal("0.09"),
        currency,
        java.util.Map.of(),
        "bill.csv",
        row);
  }
}
