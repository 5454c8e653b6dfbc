package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which billed resource ids name a node (its metadata cloud_instance_id). */
class SameResourceTest {
  @Test
  void awsInstanceIdsMatchExactly() {
    assertThat(DayReconciliation.sameResource("i-0aaa", "i-0aaa")).isTrue();
    assertThat(DayReconciliation.sameResource("i-0aaa", "i-0aab")).isFalse();
    assertThat(DayReconciliation.sameResource("i-0aa", "i-0aaa")).isFalse();
  }

  @Test
  void azureScaleSetsNameTheirInstancesWhateverTheCase() {
    String instance =
        "/subscriptions/1234/resourceGroups/MC_rg/providers/Microsoft.Compute/"
            + "virtualMachineScaleSets/aks-np-1-vmss/virtualMachines/0";
    assertThat(
            DayReconciliation.sameResource(
                "/subscriptions/1234/resourcegroups/mc_rg/providers/microsoft.compute/"
                    + "virtualmachinescalesets/aks-np-1-vmss",
                instance))
        .isTrue();
    assertThat(
            DayReconciliation.sameResource(
                "/subscriptions/1234/resourcegroups/mc_rg/providers/microsoft.compute/"
                    + "virtualmachinescalesets/aks-np-2-vmss",
                instance))
        .isFalse();
  }

  @Test
  void gcpGlobalNamesEndInTheInstanceName() {
    assertThat(
            DayReconciliation.sameResource(
                "//compute.googleapis.com/projects/p/zones/us-east1-b/instances/gke-pool-1-abcd",
                "gke-pool-1-abcd"))
        .isTrue();
    assertThat(
            DayReconciliation.sameResource(
                "//compute.googleapis.com/projects/p/zones/us-east1-b/instances/gke-pool-1-abcd",
                "pool-1-abcd"))
        .isFalse();
  }
}
