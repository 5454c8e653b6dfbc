package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.CollectFlows.assertCannotListPods;
import static dev.netcost.collector.flows.CollectFlows.await;
import static dev.netcost.collector.flows.CollectFlows.closedPort;
import static dev.netcost.collector.flows.CollectFlows.tcp;
import static dev.netcost.collector.metadata.MockKubernetesApi.runningPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.LocalPods;
import dev.netcost.collector.common.Metrics;
import dev.netcost.collector.metadata.MockKubernetesApi;
import dev.netcost.collector.metadata.NodePods;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code collect flows --pods-from-api}: the Kubecost counters name the pods the API server says
 * run on this node (fabric8's mock API in CRUD mode, taught the {@code spec.nodeName} field
 * selector), through the real {@link NodePods} found by the command, and its failures.
 */
class KubecostPodsFromApiTest {
  private static final String HERE = "ip-10-0-1-5.ec2.internal";
  private static final String THERE = "ip-10-0-1-6.ec2.internal";

  @Test
  void bytesGoToThePodThatHoldsTheAddressOnThisNode() throws Exception {
    try (MockKubernetesApi api = MockKubernetesApi.start()) {
      KubernetesClient client = api.client();
      client.pods().resource(runningPod("shop", "cart", HERE, "10.244.1.5")).create();
      client.pods().resource(runningPod("shop", "db-0", HERE, "10.244.1.6")).create();
      // another node's pod, with an address in this node's pod CIDR: never this node's
      client.pods().resource(runningPod("ads", "bidder", THERE, "10.244.1.7")).create();
      Metrics metrics = new Metrics();
      FlowAccountant accountant =
          new FlowAccountant(
              new FlowClassifier(new LocalEndpoints(Set.of("10.0.1.5"), List.of("10.244.1.0/24"))),
              0,
              new Metrics());
      accountant.startWindow(Instant.parse("2030-03-02T10:00:00Z"), 0);
      try (LocalPods pods = NodePods.open(client, false, HERE, Duration.ofSeconds(30))) {
        accountant.exportTo(new KubecostMetrics(metrics, pods));
        accountant.destroyed(tcp(1, "10.244.1.5", 40000, "52.94.1.9", 443, 100, 5000));
        accountant.destroyed(tcp(2, "10.244.1.5", 40001, "10.244.1.6", 5432, 30, 70));
        accountant.destroyed(tcp(3, "10.244.1.7", 40002, "52.94.1.9", 443, 11, 22));

        // cart's sandbox is recreated with a new address; db-0 is deleted
        client.pods().resource(runningPod("shop", "cart", HERE, "10.244.1.15")).update();
        client.pods().inNamespace("shop").withName("db-0").delete();
        await(() -> pods.byIp("10.244.1.15") != null && pods.byIp("10.244.1.6") == null);
        accountant.destroyed(tcp(4, "10.244.1.15", 40003, "52.94.1.9", 443, 40, 60));
        accountant.destroyed(tcp(5, "10.244.1.6", 40004, "52.94.1.9", 443, 7, 8));
        accountant.destroyed(tcp(6, "10.244.1.5", 40005, "52.94.1.9", 443, 9, 9));
      }
      // cart: 100 + 40 to the internet, 30 to db-0; db-0: 70 while it ran; nothing for bidder,
      // for the deleted db-0's address, or for cart's old address once it moved
      assertThat(metrics.exposition())
          .isEqualTo(
              """
              # HELP kubecost_pod_network_egress_bytes_total Bytes sent by a pod, Kubecost labels
              # TYPE kubecost_pod_network_egress_bytes_total counter
              kubecost_pod_network_egress_bytes_total{pod_name="cart",namespace="shop",internet="true",same_region="false",same_zone="false",service=""} 140
              kubecost_pod_network_egress_bytes_total{pod_name="cart",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 30
              kubecost_pod_network_egress_bytes_total{pod_name="db-0",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 70
              # HELP kubecost_pod_network_ingress_bytes_total Bytes received by a pod, Kubecost labels
              # TYPE kubecost_pod_network_ingress_bytes_total counter
              kubecost_pod_network_ingress_bytes_total{pod_name="cart",namespace="shop",internet="true",same_region="false",same_zone="false",service=""} 5060
              kubecost_pod_network_ingress_bytes_total{pod_name="cart",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 70
              kubecost_pod_network_ingress_bytes_total{pod_name="db-0",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 30
              """);
    }
  }

  @Test
  void badPodOptionsAreOneLineAndExitCode1() {
    Object[] result =
        run("--pods-from-api", "--pods-file=/etc/netcost/pods", "--kubecost-address=127.0.0.1:0");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo(
            "error: --pods-from-api and --pods-file '/etc/netcost/pods' exclude each other: give"
                + " one"
                + System.lineSeparator());
    result = run("--pods-from-api");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo(
            "error: --pods-from-api is only used by the Kubecost counters: give"
                + " --kubecost-address too"
                + System.lineSeparator());
  }

  @Test
  void anApiThatCannotBeReachedAtStartupIsExitCode2() throws Exception {
    int port = closedPort();
    MockKubernetesApi.useApiAt("https://127.0.0.1:" + port);
    try {
      Object[] result =
          run("--pods-from-api", "--kubecost-address=127.0.0.1:0", "--pods-sync-timeout=PT10S");
      assertCannotListPods(result, HERE, port);
    } finally {
      MockKubernetesApi.clearProperties();
    }
  }

  /** Runs {@code netcost collect flows} on node HERE with ARGS; returns {exit code, stderr}. */
  private static Object[] run(String... args) {
    return CollectFlows.run(
        List.of("--cluster=c1", "--node=" + HERE, "--pod-cidr=10.244.1.0/24", "--metrics-address="),
        args);
  }
}
