package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.NodePodNetworks;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * {@code collect flows --pod-cidr-from-api}: one {@code get} of this node's Node object (the
 * service account needs get on nodes); its {@code spec.podCIDRs} (both families on dual-stack),
 * else {@code spec.podCIDR}; none when the Node has neither. Read once at startup: a Node's pod
 * CIDRs do not change while it exists.
 */
public final class NodePodNetworksFromApi implements NodePodNetworks {
  /** With a client from the pod's service account or kubeconfig (the ServiceLoader's). */
  public NodePodNetworksFromApi() {}

  @Override
  public List<String> of(String node) {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      return read(client, node);
    }
  }

  /** The pod CIDRs of {@code node} through {@code client}. */
  static List<String> read(KubernetesClient client, String node) {
    requireNonNull(client, "client is null");
    if (node == null || node.isBlank()) {
      throw new NetcostException(
          ErrorKind.USER, "--pod-cidr-from-api needs the node's name: give --node (or $NODE_NAME)");
    }
    Node object;
    try {
      object = client.nodes().withName(node).get();
    } catch (KubernetesClientException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "Cannot read Node "
              + node
              + " from the Kubernetes API at "
              + client.getMasterUrl()
              + ": "
              + message.lines().findFirst().orElse("")
              + " (check get on nodes for the service account; docs/collector-flows.md)",
          e);
    }
    if (object == null) {
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "No Node " + node + " in the Kubernetes API at " + client.getMasterUrl());
    }
    NodeSpec spec = object.getSpec();
    if (spec == null) {
      return List.of();
    }
    if (spec.getPodCIDRs() != null && !spec.getPodCIDRs().isEmpty()) {
      return List.copyOf(spec.getPodCIDRs());
    }
    String single = spec.getPodCIDR();
    return single == null || single.isBlank() ? List.of() : List.of(single);
  }
}
