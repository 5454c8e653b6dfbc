package dev.netcost.collector.metadata;

import static dev.netcost.collector.metadata.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.collector.common.LocalPods;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code collect flows --pods-from-api}: this node's pods by IP, from the mock API in CRUD mode.
 */
class NodePodsTest {
  private static final String HERE = "ip-10-0-1-5.ec2.internal";
  private static final String THERE = "ip-10-0-1-6.ec2.internal";

  @RegisterExtension final MockKubernetesApi api = MockKubernetesApi.perTest();

  @Test
  void theMockApiFiltersBySpecNodeNameAsARealOneDoes() {
    api.client()
        .pods()
        .resource(pod("shop", "cart", HERE, "2030-03-02T10:00:07Z", "10.244.1.5").build())
        .create();
    api.client()
        .pods()
        .resource(pod("shop", "remote", THERE, "2030-03-02T10:00:07Z", "10.244.2.9").build())
        .create();
    assertThat(
            api.client().pods().inAnyNamespace().withField("spec.nodeName", HERE).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("cart");
  }

  @Test
  void onlyThisNodesPodsWithTheirCurrentAddresses() {
    api.client()
        .pods()
        .resource(pod("shop", "cart", HERE, "2030-03-02T10:00:07Z", "10.244.1.5").build())
        .create();
    api.client()
        .pods()
        .resource(pod("shop", "remote", THERE, "2030-03-02T10:00:07Z", "10.244.2.9").build())
        .create();
    try (NodePods pods = NodePods.open(api.client(), false, HERE, Duration.ofSeconds(30))) {
      // the first list is in when open returns
      assertThat(pods.byIp("10.244.1.5")).isEqualTo(new LocalPods.Pod("shop", "cart"));
      assertThat(pods.byIp("10.244.2.9")).isNull();
      assertThat(pods.addresses()).containsExactly("10.244.1.5");

      // created later: a dual-stack pod here (both addresses, IPv6 canonical), one on another node
      api.client()
          .pods()
          .resource(
              pod(
                      "shop",
                      "db-0",
                      HERE,
                      "2030-03-02T10:01:00Z",
                      "10.244.1.6",
                      "FD00:10:244:1:0:0:0:6")
                  .build())
          .create();
      api.client()
          .pods()
          .resource(pod("ads", "bidder", THERE, "2030-03-02T10:01:00Z", "10.244.1.7").build())
          .create();
      Await.until("db-0 listed", () -> pods.addresses().contains("10.244.1.6"));
      assertThat(pods.byIp("fd00:10:244:1::6")).isEqualTo(new LocalPods.Pod("shop", "db-0"));
      assertThat(pods.addresses())
          .containsExactlyInAnyOrder("10.244.1.5", "10.244.1.6", "fd00:10:244:1::6");

      // an address change (the pod's sandbox was recreated)
      api.client()
          .pods()
          .resource(pod("shop", "cart", HERE, "2030-03-02T10:02:00Z", "10.244.1.15").build())
          .update();
      Await.until("cart moved", () -> pods.addresses().contains("10.244.1.15"));
      assertThat(pods.byIp("10.244.1.5")).isNull();
      assertThat(pods.addresses())
          .containsExactlyInAnyOrder("10.244.1.15", "10.244.1.6", "fd00:10:244:1::6");
      assertThat(pods.byIp("10.244.1.15")).isEqualTo(new LocalPods.Pod("shop", "cart"));

      // finished pods have released their address; deleted pods are gone
      api.client()
          .pods()
          .resource(
              pod("shop", "db-0", HERE, "2030-03-02T10:01:00Z", "10.244.1.6", "fd00:10:244:1::6")
                  .editStatus()
                  .withPhase("Succeeded")
                  .endStatus()
                  .build())
          .update();
      Await.until("db-0 finished", () -> !pods.addresses().contains("10.244.1.6"));
      assertThat(pods.byIp("fd00:10:244:1::6")).isNull();
      assertThat(pods.addresses()).containsExactly("10.244.1.15");
      api.client().pods().inNamespace("shop").withName("cart").delete();
      Await.until("cart deleted", () -> pods.addresses().isEmpty());
      assertThat(pods.byIp("10.244.1.15")).isNull();

      // hostNetwork pods share the node's address: not attributed
      api.client()
          .pods()
          .resource(
              pod("kube-system", "proxy", HERE, "2030-03-02T10:03:00Z", "10.0.1.5")
                  .editSpec()
                  .withHostNetwork(true)
                  .endSpec()
                  .build())
          .create();
      api.client()
          .pods()
          .resource(pod("shop", "last", HERE, "2030-03-02T10:03:00Z", "10.244.1.9").build())
          .create();
      Await.until("last listed", () -> pods.addresses().contains("10.244.1.9"));
      assertThat(pods.byIp("10.0.1.5")).isNull();
      assertThat(pods.addresses()).containsExactly("10.244.1.9");
      // the other node's pods never arrived, whatever their address
      assertThat(pods.byIp("10.244.1.7")).isNull();
      assertThat(pods.byIp("10.244.2.9")).isNull();
    }
  }

  @Test
  void anApiThatCannotBeReachedIsAnExternalFailure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed: nothing listens there
    }
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:" + port)
            .withRequestRetryBackoffLimit(0)
            .build();
    KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build();
    assertThatThrownBy(() -> NodePods.open(unreachable, true, HERE, Duration.ofSeconds(10)))
        .isInstanceOf(NetcostException.class)
        .satisfies(e -> assertThat(((NetcostException) e).kind()).isEqualTo(ErrorKind.EXTERNAL))
        .hasMessageStartingWith(
            "Cannot list the pods of node "
                + HERE
                + " from the Kubernetes API at https://127.0.0.1:"
                + port
                + "/ within PT10S: ")
        .hasMessageEndingWith(
            " (check get, list, watch on pods for the service account; docs/collector-flows.md)")
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }

  @Test
  void aNodeNameIsNeeded() {
    assertThatThrownBy(() -> NodePods.open(api.client(), false, " ", Duration.ofSeconds(1)))
        .isInstanceOf(NetcostException.class)
        .hasMessage(
            "--pods-from-api and --local-pods-from-api need the node's name: give --node (or"
                + " $NODE_NAME)");
  }
}
