package dev.netcost.pricing;

import static dev.netcost.pricing.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestBundledSheets {
  @Test
  void everyBundledRowHasASourceAKnownRegionAndUsd() throws Exception {
    PriceBook book = PriceBook.bundled();
    int rows = 0;
    for (String name : PriceBook.BUNDLED_SHEETS) {
      CsvSheet sheet;
      try (InputStream in = PriceBook.class.getResourceAsStream(name)) {
        sheet = CsvSheet.read(name, in, List.of(PriceBook.HEADER));
      }
      assertThat(sheet.version())
          .as(name)
          .hasValueSatisfying(v -> assertThat(v).endsWith("-2026-11-26"));
      for (CsvSheet.Row row : sheet.rows()) {
        String where = name + " line " + row.line();
        assertThat(row.field("source")).as(where).startsWith("https://");
        assertThat(row.field("currency")).as(where).isEqualTo("USD");
        assertThat(book.continentOf(row.field("provider"), row.field("region")))
            .as(where)
            .isPresent();
        rows++;
      }
    }
    assertThat(rows).isEqualTo(131 + 124 + 95);
  }

  @Test
  void everyProviderRegionPricesEveryInZoneClassBothWays() {
    PriceBook book = PriceBook.bundled();
    java.time.LocalDate day = java.time.LocalDate.parse("2026-11-20");
    for (String[] providerRegion :
        new String[][] {
          {"aws", "us-east-1"},
          {"aws", "us-east-2"},
          {"aws", "us-west-2"},
          {"aws", "eu-west-1"},
          {"aws", "eu-central-1"},
          {"aws", "ap-northeast-1"},
          {"aws", "ap-south-1"},
          {"gcp", "us-central1"},
          {"gcp", "us-east1"},
          {"gcp", "us-east4"},
          {"gcp", "us-west1"},
          {"gcp", "europe-west1"},
          {"gcp", "europe-west4"},
          {"gcp", "asia-east1"},
          {"gcp", "asia-northeast1"},
          {"azure", "eastus"},
          {"azure", "eastus2"},
          {"azure", "westus2"},
          {"azure", "westeurope"},
          {"azure", "northeurope"}
        }) {
      for (TrafficClass trafficClass :
          List.of(TrafficClass.SAME_ZONE, TrafficClass.CROSS_ZONE, TrafficClass.INTERNET)) {
        for (TransferDirection direction : TransferDirection.values()) {
          assertThat(
                  book.quote(
                      new PriceQuery(
                          providerRegion[0],
                          providerRegion[1],
                          trafficClass,
                          direction,
                          java.util.Optional.empty(),
                          day)))
              .as(String.join("/", providerRegion) + " " + trafficClass + " " + direction)
              .isPresent();
        }
      }
    }
  }

  @Test
  void continentPeersMustExist() {
    assertThatThrownBy(
            () ->
                PriceBook.parse(
                    "s.csv",
                    text(
                        PriceBook.HEADER,
                        "gcp,us-east1,cross_region,egress,continent:europa,2026-01-01,,0.05,USD,src")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "s.csv line 2 field peer: unknown continent 'europa' (known: asia_pacific, europe,"
                + " north_america, oceania, south_america)");
  }
}
