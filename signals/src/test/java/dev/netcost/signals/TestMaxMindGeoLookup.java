package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMaxMindGeoLookup {
  @TempDir Path directory;

  @Test
  void looksUpDemoCountriesAndAsns() {
    DemoGeoDatabases.write(directory);
    try (MaxMindGeoLookup geo =
        MaxMindGeoLookup.open(
            Optional.of(directory.resolve("demo-country.mmdb")),
            Optional.of(directory.resolve("demo-asn.mmdb")))) {
      assertThat(geo.hasCountries()).isTrue();
      assertThat(geo.hasAsns()).isTrue();
      assertThat(geo.country("198.51.100.7")).contains("US");
      assertThat(geo.country("198.51.100.255")).contains("US");
      assertThat(geo.country("203.0.113.1")).contains("DE");
      assertThat(geo.country("192.0.2.10")).contains("BR");
      assertThat(geo.country("192.0.3.10")).isEmpty();
      assertThat(geo.country("8.8.8.8")).isEmpty();
      assertThat(geo.country("2001:db8:1::5")).contains("US");
      assertThat(geo.country("2001:db9::5")).isEmpty();
      assertThat(geo.asn("192.0.2.10")).contains(new AsInfo(64502, "Example Pool"));
      assertThat(geo.asn("198.51.100.1")).contains(new AsInfo(64500, "Example Cloud"));
      assertThat(geo.asn("10.0.0.1")).isEmpty();
    }
  }

  @Test
  void moreSpecificNetworkWinsAndReaderSeesMetadata() throws Exception {
    byte[] bytes =
        new MmdbWriter("Test-Country")
            .insert("198.51.100.0/24", Map.of("country", Map.of("iso_code", "US")))
            .insert("198.51.100.128/25", Map.of("country", Map.of("iso_code", "CA")))
            .insert("198.51.100.77/32", Map.of("registered_country", Map.of("iso_code", "MX")))
            .build(1_700_000_000L);
    try (Reader reader = new Reader(new ByteArrayInputStream(bytes))) {
      assertThat(reader.getMetadata().getDatabaseType()).isEqualTo("Test-Country");
      assertThat(reader.getMetadata().getIpVersion()).isEqualTo(6);
      assertThat(reader.getMetadata().getBuildDate().getTime()).isEqualTo(1_700_000_000_000L);
    }
    Path file = directory.resolve("test-country.mmdb");
    Files.write(file, bytes);
    try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.of(file), Optional.empty())) {
      assertThat(geo.country("198.51.100.1")).contains("US");
      assertThat(geo.country("198.51.100.127")).contains("US");
      assertThat(geo.country("198.51.100.128")).contains("CA");
      assertThat(geo.country("198.51.100.77")).contains("MX");
      assertThat(geo.country("198.51.100.78")).contains("US");
      assertThat(geo.hasAsns()).isFalse();
      assertThat(geo.asn("198.51.100.1")).isEmpty();
    }
  }

  @Test
  void writerIsDeterministic() {
    assertThat(DemoGeoDatabases.countryDatabase()).isEqualTo(DemoGeoDatabases.countryDatabase());
  }

  @Test
  void rejectsWrongDatabaseTypeAndMissingFile() throws Exception {
    DemoGeoDatabases.write(directory);
    Path asn = directory.resolve("demo-asn.mmdb");
    assertThatThrownBy(() -> MaxMindGeoLookup.open(Optional.of(asn), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Wrong MaxMind database type in "
                + asn
                + ": GeoLite2-ASN (expected a type containing Country or City)");
    Path missing = directory.resolve("nope.mmdb");
    assertThatThrownBy(() -> MaxMindGeoLookup.open(Optional.empty(), Optional.of(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MaxMind database not found: " + missing);
  }
}
