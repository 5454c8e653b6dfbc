package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
import java.io.Serializable;

/** An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
public record Cidr(byte[] network, int prefixLength, String text) implements Serializable {
  public Cidr {
    requireNonNull(network, "network is null");
    requireNonNull(text, "text is null");
  }

  public static Cidr parse(String text) {
    requireNonNull(text, "cidr is null");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("Invalid CIDR: '" + text + "' (expected address/prefix)");
    }
    byte[] network;
    int length;
    try {
      network = IpAddresses.parse(text.substring(0, slash));
      length = Integer.parseInt(text.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid CIDR: '" + text + "'", e);
    }
    if (length < 0 || length > network.length * 8) {
      throw new IllegalArgumentException("Invalid CIDR prefix length: '" + text + "'");
    }
    return new Cidr(network, length, text);
  }

  public boolean contains(byte[] address) {
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
