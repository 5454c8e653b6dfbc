package dev.netcost.collector.common;

import java.util.List;

/**
 * This node's pod CIDRs as its Node object holds them, for {@code collect flows
 * --pod-cidr-from-api}: the downward API cannot expose {@code spec.podCIDR(s)}, so the collector
 * reads its Node. Implemented on the Kubernetes API in the metadata collector's module and found
 * through {@link java.util.ServiceLoader} ({@code META-INF/services/
 * dev.netcost.collector.common.NodePodNetworks}), so that the flow collector does not depend on a
 * Kubernetes client.
 */
public interface NodePodNetworks {
  /**
   * The Node {@code node}'s {@code spec.podCIDRs}, else its {@code spec.podCIDR}; empty when it has
   * neither (its network plugin gives pods addresses from elsewhere, e.g. the VPC subnet). Fails
   * with an {@link dev.netcost.contract.ErrorKind#EXTERNAL} {@link
   * dev.netcost.contract.NetcostException} when the API cannot be reached or refuses the read and
   * when there is no such Node.
   */
  List<String> of(String node);
}
