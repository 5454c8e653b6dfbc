package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network prefix (CIDR). Host bits are cleared on parse, as Go's {@code
 * net.ParseCIDR} (and so Kubecost) does; a bare address is a /32 or /128. IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}) are IPv4. Parsing never touches DNS.
 */
public final class IpPrefix {
  private final byte[] network;
  private final int length;

  private IpPrefix(byte[] network, int length) {
    this.network = network;
    this.length = length;
  }

  /** Parses {@code a.b.c.d/n}, {@code x:y::/n} or a bare address. */
  public static IpPrefix parse(String text) {
    requireNonNull(text, "prefix is null");
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address = parseAddress(addressText);
    int bits = address.length * 8;
    int length = bits;
    if (slash >= 0) {
      String lengthText = text.substring(slash + 1);
      if (lengthText.isEmpty() || lengthText.length() > 3 || !digits(lengthText)) {
        throw new IllegalArgumentException("Invalid prefix length in '" + text + "'");
      }
      length = Integer.parseInt(lengthText);
      if (addressText.contains(":") && address.length == 4) {
        // ::ffff:a.b.c.d/n: the length counts the 96 mapped bits
        length -= 96;
      }
      if (length < 0 || length > bits) {
        throw new IllegalArgumentException("Invalid prefix length in '" + text + "'");
      }
    }
    return new IpPrefix(mask(address, length), length);
  }

  /**
   * Parses an address literal: 4 bytes for IPv4 (also for IPv4-mapped IPv6), 16 for IPv6.
   *
   * @throws IllegalArgumentException for anything that is not an address literal
   */
  public static byte[] parseAddress(String text) {
    requireNonNull(text, "address is null");
    if (text.indexOf(':') < 0) {
      return parseIpv4(text);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        throw new IllegalArgumentException("Invalid IP address: '" + text + "'");
      }
    }
    try {
      // only hex digits, ':' and '.': a literal, so no name lookup happens
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Invalid IP address: '" + text + "'", e);
    }
  }

  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("Invalid IP address: '" + text + "'");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      boolean valid =
          !part.isEmpty()
              && part.length() <= 3
              && digits(part)
              && (part.length() == 1 || part.charAt(0) != '0')
              && Integer.parseInt(part) <= 255;
      if (!valid) {
        throw new IllegalArgumentException("Invalid IP address: '" + text + "'");
      }
      bytes[i] = (byte) Integer.parseInt(part);
    }
    return bytes;
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

  public int length() {
    return length;
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this prefix. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(address, length), network);
  }

  /** Whether {@code other} lies entirely inside this prefix. */
  public boolean covers(IpPrefix other) {
    return other.network.length == network.length
        && other.length >= length
        && Arrays.equals(mask(other.network, length), network);
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

  @Override
  public String toString() {
    return format(network) + "/" + length;
  }

  /** Canonical text: dotted decimal, or RFC 5952 (lower case, longest zero run as "::"). */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
      if (i == start) {
        i++;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
