package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

/**
 * Canonical text of IP addresses: dotted decimal for IPv4, RFC 5952 (lower case, longest zero run
 * compressed) for IPv6; IPv4-mapped IPv6 addresses become IPv4. Parsing never touches DNS.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /** Parses an address literal and returns its canonical text. */
  public static String canonical(String text) {
    requireNonNull(text, "ip is null");
    if (text.indexOf(':') < 0) {
      // a valid IPv4 literal (no leading zeros) is its own canonical text
      if (parseIpv4(text, text) == null) {
        throw new IllegalArgumentException("Invalid IP address: '" + text + "'");
      }
      return text;
    }
    return format(parse(text));
  }

  /** Parses an IPv4 (4 bytes) or IPv6 (16 bytes) literal. */
  public static byte[] parse(String text) {
    requireNonNull(text, "ip is null");
    byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text, text);
    if (bytes == null) {
      throw new IllegalArgumentException("Invalid IP address: '" + text + "'");
    }
    if (bytes.length == 16 && isIpv4Mapped(bytes)) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 12, v4, 0, 4);
      return v4;
    }
    return bytes;
  }

  public static boolean isIpv6(String canonical) {
    return canonical.indexOf(':') >= 0;
  }

  public static String format(byte[] bytes) {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    if (bytes.length != 16) {
      throw new IllegalArgumentException("Invalid IP address length: " + bytes.length);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    if (bestLength < 2) {
      bestStart = -1;
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

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
  }

  /** Dotted decimal, four parts of 0-255 without leading zeros; null when {@code text} is not. */
  private static byte[] parseIpv4(String text, String original) {
    // one pass over the characters (this runs for both ends of every flow row)
    byte[] bytes = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    int length = text.length();
    for (int i = 0; i <= length; i++) {
      char c = i < length ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        bytes[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return null; // leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? bytes : null;
  }

  private static byte[] parseIpv6(String text) {
    String body = text;
    int zone = body.indexOf('%');
    if (zone >= 0) {
      return null; // zone ids are link-local scoping, never part of a flow key
    }
    byte[] embeddedV4 = null;
    int lastColon = body.lastIndexOf(':');
    if (body.indexOf('.', lastColon) >= 0) {
      embeddedV4 = parseIpv4(body.substring(lastColon + 1), text);
      if (embeddedV4 == null) {
        return null;
      }
      body = body.substring(0, lastColon + 1) + "0:0";
    }
    int doubleColon = body.indexOf("::");
    if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon >= 0 ? body.substring(0, doubleColon) : body;
    String tail = doubleColon >= 0 ? body.substring(doubleColon + 2) : "";
    int[] headGroups = groups(head);
    int[] tailGroups = groups(tail);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >>> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    if (embeddedV4 != null) {
      System.arraycopy(embeddedV4, 0, bytes, 12, 4);
    }
    return bytes;
  }

  private static int[] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    int[] groups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        // ASCII hex digits only (Character.digit also takes other scripts' digits)
        int digit = c < 0x80 ? Character.digit(c, 16) : -1;
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      groups[i] = value;
    }
    return groups;
  }
}
