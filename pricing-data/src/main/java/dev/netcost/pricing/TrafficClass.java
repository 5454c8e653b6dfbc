package dev.netcost.pricing;

/** Where traffic went, as the bill sees it. The wire names are the traffic_class column values. */
public enum TrafficClass {
  /** Both ends in the same availability zone. */
  SAME_ZONE("same_zone"),
  /** Same region, different zones. */
  CROSS_ZONE("cross_zone"),
  /** Different regions of the same provider. */
  CROSS_REGION("cross_region"),
  /** A public address outside the provider's ranges (or treated as internet by rule). */
  INTERNET("internet"),
  /** Allow-listed private ranges: peered VPCs, on-premises over VPN/Direct Connect. */
  PRIVATE("private"),
  /** The peer could not be placed: never priced, always reported. */
  UNKNOWN("unknown");

  private final String wireName;

  TrafficClass(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static TrafficClass fromWireName(String value) {
    for (TrafficClass trafficClass : values()) {
      if (trafficClass.wireName.equals(value)) {
        return trafficClass;
      }
    }
    throw new IllegalArgumentException("Invalid traffic class: " + value);
  }
}
