package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationDailyRowTest {
  @Test
  void oneRowPerAllocationAndOneUnattributedRowAddingUpToTheBill() {
    ReconciliationKey key =
        new ReconciliationKey(
            LocalDate.of(2026, 11, 20),
            BillingProvider.AZURE,
            ChargeKind.TRANSFER,
            TrafficClass.INTERNET,
            Optional.empty(),
            Optional.of("eastus"),
            Optional.of("/subscriptions/s/virtualmachinescalesets/aks-np-1-vmss"));
    BilledNetworkCost billed =
        new BilledNetworkCost(
            key, new BigDecimal("1.00"), new BigDecimal("0.87"), new BigDecimal("10"), "USD", 3);
    ChargebackOwner checkout =
        new ChargebackOwner("prod", "payments", "checkout", "Deployment", "api");
    ReconciliationResult<ChargebackOwner> result =
        new Reconciler(CostBasis.NET, new BigDecimal("0.2"))
            .reconcile(
                billed,
                List.of(new Allocation<>(checkout, Optional.of(new BigDecimal("0.79")), 9L << 30)),
                "USD");
    List<ReconciliationDailyRow> rows = ReconciliationDailyRow.of(result, Optional.of("prod"));
    assertThat(rows).hasSize(2);
    ReconciliationDailyRow first = rows.get(0);
    assertThat(first.cluster()).contains("prod");
    assertThat(first.provider()).isEqualTo("azure");
    assertThat(first.chargeKind()).isEqualTo("transfer");
    assertThat(first.trafficClass()).isEqualTo("internet");
    assertThat(first.direction()).isEqualTo("both");
    assertThat(first.team()).isEqualTo("payments");
    assertThat(first.allocatedCost()).isEqualTo(new BigDecimal("0.783000000"));
    assertThat(first.estimatedCost()).contains(new BigDecimal("0.79"));
    assertThat(first.measuredBytes()).isEqualTo(9L << 30);
    assertThat(first.coverageRatio()).contains(new BigDecimal("0.900000000"));
    assertThat(first.flags()).isEqualTo("discounted");
    assertThat(first.costBasis()).isEqualTo("net");
    ReconciliationDailyRow unattributed = rows.get(1);
    assertThat(unattributed.team()).isEqualTo("__unattributed__");
    assertThat(unattributed.workload()).isEqualTo("__unattributed__");
    assertThat(unattributed.estimatedCost()).isEmpty();
    assertThat(unattributed.measuredBytes()).isZero();
    assertThat(unattributed.allocatedCost()).isEqualTo(new BigDecimal("0.087000000"));
    assertThat(
            rows.stream()
                .map(ReconciliationDailyRow::allocatedCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualTo(first.billedCost())
        .isEqualTo(new BigDecimal("0.870000000"));
  }
}
