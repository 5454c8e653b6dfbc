package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationRowsTest {
  private static final ReconciliationKey KEY =
      new ReconciliationKey(
          LocalDate.of(2026, 11, 20),
          BillingProvider.AZURE,
          ChargeKind.TRANSFER,
          TrafficClass.INTERNET,
          Optional.empty(),
          Optional.of("eastus"),
          Optional.of("/subscriptions/s/virtualmachinescalesets/aks-np-1-vmss"));

  private static ReconciliationResult<ChargebackOwner> reconcile(
      List<Allocation<ChargebackOwner>> allocations) {
    BilledNetworkCost billed =
        new BilledNetworkCost(
            KEY, new BigDecimal("1.00"), new BigDecimal("0.87"), new BigDecimal("10"), "USD", 3);
    return new Reconciler(CostBasis.NET, new BigDecimal("0.2"))
        .reconcile(billed, allocations, "USD");
  }

  @Test
  void oneKeyRowAndOneRowPerOwnerPlusTheUnattributedRowAddingUpToTheBill() {
    ChargebackOwner checkout =
        new ChargebackOwner("prod", "payments", "checkout", "Deployment", "api");
    ReconciliationResult<ChargebackOwner> result =
        reconcile(
            List.of(new Allocation<>(checkout, Optional.of(new BigDecimal("0.79")), 9L << 30)));

    ReconciliationRows.KeyRow key = ReconciliationRows.keyRow(result, Optional.of("prod"), 3);
    assertThat(key.key().provider()).isEqualTo("azure");
    assertThat(key.key().chargeKind()).isEqualTo("transfer");
    assertThat(key.key().trafficClass()).isEqualTo("internet");
    assertThat(key.key().direction()).isEqualTo("both");
    assertThat(key.resourceCluster()).contains("prod");
    assertThat(key.billedCost()).isEqualTo(new BigDecimal("0.870000000"));
    assertThat(key.billedListCost()).isEqualTo(new BigDecimal("1.000000000"));
    assertThat(key.billLines()).isEqualTo(3);
    assertThat(key.estimatedCost()).contains(new BigDecimal("0.790000000"));
    assertThat(key.measuredBytes()).isEqualTo(9L << 30);
    assertThat(key.unpricedBytes()).isZero();
    assertThat(key.reconciledCost()).isEqualTo(new BigDecimal("0.783000000"));
    assertThat(key.unattributedCost()).isEqualTo(new BigDecimal("0.087000000"));
    assertThat(key.coverageRatio()).contains(new BigDecimal("0.900000000"));
    assertThat(key.flags()).isEqualTo("discounted");
    assertThat(key.costBasis()).isEqualTo("net");

    List<ReconciliationRows.AllocationRow> rows =
        ReconciliationRows.allocationRows(result, Optional.of("prod"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).owner()).isEqualTo(checkout);
    assertThat(rows.get(0).estimatedCost()).contains(new BigDecimal("0.790000000"));
    assertThat(rows.get(0).measuredBytes()).isEqualTo(9L << 30);
    assertThat(rows.get(0).reconciledCost()).isEqualTo(new BigDecimal("0.783000000"));
    assertThat(rows.get(0).unattributed()).isFalse();
    ReconciliationRows.AllocationRow unattributed = rows.get(1);
    assertThat(unattributed.unattributed()).isTrue();
    assertThat(unattributed.owner())
        .isEqualTo(
            new ChargebackOwner(
                "prod",
                "__unattributed__",
                "__unattributed__",
                "__unattributed__",
                "__unattributed__"));
    assertThat(unattributed.estimatedCost()).isEmpty();
    assertThat(unattributed.measuredBytes()).isZero();
    assertThat(unattributed.reconciledCost()).isEqualTo(new BigDecimal("0.087000000"));
    assertThat(rows.get(0).reconciledCost().add(unattributed.reconciledCost()))
        .isEqualTo(key.billedCost());
  }

  @Test
  void noUnattributedRowWhenNothingIsUnattributedAndUnknownClusterIsTheSentinel() {
    ChargebackOwner a = new ChargebackOwner("prod", "t", "ns", "Deployment", "a");
    ReconciliationResult<ChargebackOwner> full =
        reconcile(List.of(new Allocation<>(a, Optional.of(new BigDecimal("1")), 10L << 30)));
    assertThat(ReconciliationRows.allocationRows(full, Optional.empty())).hasSize(1);
    assertThat(ReconciliationRows.keyRow(full, Optional.empty(), 3).unattributedCost())
        .isEqualTo(new BigDecimal("0E-9"));

    ReconciliationResult<ChargebackOwner> unmeasured = reconcile(List.of());
    List<ReconciliationRows.AllocationRow> rows =
        ReconciliationRows.allocationRows(unmeasured, Optional.empty());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).owner().cluster()).isEqualTo("__unattributed__");
    assertThat(rows.get(0).reconciledCost()).isEqualTo(new BigDecimal("0.870000000"));
    // no allocation at all: the estimate is a true zero, not unknown
    assertThat(ReconciliationRows.keyRow(unmeasured, Optional.empty(), 3).estimatedCost())
        .contains(new BigDecimal("0E-9"));
  }

  @Test
  void aKeyWithOnlyUnpricedAllocationsHasNoEstimateAndCountsItsUnpricedBytes() {
    ChargebackOwner a = new ChargebackOwner("prod", "t", "ns", "Deployment", "a");
    ReconciliationResult<ChargebackOwner> result =
        reconcile(List.of(new Allocation<>(a, Optional.empty(), 5L << 30)));
    ReconciliationRows.KeyRow key = ReconciliationRows.keyRow(result, Optional.empty(), 3);
    assertThat(key.estimatedCost()).isEmpty();
    assertThat(key.unpricedBytes()).isEqualTo(5L << 30);
    // shared by bytes: 5 of 10 billed GiB measured, half the bill
    assertThat(key.reconciledCost()).isEqualTo(new BigDecimal("0.435000000"));
  }
}
