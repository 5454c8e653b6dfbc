package dev.netcost.collector.metadata;

import static dev.netcost.collector.metadata.Objects.namespace;
import static dev.netcost.collector.metadata.Objects.node;
import static dev.netcost.collector.metadata.Objects.pod;
import static dev.netcost.collector.metadata.Objects.terminated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodLifecycleTest {
  KubernetesClient client;

  private final MutableClock clock = new MutableClock(Instant.parse("2030-03-02T09:59:00Z"));
  private ClusterModel model;
  private KubernetesWatcher watcher;

  @BeforeEach
  void start() {
    client.namespaces().resource(namespace("shop", Map.of("team", "payments"))).create();
    client
        .nodes()
        .resource(
            node(
                "ip-10-0-1-5.ec2.internal",
                Map.of(
                    "topology.kubernetes.io/zone", "us-east-1a",
                    "topology.kubernetes.io/region", "us-east-1"),
                "aws:///us-east-1a/i-0123456789abcdef0",
                "10.0.1.5",
                null))
        .create();
    model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    watcher = new KubernetesWatcher(client, model, Duration.ofSeconds(30));
    watcher.start();
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  @Test
  void podCreatedDeletedAndAddressReusedWithinTheHour() {
    clock.set("2030-03-02T10:00:10Z");
    String cartUid =
        client
            .pods()
            .resource(
                pod("shop", "cart", "ip-10-0-1-5.ec2.internal", "2030-03-02T10:00:07Z", "10.0.2.17")
                    .build())
            .create()
            .getMetadata()
            .getUid();
    Await.until("cart recorded", () -> !model.intervals("10.0.2.17").isEmpty());

    clock.set("2030-03-02T10:00:40Z");
    client.pods().inNamespace("shop").withName("cart").delete();
    Await.until("cart closed", () -> model.intervals("10.0.2.17").get(0).validTo().isPresent());

    clock.set("2030-03-02T10:01:10Z");
    client
        .pods()
        .resource(
            pod("shop", "search", "ip-10-0-1-5.ec2.internal", "2030-03-02T10:01:05Z", "10.0.2.17")
                .build())
        .create();
    Await.until("search recorded", () -> model.intervals("10.0.2.17").size() == 2);

    List<OwnershipInterval> intervals = model.intervals("10.0.2.17");
    assertThat(intervals)
        .extracting(
            OwnershipInterval::pod, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Optional.of("cart"),
                Instant.parse("2030-03-02T10:00:07Z"),
                Optional.of(Instant.parse("2030-03-02T10:00:40Z"))),
            org.assertj.core.groups.Tuple.tuple(
                Optional.of("search"), Instant.parse("2030-03-02T10:01:05Z"), Optional.empty()));
    assertThat(owner("10.0.2.17", "2030-03-02T10:00:06Z")).isEmpty();
    assertThat(owner("10.0.2.17", "2030-03-02T10:00:07Z")).contains("cart");
    assertThat(owner("10.0.2.17", "2030-03-02T10:00:39Z")).contains("cart");
    assertThat(owner("10.0.2.17", "2030-03-02T10:00:40Z")).isEmpty();
    assertThat(owner("10.0.2.17", "2030-03-02T10:01:05Z")).contains("search");
    OwnershipInterval cart = intervals.get(0);
    assertThat(cart.kind()).isEqualTo(OwnerKind.POD);
    assertThat(cart.ownerUid()).isEqualTo(cartUid);
    assertThat(cart.namespace()).contains("shop");
    assertThat(cart.workloadKind()).isEqualTo("Pod");
    assertThat(cart.workload()).isEqualTo("cart");
    assertThat(cart.team()).isEqualTo("payments");
    assertThat(cart.node()).contains("ip-10-0-1-5.ec2.internal");
    assertThat(cart.zone()).contains("us-east-1a");
    assertThat(cart.region()).contains("us-east-1");
    assertThat(cart.cloudInstanceId()).contains("i-0123456789abcdef0");
    assertThat(cart.listenPorts()).isEmpty();
  }

  @Test
  void shortLivedPodEndsAtItsLastContainerExit() {
    clock.set("2030-03-02T10:05:02Z");
    Pod job =
        pod("shop", "once", "ip-10-0-1-5.ec2.internal", "2030-03-02T10:05:01Z", "10.0.2.30")
            .build();
    client.pods().resource(job).create();
    Await.until("once recorded", () -> !model.intervals("10.0.2.30").isEmpty());

    // the kubelet reports the exit 30 s after start; the watch event is seen 4 s later
    clock.set("2030-03-02T10:05:35Z");
    client.pods().resource(terminated(job, "Succeeded", "2030-03-02T10:05:31Z")).updateStatus();
    Await.until("once closed", () -> model.intervals("10.0.2.30").get(0).validTo().isPresent());

    assertThat(model.intervals("10.0.2.30"))
        .extracting(OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2030-03-02T10:05:01Z"),
                Optional.of(Instant.parse("2030-03-02T10:05:31Z"))));
    // the completed pod object stays; its address may already serve a new pod
    clock.set("2030-03-02T10:06:00Z");
    client
        .pods()
        .resource(
            pod("shop", "next", "ip-10-0-1-5.ec2.internal", "2030-03-02T10:05:50Z", "10.0.2.30")
                .build())
        .create();
    Await.until("next recorded", () -> model.intervals("10.0.2.30").size() == 2);
    assertThat(owner("10.0.2.30", "2030-03-02T10:05:30Z")).contains("once");
    assertThat(owner("10.0.2.30", "2030-03-02T10:05:40Z")).isEmpty();
    assertThat(owner("10.0.2.30", "2030-03-02T10:05:50Z")).contains("next");
  }

  private Optional<String> owner(String ip, String instant) {
    return model.ownerAt(ip, OwnerKind.POD, Instant.parse(instant)).flatMap(OwnershipInterval::pod);
  }
}
