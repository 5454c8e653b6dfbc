package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.KeyValueLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings of the egress signals, read from a {@code key = value} file ({@link KeyValueLines}; see
 * docs/signals.md).
 *
 * @param warmupDays days with traffic a workload needs before new destinations, ASNs, countries and
 *     ports alert (flagged mining-pool and proxy ports alert even during warm-up)
 * @param baselineDays the trailing window (days before the run date) for volume baselines and for
 *     rebuilding first-seen state when no earlier state snapshot exists
 * @param minBaselineDays baseline days a workload needs before a spike can alert
 * @param spikeSigmas how many robust standard deviations above the median is a spike
 * @param spikeFloorFraction lower bound of the robust standard deviation, as a fraction of the
 *     median, so a perfectly flat baseline (MAD 0) does not alert on a small wobble
 * @param spikeMinIncreaseBytes a spike must also exceed the median by at least this many bytes
 * @param newDestinationMinBytes new-destination alerts need at least this many bytes (sent plus
 *     received) to that destination on the day
 * @param allowedCountries namespace (or {@code *} for all others) to allowed ISO country codes
 * @param allowedAsns namespace (or {@code *}) to allowed AS numbers
 * @param ignoredDestinations destinations that never produce destination alerts (still count in
 *     volumes)
 */
