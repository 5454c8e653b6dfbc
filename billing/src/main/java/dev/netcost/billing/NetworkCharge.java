package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.util.Optional;

/**
 * What a network line of the bill is about.
 *
 * @param trafficClass where the bytes went; NAT gateway processing is {@link TrafficClass#INTERNET}
 *     (what a NAT gateway is for)
 * @param direction which side of the transfer the line charges, when the bill says
 * @param region the region of the charged side
 * @param peerRegion the other region, for cross-region lines
 */
public record NetworkCharge(
    ChargeKind kind,
    TrafficClass trafficClass,
    Optional<TransferDirection> direction,
    Optional<String> region,
    Optional<String> peerRegion) {
  public NetworkCharge {
    requireNonNull(kind, "kind is null");
    requireNonNull(trafficClass, "trafficClass is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(region, "region is null");
    requireNonNull(peerRegion, "peerRegion is null");
    if (trafficClass == TrafficClass.UNKNOWN) {
      throw new IllegalArgumentException("A billed network charge has a known traffic class");
    }
  }
}
