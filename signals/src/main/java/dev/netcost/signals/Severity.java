package dev.netcost.signals;

/** How urgent an alert is; ordered from least to most urgent. */
public enum Severity {
  LOW("low"),
  MEDIUM("medium"),
  HIGH("high"),
  CRITICAL("critical");

  private final String wireName;

  Severity(String wireName) {
    this.wireName = wireName;
  }

  /** The value stored in the {@code severity} column. */
  public String wireName() {
    return wireName;
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public static Severity fromWireName(String value) {
    for (Severity severity : values()) {
      if (severity.wireName.equalsIgnoreCase(value)) {
        return severity;
      }
    }
    throw new IllegalArgumentException(
        "Invalid severity: " + value + " (expected low, medium, high or critical)");
  }
}
