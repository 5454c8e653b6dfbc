package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.CollectFlows.assertCannotListPods;
import static dev.netcost.collector.flows.CollectFlows.await;
import static dev.netcost.collector.flows.CollectFlows.closedPort;
import static dev.netcost.collector.flows.CollectFlows.tcp;
import static dev.netcost.collector.metadata.MockKubernetesApi.runningPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.Metrics;
import dev.netcost.collector.metadata.MockKubernetesApi;
import dev.netcost.collector.metadata.NodePods;
import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.Protocol;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect flows --local-pods-from-api} on a Node without pod CIDRs (Amazon VPC CNI, Azure
 * CNI without overlay: pods get addresses from the VPC subnet): the addresses of this node's pods,
 * from a watch of fabric8's mock API in CRUD mode, are the local endpoints, and only while the pods
 * hold them.
 */
class LocalPodsFromApiTest {
  private static final String HERE = "ip-10-0-1-5.ec2.internal";
  private static final String THERE = "ip-10-0-1-6.ec2.internal";
  private static final Instant START = Instant.parse("2030-03-02T10:00:00Z");
  private static final Instant END = Instant.parse("2030-03-02T11:00:00Z");

  @TempDir Path dir;
  @RegisterExtension final MockKubernetesApi api = MockKubernetesApi.perTest();

  @Test
  void thisNodesPodAddressesAreLocalWhileThePodsHoldThem() throws Exception {
    // VPC CNI: addresses from the subnet, this node's and the other node's pods interleaved
    api.client().pods().resource(runningPod("shop", "cart", HERE, "10.0.1.23")).create();
    api.client().pods().resource(runningPod("shop", "db-0", HERE, "10.0.1.87")).create();
    api.client().pods().resource(runningPod("ads", "bidder", THERE, "10.0.1.44")).create();
    // no pod CIDRs (what --pod-cidr-from-api reads from such a Node: NodePodNetworksFromApiTest)
    List<String> cidrs = List.of();
    try (NodePods pods = NodePods.open(api.client(), false, HERE, Duration.ofSeconds(30))) {
      FlowAccountant accountant =
          new FlowAccountant(
              new FlowClassifier(new LocalEndpoints(Set.of("10.0.1.5"), cidrs, pods)),
              0,
              new Metrics());
      accountant.startWindow(START, 0);
      // the first list is in: cart and db-0 are local, bidder (another node's) is not
      accountant.destroyed(tcp(1, "10.0.1.23", 40000, "52.94.1.9", 443, 100, 5000));
      accountant.destroyed(tcp(2, "10.0.1.44", 40001, "52.94.1.9", 443, 11, 22));
      accountant.destroyed(tcp(3, "10.0.1.87", 40002, "52.94.1.9", 443, 7, 8));
      assertThat(accountant.rows("c1", HERE, END))
          .containsExactly(
              outbound("10.0.1.23", "52.94.1.9", 100, 5000),
              outbound("10.0.1.87", "52.94.1.9", 7, 8));

      // db-0 deleted: its address is no longer local (the CNI may give it to another node's pod)
      api.client().pods().inNamespace("shop").withName("db-0").delete();
      await(() -> !pods.addresses().contains("10.0.1.87"));
      // a pod created later on this node: local once the watch has delivered it
      api.client().pods().resource(runningPod("shop", "late", HERE, "10.0.1.91")).create();
      await(() -> pods.addresses().contains("10.0.1.91"));
      accountant.destroyed(tcp(4, "10.0.1.87", 40003, "52.94.1.9", 443, 9, 9));
      accountant.destroyed(tcp(5, "10.0.1.91", 40004, "52.94.1.9", 443, 30, 70));
      accountant.destroyed(tcp(6, "10.0.1.44", 40005, "52.94.1.9", 443, 5, 5));
      assertThat(accountant.rows("c1", HERE, END))
          .containsExactly(
              outbound("10.0.1.23", "52.94.1.9", 100, 5000),
              outbound("10.0.1.87", "52.94.1.9", 7, 8),
              outbound("10.0.1.91", "52.94.1.9", 30, 70));
    }
  }

  @Test
  void theCommandStartsOnANodeWithoutPodCidrs() {
    api.useAsDefault();
    api.client().nodes().resource(node()).create();
    api.client().pods().resource(runningPod("shop", "cart", HERE, "10.0.1.23")).create();
    // past the local endpoints, the command reaches the kernel: here a table file that is missing
    Object[] result = run("--pod-cidr-from-api", "--local-pods-from-api");
    assertThat((String) result[1])
        .doesNotContain("podCIDR")
        .doesNotContain("No local endpoints")
        .contains(dir.resolve("missing").toString());
    assertThat(result[0]).isEqualTo(2);
  }

  @Test
  void anApiThatCannotBeReachedAtStartupIsExitCode2() throws Exception {
    int port = closedPort();
    MockKubernetesApi.useApiAt("https://127.0.0.1:" + port);
    Object[] result = run("--local-pods-from-api", "--pods-sync-timeout=PT10S");
    assertCannotListPods(result, HERE, port);
  }

  /** {@code netcost collect flows} on node HERE with ARGS; returns {exit code, stderr}. */
  private Object[] run(String... args) {
    return CollectFlows.run(
        List.of(
            "--cluster=c1",
            "--node=" + HERE,
            "--node-ip=10.0.1.5",
            "--metrics-address=",
            "--source=proc",
            "--proc-file=" + dir.resolve("missing"),
            "--spool-dir=" + dir.resolve("spool"),
            "--store=" + dir.resolve("store")),
        args);
  }

  private static FlowRecord outbound(String local, String peer, long sent, long received) {
    return new FlowRecord(
        "c1",
        HERE,
        START,
        END,
        local,
        peer,
        Optional.empty(),
        Optional.empty(),
        Protocol.TCP,
        443,
        Direction.OUTBOUND,
        sent,
        received,
        1,
        1,
        1);
  }

  private static io.fabric8.kubernetes.api.model.Node node() {
    return new NodeBuilder().withNewMetadata().withName(HERE).endMetadata().build();
  }
}
