package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where the local end of a flow runs: provider ({@code aws}, {@code gcp}, {@code azure}), region
 * and zone as the node's {@code topology.kubernetes.io} labels give them.
 */
public record LocalEndpoint(String provider, String region, Optional<String> zone) {
  public LocalEndpoint {
    requireNonNull(provider, "provider is null");
    requireNonNull(region, "region is null");
    requireNonNull(zone, "zone is null");
  }
}
