package dev.netcost.collector.flows;

import dev.netcost.contract.IpAddresses;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads ctnetlink conntrack messages in place from a receive buffer: one {@link #parse} walks the
 * attributes of one message (original and reply tuples, counters, id, zone) into primitive fields
 * of this object, allocating nothing; {@link #entry()} then builds the {@link ConntrackEntry} for
 * the entries the accountant needs in full. Addresses become text through small direct-mapped
 * caches, so the same address is formatted once. The identity and tuple hash equal those of {@link
 * ConntrackParser} for the same entry, so checkpoints carry over between sources. Not thread-safe.
 */
final class NetlinkMessages {
  static final int NLMSG_HEADER = 16;
  static final int NLMSG_NOOP = 1;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int NLMSG_OVERRUN = 4;
  static final int NLM_F_REQUEST = 1;
  static final int NLM_F_DUMP = 0x300;
  static final int NFNL_SUBSYS_CTNETLINK = 1;
  static final int IPCTNL_MSG_CT_NEW = 0;
  static final int IPCTNL_MSG_CT_GET = 1;
  static final int IPCTNL_MSG_CT_DELETE = 2;
  static final int NFNLGRP_CONNTRACK_DESTROY = 3;
  static final int NFNETLINK_V0 = 0;
  static final int AF_UNSPEC = 0;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;

  private static final int CTA_TUPLE_ORIG = 1;
  private static final int CTA_TUPLE_REPLY = 2;
  private static final int CTA_COUNTERS_ORIG = 9;
  private static final int CTA_COUNTERS_REPLY = 10;
  private static final int CTA_ID = 12;
  private static final int CTA_ZONE = 18;
  private static final int CTA_TUPLE_IP = 1;
  private static final int CTA_TUPLE_PROTO = 2;
  private static final int CTA_IP_V4_SRC = 1;
  private static final int CTA_IP_V4_DST = 2;
  private static final int CTA_IP_V6_SRC = 3;
  private static final int CTA_IP_V6_DST = 4;
  private static final int CTA_PROTO_NUM = 1;
  private static final int CTA_PROTO_SRC_PORT = 2;
  private static final int CTA_PROTO_DST_PORT = 3;
  private static final int CTA_PROTO_ICMP_ID = 4;
  private static final int CTA_PROTO_ICMP_TYPE = 5;
  private static final int CTA_PROTO_ICMP_CODE = 6;
  private static final int CTA_PROTO_ICMPV6_ID = 7;
  private static final int CTA_PROTO_ICMPV6_TYPE = 8;
  private static final int CTA_PROTO_ICMPV6_CODE = 9;
  private static final int CTA_COUNTERS_PACKETS = 1;
  private static final int CTA_COUNTERS_BYTES = 2;
  private static final int CTA_COUNTERS32_PACKETS = 3;
  private static final int CTA_COUNTERS32_BYTES = 4;
  private static final int NLA_TYPE_MASK = 0x3fff;

  /** A message that is not a well-formed conntrack entry. */
  static final class MalformedMessageException extends Exception {
    MalformedMessageException(String message) {
      super(message, null, false, false);
    }
  }

  private ByteBuffer in;
  private ByteBuffer big;
  private final AddressCache addresses = new AddressCache();

  // the parsed message; [0] original tuple, [1] reply tuple
  private int family;
  private boolean hasId;
  private long id;
  private long zone;
  private final int[] protocol = new int[2];
  private final int[] source = new int[2];
  private final int[] destination = new int[2];
  private final int[] addressLength = new int[2];
  private final int[] sourcePort = new int[2];
  private final int[] destinationPort = new int[2];
  private final int[] icmpType = new int[2];
  private final int[] icmpCode = new int[2];
  private final int[] icmpId = new int[2];
  private final boolean[] icmpIdSeen = new boolean[2];
  private final boolean[] counted = new boolean[2];
  private final long[] packets = new long[2];
  private final long[] bytes = new long[2];

  /** Reads from {@code buffer} (native byte order) from now on. */
  void reading(ByteBuffer buffer) {
    this.in = buffer;
    this.big = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
  }

  /** Writes a dump request ({@code IPCTNL_MSG_CT_GET}, {@code NLM_F_DUMP}) and returns its size. */
  static int dumpRequest(ByteBuffer request, int sequence, int family) {
    int length = NLMSG_HEADER + 4;
    request.putInt(0, length);
    request.putShort(4, (short) (NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET));
    request.putShort(6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
    request.putInt(8, sequence);
    request.putInt(12, 0);
    request.put(16, (byte) family);
    request.put(17, (byte) NFNETLINK_V0);
    request.putShort(18, (short) 0);
    return length;
  }

  /**
   * Parses the conntrack message at {@code offset} of {@code length} bytes (netlink header
   * included).
   */
  void parse(int offset, int length) throws MalformedMessageException {
    hasId = false;
    id = 0;
    zone = 0;
    for (int t = 0; t < 2; t++) {
      protocol[t] = -1;
      addressLength[t] = 0;
      sourcePort[t] = 0;
      destinationPort[t] = 0;
      icmpType[t] = 0;
      icmpCode[t] = 0;
      icmpId[t] = 0;
      icmpIdSeen[t] = false;
      counted[t] = false;
      packets[t] = -1;
      bytes[t] = -1;
    }
    if (length < NLMSG_HEADER + 4) {
      throw new MalformedMessageException("message of " + length + " bytes has no nfgenmsg");
    }
    family = in.get(offset + NLMSG_HEADER) & 0xff;
    int end = offset + length;
    for (int a = offset + NLMSG_HEADER + 4; a + 4 <= end; ) {
      int attributeLength = attributeLength(a, end);
      int type = in.getShort(a + 2) & NLA_TYPE_MASK;
      int value = a + 4;
      int valueEnd = a + attributeLength;
      switch (type) {
        case CTA_TUPLE_ORIG -> tuple(value, valueEnd, 0);
        case CTA_TUPLE_REPLY -> tuple(value, valueEnd, 1);
        case CTA_COUNTERS_ORIG -> counters(value, valueEnd, 0);
        case CTA_COUNTERS_REPLY -> counters(value, valueEnd, 1);
        case CTA_ID -> {
          id = unsigned(value, valueEnd, 4);
          hasId = true;
        }
        case CTA_ZONE -> zone = unsigned(value, valueEnd, 2);
        default -> {
          // status, protocol info, timeout, mark, use, NAT sequence, labels, timestamps: unused
        }
      }
      a += align(attributeLength);
    }
    for (int t = 0; t < 2; t++) {
      String which = t == 0 ? "original" : "reply";
      if (addressLength[t] == 0) {
        throw new MalformedMessageException(which + " tuple has no addresses");
      }
      if (protocol[t] < 0) {
        throw new MalformedMessageException(which + " tuple has no protocol");
      }
      if (counted[t] && (packets[t] < 0 || bytes[t] < 0)) {
        throw new MalformedMessageException(which + " counters lack packets or bytes");
      }
    }
    if (counted[0] != counted[1]) {
      throw new MalformedMessageException("counters present in only one direction");
    }
  }

  private int attributeLength(int a, int end) throws MalformedMessageException {
    int length = in.getShort(a) & 0xffff;
    if (length < 4 || a + length > end) {
      throw new MalformedMessageException("attribute length " + length + " overruns its message");
    }
    return length;
  }

  private void tuple(int start, int end, int t) throws MalformedMessageException {
    for (int a = start; a + 4 <= end; ) {
      int length = attributeLength(a, end);
      int type = in.getShort(a + 2) & NLA_TYPE_MASK;
      if (type == CTA_TUPLE_IP) {
        ip(a + 4, a + length, t);
      } else if (type == CTA_TUPLE_PROTO) {
        proto(a + 4, a + length, t);
      }
      a += align(length);
    }
  }

  private void ip(int start, int end, int t) throws MalformedMessageException {
    for (int a = start; a + 4 <= end; ) {
      int length = attributeLength(a, end);
      int type = in.getShort(a + 2) & NLA_TYPE_MASK;
      int size = length - 4;
      switch (type) {
        case CTA_IP_V4_SRC, CTA_IP_V6_SRC -> {
          checkAddress(type, size);
          source[t] = a + 4;
          addressLength[t] = size;
        }
        case CTA_IP_V4_DST, CTA_IP_V6_DST -> {
          checkAddress(type, size);
          destination[t] = a + 4;
          addressLength[t] = size;
        }
        default -> {}
      }
      a += align(length);
    }
  }

  private static void checkAddress(int type, int size) throws MalformedMessageException {
    int expected = type <= CTA_IP_V4_DST ? 4 : 16;
    if (size != expected) {
      throw new MalformedMessageException("address attribute of " + size + " bytes");
    }
  }

  private void proto(int start, int end, int t) throws MalformedMessageException {
    for (int a = start; a + 4 <= end; ) {
      int length = attributeLength(a, end);
      int type = in.getShort(a + 2) & NLA_TYPE_MASK;
      int value = a + 4;
      int valueEnd = a + length;
      switch (type) {
        case CTA_PROTO_NUM -> protocol[t] = (int) unsigned(value, valueEnd, 1);
        case CTA_PROTO_SRC_PORT -> sourcePort[t] = (int) unsigned(value, valueEnd, 2);
        case CTA_PROTO_DST_PORT -> destinationPort[t] = (int) unsigned(value, valueEnd, 2);
        case CTA_PROTO_ICMP_TYPE, CTA_PROTO_ICMPV6_TYPE ->
            icmpType[t] = (int) unsigned(value, valueEnd, 1);
        case CTA_PROTO_ICMP_CODE, CTA_PROTO_ICMPV6_CODE ->
            icmpCode[t] = (int) unsigned(value, valueEnd, 1);
        case CTA_PROTO_ICMP_ID, CTA_PROTO_ICMPV6_ID -> {
          icmpId[t] = (int) unsigned(value, valueEnd, 2);
          icmpIdSeen[t] = true;
        }
        default -> {}
      }
      a += align(length);
    }
  }

  private void counters(int start, int end, int t) throws MalformedMessageException {
    counted[t] = true;
    for (int a = start; a + 4 <= end; ) {
      int length = attributeLength(a, end);
      int type = in.getShort(a + 2) & NLA_TYPE_MASK;
      int value = a + 4;
      int valueEnd = a + length;
      switch (type) {
        case CTA_COUNTERS_PACKETS -> packets[t] = unsigned(value, valueEnd, 8);
        case CTA_COUNTERS_BYTES -> bytes[t] = unsigned(value, valueEnd, 8);
        case CTA_COUNTERS32_PACKETS -> packets[t] = unsigned(value, valueEnd, 4);
        case CTA_COUNTERS32_BYTES -> bytes[t] = unsigned(value, valueEnd, 4);
        default -> {}
      }
      a += align(length);
    }
  }

  /** A big-endian unsigned value of {@code size} bytes; 64-bit values above 2^63 are rejected. */
  private long unsigned(int value, int end, int size) throws MalformedMessageException {
    if (end - value < size) {
      throw new MalformedMessageException(
          "attribute of " + (end - value) + " bytes where " + size + " are needed");
    }
    long result =
        switch (size) {
          case 1 -> big.get(value) & 0xffL;
          case 2 -> big.getShort(value) & 0xffffL;
          case 4 -> big.getInt(value) & 0xffffffffL;
          default -> big.getLong(value);
        };
    if (result < 0) {
      throw new MalformedMessageException("counter above 2^63");
    }
    return result;
  }

  private static int align(int length) {
    return (length + 3) & ~3;
  }

  boolean hasId() {
    return hasId;
  }

  long id() {
    return id;
  }

  boolean hasCounters() {
    return counted[0];
  }

  /** {id, original packets, original bytes, reply packets, reply bytes} into {@code out}. */
  void idAndCounters(long[] out) {
    out[0] = id;
    out[1] = packets[0];
    out[2] = bytes[0];
    out[3] = packets[1];
    out[4] = bytes[1];
  }

  /** The parsed message as an entry (allocates the entry and any address text not cached). */
  ConntrackEntry entry() {
    int number = protocol[0];
    String originalSource = address(source[0], addressLength[0]);
    String originalDestination = address(destination[0], addressLength[0]);
    String replySource = address(source[1], addressLength[1]);
    String replyDestination = address(destination[1], addressLength[1]);
    dev.netcost.contract.Protocol kind = ConntrackParser.protocol(number);
    boolean icmp =
        kind == dev.netcost.contract.Protocol.ICMP || kind == dev.netcost.contract.Protocol.ICMPV6;
    // as ConntrackParser hashes the text "type=T code=C id=I": ((T * 257) + C) * 65537 + I
    long identityBits = 0;
    if (icmp) {
      identityBits = (long) icmpType[0] * 257 + icmpCode[0];
      if (icmpIdSeen[0]) {
        identityBits = identityBits * 65537 + icmpId[0];
      }
    }
    long tupleHash =
        ConntrackParser.tupleHash(
            number,
            originalSource,
            originalDestination,
            sourcePort[0],
            destinationPort[0],
            identityBits,
            zone);
    boolean withCounters = counted[0];
    return new ConntrackEntry(
        hasId ? id : 0,
        hasId ? id : tupleHash,
        tupleHash,
        kind,
        number,
        originalSource,
        originalDestination,
        sourcePort[0],
        destinationPort[0],
        replySource,
        replyDestination,
        sourcePort[1],
        destinationPort[1],
        withCounters,
        withCounters ? packets[0] : 0,
        withCounters ? bytes[0] : 0,
        withCounters ? packets[1] : 0,
        withCounters ? bytes[1] : 0);
  }

  int family() {
    return family;
  }

  private String address(int offset, int length) {
    if (length == 4) {
      return addresses.v4(big.getInt(offset));
    }
    return addresses.v6(big.getLong(offset), big.getLong(offset + 8));
  }

  /** Direct-mapped caches of address text: a hit allocates nothing. */
  private static final class AddressCache {
    private static final int SIZE = 4096;
    private final int[] v4Keys = new int[SIZE];
    private final String[] v4Text = new String[SIZE];
    private final long[] v6High = new long[SIZE];
    private final long[] v6Low = new long[SIZE];
    private final String[] v6Text = new String[SIZE];

    String v4(int address) {
      int slot = (address * 0x9E3779B1 >>> 20) & (SIZE - 1);
      String text = v4Text[slot];
      if (text != null && v4Keys[slot] == address) {
        return text;
      }
      byte[] raw = {
        (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
      };
      text = IpAddresses.canonical(IpAddresses.format(raw));
      v4Keys[slot] = address;
      v4Text[slot] = text;
      return text;
    }

    String v6(long high, long low) {
      long mixed = (high ^ Long.rotateLeft(low, 32)) * 0x9E3779B97F4A7C15L;
      int slot = (int) (mixed >>> 52) & (SIZE - 1);
      String text = v6Text[slot];
      if (text != null && v6High[slot] == high && v6Low[slot] == low) {
        return text;
      }
      byte[] raw =
          ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(high).putLong(low).array();
      text = IpAddresses.canonical(IpAddresses.format(raw));
      v6High[slot] = high;
      v6Low[slot] = low;
      v6Text[slot] = text;
      return text;
    }
  }
}
