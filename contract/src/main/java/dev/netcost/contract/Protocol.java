package dev.netcost.contract;

/** Transport protocols the collector distinguishes; anything else is recorded as OTHER. */
public enum Protocol {
  TCP("tcp"),
  UDP("udp"),
  ICMP("icmp"),
  ICMPV6("icmpv6"),
  SCTP("sctp"),
  OTHER("other");

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  /** The value stored in the {@code protocol} column. */
  public String wireName() {
    return wireName;
  }

  /** Whether connections of this protocol have ports; ICMP's server_port is 0. */
  public boolean hasPorts() {
    return switch (this) {
      case TCP, UDP, SCTP -> true;
      case ICMP, ICMPV6, OTHER -> false;
    };
  }

  public static Protocol fromWireName(String value) {
    for (Protocol protocol : values()) {
      if (protocol.wireName.equals(value)) {
        return protocol;
      }
    }
    throw new IllegalArgumentException(
        "Invalid protocol: " + value + " (expected tcp, udp, icmp, icmpv6, sctp or other)");
  }
}
