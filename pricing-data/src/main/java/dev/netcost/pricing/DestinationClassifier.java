package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.PrefixMap;
import dev.netcost.pricing.Destination.Basis;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies a peer outside the cluster (the job resolves in-cluster peers from metadata first)
 * relative to the local endpoint. Precedence, first match wins:
 *
 * <ol>
 *   <li>the user's rules ({@link ClassificationRules}, Kubecost's {@code network-costs-config}):
 *       direct-classification, internet, private, in-zone, in-region, cross-region;
 *   <li>the providers' published ranges ({@link ProviderRanges}): a peer of another provider or a
 *       global range is {@code internet}; of the local provider in another region {@code
 *       cross_region} (with its region, so pair and continent prices apply); in the local region
 *       {@code cross_zone} (the zone of a public endpoint is unknown: Kubecost's "in-region"),
 *       except AWS S3 and DynamoDB, free in-region, which are {@code same_zone};
 *   <li>RFC 1918, CGNAT 100.64.0.0/10, ULA fc00::/7, link-local (169.254/16, fe80::/10) and
 *       loopback as {@code private};
 *   <li>unspecified, multicast and broadcast space as {@code unknown} (never priced);
 *   <li>everything else {@code internet}.
 * </ol>
 *
 * <p>The service label comes from the user's {@code services} list, else from the provider range
 * (when tagging for that provider is on), e.g. {@code aws-s3}. IPv4 and IPv6 throughout. A call
 * does a handful of binary searches and no I/O: cheap enough per flow row. Thread-safe.
 */
public final class DestinationClassifier {
  private static final Set<String> AWS_FREE_IN_REGION = Set.of("S3", "DYNAMODB");

  private final ClassificationRules rules;
  private final ProviderRanges ranges;
  private final PrefixMap<Special> special;

  private record Special(TrafficClass trafficClass, Basis basis, String name) {}

  public DestinationClassifier(ClassificationRules rules, ProviderRanges ranges) {
    this.rules = requireNonNull(rules, "rules is null");
    this.ranges = requireNonNull(ranges, "ranges is null");
    PrefixMap.Builder<Special> builder = PrefixMap.builder((a, b) -> a);
    privateRange(builder, "10.0.0.0/8", "RFC 1918");
    privateRange(builder, "172.16.0.0/12", "RFC 1918");
    privateRange(builder, "192.168.0.0/16", "RFC 1918");
    privateRange(builder, "100.64.0.0/10", "CGNAT (RFC 6598)");
    privateRange(builder, "fc00::/7", "ULA (RFC 4193)");
    privateRange(builder, "169.254.0.0/16", "link-local");
    privateRange(builder, "fe80::/10", "link-local");
    privateRange(builder, "127.0.0.0/8", "loopback");
    privateRange(builder, "::1/128", "loopback");
    notRoutable(builder, "0.0.0.0/8", "unspecified");
    notRoutable(builder, "::/128", "unspecified");
    notRoutable(builder, "224.0.0.0/4", "multicast");
    notRoutable(builder, "ff00::/8", "multicast");
    notRoutable(builder, "240.0.0.0/4", "reserved (RFC 1112) and broadcast");
    this.special = builder.build();
  }

  private static void privateRange(PrefixMap.Builder<Special> builder, String prefix, String name) {
    builder.put(
        IpPrefix.parse(prefix),
        new Special(TrafficClass.PRIVATE, Basis.PRIVATE_RANGE, name + " " + prefix));
  }

  private static void notRoutable(PrefixMap.Builder<Special> builder, String prefix, String name) {
    builder.put(
        IpPrefix.parse(prefix),
        new Special(TrafficClass.UNKNOWN, Basis.NOT_ROUTABLE, name + " " + prefix));
  }

  /** Classifies {@code peerIp} (an IPv4 or IPv6 literal). */
  public Destination classify(LocalEndpoint local, String peerIp) {
    return classify(local, IpAddresses.parse(peerIp));
  }

  /** Classifies a peer address of 4 or 16 bytes. */
  public Destination classify(LocalEndpoint local, byte[] peer) {
    requireNonNull(local, "local is null");
    requireNonNull(peer, "peer is null");
    Optional<CloudRange> range = ranges.lookup(peer);
    Optional<String> service =
        rules
            .service(peer)
            .or(() -> range.filter(r -> rules.tagsServicesOf(r.provider())).map(CloudRange::label));
    Optional<String> rangeProvider = range.map(CloudRange::provider);

    Optional<ClassificationRules.Rule> rule = rules.match(peer);
    if (rule.isPresent()) {
      return fromRule(local, rule.get(), rangeProvider, service);
    }
    if (range.isPresent()) {
      return fromRange(local, range.get(), service);
    }
    Optional<Special> specialRange = special.lookup(peer);
    if (specialRange.isPresent()) {
      Special s = specialRange.get();
      return new Destination(
          s.trafficClass(),
          s.basis(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          service,
          s.name());
    }
    return new Destination(
        TrafficClass.INTERNET,
        Basis.DEFAULT_INTERNET,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        service,
        "public address outside every loaded range");
  }

  private static Destination fromRule(
      LocalEndpoint local,
      ClassificationRules.Rule rule,
      Optional<String> rangeProvider,
      Optional<String> service) {
    String reason = rule.origin();
    return switch (rule.category()) {
      case DIRECT -> {
        String region = rule.region().orElseThrow();
        Optional<String> provider = Optional.of(local.provider());
        if (!region.equals(local.region())) {
          yield new Destination(
              TrafficClass.CROSS_REGION,
              Basis.USER_RULE,
              provider,
              rule.region(),
              rule.zone(),
              service,
              reason);
        }
        if (rule.zone().isEmpty()) {
          yield new Destination(
              TrafficClass.CROSS_ZONE,
              Basis.USER_RULE,
              provider,
              rule.region(),
              rule.zone(),
              service,
              reason);
        }
        if (local.zone().isEmpty()) {
          yield new Destination(
              TrafficClass.UNKNOWN,
              Basis.USER_RULE,
              provider,
              rule.region(),
              rule.zone(),
              service,
              reason + " (the local zone is unknown)");
        }
        TrafficClass trafficClass =
            rule.zone().get().equals(local.zone().get())
                ? TrafficClass.SAME_ZONE
                : TrafficClass.CROSS_ZONE;
        yield new Destination(
            trafficClass, Basis.USER_RULE, provider, rule.region(), rule.zone(), service, reason);
      }
      case INTERNET ->
          new Destination(
              TrafficClass.INTERNET,
              Basis.USER_RULE,
              rangeProvider,
              Optional.empty(),
              Optional.empty(),
              service,
              reason);
      case PRIVATE ->
          new Destination(
              TrafficClass.PRIVATE,
              Basis.USER_RULE,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              service,
              reason);
      case IN_ZONE ->
          new Destination(
              TrafficClass.SAME_ZONE,
              Basis.USER_RULE,
              Optional.of(local.provider()),
              Optional.of(local.region()),
              local.zone(),
              service,
              reason);
      case IN_REGION ->
          new Destination(
              TrafficClass.CROSS_ZONE,
              Basis.USER_RULE,
              Optional.of(local.provider()),
              Optional.of(local.region()),
              Optional.empty(),
              service,
              reason);
      case CROSS_REGION ->
          new Destination(
              TrafficClass.CROSS_REGION,
              Basis.USER_RULE,
              Optional.of(local.provider()),
              Optional.empty(),
              Optional.empty(),
              service,
              reason);
    };
  }

  private static Destination fromRange(
      LocalEndpoint local, CloudRange range, Optional<String> service) {
    String reason =
        range.provider()
            + " range "
            + range.prefix()
            + " "
            + range.service()
            + " "
            + range.region().orElse("global");
    Optional<String> provider = Optional.of(range.provider());
    if (!range.provider().equals(local.provider()) || range.region().isEmpty()) {
      return new Destination(
          TrafficClass.INTERNET,
          Basis.PROVIDER_RANGES,
          provider,
          range.region(),
          Optional.empty(),
          service,
          reason);
    }
    if (!range.region().get().equals(local.region())) {
      return new Destination(
          TrafficClass.CROSS_REGION,
          Basis.PROVIDER_RANGES,
          provider,
          range.region(),
          Optional.empty(),
          service,
          reason);
    }
    TrafficClass trafficClass =
        range.provider().equals("aws") && AWS_FREE_IN_REGION.contains(range.service())
            ? TrafficClass.SAME_ZONE
            : TrafficClass.CROSS_ZONE;
    return new Destination(
        trafficClass,
        Basis.PROVIDER_RANGES,
        provider,
        range.region(),
        Optional.empty(),
        service,
        reason);
  }
}
