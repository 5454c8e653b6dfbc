package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.metadata.MockKubernetesApi;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect flows --pod-cidr-from-api}, as the DaemonSet runs it: the command finds the real
 * Node reader on its class path and asks fabric8's mock API (CRUD mode) for its Node; the Node's
 * pod CIDRs become the local endpoints, and a Node without them stops the collector (exit 2)
 * instead of leaving its pods' traffic unattributed.
 */
class PodCidrFromApiTest {
  private static final String HERE = "ip-10-0-1-5.ec2.internal";

  @TempDir Path dir;
  @RegisterExtension final MockKubernetesApi api = MockKubernetesApi.perTestAsDefault();

  @Test
  void theNodesPodCidrsAreTheLocalEndpoints() {
    api.client().nodes().resource(node("10.244.3.0/24", "fd00:10:244:3::/64")).create();
    // past the local endpoints, the command reaches the kernel: here a table file that is missing
    Object[] result = run("--pod-cidr-from-api");
    assertThat((String) result[1])
        .doesNotContain("podCIDR")
        .doesNotContain("No local endpoints")
        .contains(dir.resolve("missing").toString());
    assertThat(result[0]).isEqualTo(2);
  }

  @Test
  void aNodeWithoutPodCidrsStopsTheCollector() {
    api.client().nodes().resource(node()).create();
    Object[] result = run("--pod-cidr-from-api");
    assertThat(result[0]).isEqualTo(2);
    assertThat(result[1])
        .isEqualTo(
            "error (external system): Node "
                + HERE
                + " has no spec.podCIDRs: its network plugin gives pods addresses from elsewhere"
                + " (Amazon VPC CNI, Azure CNI without overlay); add --local-pods-from-api to take"
                + " this node's pod addresses from a watch of its pods, or give --pod-cidr"
                + System.lineSeparator());
  }

  @Test
  void bothSourcesOfPodCidrsAreABadCommandLine() {
    Object[] result = run("--pod-cidr-from-api", "--pod-cidr=10.244.3.0/24");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo(
            "error: --pod-cidr-from-api and --pod-cidr [10.244.3.0/24] exclude each other: give"
                + " one"
                + System.lineSeparator());
  }

  @Test
  void withoutEitherAndWithoutNodeAddressesNothingIsLocal() {
    Object[] result = run();
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo(
            "error: No local endpoints: give the node's addresses (--node-ip) and/or its pod CIDRs"
                + " (--pod-cidr)"
                + System.lineSeparator());
  }

  /** {@code netcost collect flows} on node HERE with ARGS; returns {exit code, stderr}. */
  private Object[] run(String... args) {
    return CollectFlows.run(
        List.of(
            "--cluster=c1",
            "--node=" + HERE,
            "--metrics-address=",
            "--source=proc",
            "--proc-file=" + dir.resolve("missing"),
            "--spool-dir=" + dir.resolve("spool"),
            "--store=" + dir.resolve("store")),
        args);
  }

  private static io.fabric8.kubernetes.api.model.Node node(String... podCidrs) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(HERE)
        .endMetadata()
        .withNewSpec()
        .withPodCIDR(podCidrs.length == 0 ? null : podCidrs[0])
        .withPodCIDRs(List.of(podCidrs))
        .endSpec()
        .build();
  }
}
