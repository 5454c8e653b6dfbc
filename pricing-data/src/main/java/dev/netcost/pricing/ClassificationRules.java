package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.PrefixMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * User classification rules, read from Kubecost's {@code network-costs-config} YAML as it is, so
 * users migrate with their file. Accepted shapes: the ConfigMap's {@code config.yaml} (top-level
 * {@code destinations} and {@code services}) or a Helm values file ({@code networkCosts.config}).
 *
 * <pre>
 * destinations:
 *   in-zone: [CIDR...]           # same_zone
 *   in-region: [CIDR...]         # cross_zone (same region, other zone)
 *   cross-region: [CIDR...]      # cross_region (peer region unknown: priced by the wildcard row)
 *   internet: [CIDR...]          # internet
 *   direct-classification:       # the peer's region (required) and zone (optional)
 *     - region: us-east-1
 *       zone: us-east-1a
 *       ips: [CIDR...]
 *   private: [CIDR...]           # netcost extension: peered VPCs, VPN, Direct Connect -> private
 * services:
 *   amazon-web-services: true    # label peers in AWS ranges with their service
 *   google-cloud-services: true
 *   azure-cloud-services: true
 *   services:                    # custom service labels
 *     - service: payments-api
 *       ips: [CIDR...]
 * </pre>
 *
 * <p>Precedence between the lists is Kubecost's: direct-classification, then internet, then
 * (netcost's) private, then in-zone, in-region, cross-region; within one list the longest prefix
 * wins. Entries may be addresses or CIDRs, IPv4 or IPv6. Unknown keys, malformed CIDRs and a zone
 * that does not belong to its region are errors naming the file, line and field; Kubecost's default
 * in-zone list (all of 10.0.0.0/8 as same zone, kubecost#820) is accepted with a warning.
 */
public final class ClassificationRules {
  /** A matched user rule: where it is written and what it says. */
  record Rule(Category category, Optional<String> region, Optional<String> zone, String origin) {}

  enum Category {
    DIRECT("direct-classification"),
    INTERNET("internet"),
    PRIVATE("private"),
    IN_ZONE("in-zone"),
    IN_REGION("in-region"),
    CROSS_REGION("cross-region");

    private final String key;

    Category(String key) {
      this.key = key;
    }

    String key() {
      return key;
    }
  }

  private static final Set<String> ROOT_KEYS = Set.of("destinations", "services");
  private static final Set<String> DESTINATION_KEYS =
      orderedSet(
          "in-zone", "in-region", "cross-region", "internet", "direct-classification", "private");
  private static final Set<String> DIRECT_KEYS = orderedSet("region", "zone", "ips");
  private static final Set<String> SERVICES_KEYS =
      orderedSet(
          "amazon-web-services", "google-cloud-services", "azure-cloud-services", "services");
  private static final Set<String> SERVICE_KEYS = orderedSet("service", "ips");
  private static final List<String> BROAD_PRIVATE =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

  private final List<PrefixMap<Rule>> layers; // in precedence order
  private final PrefixMap<String> services;
  private final Map<String, Boolean> providerServiceTagging;
  private final List<String> warnings;
  private final String source;

  private ClassificationRules(
      List<PrefixMap<Rule>> layers,
      PrefixMap<String> services,
      Map<String, Boolean> providerServiceTagging,
      List<String> warnings,
      String source) {
    this.layers = List.copyOf(layers);
    this.services = services;
    this.providerServiceTagging = Map.copyOf(providerServiceTagging);
    this.warnings = List.copyOf(warnings);
    this.source = source;
  }

  /** No user rules: provider ranges, private ranges, then internet; every provider tagged. */
  public static ClassificationRules none() {
    return new ClassificationRules(
        List.of(),
        PrefixMap.<String>builder((a, b) -> a).build(),
        Map.of("aws", true, "gcp", true, "azure", true),
        List.of(),
        "none");
  }

  public static ClassificationRules load(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(path.toString(), in);
    }
  }

  public static ClassificationRules parse(String file, InputStream in) throws IOException {
    YamlDocument.Value root = YamlDocument.read(file, in);
    Map<String, YamlDocument.Value> top = root.mapping(Set.of());
    Map<String, YamlDocument.Value> config;
    if (top.containsKey("networkCosts")) {
      // a Helm values file: only networkCosts.config is ours
      YamlDocument.Value networkCosts = top.get("networkCosts");
      Optional<YamlDocument.Value> nested =
          YamlDocument.optional(networkCosts.mapping(Set.of()), "config");
      if (nested.isEmpty()) {
        throw networkCosts.error("has no config");
      }
      config = nested.get().mapping(ROOT_KEYS);
    } else {
      config = root.mapping(ROOT_KEYS);
    }
    List<String> warnings = new ArrayList<>();
    List<PrefixMap<Rule>> layers = new ArrayList<>();
    Optional<YamlDocument.Value> destinations = YamlDocument.optional(config, "destinations");
    Map<String, YamlDocument.Value> lists =
        destinations.map(d -> d.mapping(DESTINATION_KEYS)).orElse(Map.of());
    for (Category category : Category.values()) {
      PrefixMap.Builder<Rule> layer = PrefixMap.builder((a, b) -> a);
      Optional<YamlDocument.Value> list = YamlDocument.optional(lists, category.key());
      if (list.isPresent()) {
        if (category == Category.DIRECT) {
          Map<IpPrefix, Rule> seen = new HashMap<>();
          for (YamlDocument.Value entry : list.get().sequence()) {
            direct(file, entry, layer, seen);
          }
        } else {
          for (YamlDocument.Value item : list.get().sequence()) {
            IpPrefix prefix = item.prefix();
            layer.put(
                prefix,
                new Rule(category, Optional.empty(), Optional.empty(), origin(file, item, prefix)));
            if (category == Category.IN_ZONE && BROAD_PRIVATE.contains(prefix.toString())) {
              warnings.add(
                  file
                      + " line "
                      + item.line()
                      + " field "
                      + item.path()
                      + ": "
                      + prefix
                      + " marks a whole private block as same zone (Kubecost's default, kubecost#820);"
                      + " on a multi-zone VPC list subnets per zone under direct-classification instead");
            }
          }
        }
      }
      layers.add(layer.build());
    }

    Map<String, Boolean> tagging = new HashMap<>(Map.of("aws", true, "gcp", true, "azure", true));
    PrefixMap.Builder<String> services = PrefixMap.builder((a, b) -> a);
    Optional<YamlDocument.Value> servicesSection = YamlDocument.optional(config, "services");
    if (servicesSection.isPresent()) {
      Map<String, YamlDocument.Value> entries = servicesSection.get().mapping(SERVICES_KEYS);
      YamlDocument.optional(entries, "amazon-web-services")
          .ifPresent(v -> tagging.put("aws", v.bool()));
      YamlDocument.optional(entries, "google-cloud-services")
          .ifPresent(v -> tagging.put("gcp", v.bool()));
      YamlDocument.optional(entries, "azure-cloud-services")
          .ifPresent(v -> tagging.put("azure", v.bool()));
      Optional<YamlDocument.Value> custom = YamlDocument.optional(entries, "services");
      if (custom.isPresent()) {
        for (YamlDocument.Value entry : custom.get().sequence()) {
          Map<String, YamlDocument.Value> fields = entry.mapping(SERVICE_KEYS);
          String name =
              YamlDocument.optional(fields, "service")
                  .orElseThrow(() -> entry.error("missing service"))
                  .string();
          YamlDocument.Value ips =
              YamlDocument.optional(fields, "ips").orElseThrow(() -> entry.error("missing ips"));
          for (YamlDocument.Value item : ips.sequence()) {
            services.put(item.prefix(), name);
          }
        }
      }
    }
    return new ClassificationRules(layers, services.build(), tagging, warnings, file);
  }

  private static void direct(
      String file,
      YamlDocument.Value entry,
      PrefixMap.Builder<Rule> layer,
      Map<IpPrefix, Rule> seen) {
    Map<String, YamlDocument.Value> fields = entry.mapping(DIRECT_KEYS);
    YamlDocument.Value regionValue =
        YamlDocument.optional(fields, "region")
            .orElseThrow(() -> entry.error("missing region (required)"));
    String region = regionValue.string().trim();
    if (region.isEmpty()) {
      throw regionValue.error("is empty");
    }
    Optional<String> zone = Optional.empty();
    Optional<YamlDocument.Value> zoneValue = YamlDocument.optional(fields, "zone");
    if (zoneValue.isPresent()) {
      String text = zoneValue.get().string().trim();
      // AWS us-east-1a, GCP us-east1-c, Azure eastus-1 all start with their region: a mistyped
      // region would otherwise silently misclassify (opencost#518)
      if (!text.startsWith(region)) {
        throw zoneValue.get().error("zone '" + text + "' is not in region '" + region + "'");
      }
      zone = Optional.of(text);
    }
    YamlDocument.Value ips =
        YamlDocument.optional(fields, "ips").orElseThrow(() -> entry.error("missing ips"));
    for (YamlDocument.Value item : ips.sequence()) {
      IpPrefix prefix = item.prefix();
      Rule rule = new Rule(Category.DIRECT, Optional.of(region), zone, origin(file, item, prefix));
      Rule earlier = seen.putIfAbsent(prefix, rule);
      if (earlier != null
          && (!earlier.region().equals(rule.region()) || !earlier.zone().equals(rule.zone()))) {
        throw item.error(
            prefix
                + " is also placed in "
                + earlier.region().orElseThrow()
                + earlier.zone().map(z -> "/" + z).orElse("")
                + " by "
                + earlier.origin());
      }
      layer.put(prefix, rule);
    }
  }

  private static String origin(String file, YamlDocument.Value item, IpPrefix prefix) {
    return file + " line " + item.line() + " " + item.path() + " " + prefix;
  }

  private static Set<String> orderedSet(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }

  /** The first user rule matching {@code address}, in precedence order. */
  Optional<Rule> match(byte[] address) {
    for (PrefixMap<Rule> layer : layers) {
      Optional<Rule> rule = layer.lookup(address);
      if (rule.isPresent()) {
        return rule;
      }
    }
    return Optional.empty();
  }

  Optional<String> service(byte[] address) {
    return services.lookup(address);
  }

  boolean tagsServicesOf(String provider) {
    return providerServiceTagging.getOrDefault(provider, false);
  }

  /** Accepted but suspicious settings, one message per line (file, line, field). */
  public List<String> warnings() {
    return warnings;
  }

  /** The file the rules came from ({@code none} without a file). */
  public String source() {
    return requireNonNull(source);
  }
}
