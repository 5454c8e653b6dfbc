package dev.netcost.collector.metadata;

import static dev.netcost.collector.metadata.Objects.hostNetworkPod;
import static dev.netcost.collector.metadata.Objects.namespace;
import static dev.netcost.collector.metadata.Objects.node;
import static dev.netcost.collector.metadata.Objects.pod;
import static dev.netcost.collector.metadata.Objects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Sentinels;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
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
class NodesAndServicesTest {
  private static final String AWS_NODE = "ip-10-0-1-5.ec2.internal";
  private static final String GCE_NODE = "gke-pool-1-abcd";
  private static final String AZURE_NODE = "aks-pool-12345678-vmss000003";

  KubernetesClient client;

  // later than the mock server's own creation timestamps (the wall clock), which it sets itself
  private final MutableClock clock = new MutableClock(Instant.parse("2030-03-02T12:00:00Z"));
  private ClusterModel model;
  private KubernetesWatcher watcher;
  private Instant awsCreated;
  private Instant gceCreated;
  private Instant azureCreated;

  @BeforeEach
  void start() {
    client.namespaces().resource(namespace("kube-system", Map.of("team", "platform"))).create();
    // current labels
    awsCreated =
        created(
            client
                .nodes()
                .resource(
                    node(
                        AWS_NODE,
                        Map.of(
                            "topology.kubernetes.io/zone", "us-east-1a",
                            "topology.kubernetes.io/region", "us-east-1",
                            "node.kubernetes.io/instance-type", "m5.large"),
                        "aws:///us-east-1a/i-0123456789abcdef0",
                        "10.0.1.5",
                        "54.12.34.56"))
                .create());
    // legacy labels only
    gceCreated =
        created(
            client
                .nodes()
                .resource(
                    node(
                        GCE_NODE,
                        Map.of(
                            "failure-domain.beta.kubernetes.io/zone", "us-central1-b",
                            "failure-domain.beta.kubernetes.io/region", "us-central1",
                            "beta.kubernetes.io/instance-type", "e2-standard-4"),
                        "gce://my-project/us-central1-b/gke-pool-1-abcd",
                        "10.128.0.7",
                        null))
                .create());
    // both: the current label wins
    azureCreated =
        created(
            client
                .nodes()
                .resource(
                    node(
                        AZURE_NODE,
                        Map.of(
                            "topology.kubernetes.io/zone", "westeurope-2",
                            "failure-domain.beta.kubernetes.io/zone", "2",
                            "topology.kubernetes.io/region", "westeurope",
                            "failure-domain.beta.kubernetes.io/region", "westeurope"),
                        "azure:///subscriptions/0000-1111/resourceGroups/mc_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool-12345678-vmss/virtualMachines/3",
                        "10.224.0.4",
                        null))
                .create());
    model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    watcher = new KubernetesWatcher(client, model, Duration.ofSeconds(30));
    watcher.start();
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  @Test
  void nodesWithCurrentAndLegacyLabelsAndEachProviderIdFormat() {
    assertThat(nodeRows("10.0.1.5", "54.12.34.56", "10.128.0.7", "10.224.0.4"))
        .extracting(
            OwnershipInterval::ip,
            OwnershipInterval::workload,
            OwnershipInterval::zone,
            OwnershipInterval::region,
            OwnershipInterval::cloudInstanceId,
            OwnershipInterval::validFrom)
        .containsExactly(
            tuple(
                "10.0.1.5",
                AWS_NODE,
                Optional.of("us-east-1a"),
                Optional.of("us-east-1"),
                Optional.of("i-0123456789abcdef0"),
                awsCreated),
            tuple(
                "54.12.34.56",
                AWS_NODE,
                Optional.of("us-east-1a"),
                Optional.of("us-east-1"),
                Optional.of("i-0123456789abcdef0"),
                awsCreated),
            tuple(
                "10.128.0.7",
                GCE_NODE,
                Optional.of("us-central1-b"),
                Optional.of("us-central1"),
                Optional.of("projects/my-project/zones/us-central1-b/instances/gke-pool-1-abcd"),
                gceCreated),
            tuple(
                "10.224.0.4",
                AZURE_NODE,
                Optional.of("westeurope-2"),
                Optional.of("westeurope"),
                Optional.of(
                    "/subscriptions/0000-1111/resourceGroups/mc_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool-12345678-vmss/virtualMachines/3"),
                azureCreated));
    OwnershipInterval aws = nodeRows("10.0.1.5").get(0);
    assertThat(aws.kind()).isEqualTo(OwnerKind.NODE);
    assertThat(aws.workloadKind()).isEqualTo("Node");
    assertThat(aws.namespace()).isEmpty();
    assertThat(aws.team()).isEqualTo(Sentinels.UNASSIGNED_TEAM);
    assertThat(aws.validTo()).isEmpty();
    assertThat(aws.labelsJson())
        .isEqualTo(
            "{\"netcost.dev/instance-type\":\"m5.large\",\"node.kubernetes.io/instance-type\":\"m5.large\","
                + "\"topology.kubernetes.io/region\":\"us-east-1\",\"topology.kubernetes.io/zone\":\"us-east-1a\"}");
    assertThat(nodeRows("10.128.0.7").get(0).labelsJson())
        .contains("\"netcost.dev/instance-type\":\"e2-standard-4\"");
  }

  @Test
  void hostNetworkPodSharesItsNodeAddressForItsListenPorts() {
    clock.set("2030-03-02T12:00:30Z");
    client
        .pods()
        .resource(
            hostNetworkPod(
                "kube-system", "node-exporter-abc", AWS_NODE, "2030-03-02T12:00:20Z", "10.0.1.5"))
        .create();
    Await.until("host pod recorded", () -> model.intervals("10.0.1.5").size() == 2);

    OwnershipInterval hostPod =
        model
            .ownerAt("10.0.1.5", OwnerKind.HOST_POD, Instant.parse("2030-03-02T12:00:20Z"))
            .orElseThrow();
    assertThat(hostPod.pod()).contains("node-exporter-abc");
    assertThat(hostPod.listenPorts()).contains("tcp/4194,tcp/9100,udp/8125");
    assertThat(hostPod.team()).isEqualTo("platform");
    assertThat(hostPod.zone()).contains("us-east-1a");
    assertThat(hostPod.validFrom()).isEqualTo(Instant.parse("2030-03-02T12:00:20Z"));
    // the node keeps its address: everything but inbound traffic to those ports is the node's
    assertThat(
            model
                .ownerAt("10.0.1.5", OwnerKind.NODE, Instant.parse("2030-03-02T12:00:20Z"))
                .orElseThrow()
                .workload())
        .isEqualTo(AWS_NODE);
  }

  @Test
  void dualStackPodHoldsBothAddresses() {
    clock.set("2030-03-02T12:01:00Z");
    client
        .pods()
        .resource(
            pod(
                    "kube-system",
                    "coredns-1",
                    GCE_NODE,
                    "2030-03-02T12:00:58Z",
                    "10.4.0.9",
                    "FD00:10:4:0:0:0:0:9")
                .build())
        .create();
    Await.until("pod recorded", () -> !model.intervals("fd00:10:4::9").isEmpty());

    assertThat(List.of("10.4.0.9", "fd00:10:4::9"))
        .allSatisfy(
            ip -> {
              OwnershipInterval row =
                  model
                      .ownerAt(ip, OwnerKind.POD, Instant.parse("2030-03-02T12:00:58Z"))
                      .orElseThrow();
              assertThat(row.pod()).contains("coredns-1");
              assertThat(row.zone()).contains("us-central1-b");
              assertThat(row.validFrom()).isEqualTo(Instant.parse("2030-03-02T12:00:58Z"));
            });
    assertThat(model.ownerAt("10.4.0.9", OwnerKind.POD, Instant.parse("2030-03-02T12:00:57Z")))
        .isEmpty();
  }

  @Test
  void nodeRelabelledAndDeleted() {
    clock.set("2030-03-02T12:02:00Z");
    client
        .pods()
        .resource(
            pod("kube-system", "proxy-1", GCE_NODE, "2030-03-02T12:01:50Z", "10.4.0.20").build())
        .create();
    Await.until("pod recorded", () -> !model.intervals("10.4.0.20").isEmpty());

    clock.set("2030-03-02T12:10:00Z");
    client
        .nodes()
        .withName(GCE_NODE)
        .edit(n -> relabel(n, "topology.kubernetes.io/zone", "us-central1-c"));
    Await.until("pod re-zoned", () -> model.intervals("10.4.0.20").size() == 2);
    // the current label now exists and wins over the legacy one
    assertThat(model.intervals("10.4.0.20"))
        .extracting(
            OwnershipInterval::zone, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple(
                Optional.of("us-central1-b"),
                Instant.parse("2030-03-02T12:01:50Z"),
                Optional.of(Instant.parse("2030-03-02T12:10:00Z"))),
            tuple(
                Optional.of("us-central1-c"),
                Instant.parse("2030-03-02T12:10:00Z"),
                Optional.empty()));

    clock.set("2030-03-02T12:20:00Z");
    client.nodes().withName(GCE_NODE).delete();
    Await.until(
        "node closed",
        () -> model.intervals("10.128.0.7").stream().allMatch(i -> i.validTo().isPresent()));
    assertThat(model.intervals("10.128.0.7"))
        .extracting(
            OwnershipInterval::zone, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple(
                Optional.of("us-central1-b"),
                gceCreated,
                Optional.of(Instant.parse("2030-03-02T12:10:00Z"))),
            tuple(
                Optional.of("us-central1-c"),
                Instant.parse("2030-03-02T12:10:00Z"),
                Optional.of(Instant.parse("2030-03-02T12:20:00Z"))));
  }

  @Test
  void servicesClusterIpsAndLoadBalancerIngress() {
    clock.set("2030-03-02T12:30:00Z");
    Service dns =
        client
            .services()
            .resource(
                service("kube-system", "kube-dns", List.of("10.96.0.10", "fd00:96::a"), List.of()))
            .create();
    client
        .services()
        .resource(service("kube-system", "headless", List.of("None"), List.of()))
        .create();
    Service ingress =
        client
            .services()
            .resource(service("kube-system", "ingress", List.of("10.96.7.7"), List.of()))
            .create();
    Await.until("services recorded", () -> model.openIntervals() == 4 + 3);

    // the balancer's address is assigned later by the cloud controller
    clock.set("2030-03-02T12:31:15Z");
    ingress
        .getStatus()
        .getLoadBalancer()
        .setIngress(
            List.of(
                new LoadBalancerIngressBuilder().withIp("203.0.113.10").build(),
                new LoadBalancerIngressBuilder().withHostname("abc.elb.amazonaws.com").build()));
    client.services().resource(ingress).updateStatus();
    Await.until("balancer recorded", () -> !model.intervals("203.0.113.10").isEmpty());

    Instant dnsCreated = created(dns);
    assertThat(List.of("10.96.0.10", "fd00:96::a"))
        .allSatisfy(
            ip -> {
              OwnershipInterval row = model.intervals(ip).get(0);
              assertThat(row.kind()).isEqualTo(OwnerKind.SERVICE);
              assertThat(row.workloadKind()).isEqualTo("Service");
              assertThat(row.workload()).isEqualTo("kube-dns");
              assertThat(row.team()).isEqualTo("platform");
              assertThat(row.validFrom()).isEqualTo(dnsCreated);
            });
    OwnershipInterval balancer = model.intervals("203.0.113.10").get(0);
    assertThat(balancer.kind()).isEqualTo(OwnerKind.LOAD_BALANCER);
    assertThat(balancer.workload()).isEqualTo("ingress");
    assertThat(balancer.validFrom()).isEqualTo(Instant.parse("2030-03-02T12:31:15Z"));

    clock.set("2030-03-02T12:40:00Z");
    client.services().inNamespace("kube-system").withName("ingress").delete();
    Await.until(
        "balancer closed", () -> model.intervals("203.0.113.10").get(0).validTo().isPresent());
    assertThat(model.intervals("203.0.113.10").get(0).validTo())
        .contains(Instant.parse("2030-03-02T12:40:00Z"));
    assertThat(model.intervals("10.96.7.7").get(0).validTo())
        .contains(Instant.parse("2030-03-02T12:40:00Z"));
  }

  private static Node relabel(Node node, String key, String value) {
    node.getMetadata().getLabels().put(key, value);
    return node;
  }

  private List<OwnershipInterval> nodeRows(String... ips) {
    return java.util.Arrays.stream(ips)
        .flatMap(ip -> model.intervals(ip).stream())
        .filter(row -> row.kind() == OwnerKind.NODE)
        .toList();
  }

  private static Instant created(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return Instant.parse(object.getMetadata().getCreationTimestamp());
  }
}
