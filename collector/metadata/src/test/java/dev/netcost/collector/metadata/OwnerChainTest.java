package dev.netcost.collector.metadata;

import static dev.netcost.collector.metadata.Objects.job;
import static dev.netcost.collector.metadata.Objects.namespace;
import static dev.netcost.collector.metadata.Objects.ownedBy;
import static dev.netcost.collector.metadata.Objects.pod;
import static dev.netcost.collector.metadata.Objects.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class OwnerChainTest {
  private static final String NODE = "node-a";

  KubernetesClient client;

  private final MutableClock clock = new MutableClock(Instant.parse("2030-03-02T11:00:00Z"));
  private ClusterModel model;
  private KubernetesWatcher watcher;

  @BeforeEach
  void start() {
    client.namespaces().resource(namespace("apps", Map.of())).create();
    model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    watcher = new KubernetesWatcher(client, model, Duration.ofSeconds(30));
    watcher.start();
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  @Test
  void eachOwnerChainResolvesToItsWorkload() {
    String replicaSet =
        client
            .apps()
            .replicaSets()
            .resource(replicaSet("apps", "web-6b7f9c", "web"))
            .create()
            .getMetadata()
            .getUid();
    String bareReplicaSet =
        client
            .apps()
            .replicaSets()
            .resource(replicaSet("apps", "loose-5d4c", null))
            .create()
            .getMetadata()
            .getUid();
    String job =
        client
            .batch()
            .v1()
            .jobs()
            .resource(job("apps", "report-29012345", "report"))
            .create()
            .getMetadata()
            .getUid();
    String plainJob =
        client
            .batch()
            .v1()
            .jobs()
            .resource(job("apps", "migrate", "report"))
            .create()
            .getMetadata()
            .getUid();
    // a Job with no CronJob: replace the owner references
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace("apps")
        .withName("migrate")
        .edit(
            j -> {
              j.getMetadata().setOwnerReferences(java.util.List.of());
              return j;
            });
    Await.until("owners listed", () -> model.events() >= 6);

    clock.set("2030-03-02T11:00:05Z");
    create(
        ownedBy(
            pod("apps", "web-6b7f9c-x2x4z", NODE, "2030-03-02T11:00:01Z", "10.1.0.1"),
            "ReplicaSet",
            "web-6b7f9c",
            replicaSet));
    create(
        ownedBy(
            pod("apps", "loose-5d4c-q", NODE, "2030-03-02T11:00:01Z", "10.1.0.2"),
            "ReplicaSet",
            "loose-5d4c",
            bareReplicaSet));
    create(
        ownedBy(
            pod("apps", "report-29012345-k", NODE, "2030-03-02T11:00:01Z", "10.1.0.3"),
            "Job",
            "report-29012345",
            job));
    create(
        ownedBy(
            pod("apps", "migrate-z", NODE, "2030-03-02T11:00:01Z", "10.1.0.4"),
            "Job",
            "migrate",
            plainJob));
    create(
        ownedBy(
            pod("apps", "db-0", NODE, "2030-03-02T11:00:01Z", "10.1.0.5"),
            "StatefulSet",
            "db",
            "uid-sts"));
    create(
        ownedBy(
            pod("apps", "agent-7p", NODE, "2030-03-02T11:00:01Z", "10.1.0.6"),
            "DaemonSet",
            "agent",
            "uid-ds"));
    create(pod("apps", "debug", NODE, "2030-03-02T11:00:01Z", "10.1.0.7").build());
    Await.until("pods recorded", () -> model.openIntervals() == 7);

    assertThat(workloadAt("10.1.0.1", "2030-03-02T11:00:01Z"))
        .isEqualTo(tuple("Deployment", "web"));
    assertThat(workloadAt("10.1.0.2", "2030-03-02T11:00:01Z"))
        .isEqualTo(tuple("ReplicaSet", "loose-5d4c"));
    assertThat(workloadAt("10.1.0.3", "2030-03-02T11:00:01Z"))
        .isEqualTo(tuple("CronJob", "report"));
    assertThat(workloadAt("10.1.0.4", "2030-03-02T11:00:01Z")).isEqualTo(tuple("Job", "migrate"));
    assertThat(workloadAt("10.1.0.5", "2030-03-02T11:00:01Z"))
        .isEqualTo(tuple("StatefulSet", "db"));
    assertThat(workloadAt("10.1.0.6", "2030-03-02T11:00:01Z"))
        .isEqualTo(tuple("DaemonSet", "agent"));
    assertThat(workloadAt("10.1.0.7", "2030-03-02T11:00:01Z")).isEqualTo(tuple("Pod", "debug"));
  }

  @Test
  void replicaSetSeenAfterItsPod() {
    clock.set("2030-03-02T11:10:00Z");
    // named <deployment>-<pod-template-hash>: the Deployment is known before the ReplicaSet is
    Pod hashed =
        new io.fabric8.kubernetes.api.model.PodBuilder(
                ownedBy(
                    pod("apps", "api-7d9f8-abcde", NODE, "2030-03-02T11:09:58Z", "10.1.1.1"),
                    "ReplicaSet",
                    "api-7d9f8",
                    "uid-rs-api"))
            .editMetadata()
            .withLabels(Map.of("pod-template-hash", "7d9f8"))
            .endMetadata()
            .build();
    create(hashed);
    // no hash label: only the ReplicaSet is known until it is seen
    create(
        ownedBy(
            pod("apps", "legacy-q", NODE, "2030-03-02T11:09:58Z", "10.1.1.2"),
            "ReplicaSet",
            "legacy-rs",
            "uid-rs-legacy"));
    Await.until("pods recorded", () -> model.openIntervals() == 2);
    assertThat(workloadAt("10.1.1.1", "2030-03-02T11:09:58Z"))
        .isEqualTo(tuple("Deployment", "api"));
    assertThat(workloadAt("10.1.1.2", "2030-03-02T11:09:58Z"))
        .isEqualTo(tuple("ReplicaSet", "legacy-rs"));

    // the ReplicaSets arrive; their uids are the server's, so the pods are re-pointed at them
    clock.set("2030-03-02T11:10:30Z");
    String apiUid =
        client
            .apps()
            .replicaSets()
            .resource(replicaSet("apps", "api-7d9f8", "api"))
            .create()
            .getMetadata()
            .getUid();
    String legacyUid =
        client
            .apps()
            .replicaSets()
            .resource(replicaSet("apps", "legacy-rs", "legacy"))
            .create()
            .getMetadata()
            .getUid();
    clock.set("2030-03-02T11:10:40Z");
    client.pods().inNamespace("apps").withName("api-7d9f8-abcde").edit(p -> repoint(p, apiUid));
    client.pods().inNamespace("apps").withName("legacy-q").edit(p -> repoint(p, legacyUid));
    Await.until("legacy re-resolved", () -> model.intervals("10.1.1.2").size() == 2);

    // same workload: one unbroken interval
    assertThat(model.intervals("10.1.1.1"))
        .extracting(
            OwnershipInterval::workload, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(tuple("api", Instant.parse("2030-03-02T11:09:58Z"), Optional.empty()));
    // the workload changed when the Deployment became known: two intervals, split at that moment
    assertThat(model.intervals("10.1.1.2"))
        .extracting(
            OwnershipInterval::workloadKind,
            OwnershipInterval::workload,
            OwnershipInterval::validFrom,
            OwnershipInterval::validTo)
        .containsExactly(
            tuple(
                "ReplicaSet",
                "legacy-rs",
                Instant.parse("2030-03-02T11:09:58Z"),
                Optional.of(Instant.parse("2030-03-02T11:10:40Z"))),
            tuple("Deployment", "legacy", Instant.parse("2030-03-02T11:10:40Z"), Optional.empty()));
  }

  private static Pod repoint(Pod pod, String controllerUid) {
    pod.getMetadata().getOwnerReferences().get(0).setUid(controllerUid);
    return pod;
  }

  private void create(Pod pod) {
    client.pods().resource(pod).create();
  }

  private org.assertj.core.groups.Tuple workloadAt(String ip, String instant) {
    OwnershipInterval interval =
        model.ownerAt(ip, OwnerKind.POD, Instant.parse(instant)).orElseThrow();
    return tuple(interval.workloadKind(), interval.workload());
  }
}
