package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.PrefixMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Priced network components on a flow's path: managed NAT gateways, VPC/VNet peerings and per-GiB
 * load balancers, from the user's {@code network-paths.yaml}:
 *
 * <pre>
 * nat-gateways:
 *   - name: nat-use1a
 *     provider: aws
 *     region: us-east-1
 *     node-pools: [general]           # node pool label values whose nodes egress through it
 *     subnets: [10.0.0.0/20]          # local (node or pod) addresses behind it
 *     nat-ips: [54.12.34.56]          # its public addresses, as seen in snat_ip
 *     bypass: [18.34.0.0/19]          # destinations that skip it (S3 gateway endpoint, ...)
 * vpc-peerings:
 *   - name: shared-services
 *     provider: aws
 *     region: us-east-1
 *     cidrs: [10.200.0.0/16]          # the peered network
 * load-balancers:
 *   - name: public-ingress
 *     provider: azure
 *     region: eastus
 *     ips: [20.1.2.3]                 # frontend addresses (peer or peer_pre_nat_ip)
 * </pre>
 *
 * <p>A NAT gateway applies to a row whose peer is reached over a public address (the destination is
 * internet, or came from provider ranges or the internet default) when the row's node pool, local
 * address or SNAT address matches, and the peer is not in {@code bypass}. It processes the bytes in
 * both directions: the job adds {@code sent_bytes x nat_gateway egress rate} and {@code
 * received_bytes x nat_gateway ingress rate} to the row. Peerings match the peer address and load
 * balancers the peer or pre-NAT peer address; their rates come from the same sheet items.
 */
public final class NetworkPaths {
  private static final Set<String> ROOT_KEYS =
      ordered("nat-gateways", "vpc-peerings", "load-balancers");
  private static final Set<String> NAT_KEYS =
      ordered("name", "provider", "region", "node-pools", "subnets", "nat-ips", "bypass");
  private static final Set<String> PEERING_KEYS = ordered("name", "provider", "region", "cidrs");
  private static final Set<String> LB_KEYS = ordered("name", "provider", "region", "ips");

  /** One flow row as the job sees it. */
  public record FlowPath(
      Optional<String> nodePool,
      byte[] localIp,
      byte[] peerIp,
      Optional<byte[]> snatIp,
      Optional<byte[]> peerPreNatIp) {
    public FlowPath {
      requireNonNull(nodePool, "nodePool is null");
      requireNonNull(localIp, "localIp is null");
      requireNonNull(peerIp, "peerIp is null");
      requireNonNull(snatIp, "snatIp is null");
      requireNonNull(peerPreNatIp, "peerPreNatIp is null");
    }

    /** From the text columns of network_flows (canonical IP text; empty for null columns). */
    public static FlowPath of(
        Optional<String> nodePool,
        String localIp,
        String peerIp,
        Optional<String> snatIp,
        Optional<String> peerPreNatIp) {
      return new FlowPath(
          nodePool,
          IpAddresses.parse(localIp),
          IpAddresses.parse(peerIp),
          snatIp.map(IpAddresses::parse),
          peerPreNatIp.map(IpAddresses::parse));
    }
  }

  /** A surcharge on a row: which item to quote, for which component, in which provider region. */
  public record PathCharge(Surcharge surcharge, String component, String provider, String region) {
    public PathCharge {
      requireNonNull(surcharge, "surcharge is null");
      requireNonNull(component, "component is null");
      requireNonNull(provider, "provider is null");
      requireNonNull(region, "region is null");
    }
  }

  private record Component(
      Surcharge surcharge,
      String name,
      String provider,
      String region,
      Set<String> nodePools,
      PrefixMap<Boolean> local,
      PrefixMap<Boolean> snat,
      PrefixMap<Boolean> peer,
      PrefixMap<Boolean> bypass) {}

  private final List<Component> components;
  private final List<String> warnings;

  private NetworkPaths(List<Component> components, List<String> warnings) {
    this.components = List.copyOf(components);
    this.warnings = List.copyOf(warnings);
  }

  public static NetworkPaths none() {
    return new NetworkPaths(List.of(), List.of());
  }

  /**
   * What the file asks that the nightly job cannot do: {@code node-pools} of a NAT gateway never
   * match there, as network_flows carries no node pool (the job prices with no node pool); a
   * gateway with node pools only never applies.
   */
  public List<String> warnings() {
    return warnings;
  }

  /** True when no path is configured: no row pays a surcharge. */
  public boolean isEmpty() {
    return components.isEmpty();
  }

