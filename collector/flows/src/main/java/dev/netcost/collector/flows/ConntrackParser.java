package dev.netcost.collector.flows;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.Protocol;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses the text conntrack-tools prints ({@code conntrack -L -o extended,id}, {@code conntrack -E
 * -o extended,id[,timestamp]}) and the kernel's {@code /proc/net/nf_conntrack}. All three share one
 * grammar:
 *
 * <pre>
 * [[timestamp]] [[EVENT]] l3name l3num l4name l4num [timeout] [STATE]
 *     src= dst= (sport= dport= | type= code= id=) [packets= bytes=] [[UNREPLIED]]
 *     src= dst= (sport= dport= | type= code= id=) [packets= bytes=] [[FLAGS]...]
 *     [mark= secctx= zone= use= id= ...]
 * </pre>
 *
 * Unknown {@code key=value} fields and bracketed flags are skipped, so newer kernels and tools that
 * add fields still parse; anything structurally wrong (missing tuple, bad address, bad number,
 * unexpected bare word) raises {@link MalformedConntrackLineException} naming the line. Not
 * thread-safe: one parser per reader.
 */
final class ConntrackParser {
  private static final int ADDRESS_CACHE_LIMIT = 1 << 16;

  enum EventType {
    NONE,
    NEW,
    UPDATE,
    DESTROY
  }

  /** One parsed line: the event type ({@code NONE} for a table listing) and the entry. */
  record Line(EventType type, ConntrackEntry entry) {}

  private final String source;
  // canonical text of recently seen address literals: tables repeat the same few addresses
  private final Map<String, String> addresses = new HashMap<>();

  ConntrackParser(String source) {
    this.source = source;
  }

  /**
   * Reads only the conntrack id and the four counters of a listing line, into {@code out} as {id,
   * original packets, original bytes, reply packets, reply bytes}, without building the entry.
   * Returns false when the line has no id or no counters in the expected places; then the line must
   * go through {@link #parse}. Used to skip entries whose counters did not change.
   */
  static boolean quickScan(String line, long[] out) {
    int id = line.lastIndexOf(" id=");
    if (id < 0) {
      return false;
    }
    long value = digits(line, id + 4);
    if (value < 0) {
      return false;
    }
    out[0] = value;
    int from = 0;
    for (int i = 1; i <= 4; i += 2) {
      int packets = line.indexOf(" packets=", from);
      if (packets < 0) {
        return false;
      }
      out[i] = digits(line, packets + 9);
      int bytes = line.indexOf(" bytes=", packets);
      if (bytes < 0 || out[i] < 0) {
        return false;
      }
      out[i + 1] = digits(line, bytes + 7);
      if (out[i + 1] < 0) {
        return false;
      }
      from = bytes + 7;
    }
    return true;
  }

