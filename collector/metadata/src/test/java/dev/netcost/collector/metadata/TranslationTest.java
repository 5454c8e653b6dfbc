package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netcost.collector.metadata.ObjectStates.PodState;
import dev.netcost.contract.OwnershipInterval;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API objects to states, and the informer events that only a watch gap produces. */
class TranslationTest {
  @Test
  void invalidAddressIsSkippedAndTheOthersKept() {
    Pod pod =
        withUid(
            Objects.pod(
                    "shop",
                    "cart",
                    "node-a",
                    "2030-03-02T10:00:07Z",
                    "10.0.2.17",
                    "not-an-ip",
                    "FD00::0011")
                .build(),
            "u1");
    PodState state = KubernetesWatcher.pod(pod);
    assertThat(state.ips()).containsExactly("10.0.2.17", "fd00::11");
    assertThat(state.networkReadyAt()).contains(Instant.parse("2030-03-02T10:00:07Z"));
    assertThat(state.terminal()).isFalse();
    assertThat(state.finishedAt()).isEmpty();
  }

  @Test
  void invalidTimestampIsIgnored() {
    Pod pod =
        withUid(Objects.pod("shop", "cart", "node-a", "yesterday", "10.0.2.17").build(), "u1");
    PodState state = KubernetesWatcher.pod(pod);
    assertThat(state.networkReadyAt()).isEmpty();
    assertThat(state.startedAt()).isEmpty();
  }

  @Test
  void hostNetworkListenPorts() {
    Pod pod =
        withUid(
            Objects.hostNetworkPod(
                "kube-system", "exporter", "node-a", "2030-03-02T10:00:07Z", "10.0.1.5"),
            "u1");
    assertThat(KubernetesWatcher.pod(pod).listenPorts())
        .containsExactly("tcp/4194", "tcp/9100", "udp/8125");
    assertThat(
            KubernetesWatcher.pod(
                    withUid(
                        Objects.pod("a", "b", "n", "2030-03-02T10:00:07Z", "10.0.0.1").build(),
                        "u2"))
                .listenPorts())
        .isEmpty();
  }

  @Test
  void recreatedUnderTheSameNameDuringAGap() {
    // fabric8's own relist reports a pod deleted and recreated under the same name as an update
    MutableClock clock = new MutableClock(Instant.parse("2030-03-02T10:00:10Z"));
    ClusterModel model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    ResourceEventHandler<Pod> handler = KubernetesWatcher.podHandler(model);
    Pod before =
        withUid(
            Objects.pod("shop", "db-0", "node-a", "2030-03-02T10:00:05Z", "10.0.2.40").build(),
            "uid-old");
    handler.onAdd(before);
    clock.set("2030-03-02T10:09:00Z");
    Pod after =
        withUid(
            Objects.pod("shop", "db-0", "node-b", "2030-03-02T10:08:30Z", "10.0.3.41").build(),
            "uid-new");
    handler.onUpdate(before, after);
    // and one that vanished while nobody watched
    handler.onDelete(
        withUid(
            Objects.pod("shop", "gone", "node-a", "2030-03-02T10:00:05Z", "10.0.2.50").build(),
            "uid-gone"),
        true);

    assertThat(model.intervals("10.0.2.40"))
        .extracting(
            OwnershipInterval::ownerUid, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple(
                "uid-old",
                Instant.parse("2030-03-02T10:00:05Z"),
                Optional.of(Instant.parse("2030-03-02T10:09:00Z"))));
    assertThat(model.intervals("10.0.3.41"))
        .extracting(
            OwnershipInterval::ownerUid, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(tuple("uid-new", Instant.parse("2030-03-02T10:08:30Z"), Optional.empty()));
    // never seen alive: nothing is invented for it
    assertThat(model.intervals("10.0.2.50")).isEmpty();
    assertThat(model.podCount()).isEqualTo(1);
  }

  private static Pod withUid(Pod pod, String uid) {
    return new PodBuilder(pod).editMetadata().withUid(uid).endMetadata().build();
  }
}
