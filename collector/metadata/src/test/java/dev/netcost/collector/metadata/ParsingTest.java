package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.collector.metadata.ObjectStates.ControllerState;
import dev.netcost.collector.metadata.ObjectStates.OwnerRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParsingTest {
  @Test
  void providerIds() {
    assertThat(ProviderIds.instanceId("aws:///us-east-1a/i-0123456789abcdef0"))
        .contains("i-0123456789abcdef0");
    assertThat(ProviderIds.instanceId("aws://us-west-2b/i-0fedcba")).contains("i-0fedcba");
    assertThat(ProviderIds.instanceId("gce://my-project/europe-west1-d/gke-main-pool-5f2b-x7k2"))
        .contains("projects/my-project/zones/europe-west1-d/instances/gke-main-pool-5f2b-x7k2");
    assertThat(
            ProviderIds.instanceId(
                "azure:///subscriptions/sub-1/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-np-1-vmss/virtualMachines/12"))
        .contains(
            "/subscriptions/sub-1/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-np-1-vmss/virtualMachines/12");
    assertThat(
            ProviderIds.instanceId(
                "azure:///subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7"))
        .contains(
            "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7");
    // unknown or malformed values are kept verbatim, never dropped
    assertThat(ProviderIds.instanceId("kind://docker/kind/kind-worker"))
        .contains("kind://docker/kind/kind-worker");
    assertThat(ProviderIds.instanceId("gce://only-project")).contains("gce://only-project");
    assertThat(ProviderIds.instanceId("")).isEmpty();
  }

  @Test
  void topologyLabels() {
    Map<String, String> both =
        Map.of(
            "topology.kubernetes.io/zone", "eu-west-1b",
            "failure-domain.beta.kubernetes.io/zone", "eu-west-1a",
            "failure-domain.beta.kubernetes.io/region", "eu-west-1",
            "beta.kubernetes.io/instance-type", "c5.xlarge");
    assertThat(NodeTopology.zone(both)).contains("eu-west-1b");
    assertThat(NodeTopology.region(both)).contains("eu-west-1");
    assertThat(NodeTopology.instanceType(both)).contains("c5.xlarge");
    assertThat(NodeTopology.zone(Map.of("topology.kubernetes.io/zone", ""))).isEmpty();
  }

  @Test
  void workloadFallbacks() {
    OwnerRef rs = new OwnerRef("ReplicaSet", "api-7d9f8", "uid-rs");
    assertThat(
            Workloads.resolve(
                "api-7d9f8-x",
                Map.of("pod-template-hash", "7d9f8"),
                Optional.of(rs),
                uid -> Optional.empty()))
        .isEqualTo(new Workloads.Workload("Deployment", "api"));
    assertThat(
            Workloads.resolve(
                "api-7d9f8-x",
                Map.of("pod-template-hash", "zzz"),
                Optional.of(rs),
                uid -> Optional.empty()))
        .isEqualTo(new Workloads.Workload("ReplicaSet", "api-7d9f8"));
    // a ReplicaSet owned by something else than a Deployment (Argo Rollouts)
    ControllerState rollout =
        new ControllerState(
            "uid-rs",
            "ReplicaSet",
            "api-7d9f8",
            Optional.of(new OwnerRef("Rollout", "api", "uid-ro")));
    assertThat(
            Workloads.resolve(
                "api-7d9f8-x", Map.of(), Optional.of(rs), uid -> Optional.of(rollout)))
        .isEqualTo(new Workloads.Workload("Rollout", "api"));
    assertThat(
            Workloads.resolve(
                "static-node-a",
                Map.of(),
                Optional.of(new OwnerRef("Node", "node-a", "uid-n")),
                uid -> Optional.empty()))
        .isEqualTo(new Workloads.Workload("Node", "node-a"));
  }

  @Test
  void renewDeadlineMustBeShorterThanLease() {
    assertThatThrownBy(
            () ->
                new LeaderElection.Timings(
                    Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("renewDeadline PT10S must be shorter than leaseDuration PT10S");
  }
}
