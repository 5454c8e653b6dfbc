package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import java.io.Serializable;
import java.util.List;

/**
 * Classifies peers that are not cluster objects. Precedence: the user's private allow-list (peered
 * VPCs, on-premises ranges) is {@code private}; other private, shared, loopback and link-local
 * space is {@code unknown} (somebody's address we cannot place, never silently in-zone); every
 * other address is {@code internet}.
 */
public final class ExternalClassifier implements Serializable {
  private static final List<Cidr> SPECIAL =
      List.of(
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("::1/128"),
          Cidr.parse("::/128"));

  private final List<Cidr> privateAllowList;

  public ExternalClassifier(List<Cidr> privateAllowList) {
    this.privateAllowList =
        List.copyOf(requireNonNull(privateAllowList, "privateAllowList is null"));
  }

  public List<Cidr> privateAllowList() {
    return privateAllowList;
  }

  public TrafficClass classify(byte[] address) {
    for (Cidr cidr : privateAllowList) {
      if (cidr.contains(address)) {
        return TrafficClass.PRIVATE;
      }
    }
    for (Cidr cidr : SPECIAL) {
      if (cidr.contains(address)) {
        return TrafficClass.UNKNOWN;
      }
    }
    return TrafficClass.INTERNET;
  }
}
