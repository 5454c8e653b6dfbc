package dev.netcost.pricing;

/**
 * A per-GiB charge that comes on top of the traffic class price when bytes pass through a priced
 * network component. Wire names are the {@code item} values of a price sheet.
 */
public enum Surcharge {
  /** Bytes processed by a managed NAT gateway (AWS NAT Gateway, GCP Cloud NAT, Azure NAT). */
  NAT_GATEWAY("nat_gateway"),
  /** Bytes crossing a VPC/VNet peering connection. */
  VPC_PEERING("vpc_peering"),
  /** Bytes processed by a load balancer priced per GiB (Azure Standard Load Balancer). */
  LOAD_BALANCER("load_balancer");

  private final String wireName;

  Surcharge(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Surcharge fromWireName(String value) {
    for (Surcharge surcharge : values()) {
      if (surcharge.wireName.equals(value)) {
        return surcharge;
      }
    }
    throw new IllegalArgumentException("Invalid surcharge: " + value);
  }
}
