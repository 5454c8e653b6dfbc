package dev.netcost.signals;

/** What an egress alert is about. */
public enum AlertKind {
  /** A workload sent traffic to a country it never reached before (needs a country database). */
  NEW_DESTINATION_COUNTRY("new_destination_country", Severity.HIGH),
  /** A new autonomous system in an already known country (needs an ASN database). */
  NEW_DESTINATION_ASN("new_destination_asn", Severity.MEDIUM),
  /**
   * First traffic to a /16 (IPv4) or /32 (IPv6) network whose ASN is unknown (no ASN database, or
   * not in it), in an already known country; the subject is the /24 (/48) of the top destination.
   */
  NEW_DESTINATION_PREFIX("new_destination_prefix", Severity.LOW),
  /** A destination port (protocol/port) the workload never used before. */
  NEW_PORT("new_port", Severity.LOW),
  /** A first-seen destination port that mining pools are known to use (3333, 4444, ...). */
  MINING_POOL_PORT("mining_pool_port", Severity.CRITICAL),
  /** A first-seen destination port of a proxy or Tor (9050, 9001, ...). */
  PROXY_PORT("proxy_port", Severity.HIGH),
  /** Internet egress bytes far above the workload's trailing baseline (median + MAD). */
  VOLUME_SPIKE("volume_spike", Severity.MEDIUM),
  /** Traffic to a country outside the namespace's allow-list; repeats every day it continues. */
  DISALLOWED_COUNTRY("disallowed_country", Severity.HIGH),
  /** Traffic to an ASN outside the namespace's allow-list; repeats every day it continues. */
  DISALLOWED_ASN("disallowed_asn", Severity.HIGH);

  private final String wireName;
  private final Severity defaultSeverity;

  AlertKind(String wireName, Severity defaultSeverity) {
    this.wireName = wireName;
    this.defaultSeverity = defaultSeverity;
  }

  /** The value stored in the {@code kind} column. */
  public String wireName() {
    return wireName;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public static AlertKind fromWireName(String value) {
    for (AlertKind kind : values()) {
      if (kind.wireName.equalsIgnoreCase(value)) {
        return kind;
      }
    }
    StringBuilder expected = new StringBuilder();
    for (AlertKind kind : values()) {
      if (expected.length() > 0) {
        expected.append(", ");
      }
      expected.append(kind.wireName);
    }
    throw new IllegalArgumentException(
        "Invalid alert kind: " + value + " (expected one of " + expected + ")");
  }
}