public record SignalsConfig(
    String source,
    int warmupDays,
    int baselineDays,
    int minBaselineDays,
    double spikeSigmas,
    double spikeFloorFraction,
    long spikeMinIncreaseBytes,
    long newDestinationMinBytes,
    Optional<Path> countryDatabase,
    Optional<Path> asnDatabase,
    Set<Integer> miningPoolPorts,
    Set<Integer> proxyPorts,
    Severity minSeverity,
    Map<String, Set<String>> allowedCountries,
    Map<String, Set<Long>> allowedAsns,
    List<IpPrefix> ignoredDestinations,
    List<Suppression> suppressions,
    Optional<URI> webhookUrl,
    WebhookFormat webhookFormat,
    Severity webhookMinSeverity) {

  static final String DEFAULT_MINING_POOL_PORTS =
      "3333, 4444, 5555, 6666, 7777, 14433, 14444, 20535, 20580, 45560, 45700";
  static final String DEFAULT_PROXY_PORTS = "1080, 3128, 8118, 9001, 9030, 9050, 9051, 9150";

  public SignalsConfig {
    requireNonNull(source, "source is null");
    requireNonNull(countryDatabase, "countryDatabase is null");
    requireNonNull(asnDatabase, "asnDatabase is null");
    miningPoolPorts = Set.copyOf(requireNonNull(miningPoolPorts, "miningPoolPorts is null"));
    proxyPorts = Set.copyOf(requireNonNull(proxyPorts, "proxyPorts is null"));
    requireNonNull(minSeverity, "minSeverity is null");
    allowedCountries = Map.copyOf(requireNonNull(allowedCountries, "allowedCountries is null"));
    allowedAsns = Map.copyOf(requireNonNull(allowedAsns, "allowedAsns is null"));
    ignoredDestinations = List.copyOf(requireNonNull(ignoredDestinations, "ignored is null"));
    suppressions = List.copyOf(requireNonNull(suppressions, "suppressions is null"));
    requireNonNull(webhookUrl, "webhookUrl is null");
    requireNonNull(webhookFormat, "webhookFormat is null");
    requireNonNull(webhookMinSeverity, "webhookMinSeverity is null");
    if (warmupDays < 0) {
      throw new IllegalArgumentException(source + ": warmup.days is negative: " + warmupDays);
    }
    if (baselineDays < 1) {
      throw new IllegalArgumentException(source + ": baseline.days must be >= 1: " + baselineDays);
    }
    if (minBaselineDays < 1 || minBaselineDays > baselineDays) {
      throw new IllegalArgumentException(
          source
              + ": spike.min_baseline_days must be between 1 and baseline.days ("
              + baselineDays
              + "): "
              + minBaselineDays);
    }
    if (!(spikeSigmas > 0)) {
      throw new IllegalArgumentException(source + ": spike.sigmas must be > 0: " + spikeSigmas);
    }
    if (!(spikeFloorFraction >= 0)) {
      throw new IllegalArgumentException(
          source + ": spike.floor_fraction must be >= 0: " + spikeFloorFraction);
    }
    if (spikeMinIncreaseBytes < 0 || newDestinationMinBytes < 0) {
      throw new IllegalArgumentException(source + ": byte thresholds must be >= 0");
    }
  }

  /** The defaults: no geo databases, no allow-lists, no suppressions, no webhook. */
  public static SignalsConfig defaults() {
    return parse("", "defaults");
  }

  public static SignalsConfig load(Path file) {
    requireNonNull(file, "file is null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read signals config: " + file, e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), base);
  }

  public static SignalsConfig parse(String text, String source) {
    return parse(text, source, null);
  }

  /**
   * Parses the config text; relative database paths resolve against {@code base} when given. Errors
   * name the source and line.
   */
  static SignalsConfig parse(String text, String source, Path base) {
    requireNonNull(text, "text is null");
    requireNonNull(source, "source is null");
    Map<String, String> values = new TreeMap<>();
    Map<String, String> where = new TreeMap<>();
    List<Suppression> suppressions = new ArrayList<>();
    Map<String, Set<String>> allowedCountries = new TreeMap<>();
    Map<String, Set<Long>> allowedAsns = new TreeMap<>();
    List<IpPrefix> ignored = new ArrayList<>();
    for (KeyValueLines.Line line : KeyValueLines.parse(text)) {
      String at = source + " line " + line.number();
      if (!line.hasKey()) {
        throw new IllegalArgumentException(at + ": expected key = value: '" + line.text() + "'");
      }
      String key = line.key();
      String value = line.value();
      try {
        if (key.equals("suppress")) {
          suppressions.add(Suppression.parse(value, at));
        } else if (key.startsWith("allow.countries.")) {
          String namespace = key.substring("allow.countries.".length());
          Set<String> codes = new LinkedHashSet<>();
          for (String code : list(value)) {
            if (!code.matches("[A-Za-z]{2}")) {
              throw new IllegalArgumentException("invalid country code: " + code);
            }
            codes.add(code.toUpperCase(Locale.ROOT));
          }
          putOnce(allowedCountries, namespace, codes, key);
        } else if (key.startsWith("allow.asns.")) {
          String namespace = key.substring("allow.asns.".length());
          Set<Long> asns = new LinkedHashSet<>();
          for (String asn : list(value)) {
            asns.add(parseAsn(asn));
          }
          putOnce(allowedAsns, namespace, asns, key);
        } else if (key.equals("ignore.destinations")) {
          for (String cidr : list(value)) {
            ignored.add(IpPrefix.parse(cidr));
          }
        } else if (KEYS.contains(key)) {
          if (values.containsKey(key)) {
            throw new IllegalArgumentException(
                "duplicate key " + key + " (first at " + where.get(key) + ")");
          }
          values.put(key, value);
          where.put(key, at);
        } else {
          throw new IllegalArgumentException("unknown key: " + key);
        }
      } catch (RuntimeException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(at)) {
          throw e;
        }
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    Reader reader = new Reader(values, where, source);
    return new SignalsConfig(
        source,
        reader.integer("warmup.days", 3),
        reader.integer("baseline.days", 14),
        reader.integer("spike.min_baseline_days", 7),
        reader.decimal("spike.sigmas", 6.0),
        reader.decimal("spike.floor_fraction", 0.5),
        reader.bytes("spike.min_increase_bytes", 100L * 1024 * 1024),
        reader.bytes("new_destination.min_bytes", 0),
        reader.path("geoip.country_database", base),
        reader.path("geoip.asn_database", base),
        reader.ports("ports.mining_pool", DEFAULT_MINING_POOL_PORTS),
        reader.ports("ports.proxy", DEFAULT_PROXY_PORTS),
        reader.severity("alerts.min_severity", Severity.LOW),
        allowedCountries,
        allowedAsns,
        ignored,
        suppressions,
        reader.uri("webhook.url"),
        reader.value("webhook.format").map(WebhookFormat::fromWireName).orElse(WebhookFormat.JSON),
        reader.severity("webhook.min_severity", Severity.MEDIUM));
  }

  private static final Set<String> KEYS =
      Set.of(
          "warmup.days",
          "baseline.days",
          "spike.min_baseline_days",
          "spike.sigmas",
          "spike.floor_fraction",
          "spike.min_increase_bytes",
          "new_destination.min_bytes",
          "geoip.country_database",
          "geoip.asn_database",
          "ports.mining_pool",
          "ports.proxy",
          "alerts.min_severity",
          "webhook.url",
          "webhook.format",
          "webhook.min_severity");

  /** Allowed countries for a namespace: its own list, else the {@code *} list, else none. */
  public Optional<Set<String>> allowedCountries(String namespace) {
    return Optional.ofNullable(allowedCountries.getOrDefault(namespace, allowedCountries.get("*")));
  }

  public Optional<Set<Long>> allowedAsns(String namespace) {
    return Optional.ofNullable(allowedAsns.getOrDefault(namespace, allowedAsns.get("*")));
  }

  public boolean ignored(String ip) {
    for (IpPrefix cidr : ignoredDestinations) {
      if (cidr.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  private static <T> void putOnce(
      Map<String, Set<T>> map, String namespace, Set<T> set, String key) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("missing namespace in key " + key);
    }
    if (map.put(namespace, set) != null) {
      throw new IllegalArgumentException("duplicate key " + key);
    }
  }

  static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  static long parseAsn(String text) {
    String digits = text.regionMatches(true, 0, "AS", 0, 2) ? text.substring(2) : text;
    long asn;
    try {
      asn = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid ASN: " + text);
    }
    if (asn < 0 || asn > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("invalid ASN: " + text);
    }
    return asn;
  }

  static int parsePort(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port: " + text);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("invalid port: " + text);
    }
    return port;
  }

  private record Reader(Map<String, String> values, Map<String, String> where, String source) {
    Optional<String> value(String key) {
      return Optional.ofNullable(values.get(key));
    }

    private <T> T convert(String key, T fallback, java.util.function.Function<String, T> parser) {
      String text = values.get(key);
      if (text == null) {
        return fallback;
      }
      try {
        return parser.apply(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            where.get(key) + ": invalid " + key + ": '" + text + "': " + e.getMessage(), e);
      }
    }

    int integer(String key, int fallback) {
      return convert(key, fallback, Integer::parseInt);
    }

    double decimal(String key, double fallback) {
      return convert(key, fallback, Double::parseDouble);
    }

    long bytes(String key, long fallback) {
      return convert(key, fallback, Long::parseLong);
    }

    Severity severity(String key, Severity fallback) {
      return convert(key, fallback, Severity::fromWireName);
    }

    Set<Integer> ports(String key, String fallback) {
      String text = values.getOrDefault(key, fallback);
      Set<Integer> ports = new HashSet<>();
      for (String port : list(text)) {
        try {
          ports.add(parsePort(port));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              (where.containsKey(key) ? where.get(key) : source)
                  + ": "
                  + key
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      return ports;
    }

    Optional<Path> path(String key, Path base) {
      return value(key)
          .filter(text -> !text.isEmpty())
          .map(text -> base == null ? Path.of(text) : base.resolve(text));
    }

    Optional<URI> uri(String key) {
      return Optional.ofNullable(
          convert(
              key,
              null,
              text -> {
                URI uri = URI.create(text);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                  throw new IllegalArgumentException("expected an http or https URL");
                }
                return uri;
              }));
    }
  }
}
