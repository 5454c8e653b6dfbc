package dev.netcost.collector.metadata;

import static dev.netcost.collector.metadata.Objects.namespace;
import static dev.netcost.collector.metadata.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The watch is lost (expired resource version, API server restart, leader handover) and the objects
 * change while nobody watches; the next list must close what vanished, at the relist time, invent
 * nothing, and cut a reused address at its new owner's start.
 */
@EnableKubernetesMockClient(crud = true)
class RelistTest {
  KubernetesClient client;

  @Test
  void droppedWatchAndRelist() {
    MutableClock clock = new MutableClock(Instant.parse("2030-03-02T13:00:00Z"));
    client.namespaces().resource(namespace("shop", Map.of("team", "payments"))).create();
    ClusterModel model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    KubernetesWatcher watcher = new KubernetesWatcher(client, model, Duration.ofSeconds(30));
    watcher.start();

    clock.set("2030-03-02T13:00:10Z");
    client
        .pods()
        .resource(pod("shop", "a", "node-a", "2030-03-02T13:00:05Z", "10.2.0.1").build())
        .create();
    client
        .pods()
        .resource(pod("shop", "c", "node-a", "2030-03-02T13:00:05Z", "10.2.0.3").build())
        .create();
    client
        .pods()
        .resource(pod("shop", "d", "node-a", "2030-03-02T13:00:05Z", "10.2.0.4").build())
        .create();
    Await.until("pods recorded", () -> model.openIntervals() == 3);

    // the watch drops at 13:01:00
    clock.set("2030-03-02T13:01:00Z");
    watcher.close();
    client.pods().inNamespace("shop").withName("a").delete();
    client.pods().inNamespace("shop").withName("c").delete();
    // a's address goes to b at 13:02:30, while nobody watches
    client
        .pods()
        .resource(pod("shop", "b", "node-a", "2030-03-02T13:02:30Z", "10.2.0.1").build())
        .create();
    // and the watch comes back at 13:05:00 with a full list
    clock.set("2030-03-02T13:05:00Z");
    KubernetesWatcher relisted = new KubernetesWatcher(client, model, Duration.ofSeconds(30));
    relisted.start();
    try {
      assertThat(model.intervals("10.2.0.1"))
          .extracting(
              OwnershipInterval::pod, OwnershipInterval::validFrom, OwnershipInterval::validTo)
          .containsExactly(
              tuple(
                  Optional.of("a"),
                  Instant.parse("2030-03-02T13:00:05Z"),
                  Optional.of(Instant.parse("2030-03-02T13:02:30Z"))),
              tuple(Optional.of("b"), Instant.parse("2030-03-02T13:02:30Z"), Optional.empty()));
      // c vanished without a successor: its end is bounded by the relist
      assertThat(model.intervals("10.2.0.3"))
          .extracting(
              OwnershipInterval::pod, OwnershipInterval::validFrom, OwnershipInterval::validTo)
          .containsExactly(
              tuple(
                  Optional.of("c"),
                  Instant.parse("2030-03-02T13:00:05Z"),
                  Optional.of(Instant.parse("2030-03-02T13:05:00Z"))));
      // d lived through the gap: one interval, unbroken, nothing invented
      assertThat(model.intervals("10.2.0.4"))
          .extracting(
              OwnershipInterval::pod, OwnershipInterval::validFrom, OwnershipInterval::validTo)
          .containsExactly(
              tuple(Optional.of("d"), Instant.parse("2030-03-02T13:00:05Z"), Optional.empty()));
      assertThat(
              model
                  .ownerAt("10.2.0.1", OwnerKind.POD, Instant.parse("2030-03-02T13:02:29Z"))
                  .flatMap(OwnershipInterval::pod))
          .contains("a");
      assertThat(
              model
                  .ownerAt("10.2.0.1", OwnerKind.POD, Instant.parse("2030-03-02T13:02:30Z"))
                  .flatMap(OwnershipInterval::pod))
          .contains("b");

      // the new watch is live
      clock.set("2030-03-02T13:06:00Z");
      client.pods().inNamespace("shop").withName("d").delete();
      Await.until("d closed", () -> model.intervals("10.2.0.4").get(0).validTo().isPresent());
      assertThat(model.intervals("10.2.0.4").get(0).validTo())
          .contains(Instant.parse("2030-03-02T13:06:00Z"));
    } finally {
      relisted.close();
    }
  }
}
