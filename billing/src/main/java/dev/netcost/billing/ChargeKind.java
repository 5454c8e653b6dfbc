package dev.netcost.billing;

/** What a network line charges for. The wire names are the charge_kind column values. */
public enum ChargeKind {
  /** Bytes moved between places (zones, regions, the internet, private links). */
  TRANSFER("transfer"),
  /** Bytes processed by a managed NAT gateway, on top of any transfer charge. */
  NAT_GATEWAY("nat_gateway");

  private final String wireName;

  ChargeKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
