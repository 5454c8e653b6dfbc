package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which addresses are this node's own endpoints: the node's addresses (given explicitly:
 * every address the node sends from, including the one SNAT uses) and the node's pod CIDRs (pods,
 * including hostNetwork pods, which share the node's addresses). A connection is reported by a node
 * only for its local side(s), so traffic between pods on two nodes is outbound at the client's node
 * and inbound at the server's node, never twice on one side. Loopback addresses are never local
 * endpoints: loopback traffic never leaves the node.
 */
final class LocalEndpoints {
  private final Set<String> addresses;
  private final List<IpPrefix> networks;

  LocalEndpoints(Set<String> addresses, List<String> networks) {
    requireNonNull(addresses, "addresses is null");
    requireNonNull(networks, "networks is null");
    Set<String> canonical = new HashSet<>();
    for (String address : addresses) {
      canonical.add(IpAddresses.canonical(address));
    }
    this.addresses = Set.copyOf(canonical);
    List<IpPrefix> parsed = new ArrayList<>();
    for (String network : networks) {
      parsed.add(IpPrefix.parse(network));
    }
    this.networks = List.copyOf(parsed);
    if (this.addresses.isEmpty() && this.networks.isEmpty()) {
      throw new IllegalArgumentException(
          "No local endpoints: give the node's addresses (--node-ip) and/or its pod CIDRs (--pod-cidr)");
    }
  }

  /** Whether {@code canonical} (canonical text) is an endpoint of this node. */
  boolean isLocal(String canonical) {
    if (addresses.contains(canonical)) {
      return true;
    }
    if (networks.isEmpty()) {
      return false;
    }
    byte[] bytes = IpAddresses.parse(canonical);
    for (IpPrefix network : networks) {
      if (network.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(String canonical) {
    return canonical.startsWith("127.") || canonical.equals("::1");
  }

  @Override
  public String toString() {
    return "addresses " + addresses + ", networks " + networks;
  }
}
