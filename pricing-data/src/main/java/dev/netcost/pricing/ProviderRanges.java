package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.PrefixMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers' published address ranges, loaded from the files the user refreshes: AWS {@code
 * ip-ranges.json}, Google Cloud {@code cloud.json} and Azure Service Tags ({@code
 * ServiceTags_Public_*.json}). The format is recognised from the content. IPv4 and IPv6.
 *
 * <p>When several entries publish the same prefix, the most specific one is kept: one with a region
 * over a global one, then a named service over a catch-all ({@code AMAZON}, {@code AzureCloud}),
 * then the alphabetically first service, so the result does not depend on file order.
 */
public final class ProviderRanges {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Comparator<CloudRange> PREFERENCE =
      Comparator.comparing((CloudRange r) -> r.region().isEmpty())
          .thenComparingInt(r -> generality(r.service()))
          .thenComparing(CloudRange::service)
          .thenComparing(r -> r.region().orElse(""));

  private final PrefixMap<CloudRange> ranges;
  private final List<String> versions;

  private ProviderRanges(PrefixMap<CloudRange> ranges, List<String> versions) {
    this.ranges = ranges;
    this.versions = List.copyOf(versions);
  }

  public static ProviderRanges empty() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The most specific published range containing {@code address} (4 or 16 bytes). */
  public Optional<CloudRange> lookup(byte[] address) {
    return ranges.lookup(address);
  }

  public Optional<CloudRange> lookup(String address) {
    return lookup(IpAddresses.parse(address));
  }

  /** Distinct prefixes loaded. */
  public int size() {
    return ranges.size();
  }

  /** Per loaded file: {@code <provider>:<the file's own sync token or change number>}. */
  public List<String> versions() {
    return versions;
  }

  /** Catch-all tags rank last; EC2, which AWS also lists for its S3 and other prefixes, next. */
  private static int generality(String service) {
    return switch (service) {
      case "AMAZON", "AzureCloud" -> 2;
      case "EC2" -> 1;
      default -> 0;
    };
  }

  private static CloudRange prefer(CloudRange a, CloudRange b) {
    return PREFERENCE.compare(a, b) <= 0 ? a : b;
  }

  public static final class Builder {
    private final PrefixMap.Builder<CloudRange> ranges = PrefixMap.builder(ProviderRanges::prefer);
    private final List<String> versions = new ArrayList<>();
    private final Map<String, CloudRange> templates = new HashMap<>();

    private Builder() {}

    public Builder load(Path path) throws IOException {
      try (InputStream in = Files.newInputStream(path)) {
        return load(path.toString(), in);
      }
    }

    /** Loads one range file; errors name the file, the line and the field. */
    public Builder load(String file, InputStream in) throws IOException {
      requireNonNull(file, "file is null");
      JsonFactory factory = MAPPER.getFactory();
      try (JsonParser parser = factory.createParser(in)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new InvalidInputException(file, line(parser), "(root)", "expected a JSON object");
        }
        String provider = null;
        String version = null;
        int entries = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (name) {
            case "createDate" -> {
              provider = "aws";
              version = parser.getValueAsString();
            }
            case "creationTime" -> {
              provider = "gcp";
              version = parser.getValueAsString();
            }
            case "changeNumber" -> version = parser.getValueAsString();
            case "cloud" -> provider = "azure";
            case "prefixes", "ipv6_prefixes", "values" -> {
              if (value != JsonToken.START_ARRAY) {
                throw new InvalidInputException(file, line(parser), name, "expected an array");
              }
              while (parser.nextToken() != JsonToken.END_ARRAY) {
                int line = line(parser);
                JsonNode node = MAPPER.readTree(parser);
                entries +=
                    name.equals("values") ? azure(file, line, node) : prefix(file, line, node);
              }
            }
            default -> parser.skipChildren();
          }
        }
        if (entries == 0) {
          throw new InvalidInputException(
              file,
              line(parser),
              "prefixes",
              "no ranges: not an AWS, Google Cloud or Azure range file");
        }
        versions.add(
            (provider == null ? "unknown" : provider) + ":" + (version == null ? "?" : version));
      } catch (JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        throw new InvalidInputException(file, line, "json", e.getOriginalMessage(), e);
      }
      return this;
    }

    public ProviderRanges build() {
      return new ProviderRanges(ranges.build(), versions);
    }

    /** An AWS or Google Cloud prefix entry. */
    private int prefix(String file, int line, JsonNode node) {
      if (node.has("ip_prefix") || node.has("ipv6_prefix")) {
        String field = node.has("ip_prefix") ? "ip_prefix" : "ipv6_prefix";
        String region = text(file, line, node, "region");
        add(
            file,
            line,
            field,
            text(file, line, node, field),
            "aws",
            text(file, line, node, "service"),
            region.equals("GLOBAL") ? Optional.empty() : Optional.of(region));
        return 1;
      }
      if (node.has("ipv4Prefix") || node.has("ipv6Prefix")) {
        String field = node.has("ipv4Prefix") ? "ipv4Prefix" : "ipv6Prefix";
        String scope = node.path("scope").asText("");
        add(
            file,
            line,
            field,
            text(file, line, node, field),
            "gcp",
            node.path("service").asText("Google Cloud"),
            scope.isEmpty() || scope.equals("global") ? Optional.empty() : Optional.of(scope));
        return 1;
      }
      throw new InvalidInputException(
          file, line, "ip_prefix", "entry has no ip_prefix, ipv6_prefix, ipv4Prefix or ipv6Prefix");
    }

    /** An Azure service tag with many prefixes. */
    private int azure(String file, int line, JsonNode node) {
      String name = text(file, line, node, "name");
      JsonNode properties = node.path("properties");
      if (!properties.isObject()) {
        throw new InvalidInputException(file, line, "properties", "missing in tag " + name);
      }
      String region = properties.path("region").asText("");
      String systemService = properties.path("systemService").asText("");
      String service = !systemService.isEmpty() ? systemService : name.split("\\.", 2)[0];
      JsonNode prefixes = properties.path("addressPrefixes");
      if (!prefixes.isArray()) {
        throw new InvalidInputException(file, line, "addressPrefixes", "missing in tag " + name);
      }
      for (JsonNode prefix : prefixes) {
        add(
            file,
            line,
            "addressPrefixes",
            prefix.asText(),
            "azure",
            service,
            region.isEmpty() ? Optional.empty() : Optional.of(region));
      }
      return prefixes.size();
    }

    private void add(
        String file,
        int line,
        String field,
        String text,
        String provider,
        String service,
        Optional<String> region) {
      IpPrefix prefix;
      try {
        prefix = IpPrefix.parse(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, line, field, e.getMessage(), e);
      }
      // one label computation per distinct service, not per prefix (Azure has ~100k prefixes)
      CloudRange template =
          templates.computeIfAbsent(
              provider + "\u0000" + service,
              k -> CloudRange.of(provider, service, Optional.empty(), ""));
      ranges.put(
          prefix, new CloudRange(provider, service, region, prefix.toString(), template.label()));
    }

    private static String text(String file, int line, JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual() || value.asText().isEmpty()) {
        throw new InvalidInputException(file, line, field, "missing or not a string");
      }
      return value.asText();
    }

    private static int line(JsonParser parser) {
      return parser.currentTokenLocation().getLineNr();
    }
  }
}
