package dev.netcost.signals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Country and ASN databases for the demo and the tests, in MaxMind format, covering only the
 * documentation ranges (RFC 5737, RFC 3849). The demo generator sends normal internet traffic to
 * {@link #US_PREFIX} and {@link #DE_PREFIX} and the origin-story miner to {@link #BR_PREFIX}.
 */
public final class DemoGeoDatabases {
  /** United States, AS64500 "Example Cloud". */
  public static final String US_PREFIX = "198.51.100.0/24";

  /** Germany, AS64501 "Example Hosting". */
  public static final String DE_PREFIX = "203.0.113.0/24";

  /** Brazil, AS64502 "Example Pool": the country the demo company has no users in. */
  public static final String BR_PREFIX = "192.0.2.0/24";

  /** United States, AS64500, IPv6. */
  public static final String US_IPV6_PREFIX = "2001:db8::/32";

  /** Fixed build time, so the files are byte-identical on every run. */
  private static final long BUILD_EPOCH_SECONDS = 1_767_225_600L; // 2026-01-01T00:00:00Z

  private DemoGeoDatabases() {}

  /** The bytes of the country database (database_type {@code GeoLite2-Country}). */
  public static byte[] countryDatabase() {
    MmdbWriter writer = new MmdbWriter("GeoLite2-Country");
    writer.insert(
        US_PREFIX, country("US", "United States", 6252001, "NA", 6255149, "North America"));
    writer.insert(
        US_IPV6_PREFIX, country("US", "United States", 6252001, "NA", 6255149, "North America"));
    writer.insert(DE_PREFIX, country("DE", "Germany", 2921044, "EU", 6255148, "Europe"));
    writer.insert(BR_PREFIX, country("BR", "Brazil", 3469034, "SA", 6255150, "South America"));
    return writer.build(BUILD_EPOCH_SECONDS);
  }

  /** The bytes of the ASN database (database_type {@code GeoLite2-ASN}). */
  public static byte[] asnDatabase() {
    MmdbWriter writer = new MmdbWriter("GeoLite2-ASN");
    writer.insert(US_PREFIX, asn(64500, "Example Cloud"));
    writer.insert(US_IPV6_PREFIX, asn(64500, "Example Cloud"));
    writer.insert(DE_PREFIX, asn(64501, "Example Hosting"));
    writer.insert(BR_PREFIX, asn(64502, "Example Pool"));
    return writer.build(BUILD_EPOCH_SECONDS);
  }

  /**
   * Writes {@code demo-country.mmdb} and {@code demo-asn.mmdb} into {@code directory}; configure
   * them as {@code geoip.country_database} and {@code geoip.asn_database}.
   */
  public static void write(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.write(directory.resolve("demo-country.mmdb"), countryDatabase());
      Files.write(directory.resolve("demo-asn.mmdb"), asnDatabase());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write demo MaxMind databases to " + directory, e);
    }
  }

  private static Map<String, Object> country(
      String isoCode,
      String name,
      long geonameId,
      String continentCode,
      long continentGeonameId,
      String continentName) {
    Map<String, Object> country = new LinkedHashMap<>();
    country.put("geoname_id", geonameId);
    country.put("iso_code", isoCode);
    country.put("names", Map.of("en", name));
    Map<String, Object> continent = new LinkedHashMap<>();
    continent.put("code", continentCode);
    continent.put("geoname_id", continentGeonameId);
    continent.put("names", Map.of("en", continentName));
    return Map.of("continent", continent, "country", country, "registered_country", country);
  }

  private static Map<String, Object> asn(long number, String organization) {
    return Map.of(
        "autonomous_system_number", number, "autonomous_system_organization", organization);
  }
}
