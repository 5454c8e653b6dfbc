package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import com.maxmind.db.Reader;
import dev.netcost.contract.IpAddresses;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Country and ASN lookups in MaxMind-format databases (GeoLite2-Country / GeoIP2-Country or City,
 * GeoLite2-ASN), read with MaxMind's own DB reader. Either database may be absent. Results are
 * cached per address; not thread-safe (the job looks up on the driver).
 */
public final class MaxMindGeoLookup implements GeoLookup, Closeable {
  private final Reader countries;
  private final Reader asns;
  private final Path countryPath;
  private final Path asnPath;
  private final Map<String, Optional<String>> countryCache = new HashMap<>();
  private final Map<String, Optional<AsInfo>> asnCache = new HashMap<>();

  private MaxMindGeoLookup(Reader countries, Path countryPath, Reader asns, Path asnPath) {
    this.countries = countries;
    this.countryPath = countryPath;
    this.asns = asns;
    this.asnPath = asnPath;
  }

  /**
   * Opens the configured databases; fails naming the file when one is missing or of a wrong type.
   */
  public static MaxMindGeoLookup open(Optional<Path> countryDatabase, Optional<Path> asnDatabase) {
    requireNonNull(countryDatabase, "countryDatabase is null");
    requireNonNull(asnDatabase, "asnDatabase is null");
    Reader countries =
        countryDatabase.map(path -> openReader(path, "Country", "City")).orElse(null);
    Reader asns;
    try {
      asns = asnDatabase.map(path -> openReader(path, "ASN")).orElse(null);
    } catch (RuntimeException e) {
      closeQuietly(countries);
      throw e;
    }
    return new MaxMindGeoLookup(
        countries, countryDatabase.orElse(null), asns, asnDatabase.orElse(null));
  }

  private static Reader openReader(Path path, String... acceptedTypes) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("MaxMind database not found: " + path);
    }
    Reader reader;
    try {
      reader = new Reader(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open MaxMind database: " + path + ": " + e, e);
    }
    String type = reader.getMetadata().getDatabaseType();
    for (String accepted : acceptedTypes) {
      if (type != null && type.contains(accepted)) {
        return reader;
      }
    }
    closeQuietly(reader);
    throw new IllegalArgumentException(
        "Wrong MaxMind database type in "
            + path
            + ": "
            + type
            + " (expected a type containing "
            + String.join(" or ", acceptedTypes)
            + ")");
  }

  @Override
  public boolean hasCountries() {
    return countries != null;
  }

  @Override
  public boolean hasAsns() {
    return asns != null;
  }

  @Override
  public Optional<String> country(String canonicalIp) {
    if (countries == null) {
      return Optional.empty();
    }
    return countryCache.computeIfAbsent(canonicalIp, this::lookupCountry);
  }

  @Override
  public Optional<AsInfo> asn(String canonicalIp) {
    if (asns == null) {
      return Optional.empty();
    }
    return asnCache.computeIfAbsent(canonicalIp, this::lookupAsn);
  }

  private Optional<String> lookupCountry(String ip) {
    Map<?, ?> record = lookup(countries, countryPath, ip);
    if (record == null) {
      return Optional.empty();
    }
    // where the address is used (country) wins over where the block is registered
    for (String field : new String[] {"country", "registered_country"}) {
      if (record.get(field) instanceof Map<?, ?> country
          && country.get("iso_code") instanceof String code
          && !code.isEmpty()) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  private Optional<AsInfo> lookupAsn(String ip) {
    Map<?, ?> record = lookup(asns, asnPath, ip);
    if (record == null || !(record.get("autonomous_system_number") instanceof Number number)) {
      return Optional.empty();
    }
    Object organization = record.get("autonomous_system_organization");
    return Optional.of(
        new AsInfo(number.longValue(), organization instanceof String text ? text : ""));
  }

  private static Map<?, ?> lookup(Reader reader, Path path, String ip) {
    byte[] address = IpAddresses.parse(ip);
    if (address.length == 16 && reader.getMetadata().getIpVersion() == 4) {
      return null; // an IPv4-only database knows nothing about IPv6 addresses
    }
    try {
      return reader.get(InetAddress.getByAddress(address), Map.class);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Invalid IP address: " + ip, e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot look up " + ip + " in MaxMind database " + path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(countries);
    closeQuietly(asns);
  }

  private static void closeQuietly(Reader reader) {
    if (reader == null) {
      return;
    }
    try {
      reader.close();
    } catch (IOException ignored) {
      // closing a memory-mapped read-only file: nothing to recover
    }
  }
}
