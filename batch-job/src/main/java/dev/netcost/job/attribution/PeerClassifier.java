package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.PrefixMap;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.LocalEndpoint;
import dev.netcost.pricing.TrafficClass;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Classifies peers that are not cluster objects. Precedence, first match wins:
 *
 * <ol>
 *   <li>the job's {@code --private-cidr} allow-list (peered VPCs, on-premises ranges): {@code
 *       private}, before every other rule (it predates the Kubecost rules file and keeps working);
 *       of nested allow-list prefixes the one listed first names the match;
 *   <li>the pricing module's {@link dev.netcost.pricing.DestinationClassifier}: the user's Kubecost
 *       rules, the providers' published ranges, private space ({@code private}), not routable space
 *       ({@code unknown}), otherwise {@code internet} (docs/pricing.md §4).
 * </ol>
 *
 * <p>A local end without a region (unresolved address, node without topology labels) cannot be
 * placed relative to the peer: a class that depends on the local placement ({@code same_zone},
 * {@code cross_zone}, {@code cross_region}) becomes {@code unknown}; {@code internet}, {@code
 * private} and {@code unknown} stand.
 */
public final class PeerClassifier implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String NO_REGION = "";

  private final List<IpPrefix> privateAllowList;
  private final String provider;
  private final RunPricing pricing;
  // built from privateAllowList where it is first used: PrefixMap is not serializable
  private transient volatile PrefixMap<IpPrefix> privateRanges;

  public PeerClassifier(List<IpPrefix> privateAllowList, String provider, RunPricing pricing) {
    this.privateAllowList =
        List.copyOf(requireNonNull(privateAllowList, "privateAllowList is null"));
    this.provider = requireNonNull(provider, "provider is null");
    this.pricing = requireNonNull(pricing, "pricing is null");
  }

  /**
   * The allow-list as a longest-prefix map whose value keeps the list's precedence: prefixes nest
   * or are disjoint, so the list prefixes that contain an address are exactly those that cover the
   * longest of them, and that prefix's value is the first listed of those.
   */
  static PrefixMap<IpPrefix> firstListedMatch(List<IpPrefix> prefixes) {
    PrefixMap.Builder<IpPrefix> builder = PrefixMap.builder((first, later) -> first);
    for (IpPrefix prefix : prefixes) {
      IpPrefix named = prefix;
      for (IpPrefix earlier : prefixes) {
        if (earlier.covers(prefix)) {
          named = earlier;
          break;
        }
      }
      builder.put(prefix, named);
    }
    return builder.build();
  }

  private PrefixMap<IpPrefix> privateRanges() {
    PrefixMap<IpPrefix> ranges = privateRanges;
    if (ranges == null) {
      ranges = firstListedMatch(privateAllowList);
      privateRanges = ranges;
    }
    return ranges;
  }

  public String provider() {
    return provider;
  }

  public RunPricing pricing() {
    return pricing;
  }

  /** Where {@code peer} is, seen from {@code local} (null when the local end is unresolved). */
  public Destination classify(Owner local, byte[] peer) {
    Optional<IpPrefix> allowed = privateRanges().lookup(peer);
    if (allowed.isPresent()) {
      return new Destination(
          TrafficClass.PRIVATE,
          Destination.Basis.USER_RULE,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "--private-cidr " + allowed.get());
    }
    String region = local == null ? null : local.region();
    LocalEndpoint endpoint =
        new LocalEndpoint(
            provider,
            region == null ? NO_REGION : region,
            Optional.ofNullable(local == null ? null : local.zone()));
    Destination destination = pricing.classifier().classify(endpoint, peer);
    if (region != null) {
      return destination;
    }
    return switch (destination.trafficClass()) {
      case INTERNET, PRIVATE, UNKNOWN -> destination;
      case SAME_ZONE, CROSS_ZONE, CROSS_REGION ->
          new Destination(
              TrafficClass.UNKNOWN,
              destination.basis(),
              destination.peerProvider(),
              destination.peerRegion(),
              destination.peerZone(),
              destination.service(),
              destination.reason() + " (the local region is unknown)");
    };
  }
}
