package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network prefix (CIDR): the one prefix type of netcost, used by the collector's
 * local networks, the job's private ranges, the price sheets' classification rules and the egress
 * signals alike.
 *
 * <p>The rules, in one place: addresses are parsed by {@link IpAddresses#parse} (no DNS, no zone
 * ids, IPv4-mapped IPv6 {@code ::ffff:a.b.c.d} is IPv4); a bare address is a /32 or /128; for an
 * IPv4-mapped prefix the length counts the 96 mapped bits ({@code ::ffff:10.0.0.0/104} is {@code
 * 10.0.0.0/8}); host bits are cleared, as Go's {@code net.ParseCIDR} (and so Kubecost) does, so
 * {@code 10.1.2.3/8} is {@code 10.0.0.0/8}. {@link #toString()} is the canonical text (RFC 5952 for
 * IPv6).
 */
public final class IpPrefix implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] network;
  private final int length;

  private IpPrefix(byte[] network, int length) {
    this.network = network;
    this.length = length;
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code x:y::/n}, {@code ::ffff:a.b.c.d/n} or a bare address.
   *
   * @throws IllegalArgumentException naming the text when it is not a prefix
   */
  public static IpPrefix parse(String text) {
    requireNonNull(text, "prefix is null");
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address = IpAddresses.parse(addressText);
    int bits = address.length * 8;
    int length = bits;
    if (slash >= 0) {
      String lengthText = text.substring(slash + 1);
      if (lengthText.isEmpty() || lengthText.length() > 3 || !digits(lengthText)) {
        throw new IllegalArgumentException("Invalid prefix length in '" + text + "'");
      }
      length = Integer.parseInt(lengthText);
      if (addressText.indexOf(':') >= 0 && address.length == 4) {
        // ::ffff:a.b.c.d/n: the length counts the 96 mapped bits
        length -= 96;
      }
      if (length < 0 || length > bits) {
        throw new IllegalArgumentException("Invalid prefix length in '" + text + "'");
      }
    }
    return new IpPrefix(mask(address, length), length);
  }

  /** The prefix of {@code length} bits that contains {@code address} (4 or 16 bytes). */
  public static IpPrefix of(byte[] address, int length) {
    requireNonNull(address, "address is null");
    if (address.length != 4 && address.length != 16) {
      throw new IllegalArgumentException("Invalid IP address length: " + address.length);
    }
    if (length < 0 || length > address.length * 8) {
      throw new IllegalArgumentException(
          "Invalid prefix length " + length + " for " + IpAddresses.format(address));
    }
    return new IpPrefix(mask(address, length), length);
  }

  private static boolean digits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static byte[] mask(byte[] address, int length) {
    byte[] masked = address.clone();
    for (int bit = length; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  public boolean ipv6() {
    return network.length == 16;
  }

  /** The prefix length in bits (0–32 for IPv4, 0–128 for IPv6). */
  public int length() {
    return length;
  }

  /** The network address (host bits cleared): 4 or 16 bytes, a copy. */
  public byte[] network() {
    return network.clone();
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this prefix. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = length / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int keep = (0xff << (8 - rest)) & 0xff;
    return (address[fullBytes] & keep) == (network[fullBytes] & 0xff);
  }

  /**
   * Whether the address literal {@code ip} lies in this prefix.
   *
   * @throws IllegalArgumentException when {@code ip} is not an address literal
   */
  public boolean contains(String ip) {
    return contains(IpAddresses.parse(ip));
  }

  /** Whether {@code other} lies entirely inside this prefix. */
  public boolean covers(IpPrefix other) {
    return other.network.length == network.length
        && other.length >= length
        && contains(other.network);
  }

  BigInteger first() {
    return new BigInteger(1, network);
  }

  BigInteger last() {
    int bits = network.length * 8;
    return first().add(BigInteger.ONE.shiftLeft(bits - length)).subtract(BigInteger.ONE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpPrefix that
        && length == that.length
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + length;
  }

  /** Canonical text: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
  @Override
  public String toString() {
    return IpAddresses.format(network) + "/" + length;
  }
}
