package dev.netcost.pricing;

/** Which side of a transfer a price applies to, seen from the endpoint being charged. */
public enum TransferDirection {
  /** Bytes the endpoint sent. */
  EGRESS("egress"),
  /** Bytes the endpoint received. */
  INGRESS("ingress");

  private final String wireName;

  TransferDirection(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static TransferDirection fromWireName(String value) {
    for (TransferDirection direction : values()) {
      if (direction.wireName.equals(value)) {
        return direction;
      }
    }
    throw new IllegalArgumentException(
        "Invalid direction: " + value + " (expected egress or ingress)");
  }
}
