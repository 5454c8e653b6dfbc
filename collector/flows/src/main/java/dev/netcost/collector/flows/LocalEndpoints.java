package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.WatchedLocalPods;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which addresses are this node's own endpoints: the node's addresses (given explicitly:
 * every address the node sends from, including the one SNAT uses; hostNetwork pods share them), the
 * node's pod CIDRs, and, when a pod watch is given ({@code --local-pods-from-api}), the addresses
 * this node's pods hold now (network plugins that give pods addresses from the VPC subnet, with no
 * per-node pod CIDR). A connection is reported by a node only for its local side(s), so traffic
 * between pods on two nodes is outbound at the client's node and inbound at the server's node,
 * never twice on one side. Loopback addresses are never local endpoints: loopback traffic never
 * leaves the node.
 */
final class LocalEndpoints {
  private final Set<String> addresses;
  private final List<IpPrefix> networks;
  private final WatchedLocalPods pods;

  LocalEndpoints(Set<String> addresses, List<String> networks) {
    this(addresses, networks, null);
  }

  /**
   * With {@code pods} (null for none): an address {@code pods} holds is local while it holds it;
   * each test reads the watch's current immutable snapshot, so this stays thread-safe and costs one
   * hash lookup.
   */
  LocalEndpoints(Set<String> addresses, List<String> networks, WatchedLocalPods pods) {
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
    this.pods = pods;
    if (this.addresses.isEmpty() && this.networks.isEmpty() && pods == null) {
      throw new IllegalArgumentException(
          "No local endpoints: give the node's addresses (--node-ip) and/or its pod CIDRs (--pod-cidr)");
    }
  }

  /** Whether {@code canonical} (canonical text) is an endpoint of this node. */
  boolean isLocal(String canonical) {
    if (addresses.contains(canonical)) {
      return true;
    }
    if (pods != null && pods.addresses().contains(canonical)) {
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
    return "addresses "
        + addresses
        + ", networks "
        + networks
        + (pods == null ? "" : ", the addresses of the pods from " + pods);
  }
}
