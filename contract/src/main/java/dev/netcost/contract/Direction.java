package dev.netcost.contract;

/** Who opened the connection, seen from the local endpoint. */
public enum Direction {
  /** The local endpoint opened the connection (it is the client). */
  OUTBOUND("outbound"),
  /** The peer opened the connection (the local endpoint is the server). */
  INBOUND("inbound");

  private final String wireName;

  Direction(String wireName) {
    this.wireName = wireName;
  }

  /** The value stored in the {@code direction} column. */
  public String wireName() {
    return wireName;
  }

  public static Direction fromWireName(String value) {
    for (Direction direction : values()) {
      if (direction.wireName.equals(value)) {
        return direction;
      }
    }
    throw new IllegalArgumentException(
        "Invalid direction: " + value + " (expected outbound or inbound)");
  }
}
