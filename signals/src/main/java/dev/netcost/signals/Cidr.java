package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}). */
public record Cidr(String text, byte[] network, int prefixLength) {
  public Cidr {
    requireNonNull(text, "text is null");
    requireNonNull(network, "network is null");
    network = network.clone();
    int bits = network.length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("Invalid prefix length in CIDR: " + text);
    }
  }

  public static Cidr parse(String text) {
    requireNonNull(text, "text is null");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("Invalid CIDR (no /length): " + text);
    }
    byte[] address;
    int length;
    try {
      address = IpAddresses.parse(text.substring(0, slash));
      length = Integer.parseInt(text.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid CIDR: " + text, e);
    }
    if (length < 0 || length > address.length * 8) {
      throw new IllegalArgumentException("Invalid prefix length in CIDR: " + text);
    }
    byte[] network = mask(address, length);
    return new Cidr(IpAddresses.format(network) + "/" + length, network, length);
  }

  /** The /24 of an IPv4 address or the /48 of an IPv6 address, as CIDR text. */
  public static String destinationPrefix(String ip) {
    byte[] address = IpAddresses.parse(ip);
    int length = address.length == 4 ? 24 : 48;
    return IpAddresses.format(mask(address, length)) + "/" + length;
  }

  /**
   * The /16 of an IPv4 address or the /32 of an IPv6 address: without an ASN database, the stand-in
   * for "the same network owner".
   */
  public static String destinationNetwork(String ip) {
    byte[] address = IpAddresses.parse(ip);
    int length = address.length == 4 ? 16 : 32;
    return IpAddresses.format(mask(address, length)) + "/" + length;
  }

  public boolean contains(String ip) {
    return contains(IpAddresses.parse(ip));
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(address, prefixLength), network);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr && cidr.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  static byte[] mask(byte[] address, int length) {
    byte[] out = address.clone();
    for (int bit = length; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }
}
