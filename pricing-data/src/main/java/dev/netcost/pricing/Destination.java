package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where an out-of-cluster peer is, as the bill sees it: the traffic class, what decided it, and
 * what is known of the peer (provider, region, zone, service label for the {@code peer_service}
 * column). {@code reason} says which rule or range matched, for audits.
 */
public record Destination(
    TrafficClass trafficClass,
    Basis basis,
    Optional<String> peerProvider,
    Optional<String> peerRegion,
    Optional<String> peerZone,
    Optional<String> service,
    String reason) {
  /** What decided the class, in precedence order. */
  public enum Basis {
    /** A line of the user's classification file. */
    USER_RULE,
    /** A provider's published ranges (AWS ip-ranges.json, GCP cloud.json, Azure Service Tags). */
    PROVIDER_RANGES,
    /** RFC 1918, CGNAT 100.64/10, ULA fc00::/7, link-local or loopback space. */
    PRIVATE_RANGE,
    /** Unspecified, multicast or broadcast space: never priced. */
    NOT_ROUTABLE,
    /** None of the above: a public address. */
    DEFAULT_INTERNET
  }

  public Destination {
    requireNonNull(trafficClass, "trafficClass is null");
    requireNonNull(basis, "basis is null");
    requireNonNull(peerProvider, "peerProvider is null");
    requireNonNull(peerRegion, "peerRegion is null");
    requireNonNull(peerZone, "peerZone is null");
    requireNonNull(service, "service is null");
    requireNonNull(reason, "reason is null");
  }
}
