package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
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
  private final List<Cidr> networks;

  LocalEndpoints(Set<String> addresses, List<String> networks) {
    requireNonNull(addresses, "addresses is null");
    requireNonNull(networks, "networks is null");
    Set<String> canonical = new HashSet<>();
    for (String address : addresses) {
      canonical.add(IpAddresses.canonical(address));
    }
    this.addresses = Set.copyOf(canonical);
    List<Cidr> parsed = new ArrayList<>();
    for (String network : networks) {
      parsed.add(Cidr.parse(network));
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
    for (Cidr network : networks) {
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

  /** An IPv4 or IPv6 network in CIDR notation. */
  record Cidr(byte[] network, int prefixLength, String text) {
    static Cidr parse(String text) {
      requireNonNull(text, "cidr is null");
      int slash = text.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException(
            "Invalid CIDR: '" + text + "' (expected address/prefix)");
      }
      byte[] address;
      int prefix;
      try {
        address = IpAddresses.parse(text.substring(0, slash));
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid CIDR: '" + text + "'", e);
      }
      if (prefix < 0 || prefix > address.length * 8) {
        throw new IllegalArgumentException("Invalid CIDR prefix length: '" + text + "'");
      }
      byte[] network = address.clone();
      for (int bit = prefix; bit < network.length * 8; bit++) {
        network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return new Cidr(network, prefix, IpAddresses.format(network) + "/" + prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefixLength / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixLength % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Cidr cidr && cidr.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }
}
