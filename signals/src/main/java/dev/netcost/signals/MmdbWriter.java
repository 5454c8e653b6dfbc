package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small writer of the MaxMind DB format (binary format 2.0, IPv6 tree, 24-bit records), enough to
 * build test fixtures and the demo's country/ASN databases. It is not a replacement for MaxMind's
 * data: netcost never downloads GeoLite2; users point the config at their own copies.
 *
 * <p>Values: {@link String}, {@link Map} with String keys (written in key order), {@link List},
 * {@link Long} or {@link Integer} (written as uint32), {@link Double}, {@link Boolean}. IPv4
 * networks are placed in the {@code ::/96} subtree, where MaxMind's readers look IPv4 addresses up.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int RECORD_BITS = 24;

  private final String databaseType;
  private final Map<String, Object> networks = new LinkedHashMap<>();

  public MmdbWriter(String databaseType) {
    this.databaseType = requireNonNull(databaseType, "databaseType is null");
  }

  /** Maps every address of {@code cidr} to {@code record}; more specific networks win. */
  public MmdbWriter insert(String cidr, Map<String, ?> record) {
    requireNonNull(record, "record is null");
    IpPrefix network = IpPrefix.parse(cidr);
    if (networks.put(network.toString(), record) != null) {
      throw new IllegalArgumentException("Network inserted twice: " + network);
    }
    return this;
  }

  /** The database file's bytes; the same inserts and epoch give the same bytes. */
  public byte[] build(long buildEpochSeconds) {
    DataSection data = new DataSection();
    Node root = new Node();
    List<Map.Entry<String, Object>> ordered = new ArrayList<>(networks.entrySet());
    // less specific first, so a more specific network splits the record it falls into
    ordered.sort(Comparator.comparingInt(entry -> IpPrefix.parse(entry.getKey()).length()));
    for (Map.Entry<String, Object> entry : ordered) {
      IpPrefix prefix = IpPrefix.parse(entry.getKey());
      byte[] address = prefix.network();
      int length = prefix.length();
      if (address.length == 4) {
        byte[] mapped = new byte[16];
        System.arraycopy(address, 0, mapped, 12, 4);
        address = mapped;
        length += 96;
      }
      if (length == 0) {
        throw new IllegalArgumentException("Cannot insert a /0 network: " + entry.getKey());
      }
      insert(root, address, length, data.offsetOf(entry.getValue()));
    }

    List<Node> nodes = new ArrayList<>();
    Map<Node, Integer> numbers = new IdentityHashMap<>();
    Deque<Node> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      Node node = queue.removeFirst();
      numbers.put(node, nodes.size());
      nodes.add(node);
      for (Object child : node.children) {
        if (child instanceof Node next) {
          queue.addLast(next);
        }
      }
    }
    long nodeCount = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      for (Object child : node.children) {
        long value;
        if (child == null) {
          value = nodeCount;
        } else if (child instanceof Node next) {
          value = numbers.get(next);
        } else {
          value = nodeCount + 16 + (Integer) child;
        }
        if (value >= 1L << RECORD_BITS) {
          throw new IllegalStateException("Database too large for 24-bit records");
        }
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) value & 0xff);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.bytes.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new TreeMap<>();
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", new Uint64(BigInteger.valueOf(buildEpochSeconds)));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", databaseType + " built by netcost MmdbWriter"));
    metadata.put("ip_version", new Uint16(6));
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", nodeCount);
    metadata.put("record_size", new Uint16(RECORD_BITS));
    encode(out, metadata);
    return out.toByteArray();
  }

  private static void insert(Node root, byte[] address, int length, int dataOffset) {
    Node node = root;
    for (int bit = 0; bit < length; bit++) {
      int side = (address[bit / 8] >>> (7 - bit % 8)) & 1;
      if (bit == length - 1) {
        node.children[side] = dataOffset;
        return;
      }
      Object child = node.children[side];
      if (child instanceof Node next) {
        node = next;
        continue;
      }
      Node next = new Node();
      if (child != null) {
        // a less specific network covered this half: both halves keep its data
        next.children[0] = child;
        next.children[1] = child;
      }
      node.children[side] = next;
      node = next;
    }
  }

  private static final class Node {
    final Object[] children = new Object[2];
  }

  private record Uint16(int value) {}

  private record Uint64(BigInteger value) {}

  private static final class DataSection {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Map<Object, Integer> offsets = new LinkedHashMap<>();

    int offsetOf(Object record) {
      return offsets.computeIfAbsent(
          record,
          value -> {
            int offset = bytes.size();
            encode(bytes, value);
            return offset;
          });
    }
  }

  private static void encode(ByteArrayOutputStream out, Object value) {
    if (value instanceof String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      control(out, 2, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((key, item) -> sorted.put((String) key, item));
      control(out, 7, sorted.size());
      for (Map.Entry<String, Object> entry : sorted.entrySet()) {
        encode(out, entry.getKey());
        encode(out, entry.getValue());
      }
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      for (Object item : list) {
        encode(out, item);
      }
    } else if (value instanceof Uint16 number) {
      unsigned(out, 5, BigInteger.valueOf(number.value()), 2);
    } else if (value instanceof Uint64 number) {
      unsigned(out, 9, number.value(), 8);
    } else if (value instanceof Long || value instanceof Integer) {
      unsigned(out, 6, BigInteger.valueOf(((Number) value).longValue()), 4);
    } else if (value instanceof Double number) {
      control(out, 3, 8);
      long bits = Double.doubleToLongBits(number);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (bits >>> shift) & 0xff);
      }
    } else if (value instanceof Boolean flag) {
      control(out, 14, flag ? 1 : 0);
    } else {
      throw new IllegalArgumentException(
          "Unsupported MaxMind DB value: " + (value == null ? "null" : value.getClass()));
    }
  }

  private static void unsigned(
      ByteArrayOutputStream out, int type, BigInteger value, int maxBytes) {
    if (value.signum() < 0 || value.bitLength() > maxBytes * 8) {
      throw new IllegalArgumentException("Value out of range for " + maxBytes + " bytes: " + value);
    }
    byte[] raw = value.toByteArray();
    int start = 0;
    while (start < raw.length && raw[start] == 0) {
      start++;
    }
    control(out, type, raw.length - start);
    out.write(raw, start, raw.length - start);
  }

  private static void control(ByteArrayOutputStream out, int type, int size) {
    int first = (type <= 7 ? type : 0) << 5;
    byte[] extra;
    if (size < 29) {
      first |= size;
      extra = new byte[0];
    } else if (size < 29 + 256) {
      first |= 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 285 + 65536) {
      first |= 30;
      int rest = size - 285;
      extra = new byte[] {(byte) (rest >>> 8), (byte) rest};
    } else {
      first |= 31;
      int rest = size - 65821;
      extra = new byte[] {(byte) (rest >>> 16), (byte) (rest >>> 8), (byte) rest};
    }
    out.write(first);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }
}