  public static NetworkPaths load(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(path.toString(), in);
    }
  }

  public static NetworkPaths parse(String file, InputStream in) throws IOException {
    Map<String, YamlDocument.Value> root = YamlDocument.read(file, in).mapping(ROOT_KEYS);
    List<Component> components = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlDocument.Value entry : list(root, "nat-gateways")) {
      Map<String, YamlDocument.Value> fields = entry.mapping(NAT_KEYS);
      Set<String> pools = new LinkedHashSet<>();
      for (YamlDocument.Value pool : list(fields, "node-pools")) {
        pools.add(pool.string());
      }
      PrefixMap<Boolean> subnets = prefixes(list(fields, "subnets"));
      PrefixMap<Boolean> natIps = prefixes(list(fields, "nat-ips"));
      if (pools.isEmpty() && subnets.size() == 0 && natIps.size() == 0) {
        throw entry.error("a NAT gateway needs node-pools, subnets or nat-ips to match flows");
      }
      String name = name(entry, fields, names);
      if (!pools.isEmpty()) {
        YamlDocument.Value field = fields.get("node-pools");
        warnings.add(
            field
                .error(
                    subnets.size() == 0 && natIps.size() == 0
                        ? "NAT gateway "
                            + name
                            + " matches by node-pools only, and the nightly job knows no node"
                            + " pools (network_flows has none): it never applies; give it subnets"
                            + " or nat-ips"
                        : "ignored by the nightly job, which knows no node pools (network_flows"
                            + " has none): NAT gateway "
                            + name
                            + " matches by its subnets and nat-ips only")
                .getMessage());
      }
      components.add(
          new Component(
              Surcharge.NAT_GATEWAY,
              name,
              required(entry, fields, "provider"),
              required(entry, fields, "region"),
              pools,
              subnets,
              natIps,
              prefixes(List.of()),
              prefixes(list(fields, "bypass"))));
    }
    for (YamlDocument.Value entry : list(root, "vpc-peerings")) {
      Map<String, YamlDocument.Value> fields = entry.mapping(PEERING_KEYS);
      components.add(
          new Component(
              Surcharge.VPC_PEERING,
              name(entry, fields, names),
              required(entry, fields, "provider"),
              required(entry, fields, "region"),
              Set.of(),
              prefixes(List.of()),
              prefixes(List.of()),
              nonEmpty(entry, "cidrs", prefixes(list(fields, "cidrs"))),
              prefixes(List.of())));
    }
    for (YamlDocument.Value entry : list(root, "load-balancers")) {
      Map<String, YamlDocument.Value> fields = entry.mapping(LB_KEYS);
      components.add(
          new Component(
              Surcharge.LOAD_BALANCER,
              name(entry, fields, names),
              required(entry, fields, "provider"),
              required(entry, fields, "region"),
              Set.of(),
              prefixes(List.of()),
              prefixes(List.of()),
              nonEmpty(entry, "ips", prefixes(list(fields, "ips"))),
              prefixes(List.of())));
    }
    return new NetworkPaths(components, warnings);
  }

  /**
   * The surcharges the row's bytes pay, in file order (at most one NAT gateway: the first match).
   */
  public List<PathCharge> charges(FlowPath path, Destination destination) {
    requireNonNull(path, "path is null");
    requireNonNull(destination, "destination is null");
    List<PathCharge> charges = new ArrayList<>();
    boolean nat = false;
    for (Component component : components) {
      boolean applies =
          switch (component.surcharge) {
            case NAT_GATEWAY ->
                !nat && reachedOverPublicAddress(destination) && natMatches(component, path);
            case VPC_PEERING -> component.peer.lookup(path.peerIp()).isPresent();
            case LOAD_BALANCER ->
                component.peer.lookup(path.peerIp()).isPresent()
                    || path.peerPreNatIp().flatMap(component.peer::lookup).isPresent();
          };
      if (applies) {
        nat |= component.surcharge == Surcharge.NAT_GATEWAY;
        charges.add(
            new PathCharge(
                component.surcharge, component.name, component.provider, component.region));
      }
    }
    return charges;
  }

  /** Reached over a public address: what a NAT gateway translates. */
  private static boolean reachedOverPublicAddress(Destination destination) {
    return switch (destination.basis()) {
      case PROVIDER_RANGES, DEFAULT_INTERNET -> true;
      case USER_RULE -> destination.trafficClass() == TrafficClass.INTERNET;
      case PRIVATE_RANGE, NOT_ROUTABLE -> false;
    };
  }

  private static boolean natMatches(Component nat, FlowPath path) {
    if (nat.bypass.lookup(path.peerIp()).isPresent()) {
      return false;
    }
    return path.nodePool().map(nat.nodePools::contains).orElse(false)
        || nat.local.lookup(path.localIp()).isPresent()
        || path.snatIp().flatMap(nat.snat::lookup).isPresent();
  }

  private static List<YamlDocument.Value> list(Map<String, YamlDocument.Value> fields, String key) {
    return YamlDocument.optional(fields, key).map(YamlDocument.Value::sequence).orElse(List.of());
  }

  private static PrefixMap<Boolean> prefixes(List<YamlDocument.Value> items) {
    PrefixMap.Builder<Boolean> builder = PrefixMap.builder((a, b) -> a);
    for (YamlDocument.Value item : items) {
      builder.put(item.prefix(), Boolean.TRUE);
    }
    return builder.build();
  }

  private static PrefixMap<Boolean> nonEmpty(
      YamlDocument.Value entry, String key, PrefixMap<Boolean> map) {
    if (map.size() == 0) {
      throw entry.error("missing " + key);
    }
    return map;
  }

  private static String required(
      YamlDocument.Value entry, Map<String, YamlDocument.Value> fields, String key) {
    YamlDocument.Value value =
        YamlDocument.optional(fields, key).orElseThrow(() -> entry.error("missing " + key));
    String text = value.string().trim();
    if (!text.matches("[a-z0-9][a-z0-9-]*")) {
      throw value.error("invalid name '" + text + "' (lower case letters, digits, '-')");
    }
    return text;
  }

  private static String name(
      YamlDocument.Value entry, Map<String, YamlDocument.Value> fields, Set<String> names) {
    YamlDocument.Value value =
        YamlDocument.optional(fields, "name").orElseThrow(() -> entry.error("missing name"));
    String name = value.string();
    if (!names.add(name)) {
      throw value.error("duplicate name '" + name + "'");
    }
    return name;
  }

  private static Set<String> ordered(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }
}
