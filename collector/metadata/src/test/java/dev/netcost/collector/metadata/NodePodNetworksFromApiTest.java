package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.collector.common.NodePodNetworks;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code collect flows --pod-cidr-from-api}: the Node's pod CIDRs, from the mock API in CRUD mode.
 */
class NodePodNetworksFromApiTest {
  private static final String HERE = "ip-10-0-1-5.ec2.internal";

  @RegisterExtension final MockKubernetesApi api = MockKubernetesApi.perTest();

  @Test
  void dualStackNodeGivesBothFamiliesInTheNodesOrder() {
    api.client()
        .nodes()
        .resource(node(HERE, "10.244.3.0/24", List.of("10.244.3.0/24", "fd00:10:244:3::/64")))
        .create();
    api.client()
        .nodes()
        .resource(node("other", "10.244.4.0/24", List.of("10.244.4.0/24")))
        .create();
    assertThat(NodePodNetworksFromApi.read(api.client(), HERE))
        .containsExactly("10.244.3.0/24", "fd00:10:244:3::/64");
  }

  @Test
  void onlyTheSingularFieldSet() {
    api.client().nodes().resource(node(HERE, "10.244.3.0/24", null)).create();
    assertThat(NodePodNetworksFromApi.read(api.client(), HERE)).containsExactly("10.244.3.0/24");
  }

  @Test
  void aNodeWithoutPodCidrsGivesNone() {
    // VPC CNI, Azure CNI without overlay: the command decides (--local-pods-from-api or exit 2)
    api.client().nodes().resource(node(HERE, null, null)).create();
    assertThat(NodePodNetworksFromApi.read(api.client(), HERE)).isEmpty();
  }

  @Test
  void anUnknownNodeIsAnExternalFailure() {
    assertThatThrownBy(() -> NodePodNetworksFromApi.read(api.client(), HERE))
        .isInstanceOfSatisfying(
            NetcostException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXTERNAL))
        .hasMessage("No Node " + HERE + " in the Kubernetes API at " + api.client().getMasterUrl());
  }

  @Test
  void noNodeNameIsAUserError() {
    assertThatThrownBy(() -> NodePodNetworksFromApi.read(api.client(), " "))
        .isInstanceOfSatisfying(
            NetcostException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("--pod-cidr-from-api needs the node's name: give --node (or $NODE_NAME)");
  }

  @Test
  void theFlowCollectorFindsItThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(NodePodNetworks.class).stream().map(p -> p.type().getName()))
        .containsExactly(NodePodNetworksFromApi.class.getName());
  }

  private static Node node(String name, String podCidr, List<String> podCidrs) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name))
        .endMetadata()
        .withNewSpec()
        .withPodCIDR(podCidr)
        .withPodCIDRs(podCidrs)
        .endSpec()
        .build();
  }
}
