package dev.netcost.signals;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;

/** The networks a destination address is grouped by in alerts and first-seen state. */
final class DestinationNetworks {
  private DestinationNetworks() {}

  /** The /24 of an IPv4 address or the /48 of an IPv6 address, as canonical prefix text. */
  static String prefix(String ip) {
    byte[] address = IpAddresses.parse(ip);
    return IpPrefix.of(address, address.length == 4 ? 24 : 48).toString();
  }

  /**
   * The /16 of an IPv4 address or the /32 of an IPv6 address: without an ASN database, the stand-in
   * for "the same network owner".
   */
  static String network(String ip) {
    byte[] address = IpAddresses.parse(ip);
    return IpPrefix.of(address, address.length == 4 ? 16 : 32).toString();
  }
}
