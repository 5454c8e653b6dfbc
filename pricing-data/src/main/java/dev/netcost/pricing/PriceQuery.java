package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What to price: traffic of {@code trafficClass} in {@code direction} for an endpoint in {@code
 * region} of {@code provider}, on {@code day}; {@code peerRegion} matters for cross-region prices.
 */
public record PriceQuery(
    String provider,
    String region,
    TrafficClass trafficClass,
    TransferDirection direction,
    Optional<String> peerRegion,
    LocalDate day) {
  public PriceQuery {
    requireNonNull(provider, "provider is null");
    requireNonNull(region, "region is null");
    requireNonNull(trafficClass, "trafficClass is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(peerRegion, "peerRegion is null");
    requireNonNull(day, "day is null");
  }
}