  /** The decimal number at {@code start}, ending at a space or the end of the line, or -1. */
  private static long digits(String line, int start) {
    long result = 0;
    int i = start;
    for (; i < line.length() && line.charAt(i) != ' '; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9' || i - start >= 18) {
        return -1;
      }
      result = result * 10 + (c - '0');
    }
    return i == start ? -1 : result;
  }

  /** Parses one line; {@code lineNumber} is only used in error messages. */
  Line parse(String line, long lineNumber) {
    Tokens tokens = new Tokens(line);
    EventType type = EventType.NONE;
    String token = tokens.next();
    if (token == null) {
      throw error(lineNumber, "empty line", line);
    }
    while (token != null && token.startsWith("[")) {
      if (!token.endsWith("]")) {
        throw error(lineNumber, "unterminated bracket '" + token + "'", line);
      }
      String inner = token.substring(1, token.length() - 1);
      switch (inner) {
        case "NEW" -> type = EventType.NEW;
        case "UPDATE" -> type = EventType.UPDATE;
        case "DESTROY" -> type = EventType.DESTROY;
        default -> {
          if (!isTimestamp(inner)) {
            throw error(lineNumber, "unexpected '" + token + "' before the address family", line);
          }
        }
      }
      token = tokens.next();
    }
    if (token == null) {
      throw error(lineNumber, "missing address family", line);
    }
    int expectedFamilyNumber;
    switch (token) {
      case "ipv4" -> expectedFamilyNumber = 2;
      case "ipv6" -> expectedFamilyNumber = 10;
      default -> throw error(lineNumber, "unknown address family '" + token + "'", line);
    }
    String familyNumber = tokens.next();
    if (familyNumber == null || !familyNumber.equals(Integer.toString(expectedFamilyNumber))) {
      throw error(
          lineNumber,
          "address family " + token + " must be followed by " + expectedFamilyNumber,
          line);
    }
    String protocolName = tokens.next();
    if (protocolName == null) {
      throw error(lineNumber, "missing protocol", line);
    }
    int protocolNumber = parseInt(tokens.next(), 255, "protocol number", lineNumber, line);
    Protocol protocol = protocol(protocolNumber);

    Tuple original = new Tuple();
    Tuple reply = new Tuple();
    Tuple current = null;
    long conntrackId = 0;
    boolean hasId = false;
    long zone = 0;
    boolean seenKeyValue = false;
    while ((token = tokens.next()) != null) {
      if (token.charAt(0) == '[') {
        if (!token.endsWith("]")) {
          throw error(lineNumber, "unterminated bracket '" + token + "'", line);
        }
        continue; // flags such as [ASSURED], [UNREPLIED], [OFFLOAD], [USERSPACE]
      }
      int equals = token.indexOf('=');
      if (equals < 0) {
        if (!seenKeyValue) {
          continue; // timeout and TCP/SCTP state before the first tuple
        }
        throw error(lineNumber, "unexpected word '" + token + "'", line);
      }
      if (equals == 0) {
        throw error(lineNumber, "field without a name '" + token + "'", line);
      }
      seenKeyValue = true;
      String key = token.substring(0, equals);
      String value = token.substring(equals + 1);
      switch (key) {
        case "src" -> {
          if (current == null) {
            current = original;
          } else if (current == original) {
            current = reply;
          } else {
            throw error(lineNumber, "more than two tuples", line);
          }
          current.source = address(value, "src", lineNumber, line);
        }
        case "dst" ->
            tupleOf(current, key, lineNumber, line).destination =
                address(value, "dst", lineNumber, line);
        case "sport" ->
            tupleOf(current, key, lineNumber, line).sourcePort =
                parseInt(value, 65535, "sport", lineNumber, line);
        case "dport" ->
            tupleOf(current, key, lineNumber, line).destinationPort =
                parseInt(value, 65535, "dport", lineNumber, line);
        case "type", "code" -> {
          Tuple tuple = tupleOf(current, key, lineNumber, line);
          int parsed = parseInt(value, 255, key, lineNumber, line);
          tuple.identityBits = tuple.identityBits * 257 + parsed;
        }
        case "packets" -> {
          Tuple tuple = tupleOf(current, key, lineNumber, line);
          tuple.packets = parseLong(value, "packets", lineNumber, line);
          tuple.counted = true;
        }
        case "bytes" -> {
          Tuple tuple = tupleOf(current, key, lineNumber, line);
          tuple.bytes = parseLong(value, "bytes", lineNumber, line);
          tuple.counted = true;
        }
        case "id" -> {
          // ICMP tuples carry their own id= before the counters; the conntrack id comes last
          if (current != null
              && isIcmp(protocol)
              && !current.icmpIdSeen
              && !current.counted
              && current.destination != null) {
            current.icmpIdSeen = true;
            current.identityBits =
                current.identityBits * 65537 + parseInt(value, 65535, "id", lineNumber, line);
          } else {
            if (current != reply) {
              throw error(lineNumber, "conntrack id before the reply tuple", line);
            }
            conntrackId = parseLong(value, "id", lineNumber, line);
            hasId = true;
          }
        }
        case "zone" -> zone = parseLong(value, "zone", lineNumber, line);
        default -> {
          // mark, secctx, use, labels, delta-time, portid, timestamps: not needed
        }
      }
    }
    checkTuple(original, "original", protocol, lineNumber, line);
    checkTuple(reply, "reply", protocol, lineNumber, line);
    if (original.counted != reply.counted) {
      throw error(lineNumber, "counters present in only one direction", line);
    }
    if (original.counted && (original.bytes < 0 || reply.bytes < 0)) {
      throw error(lineNumber, "packets= without bytes= (or bytes= without packets=)", line);
    }
    long tupleHash = tupleHash(protocolNumber, original, zone);
    return new Line(
        type,
        new ConntrackEntry(
            hasId ? conntrackId : 0,
            hasId ? conntrackId : tupleHash,
            tupleHash,
            protocol,
            protocolNumber,
            original.source,
            original.destination,
            original.sourcePort,
            original.destinationPort,
            reply.source,
            reply.destination,
            reply.sourcePort,
            reply.destinationPort,
            original.counted,
            Math.max(original.packets, 0),
            Math.max(original.bytes, 0),
            Math.max(reply.packets, 0),
            Math.max(reply.bytes, 0)));
  }

  private static boolean isIcmp(Protocol protocol) {
    return protocol == Protocol.ICMP || protocol == Protocol.ICMPV6;
  }

  static Protocol protocol(int number) {
    return switch (number) {
      case 6 -> Protocol.TCP;
      case 17 -> Protocol.UDP;
      case 1 -> Protocol.ICMP;
      case 58 -> Protocol.ICMPV6;
      case 132 -> Protocol.SCTP;
      default -> Protocol.OTHER;
    };
  }

  private void checkTuple(
      Tuple tuple, String which, Protocol protocol, long lineNumber, String line) {
    if (tuple.source == null) {
      throw error(lineNumber, "missing " + which + " tuple", line);
    }
    if (tuple.destination == null) {
      throw error(lineNumber, which + " tuple has no dst=", line);
    }
    if (protocol.hasPorts() && (tuple.sourcePort < 0 || tuple.destinationPort < 0)) {
      throw error(lineNumber, which + " tuple has no sport=/dport=", line);
    }
    if (tuple.counted && (tuple.packets < 0 || tuple.bytes < 0)) {
      throw error(lineNumber, which + " tuple has packets= or bytes= but not both", line);
    }
    tuple.sourcePort = Math.max(tuple.sourcePort, 0);
    tuple.destinationPort = Math.max(tuple.destinationPort, 0);
  }

  private static long tupleHash(int protocolNumber, Tuple original, long zone) {
    return tupleHash(
        protocolNumber,
        original.source,
        original.destination,
        original.sourcePort,
        original.destinationPort,
        original.identityBits,
        zone);
  }

  /**
   * The 64-bit hash of an original tuple (canonical address text; {@code identityBits} is 0 except
   * for ICMP: {@code (type * 257 + code) * 65537 + id}) and zone; every source computes it alike.
   */
  static long tupleHash(
      int protocolNumber,
      String source,
      String destination,
      int sourcePort,
      int destinationPort,
      long identityBits,
      long zone) {
    long hash = 0xcbf29ce484222325L;
    hash = mix(hash, protocolNumber);
    hash = mix(hash, source.hashCode());
    hash = mix(hash, destination.hashCode());
    hash = mix(hash, sourcePort);
    hash = mix(hash, destinationPort);
    hash = mix(hash, identityBits);
    hash = mix(hash, zone);
    return hash;
  }

  private static long mix(long hash, long value) {
    hash ^= value;
    hash *= 0x100000001b3L;
    return hash ^ (hash >>> 29);
  }

  private Tuple tupleOf(Tuple current, String key, long lineNumber, String line) {
    if (current == null) {
      throw error(lineNumber, key + "= before the first src=", line);
    }
    return current;
  }

  private String address(String value, String field, long lineNumber, String line) {
    String canonical = addresses.get(value);
    if (canonical != null) {
      return canonical;
    }
    try {
      canonical = IpAddresses.canonical(value);
    } catch (IllegalArgumentException e) {
      throw error(lineNumber, "invalid " + field + " address '" + value + "'", line);
    }
    if (addresses.size() >= ADDRESS_CACHE_LIMIT) {
      addresses.clear();
    }
    addresses.put(value, canonical);
    return canonical;
  }

  private int parseInt(String value, int max, String field, long lineNumber, String line) {
    if (value == null) {
      throw error(lineNumber, "missing " + field, line);
    }
    long parsed = parseUnsigned(value);
    if (parsed < 0 || parsed > max) {
      throw error(lineNumber, "invalid " + field + " '" + value + "'", line);
    }
    return (int) parsed;
  }

  private long parseLong(String value, String field, long lineNumber, String line) {
    long parsed = parseUnsigned(value);
    if (parsed < 0) {
      throw error(lineNumber, "invalid " + field + " '" + value + "'", line);
    }
    return parsed;
  }

  /** A non-negative decimal that fits a signed long, or -1. */
  private static long parseUnsigned(String value) {
    int length = value.length();
    if (length == 0 || length > 19) {
      return -1;
    }
    long result = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      result = result * 10 + (c - '0');
      if (result < 0) {
        return -1;
      }
    }
    return result;
  }

  private static boolean isTimestamp(String inner) {
    if (inner.isEmpty()) {
      return false;
    }
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  private MalformedConntrackLineException error(long lineNumber, String reason, String line) {
    return new MalformedConntrackLineException(source, lineNumber, reason, line);
  }

  private static final class Tuple {
    String source;
    String destination;
    int sourcePort = -1;
    int destinationPort = -1;
    long identityBits;
    boolean icmpIdSeen;
    boolean counted;
    long packets = -1;
    long bytes = -1;
  }

  /** Splits on spaces and tabs without regular expressions. */
  private static final class Tokens {
    private final String line;
    private int position;

    Tokens(String line) {
      this.line = line;
    }

    String next() {
      int length = line.length();
      while (position < length && isSpace(line.charAt(position))) {
        position++;
      }
      if (position >= length) {
        return null;
      }
      int start = position;
      while (position < length && !isSpace(line.charAt(position))) {
        position++;
      }
      return line.substring(start, position);
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
  }
}
